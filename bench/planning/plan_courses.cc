// Plans 10,000 courses into one clinic group's calendar for a year (20 practitioners, 10 rooms,
// Europe/London with its clock changes and bank holidays), booking each course before planning
// the next, as a busy group would fill up. Prints courses per second, the share of sessions
// placed on the patient's preferred day and time, and the share that could not be placed.
// Usage: plan_courses [courses] [seed]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>

#include "planning/planning.h"

using namespace std::chrono;
using mesoclinic::add_days;
using mesoclinic::CalendarDate;
using mesoclinic::ClinicZone;
namespace planning = mesoclinic::planning;

namespace {

planning::TimeRange hours_between(int from, int to) {
  return {minutes{from * 60}, minutes{to * 60}};
}

}  // namespace

int main(int argc, char** argv) {
  const int courses = argc > 1 ? std::atoi(argv[1]) : 10'000;
  std::mt19937 random(argc > 2 ? static_cast<unsigned>(std::atoi(argv[2])) : 2027);

  planning::WeeklyHours opening;
  for (int day = 0; day < 5; ++day) opening[static_cast<std::size_t>(day)] = {hours_between(8, 20)};
  opening[5] = {hours_between(8, 20)};
  // Each practitioner works five of the six opening days, early or late shift.
  std::vector<planning::Practitioner> practitioners;
  for (int i = 0; i < 20; ++i) {
    planning::Practitioner practitioner{"dr" + std::to_string(i), {}, {}};
    for (int day = 0; day < 6; ++day) {
      if (day == i % 6) continue;
      practitioner.hours[static_cast<std::size_t>(day)] = {i % 2 ? hours_between(8, 16)
                                                                 : hours_between(12, 20)};
    }
    practitioners.push_back(std::move(practitioner));
  }
  std::vector<std::string> rooms;
  for (int i = 0; i < 10; ++i) rooms.push_back("room" + std::to_string(i));
  const std::vector<CalendarDate> bank_holidays = {
      CalendarDate{year{2027}, month{1}, day{1}},   CalendarDate{year{2027}, month{3}, day{26}},
      CalendarDate{year{2027}, month{3}, day{29}},  CalendarDate{year{2027}, month{5}, day{3}},
      CalendarDate{year{2027}, month{5}, day{31}},  CalendarDate{year{2027}, month{8}, day{30}},
      CalendarDate{year{2027}, month{12}, day{27}}, CalendarDate{year{2027}, month{12}, day{28}}};
  planning::Calendar calendar(ClinicZone::find("Europe/London").value(), opening, bank_holidays,
                              practitioners, rooms);

  planning::Protocol protocol;
  protocol.name = "Standard course";
  // Six sessions (DOMAIN.md's shortest course): 10,000 courses of eight would ask for more
  // room time than ten rooms have in a year.
  protocol.sessions = 6;
  protocol.interval_days = {7, 7, 14, 14, 14};
  protocol.tolerance_days = 2;
  protocol.appointment_length = minutes{30};
  protocol.price_per_session = planning::Money{12000, "GBP"};

  const CalendarDate first_start{year{2027}, month{1}, day{4}};
  std::uniform_int_distribution<int> start_day(0, 300);  // courses finish within the year
  std::uniform_int_distribution<int> weekday(0, 5);
  std::uniform_int_distribution<int> hour(8, 17);
  std::bernoulli_distribution two_days(0.5);

  long long sessions = 0, preferred = 0, unplaced = 0;
  const auto started = steady_clock::now();
  for (int i = 0; i < courses; ++i) {
    planning::Preferences preferences;
    preferences.weekdays = {weekday(random)};
    if (two_days(random)) preferences.weekdays.push_back(weekday(random));
    const int from = hour(random);
    preferences.times = {hours_between(from, from + 2)};
    const std::string patient = "pt" + std::to_string(i);
    const auto plan = planning::plan_course(protocol, calendar, patient,
                                            add_days(first_start, start_day(random)), preferences);
    for (const auto& session : plan.sessions) {
      calendar.book(
          {session.slot.practitioner_id, session.slot.room_id, patient, session.slot.when});
      preferred += session.on_preferred_slot ? 1 : 0;
    }
    sessions += protocol.sessions;
    unplaced += static_cast<long long>(plan.unplaced.size());
  }
  const double seconds = duration<double>(steady_clock::now() - started).count();
  std::printf("planned %d courses (%lld sessions) in %.2f s: %.0f courses/s\n", courses, sessions,
              seconds, courses / seconds);
  std::printf("sessions on the preferred day and time: %.1f%%\n", 100.0 * preferred / sessions);
  std::printf("sessions not placed within their window (alternatives offered): %.1f%%\n",
              100.0 * unplaced / sessions);
  return 0;
}
