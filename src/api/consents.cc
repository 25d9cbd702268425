// /api/v1/patients/{id}/consents: the patient's consents to photos and to being contacted
// recorded and withdrawn, and every consent listed, treatment consents (recorded with a
// course's agreement) included. See clinic/consent.h for what each allows.
#include "api/consents.h"

#include "api/handler.h"
#include "api/idempotency.h"
#include "api/paging.h"
#include "api/routes.h"
#include "practice/consents.h"

namespace mesoclinic::api {
namespace {

using clinic::Consent;

constexpr std::string_view kCollection = "/api/v1/patients/{id}/consents";

std::string consent_path(const Consent& consent) {
  return "/api/v1/patients/" + consent.patient_id + "/consents/" + consent.id;
}

// An instant member that must not be in the future; nullopt if absent or refused.
std::optional<Instant> read_past_instant(Members& members, std::string_view member) {
  const auto given = members.string(member, false, true);
  if (!given) return std::nullopt;
  auto parsed = parse_rfc3339(*given);
  if (!parsed) {
    members.error(member, "must be an RFC 3339 time with its offset, e.g. 2026-12-01T10:30:00Z");
    return std::nullopt;
  }
  return *parsed;
}

Result<practice::ConsentRequest> read_consent_request(const Json& body) {
  std::vector<FieldError> errors;
  Members members(body, "", errors);
  members.refuse_unknown({"kind", "method", "given_at", "guardian"});
  practice::ConsentRequest request;
  if (const auto kind = members.string("kind", true)) {
    if (const auto parsed = clinic::parse_consent_kind(*kind)) {
      request.kind = *parsed;
    } else {
      members.error("kind", "must be one of photos, contact");
    }
  }
  if (const auto method = members.string("method", true)) {
    if (const auto parsed = clinic::parse_consent_method(*method)) {
      request.method = *parsed;
    } else {
      members.error("method", "must be one of signed_form, electronic_signature, verbal");
    }
  }
  request.given_at = read_past_instant(members, "given_at");
  request.guardian = read_guardian(members, "guardian");
  if (!errors.empty()) return invalid(std::move(errors));
  return request;
}

Result<clinic::Withdrawal> read_withdrawal(const Json& body, const std::string& user_id,
                                           Instant now) {
  std::vector<FieldError> errors;
  Members members(body, "", errors);
  members.refuse_unknown({"withdrawn_at", "note"});
  clinic::Withdrawal withdrawal{
      .withdrawn_at = now, .recorded_at = now, .recorded_by = user_id, .note = {}};
  if (const auto at = read_past_instant(members, "withdrawn_at")) withdrawal.withdrawn_at = *at;
  if (const auto note = members.note("note", false, true, clinic::kMaxWithdrawalNoteLength)) {
    withdrawal.note = *note;
  }
  if (!errors.empty()) return invalid(std::move(errors));
  return withdrawal;
}

http::Response record(store::Store& store, const http::Request& request, const Caller& caller) {
  auto body = parse_json_object(request);
  if (!body) return body.error();
  auto consent_request = read_consent_request(*body);
  if (!consent_request) return http::problem_from(consent_request.error());
  return create_idempotently(
      store, request, caller, "POST " + std::string(kCollection),
      [&](Work& work) -> Result<http::Response> {
        auto patient = find_visible_patient(work.tx, request.path_params.at("id"), caller);
        if (!patient) return std::unexpected(patient.error());
        const Instant at = now();
        auto consent =
            practice::record_consent(work.tx, *patient, *consent_request, caller.user->id, at);
        if (!consent) return std::unexpected(consent.error());
        work.audit("consent.record", "consent", consent->id, patient->id);
        return json_reply(201, consent_json(*consent, at))
            .with_header("Location", consent_path(*consent));
      });
}

http::Response list(store::Store& store, const http::Request& request, const Caller& caller) {
  return patient_list(store, request, caller, "consent.list",
                      [](Work& work, const clinic::Patient& patient) -> Result<Json> {
                        auto listed = work.tx.list_consents(patient.id);
                        if (!listed) return std::unexpected(listed.error());
                        const Instant at = now();
                        Json items = Json::array();
                        for (const auto& consent : *listed) {
                          items.push_back(consent_json(consent, at));
                        }
                        return items;
                      });
}

http::Response read(store::Store& store, const http::Request& request, const Caller& caller) {
  return handle(store, request, caller, store::TransactionMode::kRead,
                [&](Work& work) -> Result<http::Response> {
                  auto patient =
                      find_visible_patient(work.tx, request.path_params.at("id"), caller);
                  if (!patient) return std::unexpected(patient.error());
                  auto consent = work.tx.find_consent(request.path_params.at("consent_id"));
                  if (!consent) return std::unexpected(consent.error());
                  if (!*consent || (*consent)->patient_id != patient->id) {
                    return fail(ErrorCode::kNotFound, "The patient has no consent with this id.");
                  }
                  work.audit("consent.read", "consent", (*consent)->id, patient->id);
                  return json_reply(200, consent_json(**consent, now()));
                });
}

// The refusal of a second withdrawal: its own problem type, as the consent stands withdrawn.
http::Response withdrawn_already(const Error& error) {
  return http::problem(409, "Consent already withdrawn", error.message);
}

http::Response withdraw(store::Store& store, const http::Request& request, const Caller& caller) {
  auto body = parse_json_object(request);
  if (!body) return body.error();
  const Instant at = now();
  auto withdrawal = read_withdrawal(*body, caller.user->id, at);
  if (!withdrawal) return http::problem_from(withdrawal.error());
  return handle(store, request, caller, store::TransactionMode::kWrite,
                [&](Work& work) -> Result<http::Response> {
                  auto patient =
                      find_visible_patient(work.tx, request.path_params.at("id"), caller);
                  if (!patient) return std::unexpected(patient.error());
                  auto withdrawn = practice::withdraw_consent(
                      work.tx, *patient, request.path_params.at("consent_id"), *withdrawal, at);
                  if (!withdrawn) {
                    if (withdrawn.error().code == ErrorCode::kConflict) {
                      return withdrawn_already(withdrawn.error());
                    }
                    return std::unexpected(withdrawn.error());
                  }
                  work.audit("consent.withdraw", "consent", withdrawn->id, patient->id);
                  return json_reply(200, consent_json(*withdrawn, at));
                });
}

}  // namespace

std::optional<clinic::Guardian> read_guardian(Members& members, std::string_view member) {
  const Json* value = members.optional(member);
  if (!value) return std::nullopt;
  if (!value->is_object()) {
    members.error(member, "must be an object with name and relationship");
    return std::nullopt;
  }
  std::vector<FieldError> errors;
  Members guardian(*value, "", errors);
  guardian.refuse_unknown({"name", "relationship"});
  const auto name = guardian.name("name", true, false, clinic::kMaxGuardianNameLength);
  const auto relationship =
      guardian.name("relationship", true, false, clinic::kMaxRelationshipLength);
  for (auto& error : errors) members.error(std::string(member) + error.field, error.message);
  if (!errors.empty() || !name || !relationship) return std::nullopt;
  return clinic::Guardian{*name, *relationship};
}

Json consent_json(const Consent& consent, Instant at) {
  Json json{{"id", consent.id},
            {"patient_id", consent.patient_id},
            {"kind", clinic::to_string(consent.kind)},
            {"course_id", consent.course_id ? Json(*consent.course_id) : Json(nullptr)},
            {"method", clinic::to_string(consent.method)},
            {"given_at", format_rfc3339(consent.given_at)},
            {"recorded_at", format_rfc3339(consent.recorded_at)},
            {"recorded_by", consent.recorded_by},
            {"guardian", nullptr},
            {"withdrawal", nullptr},
            {"in_force", clinic::in_force(consent, at)}};
  if (consent.guardian) {
    json["guardian"] = {{"name", consent.guardian->name},
                        {"relationship", consent.guardian->relationship}};
  }
  if (const auto& withdrawal = consent.withdrawal) {
    json["withdrawal"] = {{"withdrawn_at", format_rfc3339(withdrawal->withdrawn_at)},
                          {"recorded_at", format_rfc3339(withdrawal->recorded_at)},
                          {"recorded_by", withdrawal->recorded_by},
                          {"note", withdrawal->note}};
  }
  return json;
}

void add_consent_routes(http::Router& router, const Gate& gate, const http::RouteOptions& limits) {
  store::Store& store = gate.store();
  const std::string collection(kCollection);
  gate.add(router, "POST", collection, with_store(store, record), limits);
  gate.add(router, "GET", collection, with_store(store, list), limits);
  gate.add(router, "GET", collection + "/{consent_id}", with_store(store, read), limits);
  gate.add(router, "POST", collection + "/{consent_id}/withdrawal", with_store(store, withdraw),
           limits);
}

}  // namespace mesoclinic::api
