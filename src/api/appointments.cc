// /api/v1/appointments and the calendar views: single bookings (a consultation, a maintenance
// session), moving an appointment (a course's later sessions follow only as far as their
// intervals require), and recording what happened (attended, missed, cancelled). Reception
// and practitioners both work the calendar.
#include <algorithm>
#include <set>

#include "api/documents.h"
#include "api/handler.h"
#include "api/idempotency.h"
#include "api/paging.h"
#include "api/routes.h"
#include "api/scheduling.h"
#include "core/text.h"
#include "practice/booking.h"

namespace mesoclinic::api {
namespace {

using std::chrono::minutes;

constexpr int kLongestListDays = 92;

http::Response book_appointment(store::Store& store, const http::Request& request,
                                const Caller& caller) {
  auto body = parse_json_object(request);
  if (!body) return body.error();
  std::vector<FieldError> errors;
  Members members(*body, "", errors);
  members.refuse_unknown({"patient_id", "practitioner_id", "starts", "minutes"});
  std::string patient_id, practitioner_id;
  int length = 0;
  members.name("patient_id", patient_id, members.required("patient_id"));
  members.name("practitioner_id", practitioner_id, members.required("practitioner_id"));
  members.integer("minutes", length, members.required("minutes"));
  const auto start = read_start(*body, "", errors);
  if (!errors.empty()) return http::problem_from(invalid(std::move(errors)).error());

  return create_idempotently(
      store, request, caller, "POST /api/v1/appointments",
      [&](Work& work) -> Result<http::Response> {
        auto patient = find_visible_patient(work.tx, patient_id, caller);
        if (!patient) return invalid({{"/patient_id", "names no patient of yours"}});
        auto booking =
            practice::book(work.tx, *patient, {practitioner_id, *start, minutes{length}}, now());
        if (!booking) return std::unexpected(booking.error());
        if (const auto* refused = std::get_if<practice::DecisionMissing>(&*booking)) {
          return problem_with(409, "Decision missing",
                              std::string(clinic::describe(refused->missing)),
                              {{"missing", clinic::to_string(refused->missing)}});
        }
        const auto* booked = &std::get<practice::Booked>(*booking);
        work.audit("appointment.create", "appointment", booked->appointment.id, patient->id);
        return json_reply(201, to_json(booked->appointment, booked->zone))
            .with_header("Location", "/api/v1/patients/" + patient->id + "/appointments");
      });
}

// ?from and ?to as local dates, each optional; a field error for each malformed one.
std::vector<FieldError> read_date_range(const http::Request& request,
                                        std::optional<CalendarDate>& from,
                                        std::optional<CalendarDate>& to) {
  std::vector<FieldError> errors;
  for (const auto& [name, out] : {std::pair{"from", &from}, std::pair{"to", &to}}) {
    const auto text = request.query_param(name);
    if (!text) continue;
    auto parsed = parse_iso_date(*text);
    if (parsed) {
      *out = *parsed;
    } else {
      errors.push_back({std::string("/") + name, "must be a date written YYYY-MM-DD"});
    }
  }
  return errors;
}

// Whom a clinic's schedule names, so a day sheet shows people rather than ids: each patient
// shown (names only: reception reads them too) and every practitioner with working hours at the
// clinic or an appointment in the span, by username.
Result<void> add_names(store::Transaction& tx, const std::string& clinic_id,
                       const std::set<std::string>& patient_ids,
                       std::set<std::string> practitioner_ids, Json& reply) {
  Json patients = Json::array();
  for (const auto& id : patient_ids) {
    auto patient = tx.find_patient(id);
    if (!patient) return std::unexpected(patient.error());
    if (!*patient) continue;  // erased meanwhile: its appointments went with it
    patients.push_back({{"id", id},
                        {"family_name", (*patient)->details.family_name},
                        {"given_name", (*patient)->details.given_name}});
  }
  constexpr std::string_view kSchedule = "schedule:";
  auto schedules = tx.list_clinic_settings(clinic_id, std::string(kSchedule));
  if (!schedules) return std::unexpected(schedules.error());
  for (const auto& schedule : *schedules) {
    practitioner_ids.insert(schedule.name.substr(kSchedule.size()));
  }
  Json practitioners = Json::array();
  for (const auto& id : practitioner_ids) {
    auto user = tx.find_user(id);
    if (!user) return std::unexpected(user.error());
    if (!*user) continue;
    practitioners.push_back({{"id", id}, {"username", (*user)->username}});
  }
  reply["patients"] = std::move(patients);
  reply["practitioners"] = std::move(practitioners);
  return {};
}

http::Response list_clinic_appointments(store::Store& store, const http::Request& request,
                                        const Caller& caller) {
  const auto page = read_page_request(request);
  if (!page) return http::problem_from(page.error());
  const std::string& clinic_id = request.path_params.at("id");
  std::optional<CalendarDate> from, to;
  if (auto errors = read_date_range(request, from, to); !errors.empty()) {
    return http::problem_from(invalid(std::move(errors)).error());
  }
  if (!caller.sees_clinic(clinic_id))
    return http::problem(404, "Not found", "No clinic with this id.");
  return handle(store, request, caller, store::TransactionMode::kRead,
                [&](Work& work) -> Result<http::Response> {
                  auto clinic = find_clinic_in_zone(work.tx, clinic_id);
                  if (!clinic) return std::unexpected(clinic.error());
                  const CalendarDate first = from.value_or(clinic->zone.to_local(now()).date);
                  const CalendarDate last = to.value_or(add_days(first, 6));
                  if (last < first || add_days(first, kLongestListDays) <= last) {
                    return invalid({{"/to", "must be on or after from, at most 92 days later"}});
                  }
                  // A day either side in UTC covers any offset; the local dates then decide.
                  auto appointments = work.tx.list_appointments(
                      clinic_id, Instant{std::chrono::sys_days{add_days(first, -1)}},
                      Instant{std::chrono::sys_days{add_days(last, 2)}});
                  if (!appointments) return std::unexpected(appointments.error());
                  Json items = Json::array();
                  std::set<std::string> patients, practitioners;
                  for (const auto& appointment : *appointments) {
                    const CalendarDate day = clinic->zone.to_local(appointment.starts_at).date;
                    if (day < first || day > last) continue;
                    items.push_back(to_json(appointment, clinic->zone));
                    patients.insert(appointment.patient_id);
                    practitioners.insert(appointment.practitioner_id);
                  }
                  // One entry per patient shown, so each patient's access history lists this read
                  // too.
                  for (const auto& patient_id : patients) {
                    work.audit("appointment.list", "clinic", clinic_id, patient_id);
                  }
                  work.audit("appointment.list", "clinic", clinic_id);
                  Json reply = page_of(std::move(items), *page);
                  reply["from"] = format_iso_date(first);
                  reply["to"] = format_iso_date(last);
                  reply["time_zone"] = clinic->zone.name();
                  if (auto named = add_names(work.tx, clinic_id, patients, practitioners, reply);
                      !named) {
                    return std::unexpected(named.error());
                  }
                  return json_reply(200, reply);
                });
}

http::Response list_patient_appointments(store::Store& store, const http::Request& request,
                                         const Caller& caller) {
  return patient_list(store, request, caller, "appointment.list",
                      [](Work& work, const clinic::Patient& patient) -> Result<Json> {
                        auto clinic = find_clinic_in_zone(work.tx, patient.clinic_id);
                        if (!clinic) return std::unexpected(clinic.error());
                        auto appointments = work.tx.list_patient_appointments(patient.id);
                        if (!appointments) return std::unexpected(appointments.error());
                        Json items = Json::array();
                        for (const auto& appointment : *appointments) {
                          items.push_back(to_json(appointment, clinic->zone));
                        }
                        return items;
                      });
}

http::Response reschedule_appointment(store::Store& store, const http::Request& request,
                                      const Caller& caller) {
  auto body = parse_json_object(request);
  if (!body) return body.error();
  std::vector<FieldError> errors;
  Members members(*body, "", errors);
  members.refuse_unknown({"starts"});
  const auto start = read_start(*body, "", errors);
  if (!errors.empty()) return http::problem_from(invalid(std::move(errors)).error());

  return handle(store, request, caller, store::TransactionMode::kWrite,
                [&](Work& work) -> Result<http::Response> {
                  auto found =
                      find_visible_appointment(work.tx, request.path_params.at("id"), caller);
                  if (!found) return std::unexpected(found.error());
                  const auto& [appointment, patient] = *found;
                  auto moved = practice::move(work.tx, appointment, patient, *start, now());
                  if (!moved) return std::unexpected(moved.error());
                  work.audit("appointment.reschedule", "appointment", appointment.id, patient.id);
                  Json changed = Json::array();
                  for (const auto& each : moved->changed)
                    changed.push_back(to_json(each, moved->zone));
                  return json_reply(200, Json{{"moved", std::move(changed)}});
                });
}

// What happened to a booked appointment: attended, missed (the course goes on; too many gaps
// flag it) or cancelled (which frees the slot).
http::Response record_status(store::Store& store, const http::Request& request,
                             const Caller& caller) {
  auto body = parse_json_object(request);
  if (!body) return body.error();
  std::vector<FieldError> errors;
  Members members(*body, "", errors);
  members.refuse_unknown({"status", "note"});
  const auto status_name = members.string("status", true);
  const auto note = members.note("note", false);
  planning::Attendance next = planning::Attendance::kCancelled;
  if (status_name) {
    const auto parsed = planning::parse_attendance(*status_name);
    if (parsed && *parsed != planning::Attendance::kBooked) {
      next = *parsed;
    } else {
      members.error("status", "must be attended, missed or cancelled");
    }
  }
  if (note && code_point_count(*note) > 500) {
    members.error("note", "must be at most 500 characters");
  }
  if (!errors.empty()) return http::problem_from(invalid(std::move(errors)).error());
  return handle(
      store, request, caller, store::TransactionMode::kWrite,
      [&](Work& work) -> Result<http::Response> {
        auto found = find_visible_appointment(work.tx, request.path_params.at("id"), caller);
        if (!found) return std::unexpected(found.error());
        const auto& [appointment, patient] = *found;
        auto recorded =
            practice::record_attendance(work.tx, appointment, next, note.value_or(""), now());
        if (!recorded) return std::unexpected(recorded.error());
        const char* action = next == planning::Attendance::kAttended ? "appointment.attended"
                             : next == planning::Attendance::kMissed ? "appointment.missed"
                                                                     : "appointment.cancelled";
        work.audit(action, "appointment", appointment.id, patient.id);
        return json_reply(200, to_json(recorded->appointment, recorded->zone));
      });
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
