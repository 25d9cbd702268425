// Attendance and the checks around a course's appointments: what becomes of an appointment
// (DOMAIN.md: missed sessions are recorded, the course goes on), which changes, moves and
// charts are allowed when, and whether the patient agreed to the sessions and cost as they stand.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clinic_time.h"
#include "core/result.h"
#include "planning/protocol.h"

namespace mesoclinic::planning {

// What becomes of an appointment.
enum class Attendance { kBooked, kAttended, kMissed, kCancelled };
// The status as the API and the database spell it: "booked", "attended", "missed", "cancelled".
std::string_view to_string(Attendance attendance);
// The status spelt `text`, or nullopt if `text` is none of them.
std::optional<Attendance> parse_attendance(std::string_view text);
// Whether it holds its practitioner, room and patient.
bool occupies(Attendance attendance);

// A patient's appointment as the choice of the next session needs it.
struct PatientAppointment {
  std::string id;
  Instant starts_at{};
  Attendance status = Attendance::kBooked;
};

// The patient's next session after `session` (one of `appointments`): the earliest later
// appointment that still holds its slot (not cancelled or missed); nullptr if there is none.
const PatientAppointment* next_session(const std::vector<PatientAppointment>& appointments,
                                       const PatientAppointment& session);
// The last session of a finished course, given the course's sessions as they stand: a course is
// finished once none of its sessions is still booked, and its last session is then the latest
// that took place (attended). nullptr while a session is still booked, or if none took place
// (every session missed or cancelled: there is nothing to maintain).
const PatientAppointment* last_session_of_finished_course(
    const std::vector<PatientAppointment>& sessions);
// Only a booked appointment changes; attended or missed only once it has begun (cancelled at
// any time). Fails with kConflict saying why.
Result<void> check_attendance_change(Attendance current, Attendance next, Instant starts_at,
                                     Instant now);
// Only a booked appointment moves, and not to a day gone by. kConflict / kInvalidInput.
Result<void> check_move(Attendance current, CalendarDate new_date, CalendarDate today);
// A session is charted once it has begun, and only if it took place (booked or attended, not
// cancelled or missed). kConflict saying why.
Result<void> check_charting(Attendance attendance, Instant starts_at, Instant now);
// Courses and appointments start from today on: kInvalidInput at `field` otherwise.
Result<void> check_not_past(CalendarDate date, CalendarDate today, const std::string& field);
// Appointments are booked from today on, for 10..240 minutes.
Result<void> check_booking(CalendarDate date, std::chrono::minutes length, CalendarDate today);
// The patient agreed to the estimate as it stands: kConflict naming the current one if not.
Result<void> check_agreed_cost(const Money& estimate, const Money& shown);

// The sessions a patient agreed to (the planner's proposal, alternatives chosen where a session
// was not placed): one per protocol session, numbered 1..N in time order, each after the
// healing period of the one before. Fails with kInvalidInput saying which session breaks what.
Result<void> check_agreed_sessions(const Protocol& protocol, int healing_days,
                                   const std::vector<LocalDateTime>& starts);

// A course whose missed or cancelled sessions exceed `allowed_gaps` is flagged for review.
bool has_too_many_gaps(int missed_or_cancelled, int allowed_gaps = 2);

}  // namespace mesoclinic::planning
