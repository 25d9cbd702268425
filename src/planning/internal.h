// Small helpers the planning files share. Not part of the module's door: only src/planning's
// own .cc files include this.
#pragma once

#include <algorithm>
#include <chrono>
#include <vector>

#include "core/time.h"
#include "planning/calendar.h"

namespace mesoclinic::planning::internal {

// Whether an appointment of `length` from `start` fits inside one of `ranges`.
inline bool in_any(const std::vector<TimeRange>& ranges, std::chrono::minutes start,
                   std::chrono::minutes length) {
  return std::any_of(ranges.begin(), ranges.end(),
                     [&](const TimeRange& range) { return range.contains(start, length); });
}

// Whole days from `from` to `to` (negative if `to` comes first).
inline int days_between(CalendarDate from, CalendarDate to) {
  return static_cast<int>((std::chrono::sys_days{to} - std::chrono::sys_days{from}).count());
}

}  // namespace mesoclinic::planning::internal
