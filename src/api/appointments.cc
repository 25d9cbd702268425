// /api/v1/appointments and the calendar views: single bookings (a consultation, a maintenance
// session), moving an appointment (a course's later sessions follow only as far as their
// intervals require), and recording what happened (attended, missed, cancelled). Reception
// and practitioners both work the calendar.
#include <algorithm>
#include <set>

#include "api/idempotency.h"
#include "api/members.h"
#include "api/routes.h"
#include "api/scheduling.h"
#include "core/ids.h"
#include "core/text.h"

namespace mesoclinic::api {
namespace {

using std::chrono::minutes;

constexpr int kLongestListDays = 92;

std::string refusal_text(const LocalDateTime& start, planning::Refusal refusal) {
  return format_local(start) + " cannot be booked: " + std::string(planning::describe(refusal));
}

// The slot for one appointment with exactly this practitioner, or why not.
Result<planning::Slot> slot_with(const planning::Calendar& calendar, const LocalDateTime& start,
                                 Instant instant, minutes length, const std::string& patient_id,
                                 const std::string& practitioner_id) {
  auto slot = calendar.find_slot(start, length, patient_id, practitioner_id,
                                 occurrence(calendar.zone(), start, instant));
  if (auto* why = std::get_if<planning::Refusal>(&slot)) {
    return fail(ErrorCode::kConflict, refusal_text(start, *why));
  }
  if (std::get<planning::Slot>(slot).practitioner_id != practitioner_id) {
    return fail(ErrorCode::kConflict,
                format_local(start) + ": that practitioner is not at work and free then");
  }
  return std::get<planning::Slot>(slot);
}

http::Response book_appointment(store::Store& store, const http::Request& request,
                                const Caller& caller) {
  auto body = parse_json_object(request);
  if (!body) return body.error();
  std::vector<FieldError> errors;
  Members members(*body, "", errors);
  members.refuse_unknown({"patient_id", "practitioner_id", "starts_at", "utc_offset", "minutes"});
  std::string patient_id, practitioner_id;
  int length = 0;
  members.text("patient_id", patient_id, members.required("patient_id"));
  members.text("practitioner_id", practitioner_id, members.required("practitioner_id"));
  members.integer("minutes", length, members.required("minutes"));
  const auto start = read_start(*body, "", errors);
  if (!errors.empty()) return http::problem_from(invalid(std::move(errors)).error());

  return create_idempotently(
      store, request, "POST /api/v1/appointments",
      [&](store::Transaction& tx) -> Result<http::Response> {
        auto patient = find_visible_patient(tx, patient_id, caller);
        if (!patient) return invalid({{"/patient_id", "names no patient of yours"}});
        auto loaded = load_calendar(tx, patient->clinic_id, start->local.date, start->local.date,
                                    patient->id);
        if (!loaded) return std::unexpected(loaded.error());
        auto instant = resolve_start(loaded->clinic.zone, *start, "");
        if (!instant) return std::unexpected(instant.error());
        if (auto allowed = planning::check_booking(start->local.date, minutes{length},
                                                   loaded->clinic.zone.to_local(now()).date);
            !allowed) {
          return std::unexpected(allowed.error());
        }
        auto slot = slot_with(loaded->calendar, start->local, *instant, minutes{length},
                              patient->id, practitioner_id);
        if (!slot) return std::unexpected(slot.error());
        const store::Appointment appointment{new_id(),
                                             patient->clinic_id,
                                             patient->id,
                                             practitioner_id,
                                             slot->room_id,
                                             *instant,
                                             *instant + minutes{length},
                                             store::AppointmentStatus::kBooked,
                                             std::nullopt,
                                             0,
                                             ""};
        if (auto saved = tx.insert_appointment(appointment); !saved) {
          return std::unexpected(saved.error());
        }
        auto audited = tx.append_audit(audit_entry(request, caller, "appointment.create",
                                                   "appointment", appointment.id, patient->id));
        if (!audited) return std::unexpected(audited.error());
        return json_reply(201, to_json(appointment, loaded->clinic.zone))
            .with_header("Location", "/api/v1/patients/" + patient->id + "/appointments");
      });
}

http::Response list_clinic_appointments(store::Store& store, const http::Request& request,
                                        const Caller& caller) {
  const std::string& clinic_id = request.path_params.at("id");
  std::vector<FieldError> errors;
  std::optional<CalendarDate> from, to;
  for (const auto& [name, out] : {std::pair{"from", &from}, std::pair{"to", &to}}) {
    const auto text = request.query_param(name);
    if (!text) continue;
    auto parsed = parse_iso_date(*text);
    if (parsed) {
      *out = *parsed;
    } else {
      errors.push_back({name, "must be a date written YYYY-MM-DD"});
    }
  }
  if (!errors.empty()) return http::problem_from(invalid(std::move(errors)).error());
  if (!caller.sees_clinic(clinic_id))
    return http::problem(404, "Not found", "No clinic with this id.");

  auto tx = store.begin(store::TransactionMode::kWrite);
  if (!tx) return http::problem_from(tx.error());
  auto clinic = find_clinic_in_zone(**tx, clinic_id);
  if (!clinic) return http::problem_from(clinic.error());
  const CalendarDate first = from.value_or(clinic->zone.to_local(now()).date);
  const CalendarDate last = to.value_or(add_days(first, 6));
  if (last < first || add_days(first, kLongestListDays) <= last) {
    return http::problem_from(
        invalid({{"to", "must be on or after from, at most 92 days later"}}).error());
  }
  // A day either side in UTC covers any offset; the local dates then decide.
  auto appointments =
      (*tx)->list_appointments(clinic_id, Instant{std::chrono::sys_days{add_days(first, -1)}},
                               Instant{std::chrono::sys_days{add_days(last, 2)}});
  if (!appointments) return http::problem_from(appointments.error());
  Json items = Json::array();
  std::set<std::string> patients;
  for (const auto& appointment : *appointments) {
    const CalendarDate day = clinic->zone.to_local(appointment.starts_at).date;
    if (day < first || day > last) continue;
    items.push_back(to_json(appointment, clinic->zone));
    patients.insert(appointment.patient_id);
  }
  // One entry per patient shown, so each patient's access history lists this read too.
  for (const auto& patient_id : patients) {
    auto audited = (*tx)->append_audit(
        audit_entry(request, caller, "appointment.list", "clinic", clinic_id, patient_id));
    if (!audited) return http::problem_from(audited.error());
  }
  if (auto failed = audit_and_commit(
          **tx, audit_entry(request, caller, "appointment.list", "clinic", clinic_id))) {
    return *failed;
  }
  return json_reply(200, Json{{"from", format_iso_date(first)},
                              {"to", format_iso_date(last)},
                              {"time_zone", clinic->zone.name()},
                              {"items", std::move(items)}});
}

http::Response list_patient_appointments(store::Store& store, const http::Request& request,
                                         const Caller& caller) {
  auto tx = store.begin(store::TransactionMode::kWrite);
  if (!tx) return http::problem_from(tx.error());
  auto patient = find_visible_patient(**tx, request.path_params.at("id"), caller);
  if (!patient) return http::problem_from(patient.error());
  auto clinic = find_clinic_in_zone(**tx, patient->clinic_id);
  if (!clinic) return http::problem_from(clinic.error());
  auto appointments = (*tx)->list_patient_appointments(patient->id);
  if (!appointments) return http::problem_from(appointments.error());
  Json items = Json::array();
  for (const auto& appointment : *appointments) items.push_back(to_json(appointment, clinic->zone));
  if (auto failed = audit_and_commit(**tx, audit_entry(request, caller, "appointment.list",
                                                       "patient", patient->id, patient->id))) {
    return *failed;
  }
  return json_reply(200, Json{{"items", std::move(items)}});
}

// Writes moved appointments in two steps: first each is set aside (cancelled, holding nothing),
// then each gets its new time. The database checks every row as it is written, so a session
// moving onto the old slot of one not yet written would otherwise be refused. Each write
// checks the row is still as read: a concurrent change fails this one instead of being lost.
Result<void> write_moves(store::Transaction& tx, const std::vector<store::Appointment>& moved,
                         const std::vector<store::Appointment>& seen) {
  std::vector<store::Appointment> aside;
  for (std::size_t i = 0; i < moved.size(); ++i) {
    store::Appointment parked = seen[i];
    parked.status = store::AppointmentStatus::kCancelled;
    if (auto written = tx.update_appointment(parked, seen[i]); !written) return written;
    aside.push_back(std::move(parked));
  }
  for (std::size_t i = 0; i < moved.size(); ++i) {
    if (auto written = tx.update_appointment(moved[i], aside[i]); !written) return written;
  }
  return {};
}

// A course session moved: later booked sessions follow only as far as their intervals require.
// Returns the appointments as changed.
Result<std::vector<store::Appointment>> move_course_session(store::Transaction& tx,
                                                            const store::Appointment& moved,
                                                            const clinic::Patient& patient,
                                                            const LocalDateTime& new_start,
                                                            Instant new_instant) {
  auto course = tx.find_course(*moved.course_id);
  if (!course) return std::unexpected(course.error());
  if (!*course) return fail(ErrorCode::kInternal, "appointment " + moved.id + " names no course");
  auto terms = course_terms(**course);
  if (!terms) return std::unexpected(terms.error());
  auto appointments = tx.list_course_appointments(moved.course_id.value());
  if (!appointments) return std::unexpected(appointments.error());
  auto clinic = find_clinic_in_zone(tx, moved.clinic_id);
  if (!clinic) return std::unexpected(clinic.error());

  std::vector<store::Appointment> held;
  std::vector<planning::PlannedSession> sessions;
  for (const auto& appointment : *appointments) {
    if (!planning::occupies(appointment.status)) continue;
    if (appointment.session_number > moved.session_number &&
        appointment.status == store::AppointmentStatus::kAttended) {
      // The record says a later session already took place: moving this one past it would
      // rewrite history. Record this one as attended or missed instead.
      return fail(ErrorCode::kConflict, "session " + std::to_string(appointment.session_number) +
                                            " is already attended; record this session as "
                                            "attended or missed instead of moving it");
    }
    held.push_back(appointment);
    sessions.push_back({appointment.session_number,
                        {clinic->zone.to_local(appointment.starts_at),
                         {appointment.starts_at, appointment.ends_at},
                         appointment.practitioner_id,
                         appointment.room_id},
                        false});
  }
  auto settings = load_calendar_settings(tx, moved.clinic_id);
  if (!settings) return std::unexpected(settings.error());
  const CalendarDate from = std::min(new_start.date, sessions.front().slot.local_start.date);
  const CalendarDate to =
      add_days(std::max(new_start.date, sessions.back().slot.local_start.date),
               planning::course_horizon_days(terms->protocol, settings->healing_days));
  auto loaded = load_calendar(
      tx, moved.clinic_id, from, to, patient.id,
      [&](const store::Appointment& other) { return other.course_id == moved.course_id; });
  if (!loaded) return std::unexpected(loaded.error());
  auto planned = planning::reschedule(
      terms->protocol, loaded->calendar, sessions, moved.session_number, new_start, patient.id,
      terms->preferences, occurrence(clinic->zone, new_start, new_instant));
  if (!planned) return std::unexpected(planned.error());

  std::vector<store::Appointment> changed, seen;
  for (const auto& session : *planned) {
    auto original = std::find_if(held.begin(), held.end(), [&](const store::Appointment& a) {
      return a.session_number == session.number;
    });
    if (original == held.end()) continue;
    if (original->starts_at == session.slot.when.start &&
        original->practitioner_id == session.slot.practitioner_id &&
        original->room_id == session.slot.room_id) {
      continue;
    }
    store::Appointment updated = *original;
    updated.starts_at = session.slot.when.start;
    updated.ends_at = session.slot.when.end;
    updated.practitioner_id = session.slot.practitioner_id;
    updated.room_id = session.slot.room_id;
    changed.push_back(std::move(updated));
    seen.push_back(*original);
  }
  if (auto written = write_moves(tx, changed, seen); !written) {
    return std::unexpected(written.error());
  }
  return changed;
}

http::Response reschedule_appointment(store::Store& store, const http::Request& request,
                                      const Caller& caller) {
  auto body = parse_json_object(request);
  if (!body) return body.error();
  std::vector<FieldError> errors;
  Members members(*body, "", errors);
  members.refuse_unknown({"starts_at", "utc_offset"});
  const auto start = read_start(*body, "", errors);
  if (!errors.empty()) return http::problem_from(invalid(std::move(errors)).error());

  Json reply;
  auto saved = store::in_transaction(
      store, store::TransactionMode::kWrite, [&](store::Transaction& tx) -> Result<void> {
        auto found = find_visible_appointment(tx, request.path_params.at("id"), caller);
        if (!found) return std::unexpected(found.error());
        auto& [appointment, patient] = *found;
        auto clinic = find_clinic_in_zone(tx, appointment.clinic_id);
        if (!clinic) return std::unexpected(clinic.error());
        auto instant = resolve_start(clinic->zone, *start, "");
        if (!instant) return std::unexpected(instant.error());
        if (auto allowed = planning::check_move(appointment.status, start->local.date,
                                                clinic->zone.to_local(now()).date);
            !allowed) {
          return allowed;
        }
        std::vector<store::Appointment> changed;
        if (appointment.course_id) {
          auto moved = move_course_session(tx, appointment, patient, start->local, *instant);
          if (!moved) return std::unexpected(moved.error());
          changed = std::move(*moved);
        } else {
          const auto length =
              std::chrono::duration_cast<minutes>(appointment.ends_at - appointment.starts_at);
          auto loaded = load_calendar(
              tx, appointment.clinic_id, start->local.date, start->local.date, patient.id,
              [&](const store::Appointment& other) { return other.id == appointment.id; });
          if (!loaded) return std::unexpected(loaded.error());
          auto slot = slot_with(loaded->calendar, start->local, *instant, length, patient.id,
                                appointment.practitioner_id);
          if (!slot) return std::unexpected(slot.error());
          store::Appointment updated = appointment;
          updated.starts_at = *instant;
          updated.ends_at = *instant + length;
          updated.room_id = slot->room_id;
          if (auto written = tx.update_appointment(updated, appointment); !written) {
            return written;
          }
          changed.push_back(std::move(updated));
        }
        auto audited = tx.append_audit(audit_entry(request, caller, "appointment.reschedule",
                                                   "appointment", appointment.id, patient.id));
        if (!audited) return std::unexpected(audited.error());
        Json moved = Json::array();
        for (const auto& each : changed) moved.push_back(to_json(each, clinic->zone));
        reply = Json{{"moved", std::move(moved)}};
        return {};
      });
  if (!saved) return http::problem_from(saved.error());
  return json_reply(200, reply);
}

// What happened to a booked appointment: attended, missed (the course goes on; too many gaps
// flag it) or cancelled (which frees the slot).
http::Response record_status(store::Store& store, const http::Request& request,
                             const Caller& caller) {
  auto body = parse_json_object(request);
  if (!body) return body.error();
  FieldReader reader(*body);
  reader.refuse_unknown({"status", "note"}, {});
  const auto status_name = reader.string("status", true);
  const auto note = reader.string("note", false);
  planning::Attendance next = planning::Attendance::kCancelled;
  if (status_name) {
    const auto parsed = planning::parse_attendance(*status_name);
    if (parsed && *parsed != planning::Attendance::kBooked) {
      next = *parsed;
    } else {
      reader.add_error("status", "must be attended, missed or cancelled");
    }
  }
  if (note && code_point_count(*note) > 500) {
    reader.add_error("note", "must be at most 500 characters");
  }
  if (!reader.errors().empty()) {
    return http::problem_from(
        Error{ErrorCode::kInvalidInput, "The request has invalid fields.", reader.errors()});
  }
  Json reply;
  auto saved = store::in_transaction(
      store, store::TransactionMode::kWrite, [&](store::Transaction& tx) -> Result<void> {
        auto found = find_visible_appointment(tx, request.path_params.at("id"), caller);
        if (!found) return std::unexpected(found.error());
        auto& [appointment, patient] = *found;
        if (auto allowed = planning::check_attendance_change(appointment.status, next,
                                                             appointment.starts_at, now());
            !allowed) {
          return allowed;
        }
        auto clinic = find_clinic_in_zone(tx, appointment.clinic_id);
        if (!clinic) return std::unexpected(clinic.error());
        store::Appointment updated = appointment;
        updated.status = next;
        updated.note = note.value_or("");
        if (auto written = tx.update_appointment(updated, appointment); !written) return written;
        const char* action = next == planning::Attendance::kAttended ? "appointment.attended"
                             : next == planning::Attendance::kMissed ? "appointment.missed"
                                                                     : "appointment.cancelled";
        auto audited = tx.append_audit(
            audit_entry(request, caller, action, "appointment", appointment.id, patient.id));
        if (!audited) return std::unexpected(audited.error());
        reply = to_json(updated, clinic->zone);
        return {};
      });
  if (!saved) return http::problem_from(saved.error());
  return json_reply(200, reply);
}

}  // namespace

void add_appointment_routes(http::Router& router, const Gate& gate,
                            const http::RouteOptions& limits) {
  store::Store& store = gate.store();
  gate.add(router, "POST", "/api/v1/appointments", with_store(store, book_appointment), limits);
  gate.add(router, "GET", "/api/v1/clinics/{id}/appointments",
           with_store(store, list_clinic_appointments), limits);
  gate.add(router, "GET", "/api/v1/patients/{id}/appointments",
           with_store(store, list_patient_appointments), limits);
  gate.add(router, "POST", "/api/v1/appointments/{id}/reschedule",
           with_store(store, reschedule_appointment), limits);
  gate.add(router, "POST", "/api/v1/appointments/{id}/status", with_store(store, record_status),
           limits);
}

}  // namespace mesoclinic::api
