#include "planning/attendance.h"

#include <array>
#include <utility>

namespace mesoclinic::planning {
namespace {

using std::chrono::minutes;

constexpr std::array<std::pair<Attendance, std::string_view>, 4> kAttendance = {{
    {Attendance::kBooked, "booked"},
    {Attendance::kAttended, "attended"},
    {Attendance::kMissed, "missed"},
    {Attendance::kCancelled, "cancelled"},
}};

}  // namespace

std::string_view to_string(Attendance attendance) {
  for (const auto& [value, name] : kAttendance) {
    if (value == attendance) return name;
  }
  return "booked";
}

std::optional<Attendance> parse_attendance(std::string_view text) {
  for (const auto& [value, name] : kAttendance) {
    if (name == text) return value;
  }
  return std::nullopt;
}

bool occupies(Attendance attendance) {
  return attendance == Attendance::kBooked || attendance == Attendance::kAttended;
}

const PatientAppointment* next_session(const std::vector<PatientAppointment>& appointments,
                                       const PatientAppointment& session) {
  const PatientAppointment* next = nullptr;
  for (const auto& appointment : appointments) {
    if (appointment.id == session.id || appointment.starts_at <= session.starts_at ||
        !occupies(appointment.status)) {
      continue;
    }
    if (!next || appointment.starts_at < next->starts_at) next = &appointment;
  }
  return next;
}

const PatientAppointment* last_session_of_finished_course(
    const std::vector<PatientAppointment>& sessions) {
  const PatientAppointment* last = nullptr;
  for (const auto& session : sessions) {
    if (session.status == Attendance::kBooked) return nullptr;
    if (session.status == Attendance::kAttended && (!last || session.starts_at > last->starts_at)) {
      last = &session;
    }
  }
  return last;
}

Result<void> check_attendance_change(Attendance current, Attendance next, Instant starts_at,
                                     Instant now) {
  if (current != Attendance::kBooked) {
    return fail(ErrorCode::kConflict,
                std::string("the appointment is already ").append(to_string(current)));
  }
  if (next == Attendance::kBooked)
    return invalid({{"/status", "must be attended, missed or cancelled"}});
  if (next != Attendance::kCancelled && starts_at > now) {
    return fail(ErrorCode::kConflict,
                "an appointment can be marked attended or missed only once it has begun");
  }
  return {};
}

Result<void> check_move(Attendance current, CalendarDate new_date, CalendarDate today) {
  if (current != Attendance::kBooked) {
    return fail(ErrorCode::kConflict,
                std::string("only a booked appointment can be moved; this one is ")
                    .append(to_string(current)));
  }
  return check_not_past(new_date, today, "/starts/local");
}

Result<void> check_charting(Attendance attendance, Instant starts_at, Instant now) {
  if (!occupies(attendance)) {
    return fail(ErrorCode::kConflict, std::string("the appointment is ")
                                          .append(to_string(attendance))
                                          .append("; there is no session to chart"));
  }
  if (starts_at > now) return fail(ErrorCode::kConflict, "a session is charted once it has begun");
  return {};
}

Result<void> check_not_past(CalendarDate date, CalendarDate today, const std::string& field) {
  if (date < today) return invalid({{field, "is in the past"}});
  return {};
}

Result<void> check_booking(CalendarDate date, minutes length, CalendarDate today) {
  std::vector<FieldError> errors;
  if (date < today) errors.push_back({"/starts/local", "is in the past"});
  if (length < minutes{10} || length > minutes{240}) {
    errors.push_back({"/minutes", "must be 10 to 240 minutes"});
  }
  if (errors.empty()) return {};
  return invalid(std::move(errors));
}

Result<void> check_agreed_cost(const Money& estimate, const Money& shown) {
  if (estimate == shown) return {};
  return fail(ErrorCode::kConflict,
              "the estimate is now " + std::to_string(estimate.minor_units) + " " +
                  estimate.currency +
                  " (minor units), not what the patient was shown; show the new estimate and "
                  "record the agreement again");
}

bool has_too_many_gaps(int missed_or_cancelled, int allowed_gaps) {
  return missed_or_cancelled > allowed_gaps;
}

Result<void> check_agreed_sessions(const Protocol& protocol, int healing_days,
                                   const std::vector<LocalDateTime>& starts) {
  if (starts.size() != static_cast<std::size_t>(protocol.sessions)) {
    return invalid({{"/sessions", "must list all " + std::to_string(protocol.sessions) +
                                      " sessions of the protocol, numbered 1.." +
                                      std::to_string(protocol.sessions)}});
  }
  std::vector<FieldError> errors;
  for (std::size_t i = 1; i < starts.size(); ++i) {
    const CalendarDate healed = add_days(starts[i - 1].date, healing_days);
    if (starts[i].date <= healed) {
      errors.push_back({"/sessions/" + std::to_string(i) + "/starts/local",
                        "falls inside the healing period of session " + std::to_string(i) +
                            " (until " + format_iso_date(healed) + "); choose a later day"});
    }
  }
  if (errors.empty()) return {};
  return invalid(std::move(errors));
}

}  // namespace mesoclinic::planning
