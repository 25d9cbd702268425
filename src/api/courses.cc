// /api/v1/patients/{id}/course-plans and /courses: a protocol turned into a course (DOMAIN.md
// step 4). A plan is a proposal the practitioner shows the patient, with the cost; a course is
// created only when the patient has agreed to those sessions at that cost, and its sessions
// are booked in the same transaction, so a course never exists half-booked.
#include <algorithm>
#include <array>

#include "api/consents.h"
#include "api/documents.h"
#include "api/handler.h"
#include "api/idempotency.h"
#include "api/paging.h"
#include "api/refusals.h"
#include "api/routes.h"
#include "api/scheduling.h"
#include "core/text.h"
#include "practice/booking.h"

namespace mesoclinic::api {
namespace {

using std::chrono::minutes;

// The protocol a new course at the patient's clinic is agreed on, priced in its currency; a
// retired or unpriced protocol is refused with its own problem type.
Result<practice::Decided<planning::Protocol>> find_protocol(store::Transaction& tx,
                                                            const clinic::Patient& patient,
                                                            const Json* id) {
  if (!id || !id->is_string()) return invalid({{"/protocol_id", "is required"}});
  return practice::protocol_for_new_course(tx, patient.clinic_id, id->get<std::string>());
}

Json planned_json(const planning::PlannedSession& session, const ClinicZone& zone) {
  return Json{{"number", session.number},
              {"starts", clinic_time_json(session.slot.when.start, zone)},
              {"ends", clinic_time_json(session.slot.when.end, zone)},
              {"practitioner_id", session.slot.practitioner_id},
              {"room_id", session.slot.room_id},
              {"on_preferred_slot", session.on_preferred_slot}};
}

// The planner's proposal as shown: each session in clinic time, the unplaced ones with why and
// their alternatives, the cost estimate and the recall after a complete course.
Json proposal_json(const clinic::Patient& patient, const planning::Protocol& protocol,
                   CalendarDate start, const planning::Preferences& preferences,
                   const std::optional<planning::Discount>& discount,
                   const planning::CoursePlan& plan, const ClinicZone& zone) {
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
  return Json{{"patient_id", patient.id},
              {"clinic_id", patient.clinic_id},
              {"time_zone", zone.name()},
              {"protocol", to_json(protocol)},
              {"start_date", format_iso_date(start)},
              {"preferences", to_json(preferences)},
              {"sessions", std::move(sessions)},
              {"unplaced", std::move(unplaced)},
              {"complete", complete},
              {"on_preferred_slot", preferred},
              {"cost_estimate", money_json(planning::estimate_cost(protocol, discount))},
              {"discount", documents::discount_json(discount)},
              {"recall", complete && !plan.sessions.empty()
                             ? recall_json(protocol, plan.sessions.back().slot.local_start.date)
                             : Json(nullptr)}};
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

  return handle(store, request, caller, store::TransactionMode::kWrite,
                [&](Work& work) -> Result<http::Response> {
                  auto patient =
                      find_visible_patient(work.tx, request.path_params.at("id"), caller);
                  if (!patient) return std::unexpected(patient.error());
                  auto decided = find_protocol(work.tx, *patient, members.optional("protocol_id"));
                  if (!decided) return std::unexpected(decided.error());
                  if (const auto* refusal = std::get_if<practice::Refusal>(&*decided)) {
                    return refusal_problem(*refusal);
                  }
                  const auto* protocol = &std::get<planning::Protocol>(*decided);
                  auto proposal = practice::propose_course(work.tx, *patient, *protocol, *start,
                                                           preferences, now());
                  if (!proposal) return std::unexpected(proposal.error());
                  work.audit("course.plan", "patient", patient->id, patient->id);
                  return json_reply(200, proposal_json(*patient, *protocol, *start, preferences,
                                                       discount, proposal->plan, proposal->zone));
                });
}

using practice::AgreedSession;

// How the patient agreed, as the request says it: the agreement is also the consent to the
// treatment, given by a parent or guardian for a minor.
struct Agreement {
  clinic::ConsentMethod method = clinic::ConsentMethod::kSignedForm;
  planning::Money cost_shown;
  std::optional<clinic::Guardian> guardian;
};

std::optional<Agreement> read_agreement(const Json* value, std::vector<FieldError>& errors) {
  if (!value || !value->is_object()) {
    errors.push_back({"/agreement",
                      "is required: a course is created only with the patient's agreement "
                      "({\"agreed\": true, \"method\", \"cost_shown\"})"});
    return std::nullopt;
  }
  Members members(*value, "/agreement", errors);
  members.refuse_unknown({"agreed", "method", "cost_shown", "guardian"});
  bool agreed = false;
  members.flag("agreed", agreed);
  if (value->contains("agreed") && (*value)["agreed"].is_boolean() && !agreed) {
    members.error("agreed", "must be true: without the patient's agreement there is no course");
  }
  Agreement agreement;
  if (const auto method = members.string("method", true)) {
    const auto parsed = clinic::parse_consent_method(*method);
    if (parsed && *parsed != clinic::ConsentMethod::kBeforeConsentRecords) {
      agreement.method = *parsed;
    } else {
      members.error("method", "must be one of signed_form, electronic_signature, verbal");
    }
  }
  if (const auto shown = money_from_json(members, "cost_shown", errors)) {
    agreement.cost_shown = *shown;
  } else if (!members.optional("cost_shown")) {
    members.error("cost_shown", "is required: the estimate the patient agreed to");
  }
  agreement.guardian = read_guardian(members, "guardian");
  return agreement;
}

std::vector<AgreedSession> read_sessions(const Json* value, std::vector<FieldError>& errors) {
  std::vector<AgreedSession> sessions;
  if (!value || !value->is_array() || value->empty() || value->size() > 20) {
    errors.push_back({"/sessions",
                      "is required: the sessions the patient agreed to, each with number, "
                      "starts and practitioner_id"});
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
    members.refuse_unknown({"number", "starts", "practitioner_id"});
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
      store, request, caller, "POST /api/v1/patients/{id}/courses",
      [&](Work& work) -> Result<http::Response> {
        auto patient = find_visible_patient(work.tx, request.path_params.at("id"), caller);
        if (!patient) return std::unexpected(patient.error());
        auto decided = find_protocol(work.tx, *patient, members.optional("protocol_id"));
        if (!decided) return std::unexpected(decided.error());
        if (const auto* refusal = std::get_if<practice::Refusal>(&*decided)) {
          return refusal_problem(*refusal);
        }
        const auto* protocol = &std::get<planning::Protocol>(*decided);
        const practice::CourseRequest course_request{.protocol = *protocol,
                                                     .preferences = preferences,
                                                     .discount = discount,
                                                     .sessions = sessions,
                                                     .agreement_method = agreement->method,
                                                     .cost_shown = agreement->cost_shown,
                                                     .guardian = agreement->guardian};
        auto started =
            practice::start_course(work.tx, *patient, course_request, caller.user->id, now());
        if (!started) return std::unexpected(started.error());
        const auto& course = started->course;
        work.audit("course.create", "course", course.id, patient->id);
        return json_reply(201, course_json(course, started->sessions, started->zone))
            .with_header("Location", "/api/v1/courses/" + course.id);
      });
}

// The courses to show: the one named by the path, or all of the patient's; kNotFound unless the
// patient is the caller's to see.
Result<std::pair<clinic::Patient, std::vector<store::StoredCourse>>> visible_courses(
    store::Transaction& tx, const std::string& id, const Caller& caller, bool one) {
  if (!one) {
    auto patient = find_visible_patient(tx, id, caller);
    if (!patient) return std::unexpected(patient.error());
    auto listed = tx.list_courses(patient->id);
    if (!listed) return std::unexpected(listed.error());
    return std::pair{std::move(*patient), std::move(*listed)};
  }
  auto found = find_visible_course(tx, id, caller);
  if (!found) return std::unexpected(found.error());
  auto& [course, patient] = *found;
  return std::pair{std::move(patient), std::vector{std::move(course)}};
}

// The courses (one, or all of a patient's) with their sessions, if the patient is visible.
http::Response read_courses(store::Store& store, const http::Request& request, const Caller& caller,
                            bool one) {
  const auto page = read_page_request(request);
  if (!page) return http::problem_from(page.error());
  return handle(store, request, caller, store::TransactionMode::kRead,
                [&](Work& work) -> Result<http::Response> {
                  auto found = visible_courses(work.tx, request.path_params.at("id"), caller, one);
                  if (!found) return std::unexpected(found.error());
                  const auto& [patient, courses] = *found;
                  auto clinic = find_clinic_in_zone(work.tx, patient.clinic_id);
                  if (!clinic) return std::unexpected(clinic.error());
                  Json items = Json::array();
                  for (const auto& course : courses) {
                    auto appointments = work.tx.list_course_appointments(course.id);
                    if (!appointments) return std::unexpected(appointments.error());
                    items.push_back(course_json(course, *appointments, clinic->zone));
                  }
                  if (one) {
                    work.audit("course.read", "course", courses[0].id, patient.id);
                    return json_reply(200, items[0]);
                  }
                  work.audit("course.list", "patient", patient.id, patient.id);
                  return json_reply(200, page_of(std::move(items), *page));
                });
}

}  // namespace

Result<std::pair<store::StoredCourse, clinic::Patient>> find_visible_course(store::Transaction& tx,
                                                                            const std::string& id,
                                                                            const Caller& caller) {
  auto course = tx.find_course(id);
  if (!course) return std::unexpected(course.error());
  if (!*course) return fail(ErrorCode::kNotFound, "No course with this id.");
  auto patient = find_visible_patient(tx, (*course)->patient_id, caller);
  if (!patient) return fail(ErrorCode::kNotFound, "No course with this id.");
  return std::pair{std::move(**course), std::move(*patient)};
}

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
