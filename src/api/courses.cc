// /api/v1/patients/{id}/course-plans and /courses: a protocol turned into a course (DOMAIN.md
// step 4). A plan is a proposal the practitioner shows the patient, with the cost; a course is
// created only when the patient has agreed to those sessions at that cost, and its sessions
// are booked in the same transaction, so a course never exists half-booked.
#include <algorithm>
#include <array>

#include "api/clinical_json.h"
#include "api/idempotency.h"
#include "api/members.h"
#include "api/planning_json.h"
#include "api/routes.h"
#include "api/scheduling.h"
#include "core/ids.h"
#include "core/text.h"

namespace mesoclinic::api {
namespace {

using std::chrono::minutes;

Result<planning::Protocol> find_protocol(store::Transaction& tx, const Json* id) {
  if (!id || !id->is_string()) return invalid({{"/protocol_id", "is required"}});
  auto stored = tx.find_protocol(id->get<std::string>());
  if (!stored) return std::unexpected(stored.error());
  if (!*stored) return invalid({{"/protocol_id", "names no protocol"}});
  return protocol_from_stored(**stored);
}

Json planned_json(const planning::PlannedSession& session, const ClinicZone& zone) {
  return Json{{"number", session.number},
              {"starts_at", format_local(session.slot.local_start)},
              {"utc_offset", format_utc_offset(zone.utc_offset(session.slot.when.start))},
              {"starts_at_utc", format_rfc3339(session.slot.when.start)},
              {"ends_at_utc", format_rfc3339(session.slot.when.end)},
              {"practitioner_id", session.slot.practitioner_id},
              {"room_id", session.slot.room_id},
              {"on_preferred_slot", session.on_preferred_slot}};
}

Json discount_json(const std::optional<planning::Discount>& discount) {
  if (!discount) return nullptr;
  return Json{{"percent", discount->percent}, {"reason", discount->reason}};
}

// POST .../course-plans: the planner's proposal. Nothing is booked; the read of the patient's
// calendar is audited like any other read of their data.
http::Response propose_plan(store::Store& store, const http::Request& request,
                            const Caller& caller) {
  auto body = parse_json_object(request);
  if (!body) return body.error();
  std::vector<FieldError> errors;
  Members members(*body, "", errors);
  members.refuse_unknown({"protocol_id", "start_date", "preferences", "discount"});
  std::string start_text;
  members.text("start_date", start_text, members.required("start_date"));
  const auto start = parse_iso_date(start_text);
  if (body->contains("start_date") && !start) {
    members.error("start_date", "must be a date written YYYY-MM-DD");
  }
  const auto preferences =
      preferences_from_json(members.optional("preferences"), "/preferences", errors);
  const auto discount = discount_from_json(members.optional("discount"), errors);
  if (!errors.empty()) return http::problem_from(invalid(std::move(errors)).error());

  auto tx = store.begin(store::TransactionMode::kWrite);
  if (!tx) return http::problem_from(tx.error());
  auto patient = find_visible_patient(**tx, request.path_params.at("id"), caller);
  if (!patient) return http::problem_from(patient.error());
  auto protocol = find_protocol(**tx, members.optional("protocol_id"));
  if (!protocol) return http::problem_from(protocol.error());
  auto settings = load_calendar_settings(**tx, patient->clinic_id);
  if (!settings) return http::problem_from(settings.error());
  const int horizon = planning::course_horizon_days(*protocol, settings->healing_days);
  auto loaded =
      load_calendar(**tx, patient->clinic_id, *start, add_days(*start, horizon), patient->id);
  if (!loaded) return http::problem_from(loaded.error());
  if (auto allowed =
          planning::check_not_past(*start, loaded->clinic.zone.to_local(now()).date, "/start_date");
      !allowed) {
    return http::problem_from(allowed.error());
  }
  const auto plan =
      planning::plan_course(*protocol, loaded->calendar, patient->id, *start, preferences);
  if (auto failed = audit_and_commit(
          **tx, audit_entry(request, caller, "course.plan", "patient", patient->id, patient->id))) {
    return *failed;
  }
  const ClinicZone& zone = loaded->clinic.zone;
  Json sessions = Json::array();
  int preferred = 0;
  for (const auto& session : plan.sessions) {
    sessions.push_back(planned_json(session, zone));
    preferred += session.on_preferred_slot ? 1 : 0;
  }
  Json unplaced = Json::array();
  for (const auto& missing : plan.unplaced) {
    Json alternatives = Json::array();
    for (const auto& alternative : missing.alternatives) {
      alternatives.push_back(planned_json(alternative, zone));
    }
    unplaced.push_back({{"number", missing.number},
                        {"target_date", format_iso_date(missing.target)},
                        {"reason", missing.reason},
                        {"alternatives", std::move(alternatives)}});
  }
  const bool complete = plan.unplaced.empty();
  return json_reply(
      200, Json{{"patient_id", patient->id},
                {"clinic_id", patient->clinic_id},
                {"time_zone", zone.name()},
                {"protocol", to_json(*protocol)},
                {"start_date", format_iso_date(*start)},
                {"preferences", to_json(preferences)},
                {"sessions", std::move(sessions)},
                {"unplaced", std::move(unplaced)},
                {"complete", complete},
                {"on_preferred_slot", preferred},
                {"cost_estimate", money_json(planning::estimate_cost(*protocol, discount))},
                {"discount", discount_json(discount)},
                {"recall", complete && !plan.sessions.empty()
                               ? recall_json(*protocol, plan.sessions.back().slot.local_start.date)
                               : Json(nullptr)}});
}

struct AgreedSession {
  RequestedStart start;
  std::string practitioner_id;
};

struct Agreement {
  std::string method;
  planning::Money cost_shown;
  bool guardian_consent = false;
};

constexpr std::array<std::string_view, 3> kAgreementMethods = {"signed_form",
                                                               "electronic_signature", "verbal"};

std::optional<Agreement> read_agreement(const Json* value, std::vector<FieldError>& errors) {
  if (!value || !value->is_object()) {
    errors.push_back({"/agreement",
                      "is required: a course is created only with the patient's agreement "
                      "({\"agreed\": true, \"method\", \"cost_shown\"})"});
    return std::nullopt;
  }
  Members members(*value, "/agreement", errors);
  members.refuse_unknown({"agreed", "method", "cost_shown", "guardian_consent"});
  bool agreed = false;
  members.flag("agreed", agreed);
  if (value->contains("agreed") && (*value)["agreed"].is_boolean() && !agreed) {
    members.error("agreed", "must be true: without the patient's agreement there is no course");
  }
  Agreement agreement;
  members.text("method", agreement.method, members.required("method"));
  if (value->contains("method") && std::find(kAgreementMethods.begin(), kAgreementMethods.end(),
                                             agreement.method) == kAgreementMethods.end()) {
    members.error("method", "must be one of signed_form, electronic_signature, verbal");
  }
  if (const auto shown = money_from_json(members, "cost_shown", errors)) {
    agreement.cost_shown = *shown;
  } else if (!members.optional("cost_shown")) {
    members.error("cost_shown", "is required: the estimate the patient agreed to");
  }
  if (const Json* consent = members.optional("guardian_consent")) {
    if (consent->is_boolean()) {
      agreement.guardian_consent = consent->get<bool>();
    } else {
      members.error("guardian_consent", "must be true or false");
    }
  }
  return agreement;
}

std::vector<AgreedSession> read_sessions(const Json* value, std::vector<FieldError>& errors) {
  std::vector<AgreedSession> sessions;
  if (!value || !value->is_array() || value->empty() || value->size() > 20) {
    errors.push_back({"/sessions",
                      "is required: the sessions the patient agreed to, each with number, "
                      "starts_at and practitioner_id"});
    return sessions;
  }
  for (std::size_t i = 0; i < value->size(); ++i) {
    const std::string at = "/sessions/" + std::to_string(i);
    const Json& item = (*value)[i];
    if (!item.is_object()) {
      errors.push_back({at, "must be an object"});
      continue;
    }
    Members members(item, at, errors);
    members.refuse_unknown({"number", "starts_at", "utc_offset", "practitioner_id"});
    int number = 0;
    members.integer("number", number, members.required("number"));
    if (item.contains("number") && number != static_cast<int>(i) + 1) {
      members.error("number", "must be " + std::to_string(i + 1) + ": sessions come in order");
    }
    AgreedSession session;
    members.text("practitioner_id", session.practitioner_id, members.required("practitioner_id"));
    if (auto start = read_start(item, at, errors)) session.start = *start;
    sessions.push_back(std::move(session));
  }
  return sessions;
}

// The latest decision for the patient, as a course start reads it.
Result<std::optional<clinic::DecisionOnRecord>> latest_decision(store::Transaction& tx,
                                                                const std::string& patient_id) {
  auto decisions = tx.list_decisions(patient_id);
  if (!decisions) return std::unexpected(decisions.error());
  if (decisions->empty()) return std::nullopt;
  const Json document = Json::parse(decisions->back().body);
  const auto outcome = clinic::parse_outcome(document.value("outcome", ""));
  if (!outcome) return fail(ErrorCode::kInternal, "a stored decision has no outcome");
  const auto version = [&](const Json& holder, const char* name) -> std::int64_t {
    const auto found = holder.find(name);
    return found != holder.end() && found->is_number_integer() ? found->get<std::int64_t>() : 0;
  };
  const auto rule_set = document.find("rule_set");
  clinic::DecisionOnRecord decision{
      *outcome,
      std::nullopt,
      document.value("requires_guardian_consent", false),
      {version(document, "medical_history_version"), version(document, "hair_assessment_version"),
       rule_set != document.end() && rule_set->is_object() ? version(*rule_set, "version") : 0}};
  if (document.contains("formulation_id") && document["formulation_id"].is_string()) {
    decision.formulation_id = document["formulation_id"].get<std::string>();
  }
  return decision;
}

// The versions a screening would read now.
Result<clinic::ScreenedVersions> current_versions(store::Transaction& tx,
                                                  const std::string& patient_id) {
  clinic::ScreenedVersions versions;
  for (const auto& [kind, out] : {std::pair{"medical_history", &versions.medical_history},
                                  std::pair{"hair_assessment", &versions.hair_assessment}}) {
    auto record = tx.find_clinical_record(patient_id, kind, std::nullopt);
    if (!record) return std::unexpected(record.error());
    if (*record) *out = (*record)->version;
  }
  auto rule_set = tx.find_rule_set(std::nullopt);
  if (!rule_set) return std::unexpected(rule_set.error());
  if (*rule_set) versions.rule_set = (*rule_set)->version;
  return versions;
}

// Books every agreed session, or none: the calendar is checked here (opening hours, the
// practitioner at work, a free room) and the database refuses any double booking.
Result<std::vector<store::Appointment>> book_sessions(const planning::Protocol& protocol,
                                                      LoadedCalendar& loaded,
                                                      const clinic::Patient& patient,
                                                      const std::string& course_id,
                                                      const std::vector<AgreedSession>& sessions) {
  const ClinicZone& zone = loaded.clinic.zone;
  std::vector<store::Appointment> booked;
  for (std::size_t i = 0; i < sessions.size(); ++i) {
    const std::string at = "/sessions/" + std::to_string(i);
    auto instant = resolve_start(zone, sessions[i].start, at);
    if (!instant) return std::unexpected(instant.error());
    auto slot = loaded.calendar.find_slot(sessions[i].start.local, protocol.appointment_length,
                                          patient.id, sessions[i].practitioner_id,
                                          occurrence(zone, sessions[i].start.local, *instant));
    if (auto* why = std::get_if<planning::Refusal>(&slot)) {
      return fail(ErrorCode::kConflict,
                  "session " + std::to_string(i + 1) + " at " +
                      format_local(sessions[i].start.local) +
                      " cannot be booked: " + std::string(planning::describe(*why)));
    }
    const auto& found = std::get<planning::Slot>(slot);
    if (found.practitioner_id != sessions[i].practitioner_id) {
      return fail(ErrorCode::kConflict, "session " + std::to_string(i + 1) + " at " +
                                            format_local(sessions[i].start.local) +
                                            ": that practitioner is not at work and free then");
    }
    store::Appointment appointment{new_id(),
                                   patient.clinic_id,
                                   patient.id,
                                   found.practitioner_id,
                                   found.room_id,
                                   *instant,
                                   *instant + protocol.appointment_length,
                                   store::AppointmentStatus::kBooked,
                                   course_id,
                                   static_cast<int>(i) + 1,
                                   ""};
    loaded.calendar.book({appointment.practitioner_id,
                          appointment.room_id,
                          patient.id,
                          {appointment.starts_at, appointment.ends_at}});
    booked.push_back(std::move(appointment));
  }
  return booked;
}

http::Response create_course(store::Store& store, const http::Request& request,
                             const Caller& caller) {
  auto body = parse_json_object(request);
  if (!body) return body.error();
  std::vector<FieldError> errors;
  Members members(*body, "", errors);
  members.refuse_unknown({"protocol_id", "preferences", "discount", "sessions", "agreement"});
  const auto preferences =
      preferences_from_json(members.optional("preferences"), "/preferences", errors);
  const auto discount = discount_from_json(members.optional("discount"), errors);
  const auto sessions = read_sessions(members.optional("sessions"), errors);
  const auto agreement = read_agreement(members.optional("agreement"), errors);
  if (!errors.empty()) return http::problem_from(invalid(std::move(errors)).error());

  return create_idempotently(
      store, request, "POST /api/v1/patients/{id}/courses",
      [&](store::Transaction& tx) -> Result<http::Response> {
        auto patient = find_visible_patient(tx, request.path_params.at("id"), caller);
        if (!patient) return std::unexpected(patient.error());
        auto protocol = find_protocol(tx, members.optional("protocol_id"));
        if (!protocol) return std::unexpected(protocol.error());
        auto decision = latest_decision(tx, patient->id);
        if (!decision) return std::unexpected(decision.error());
        auto versions = current_versions(tx, patient->id);
        if (!versions) return std::unexpected(versions.error());
        if (auto allowed = clinic::check_course_start(
                *decision, *versions, protocol->formulation_id, agreement->guardian_consent);
            !allowed) {
          return std::unexpected(allowed.error());
        }
        const planning::Money cost = planning::estimate_cost(*protocol, discount);
        if (auto agreed = planning::check_agreed_cost(cost, agreement->cost_shown); !agreed) {
          return std::unexpected(agreed.error());
        }
        std::vector<LocalDateTime> starts;
        for (const auto& session : sessions) starts.push_back(session.start.local);
        auto loaded = load_calendar(tx, patient->clinic_id, add_days(starts.front().date, -1),
                                    add_days(starts.back().date, 1), patient->id);
        if (!loaded) return std::unexpected(loaded.error());
        if (auto agreed =
                planning::check_agreed_sessions(*protocol, loaded->settings.healing_days, starts);
            !agreed) {
          return std::unexpected(agreed.error());
        }
        if (auto allowed = planning::check_not_past(starts.front().date,
                                                    loaded->clinic.zone.to_local(now()).date,
                                                    "/sessions/0/starts_at");
            !allowed) {
          return std::unexpected(allowed.error());
        }
        const std::string course_id = new_id();
        auto booked = book_sessions(*protocol, *loaded, *patient, course_id, sessions);
        if (!booked) return std::unexpected(booked.error());

        Json document{{"protocol", to_json(*protocol)},
                      {"preferences", to_json(preferences)},
                      {"discount", discount_json(discount)},
                      {"cost_estimate", money_json(cost)},
                      {"agreement",
                       {{"agreed", true},
                        {"method", agreement->method},
                        {"cost_shown", money_json(agreement->cost_shown)},
                        {"guardian_consent", agreement->guardian_consent},
                        {"recorded_at", format_rfc3339(now())},
                        {"recorded_by", caller.user->id}}}};
        const store::StoredCourse course{
            course_id, patient->clinic_id, patient->id,    protocol->id,
            now(),     caller.user->id,    document.dump()};
        if (auto saved = tx.insert_course(course); !saved) return std::unexpected(saved.error());
        for (const auto& appointment : *booked) {
          if (auto saved = tx.insert_appointment(appointment); !saved) {
            return std::unexpected(saved.error());
          }
        }
        auto audited = tx.append_audit(
            audit_entry(request, caller, "course.create", "course", course.id, patient->id));
        if (!audited) return std::unexpected(audited.error());
        return json_reply(201, course_json(course, *booked, loaded->clinic.zone))
            .with_header("Location", "/api/v1/courses/" + course.id);
      });
}

// The courses (one, or all of a patient's) with their sessions, if the patient is visible.
http::Response read_courses(store::Store& store, const http::Request& request, const Caller& caller,
                            bool one) {
  auto tx = store.begin(store::TransactionMode::kWrite);
  if (!tx) return http::problem_from(tx.error());
  std::vector<store::StoredCourse> courses;
  std::string patient_id = one ? "" : request.path_params.at("id");
  if (one) {
    auto course = (*tx)->find_course(request.path_params.at("id"));
    if (!course) return http::problem_from(course.error());
    if (!*course) return http::problem(404, "Not found", "No course with this id.");
    patient_id = (*course)->patient_id;
    courses.push_back(std::move(**course));
  }
  auto patient = find_visible_patient(**tx, patient_id, caller);
  if (!patient) {
    return one ? http::problem(404, "Not found", "No course with this id.")
               : http::problem_from(patient.error());
  }
  if (!one) {
    auto listed = (*tx)->list_courses(patient->id);
    if (!listed) return http::problem_from(listed.error());
    courses = std::move(*listed);
  }
  auto clinic = find_clinic_in_zone(**tx, patient->clinic_id);
  if (!clinic) return http::problem_from(clinic.error());
  Json items = Json::array();
  for (const auto& course : courses) {
    auto appointments = (*tx)->list_course_appointments(course.id);
    if (!appointments) return http::problem_from(appointments.error());
    items.push_back(course_json(course, *appointments, clinic->zone));
  }
  if (auto failed =
          audit_and_commit(**tx, audit_entry(request, caller, one ? "course.read" : "course.list",
                                             one ? "course" : "patient",
                                             one ? courses[0].id : patient->id, patient->id))) {
    return *failed;
  }
  if (one) return json_reply(200, items[0]);
  return json_reply(200, Json{{"items", std::move(items)}});
}

}  // namespace

void add_course_routes(http::Router& router, const Gate& gate, const http::RouteOptions& limits) {
  store::Store& store = gate.store();
  const std::string patient = "/api/v1/patients/{id}";
  gate.add(router, "POST", patient + "/course-plans", with_store(store, propose_plan), limits);
  gate.add(router, "POST", patient + "/courses", with_store(store, create_course), limits);
  gate.add(
      router, "GET", patient + "/courses",
      [&store](const http::Request& request, const Caller& caller) {
        return read_courses(store, request, caller, false);
      },
      limits);
  gate.add(
      router, "GET", "/api/v1/courses/{id}",
      [&store](const http::Request& request, const Caller& caller) {
        return read_courses(store, request, caller, true);
      },
      limits);
}

}  // namespace mesoclinic::api
