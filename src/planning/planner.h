// The course planner (DOMAIN.md step 4 and "Planning rules"): a protocol's sessions placed in
// the calendar at the intervals it sets, outside the healing period, on the patient's preferred
// days and times where possible; and a planned course moved when one session moves.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clinic_time.h"
#include "core/result.h"
#include "planning/calendar.h"
#include "planning/protocol.h"

namespace mesoclinic::planning {

struct Preferences {
  std::vector<int> weekdays;     // Monday = 0; empty: any day
  std::vector<TimeRange> times;  // empty: any time
  std::optional<std::string> practitioner_id;
};

struct PlannedSession {
  int number = 0;  // 1-based
  Slot slot;
  bool on_preferred_slot = false;
};

// A session the planner could not place inside its window, with why and the nearest slots
// it found outside the window instead (up to three, nearest first).
struct Unplaced {
  int number = 0;
  CalendarDate target{};
  std::string reason;
  std::vector<PlannedSession> alternatives;
};

struct CoursePlan {
  std::vector<PlannedSession> sessions;
  std::vector<Unplaced> unplaced;
};

// Plans every session of `protocol` for a patient starting on `start` (session 1 on that day
// or as close after it as the window allows). Later sessions follow the intervals from the
// session before, within the tolerance, never inside the previous session's healing period,
// with the same practitioner where possible. Does not book: the caller books what it keeps.
CoursePlan plan_course(const Protocol& protocol, const Calendar& calendar,
                       const std::string& patient_id, CalendarDate start,
                       const Preferences& preferences);

// Moves session `number` of `sessions` to `new_start` and later sessions only as far as the
// intervals require (a session still inside its window stays where it is). `calendar` must not
// hold this course's own bookings. Fails with kConflict naming the reason if `new_start`
// cannot be booked, or if a later session can no longer be placed.
Result<std::vector<PlannedSession>> reschedule(const Protocol& protocol, const Calendar& calendar,
                                               const std::vector<PlannedSession>& sessions,
                                               int number, const LocalDateTime& new_start,
                                               const std::string& patient_id,
                                               const Preferences& preferences,
                                               RepeatedHour repeated = RepeatedHour::kEarlier);

// How many days of calendar a course starting on one day can reach: every interval at its
// latest (or the healing period, if longer), and the search for alternatives past the last.
int course_horizon_days(const Protocol& protocol, int healing_days);

}  // namespace mesoclinic::planning
