// Appointments (store/appointments.h) over SQL. The database's own constraints refuse a double
// booking (see the migrations), so concurrent bookings cannot both win.
#include "store/sql_transaction.h"

namespace mesoclinic::store::internal {
namespace {

constexpr int kCalendarLockSpace = 7'240'613;

struct AppointmentRow {
  static constexpr std::string_view kSelect =
      "SELECT id, clinic_id, patient_id, practitioner_id, room_id, starts_at, ends_at, status, "
      "course_id, session_number, note FROM appointments";
  Appointment value;
  std::string status;
  std::optional<long long> session_number;
  void into(Query& query) {
    query.into(value.id, value.clinic_id, value.patient_id, value.practitioner_id, value.room_id,
               value.starts_at, value.ends_at, status, value.course_id, session_number, value.note);
  }
  Result<void> finish() {
    const auto parsed = planning::parse_attendance(status);
    if (!parsed) return fail(ErrorCode::kInternal, "appointment " + value.id + " has no status");
    value.status = *parsed;
    value.session_number = static_cast<int>(session_number.value_or(0));
    return {};
  }
};

Params appointment_params(const Appointment& appointment) {
  return {{"id", appointment.id},
          {"clinic_id", appointment.clinic_id},
          {"patient_id", appointment.patient_id},
          {"practitioner_id", appointment.practitioner_id},
          {"room_id", appointment.room_id},
          {"starts_at", appointment.starts_at},
          {"ends_at", appointment.ends_at},
          {"status", std::string(planning::to_string(appointment.status))},
          {"course_id", appointment.course_id},
          {"session_number", static_cast<long long>(appointment.session_number)},
          {"note", appointment.note}};
}

}  // namespace

// An attended session of a course that began before the course's recorded start becomes its
// start (attendance is final, so the start only ever moves earlier): the analytics count a
// course in the period it started.
Result<void> SqlTransaction::note_course_start(const Appointment& appointment) {
  if (appointment.status != planning::Attendance::kAttended || !appointment.course_id) return {};
  return write("noting when a course started",
               "UPDATE courses SET started_at = :starts_at WHERE id = :course_id AND (started_at "
               "IS NULL OR started_at > :starts_at)",
               {{"starts_at", appointment.starts_at}, {"course_id", appointment.course_id}});
}

Result<void> SqlTransaction::hold_calendar(const std::string& clinic_id) {
  if (engine_ != Engine::kPostgres) return {};
  // Two int keys, a space apart from the one-number locks of migrations and the audit trail; a
  // clash of two clinics' hashes only makes them take turns.
  return write("holding the clinic's calendar",
               "SELECT pg_advisory_xact_lock(" + std::to_string(kCalendarLockSpace) +
                   ", hashtext(:clinic_id))",
               {{"clinic_id", clinic_id}});
}

Result<void> SqlTransaction::insert_appointment(const Appointment& appointment) {
  auto written = write("booking an appointment",
                       "INSERT INTO appointments (id, clinic_id, patient_id, practitioner_id, "
                       "room_id, starts_at, ends_at, status, course_id, session_number, note) "
                       "VALUES (:id, :clinic_id, :patient_id, :practitioner_id, :room_id, "
                       ":starts_at, :ends_at, :status, :course_id, :session_number, :note)",
                       appointment_params(appointment));
  if (!written) return written;
  return note_course_start(appointment);
}

Result<void> SqlTransaction::update_appointment(const Appointment& appointment,
                                                const Appointment& seen) {
  Params params = appointment_params(appointment);
  params.emplace_back("seen_status", std::string(planning::to_string(seen.status)));
  params.emplace_back("seen_starts_at", seen.starts_at);
  auto written =
      write_one("changing an appointment",
                "UPDATE appointments SET clinic_id = :clinic_id, patient_id = :patient_id, "
                "practitioner_id = :practitioner_id, room_id = :room_id, starts_at = "
                ":starts_at, ends_at = :ends_at, status = :status, course_id = :course_id, "
                "session_number = :session_number, note = :note WHERE id = :id AND status = "
                ":seen_status AND starts_at = :seen_starts_at",
                params, ErrorCode::kConflict,
                "the appointment was changed meanwhile; reload it and try again");
  if (!written) return written;
  return note_course_start(appointment);
}

Result<std::optional<Appointment>> SqlTransaction::find_appointment(const std::string& id) {
  return one<AppointmentRow>("reading an appointment", "id = :id", {{"id", id}});
}

Result<std::vector<Appointment>> SqlTransaction::list_appointments(const std::string& clinic_id,
                                                                   Instant from, Instant to) {
  // The database refuses an appointment longer than a day (migration 0025), so only those
  // starting up to a day before `from` can reach into the period: a bounded index range
  // instead of every earlier appointment.
  const Instant earliest = from - std::chrono::days{1};
  Params params = {{"to", to}, {"from", from}, {"earliest", earliest}};
  std::string clause =
      "starts_at < :to AND starts_at >= :earliest AND ends_at > :from ORDER BY starts_at, id";
  if (!clinic_id.empty()) {
    clause = "clinic_id = :clinic_id AND " + clause;
    params.emplace_back("clinic_id", clinic_id);
  }
  return rows<AppointmentRow>("listing appointments", clause, params);
}

Result<std::vector<Appointment>> SqlTransaction::list_patient_appointments(
    const std::string& patient_id) {
  return rows<AppointmentRow>("listing a patient's appointments",
                              "patient_id = :patient_id ORDER BY starts_at, id",
                              {{"patient_id", patient_id}});
}

Result<std::vector<Appointment>> SqlTransaction::list_course_appointments(
    const std::string& course_id) {
  return rows<AppointmentRow>("listing a course's appointments",
                              "course_id = :course_id ORDER BY session_number, starts_at, id",
                              {{"course_id", course_id}});
}

}  // namespace mesoclinic::store::internal
