// Under /api/v1/patients/{id}: the versioned medical history and hair assessment, the
// suitability proposal made from them by the rules in force, and the practitioner's decisions
// (screened and recorded by practice/decisions.h). Every read and write of these records is
// audited in its own transaction.
#include "api/access.h"
#include "api/documents.h"
#include "api/handler.h"
#include "api/idempotency.h"
#include "api/json_body.h"
#include "api/paging.h"
#include "api/routes.h"
#include "core/text.h"
#include "practice/decisions.h"

namespace mesoclinic::api {
namespace {

constexpr std::string_view kHistory = "medical_history";
constexpr std::string_view kAssessment = "hair_assessment";

// How one kind of versioned record is read from a request and turned into its stored form.
struct RecordKind {
  std::string_view name;     // also the audit resource type
  std::string_view path;     // its segment under /api/v1/patients/{id}
  std::string_view missing;  // what to say when none is recorded yet
  Result<Json> (*canonical)(const Json& body);
};

Result<Json> canonical_history(const Json& body) {
  auto history = medical_history_from_json(body);
  if (!history) return std::unexpected(history.error());
  return to_json(*history);
}

Result<Json> canonical_assessment(const Json& body) {
  auto assessment = hair_assessment_from_json(body);
  if (!assessment) return std::unexpected(assessment.error());
  return to_json(*assessment);
}

const RecordKind kHistoryKind{kHistory, "medical-history",
                              "No medical history is recorded for this patient yet.",
                              &canonical_history};
const RecordKind kAssessmentKind{kAssessment, "hair-assessment",
                                 "No hair assessment is recorded for this patient yet.",
                                 &canonical_assessment};

// A new version of the record. Once one exists, If-Match must name the latest version, so two
// practitioners editing at once cannot overwrite each other unnoticed.
http::Response save_record(const RecordKind& kind, store::Store& store,
                           const http::Request& request, const Caller& caller) {
  auto body = parse_json_object(request);
  if (!body) return body.error();
  auto document = kind.canonical(*body);
  if (!document) return http::problem_from(document.error());
  return create_idempotently(
      store, request, caller, "POST " + request.route, [&](Work& work) -> Result<http::Response> {
        auto patient = find_visible_patient(work.tx, request.path_params.at("id"), caller);
        if (!patient) return std::unexpected(patient.error());
        auto latest =
            work.tx.find_clinical_record(patient->id, std::string(kind.name), std::nullopt);
        if (!latest) return std::unexpected(latest.error());
        if (*latest) {
          if (auto refused = check_if_match(request, (*latest)->version)) return *refused;
        }
        store::ClinicalRecord record{
            patient->id, std::string(kind.name), *latest ? (*latest)->version + 1 : 1,
            now(),       caller.user->id,        document->dump()};
        if (auto saved = work.tx.insert_clinical_record(record); !saved) {
          return std::unexpected(saved.error());
        }
        work.audit(std::string(kind.name) + ".create", std::string(kind.name),
                   std::to_string(record.version), patient->id);
        const std::string location = "/api/v1/patients/" + patient->id + "/" +
                                     std::string(kind.path) +
                                     "?version=" + std::to_string(record.version);
        return json_reply(201, to_json(record))
            .with_header("ETag", etag_for(record.version))
            .with_header("Location", location);
      });
}

// The latest version, or the one named by ?version=N.
http::Response read_record(const RecordKind& kind, store::Store& store,
                           const http::Request& request, const Caller& caller) {
  std::optional<std::int64_t> version;
  if (const auto given = request.query_param("version")) {
    version = whole_number(*given, 1);
    if (!version) {
      return http::problem_from(Error{ErrorCode::kInvalidInput,
                                      "Invalid query.",
                                      {{"/version", "must be a whole number from 1"}}});
    }
  }
  return handle(
      store, request, caller, store::TransactionMode::kRead,
      [&](Work& work) -> Result<http::Response> {
        auto patient = find_visible_patient(work.tx, request.path_params.at("id"), caller);
        if (!patient) return std::unexpected(patient.error());
        auto record = work.tx.find_clinical_record(patient->id, std::string(kind.name), version);
        if (!record) return std::unexpected(record.error());
        if (!*record) {
          return fail(ErrorCode::kNotFound,
                      version ? "This record has no version " + std::to_string(*version) + "."
                              : std::string(kind.missing));
        }
        work.audit(std::string(kind.name) + ".read", std::string(kind.name),
                   std::to_string((*record)->version), patient->id);
        return json_reply(200, to_json(**record)).with_header("ETag", etag_for((*record)->version));
      });
}

http::Response propose(store::Store& store, const http::Request& request, const Caller& caller) {
  auto body = parse_json_object(request);
  if (!body) return body.error();
  std::vector<FieldError> errors;
  Members members(*body, "", errors);
  members.refuse_unknown({"formulation_id"});
  const auto formulation_id = members.string("formulation_id", false, true);
  if (!errors.empty()) return http::problem_from(invalid(std::move(errors)).error());
  return handle(store, request, caller, store::TransactionMode::kWrite,
                [&](Work& work) -> Result<http::Response> {
                  auto patient =
                      find_visible_patient(work.tx, request.path_params.at("id"), caller);
                  if (!patient) return std::unexpected(patient.error());
                  auto screening = practice::screen(work.tx, *patient, formulation_id, now());
                  if (!screening) return std::unexpected(screening.error());
                  work.audit("suitability.propose", "patient", patient->id, patient->id);
                  return json_reply(200, practice::proposal_json(*screening));
                });
}

using practice::DecisionRequest;

Result<DecisionRequest> read_decision(const Json& body) {
  std::vector<FieldError> errors;
  Members members(body, "", errors);
  members.refuse_unknown(
      {"formulation_id", "rule_set_version", "medical_history_version", "hair_assessment_version",
       "outcome", "override_reason", "reassess", "reassess_on"},
      {"id", "decided_at", "decided_by", "proposed_outcome", "fired_rules"});
  DecisionRequest decision;
  decision.formulation_id = members.string("formulation_id", false, true);
  const auto outcome_name = members.string("outcome", true);
  decision.reason = members.note("override_reason", false, true);
  decision.reassess = members.note("reassess", false, true);
  if (const auto day = members.string("reassess_on", false, true)) {
    if (auto parsed = parse_iso_date(*day)) {
      decision.reassess_on = *parsed;
    } else {
      members.error("reassess_on", "must be a date written YYYY-MM-DD");
    }
  }
  // What the practitioner reviewed: the decision stands only on exactly those.
  for (const char* name :
       {"rule_set_version", "medical_history_version", "hair_assessment_version"}) {
    const auto found = body.find(name);
    if (found == body.end() || !found->is_number_integer()) {
      members.error(name, "is required: the version shown in the proposal you reviewed");
    } else {
      decision.reviewed[name] = found->get<std::int64_t>();
    }
  }
  const auto outcome = outcome_name ? clinic::parse_outcome(*outcome_name) : std::nullopt;
  if (outcome_name && !outcome) {
    members.error("outcome",
                  "must be one of suitable, guardian_consent, not_with_this_formulation, "
                  "not_now, consider_transplantation or refer_to_dermatologist");
  }
  const auto& reason = decision.reason;
  if (reason && (reason->empty() || code_point_count(*reason) > 2000)) {
    members.error("override_reason", "must be 1 to 2000 characters");
  }
  const auto& reassess = decision.reassess;
  if (reassess && (reassess->empty() || code_point_count(*reassess) > 500)) {
    members.error("reassess", "must be 1 to 500 characters");
  }
  if (!errors.empty()) return invalid(std::move(errors));
  decision.outcome = *outcome;
  return decision;
}

// The practitioner's decision: the proposal recomputed here (never taken from the client),
// the outcome chosen, and a reason whenever the choice differs from the proposal or the
// proposal leaves the decision to the practitioner.
http::Response decide(store::Store& store, const http::Request& request, const Caller& caller) {
  auto body = parse_json_object(request);
  if (!body) return body.error();
  auto decision = read_decision(*body);
  if (!decision) return http::problem_from(decision.error());
  // A retried POST with the same Idempotency-Key gets the first reply, not a second decision.
  return create_idempotently(
      store, request, caller, "POST /api/v1/patients/{id}/decisions",
      [&](Work& work) -> Result<http::Response> {
        auto patient = find_visible_patient(work.tx, request.path_params.at("id"), caller);
        if (!patient) return std::unexpected(patient.error());
        auto stored = practice::decide(work.tx, *patient, *decision, caller.user->id, now());
        if (!stored) return std::unexpected(stored.error());
        work.audit("decision.create", "decision", stored->id, patient->id);
        return json_reply(201, to_json(*stored))
            .with_header("Location", "/api/v1/patients/" + patient->id + "/decisions");
      });
}

http::Response list_decisions(store::Store& store, const http::Request& request,
                              const Caller& caller) {
  return patient_list(store, request, caller, "decision.list",
                      [](Work& work, const clinic::Patient& patient) -> Result<Json> {
                        auto decisions = work.tx.list_decisions(patient.id);
                        if (!decisions) return std::unexpected(decisions.error());
                        Json items = Json::array();
                        for (const auto& decision : *decisions) items.push_back(to_json(decision));
                        return items;
                      });
}

}  // namespace

void add_assessment_routes(http::Router& router, const Gate& gate,
                           const http::RouteOptions& limits) {
  store::Store& store = gate.store();
  const std::string patient = "/api/v1/patients/{id}";
  const auto bind_kind = [&store](const RecordKind& kind, auto handler) {
    return [&store, &kind, handler](const http::Request& r, const Caller& c) {
      return handler(kind, store, r, c);
    };
  };
  gate.add(router, "POST", patient + "/medical-history", bind_kind(kHistoryKind, save_record),
           limits);
  gate.add(router, "GET", patient + "/medical-history", bind_kind(kHistoryKind, read_record),
           limits);
  gate.add(router, "POST", patient + "/hair-assessment", bind_kind(kAssessmentKind, save_record),
           limits);
  gate.add(router, "GET", patient + "/hair-assessment", bind_kind(kAssessmentKind, read_record),
           limits);
  gate.add(router, "POST", patient + "/suitability", with_store(store, propose), limits);
  gate.add(router, "POST", patient + "/decisions", with_store(store, decide), limits);
  gate.add(router, "GET", patient + "/decisions", with_store(store, list_decisions), limits);
}

}  // namespace mesoclinic::api
