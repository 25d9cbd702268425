#include "planning/calendar.h"

#include <algorithm>
#include <utility>

#include "planning/internal.h"

namespace mesoclinic::planning {
namespace {

using internal::days_between;
using internal::in_any;
using std::chrono::minutes;

constexpr minutes kStep{15};

// Ranges of one day must lie inside it, be non-empty and not overlap; `at` names the weekday.
void check_week(const WeeklyHours& week, const std::string& at, std::vector<FieldError>& errors) {
  static constexpr std::array<std::string_view, 7> kDays = {
      "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
  for (std::size_t day = 0; day < week.size(); ++day) {
    std::vector<TimeRange> ranges = week[day];
    const std::string pointer = at + "/" + std::string(kDays[day]);
    if (ranges.size() > 8) errors.push_back({pointer, "must have at most 8 ranges"});
    for (std::size_t i = 0; i < ranges.size(); ++i) {
      if (ranges[i].from < minutes{0} || ranges[i].to > minutes{24 * 60} ||
          ranges[i].from >= ranges[i].to) {
        errors.push_back({pointer + "/" + std::to_string(i),
                          "must start before it ends, within the day (00:00 to 24:00)"});
      }
    }
    std::sort(ranges.begin(), ranges.end(),
              [](const TimeRange& a, const TimeRange& b) { return a.from < b.from; });
    for (std::size_t i = 1; i < ranges.size(); ++i) {
      if (ranges[i].from < ranges[i - 1].to) {
        errors.push_back({pointer, "has overlapping ranges"});
        break;
      }
    }
  }
}

bool valid_text(const std::string& text, std::size_t max) { return text.size() <= max; }

}  // namespace

Instant start_of_day(const ClinicZone& zone, CalendarDate date) {
  for (int minute = 0; minute <= 180; minute += 15) {
    if (auto begins = zone.to_instant({date, minutes{minute}}, RepeatedHour::kEarlier)) {
      return *begins;
    }
  }
  // No zone skips three hours; a date the database cannot place falls back to UTC midnight.
  return Instant{std::chrono::sys_days{date}};
}

std::string_view describe(Refusal refusal) {
  switch (refusal) {
    case Refusal::kTimeDoesNotExist:
      return "the clocks skip that time";
    case Refusal::kClinicClosed:
      return "the clinic is closed";
    case Refusal::kOutsideOpeningHours:
      return "outside opening hours";
    case Refusal::kNoPractitioner:
      return "no practitioner is at work and free";
    case Refusal::kNoRoom:
      return "no room is free";
    case Refusal::kPatientBusy:
      return "the patient has another appointment then";
  }
  return "unavailable";
}

Result<void> validate_calendar_settings(const CalendarSettings& settings) {
  std::vector<FieldError> errors;
  check_week(settings.opening, "/opening_hours", errors);
  if (settings.healing_days < 1 || settings.healing_days > 14) {
    errors.push_back({"/healing_days", "must be 1 to 14 days"});
  }
  if (settings.closures.size() > 1000) errors.push_back({"/closures", "must be at most 1000"});
  std::vector<CalendarDate> dates;
  for (std::size_t i = 0; i < settings.closures.size(); ++i) {
    if (!valid_text(settings.closures[i].reason, 200)) {
      errors.push_back({"/closures/" + std::to_string(i) + "/reason", "must be at most 200 bytes"});
    }
    dates.push_back(settings.closures[i].date);
  }
  std::sort(dates.begin(), dates.end());
  if (std::adjacent_find(dates.begin(), dates.end()) != dates.end()) {
    errors.push_back({"/closures", "names a day twice"});
  }
  if (errors.empty()) return {};
  return invalid(std::move(errors));
}

Result<void> validate_work_schedule(const WorkSchedule& schedule) {
  std::vector<FieldError> errors;
  check_week(schedule.hours, "/working_hours", errors);
  if (schedule.absences.size() > 1000) errors.push_back({"/absences", "must be at most 1000"});
  for (std::size_t i = 0; i < schedule.absences.size(); ++i) {
    const Absence& absence = schedule.absences[i];
    const std::string at = "/absences/" + std::to_string(i);
    if (absence.last_day < absence.first_day) {
      errors.push_back({at + "/last_day", "must not be before first_day"});
    } else if (days_between(absence.first_day, absence.last_day) > 366) {
      errors.push_back({at + "/last_day", "must be within a year of first_day"});
    }
    if (!valid_text(absence.reason, 200)) {
      errors.push_back({at + "/reason", "must be at most 200 bytes"});
    }
  }
  if (errors.empty()) return {};
  return invalid(std::move(errors));
}

Practitioner practitioner_from(std::string id, const WorkSchedule& schedule,
                               const ClinicZone& zone) {
  Practitioner practitioner{.id = std::move(id), .hours = schedule.hours, .absences = {}};
  for (const Absence& absence : schedule.absences) {
    practitioner.absences.push_back({.start = start_of_day(zone, absence.first_day),
                                     .end = start_of_day(zone, add_days(absence.last_day, 1))});
  }
  return practitioner;
}

Calendar::Calendar(ClinicZone zone, WeeklyHours opening, std::vector<CalendarDate> closures,
                   std::vector<Practitioner> practitioners, std::vector<std::string> rooms,
                   int healing_days)
    : zone_(std::move(zone)),
      opening_(std::move(opening)),
      closures_(std::move(closures)),
      practitioners_(std::move(practitioners)),
      rooms_(std::move(rooms)),
      healing_days_(healing_days),
      practitioner_busy_(practitioners_.size()),
      room_busy_(rooms_.size()) {
  std::sort(closures_.begin(), closures_.end());
}

void Calendar::book(const Booking& booking) {
  // Bookings of people or rooms this calendar does not plan with (another clinic's) still
  // keep the patient busy.
  for (std::size_t i = 0; i < practitioners_.size(); ++i) {
    if (practitioners_[i].id == booking.practitioner_id) {
      practitioner_busy_[i][booking.when.start] = booking.when.end;
    }
  }
  for (std::size_t i = 0; i < rooms_.size(); ++i) {
    if (rooms_[i] == booking.room_id) room_busy_[i][booking.when.start] = booking.when.end;
  }
  patient_busy_[booking.patient_id][booking.when.start] = booking.when.end;
}

bool Calendar::is_free(const BusyTimes& intervals, const Interval& when) {
  // The interval starting at or after `when.start`, and the one before it, are the only ones
  // that can overlap (intervals of one resource never overlap each other).
  auto next = intervals.lower_bound(when.start);
  if (next != intervals.end() && next->first < when.end) return false;
  if (next == intervals.begin()) return true;
  --next;
  return next->second <= when.start;
}

bool Calendar::practitioner_at_work(const Practitioner& practitioner, const LocalDateTime& start,
                                    minutes length, const Interval& when) const {
  if (!in_any(practitioner.hours[static_cast<std::size_t>(weekday_index(start.date))],
              start.time_of_day, length)) {
    return false;
  }
  return std::none_of(practitioner.absences.begin(), practitioner.absences.end(),
                      [&](const Interval& absence) { return absence.overlaps(when); });
}

std::vector<minutes> Calendar::opening_starts(CalendarDate date, minutes length) const {
  std::vector<minutes> starts;
  if (std::binary_search(closures_.begin(), closures_.end(), date)) return starts;
  for (const TimeRange& range : opening_[static_cast<std::size_t>(weekday_index(date))]) {
    for (minutes start = range.from; start + length <= range.to; start += kStep) {
      starts.push_back(start);
    }
  }
  return starts;
}

std::variant<Slot, Refusal> Calendar::find_slot(const LocalDateTime& start, minutes length,
                                                const std::string& patient_id,
                                                const std::optional<std::string>& preferred,
                                                RepeatedHour repeated) const {
  if (std::binary_search(closures_.begin(), closures_.end(), start.date)) {
    return Refusal::kClinicClosed;
  }
  if (!in_any(opening_[static_cast<std::size_t>(weekday_index(start.date))], start.time_of_day,
              length)) {
    return Refusal::kOutsideOpeningHours;
  }
  // Opening hours never include a skipped hour in practice; if they do, that slot is not one.
  const auto begins = zone_.to_instant(start, repeated);
  if (!begins) return Refusal::kTimeDoesNotExist;
  const Interval when{.start = *begins, .end = *begins + length};
  if (const auto patient = patient_busy_.find(patient_id);
      patient != patient_busy_.end() && !is_free(patient->second, when)) {
    return Refusal::kPatientBusy;
  }

  std::optional<std::size_t> chosen;
  const auto usable = [&](std::size_t i) {
    return practitioner_at_work(practitioners_[i], start, length, when) &&
           is_free(practitioner_busy_[i], when);
  };
  if (preferred) {
    for (std::size_t i = 0; i < practitioners_.size() && !chosen; ++i) {
      if (practitioners_[i].id == *preferred && usable(i)) chosen = i;
    }
  }
  for (std::size_t i = 0; !chosen && i < practitioners_.size(); ++i) {
    if (usable(i)) chosen = i;
  }
  if (!chosen) return Refusal::kNoPractitioner;
  for (std::size_t i = 0; i < rooms_.size(); ++i) {
    if (is_free(room_busy_[i], when)) {
      return Slot{.local_start = start,
                  .when = when,
                  .practitioner_id = practitioners_[*chosen].id,
                  .room_id = rooms_[i]};
    }
  }
  return Refusal::kNoRoom;
}

}  // namespace mesoclinic::planning
