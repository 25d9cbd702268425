// What the planning tests build their cases from: dates and times written briefly, a clinic
// open on weekdays, and DOMAIN.md's standard protocol (4 weekly, then 4 two-weekly sessions).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "planning/planning.h"

namespace mesoclinic::planning {

inline CalendarDate date(int y, unsigned m, unsigned d) {
  return CalendarDate{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}
inline std::chrono::minutes at(int hour, int minute = 0) {
  return std::chrono::minutes{hour * 60 + minute};
}

inline WeeklyHours weekdays(std::chrono::minutes from, std::chrono::minutes to) {
  WeeklyHours week;
  for (int d = 0; d < 5; ++d) week[static_cast<std::size_t>(d)] = {{from, to}};
  return week;
}

// 4 weekly sessions, then 4 two-weekly ones (DOMAIN.md's example).
inline Protocol weekly_then_fortnightly() {
  Protocol protocol;
  protocol.id = "p1";
  protocol.name = "Standard course";
  protocol.sessions = 8;
  protocol.interval_days = {7, 7, 7, 14, 14, 14, 14};
  protocol.tolerance_days = 2;
  protocol.appointment_length = std::chrono::minutes{45};
  protocol.price_per_session = Money{12000, "GBP"};
  return protocol;
}

inline Calendar clinic(std::string_view zone, int practitioners = 1, int rooms = 1,
                       std::vector<CalendarDate> closures = {}) {
  std::vector<Practitioner> people;
  for (int i = 0; i < practitioners; ++i) {
    people.push_back(
        {.id = "dr" + std::to_string(i + 1), .hours = weekdays(at(9), at(17)), .absences = {}});
  }
  std::vector<std::string> room_ids;
  for (int i = 0; i < rooms; ++i) room_ids.push_back("room" + std::to_string(i + 1));
  return Calendar(ClinicZone::find(zone).value(), weekdays(at(9), at(18)), std::move(closures),
                  std::move(people), std::move(room_ids));
}

inline Preferences tuesdays_at_ten() {
  return {.weekdays = {1}, .times = {{at(10), at(11)}}, .practitioner_id = std::nullopt};
}

inline int days_apart(const PlannedSession& a, const PlannedSession& b) {
  return static_cast<int>((std::chrono::sys_days{b.slot.local_start.date} -
                           std::chrono::sys_days{a.slot.local_start.date})
                              .count());
}

}  // namespace mesoclinic::planning
