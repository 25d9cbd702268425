// /api/v1/patients/{id}/calendar.ics: the patient's appointments and the ends of their
// aftercare restrictions as a calendar file, in the clinic's time zone.
#include <algorithm>

#include "api/routes.h"
#include "api/scheduling.h"
#include "calendar/calendar.h"

namespace mesoclinic::api {
namespace {

// "no_washing" -> "no washing": until the handout's catalogue names them in the patient's
// language, the rule's own id reads well enough.
std::string rule_words(std::string id) {
  std::replace(id.begin(), id.end(), '_', ' ');
  return id;
}

// Events for every appointment that holds a time, and for the end of each restriction of the
// aftercare plans issued so far.
Result<std::vector<calendar::Event>> patient_events(store::Transaction& tx,
                                                    const clinic::Patient& patient,
                                                    const clinic::Clinic& clinic) {
  auto appointments = tx.list_patient_appointments(patient.id);
  if (!appointments) return std::unexpected(appointments.error());
  std::vector<calendar::Event> events;
  for (const auto& appointment : *appointments) {
    if (!planning::occupies(appointment.status)) continue;
    events.push_back({appointment.id + "@mesoclinic",
                      appointment.course_id
                          ? "Mesotherapy session " + std::to_string(appointment.session_number)
                          : std::string("Appointment"),
                      clinic.name, appointment.starts_at, appointment.ends_at});
    auto plan = tx.find_aftercare_plan(appointment.id);
    if (!plan) return std::unexpected(plan.error());
    if (!*plan) continue;
    const Json document = Json::parse(**plan);
    for (const auto& restriction : document["restrictions"]) {
      const auto until = parse_rfc3339(restriction["until"]["utc"].get<std::string>());
      if (!until) return fail(ErrorCode::kInternal, "a stored aftercare plan is invalid");
      const std::string rule = restriction["rule_id"].get<std::string>();
      events.push_back({appointment.id + "-" + rule + "@mesoclinic",
                        "Aftercare: " + rule_words(rule) + " ends",
                        "From now on the restriction \"" + rule_words(rule) +
                            "\" after your session no longer applies.",
                        *until, *until + std::chrono::minutes{15}});
    }
  }
  return events;
}

http::Response download_calendar(store::Store& store, const http::Request& request,
                                 const Caller& caller) {
  auto tx = store.begin(store::TransactionMode::kWrite);
  if (!tx) return http::problem_from(tx.error());
  auto patient = find_visible_patient(**tx, request.path_params.at("id"), caller);
  if (!patient) return http::problem_from(patient.error());
  auto clinic = find_clinic_in_zone(**tx, patient->clinic_id);
  if (!clinic) return http::problem_from(clinic.error());
  auto events = patient_events(**tx, *patient, clinic->clinic);
  if (!events) return http::problem_from(events.error());
  auto ics = calendar::write_ics(clinic->clinic.name, clinic->zone, *events, now());
  if (!ics) return http::problem_from(ics.error());
  if (auto failed = audit_and_commit(**tx, audit_entry(request, caller, "calendar.download",
                                                       "patient", patient->id, patient->id))) {
    return *failed;
  }
  http::Response response;
  response.status = 200;
  response.content_type = "text/calendar; charset=utf-8";
  response.body = std::move(*ics);
  return response.with_header("Content-Disposition", "attachment; filename=\"appointments.ics\"");
}

}  // namespace

void add_calendar_file_routes(http::Router& router, const Gate& gate,
                              const http::RouteOptions& limits) {
  gate.add(router, "GET", "/api/v1/patients/{id}/calendar.ics",
           with_store(gate.store(), download_calendar), limits);
}

}  // namespace mesoclinic::api
