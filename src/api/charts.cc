// /api/v1/appointments/{id}/chart: the session charted in the chair (DOMAIN.md step 5), signed
// by the practitioner, corrected only by new signed versions (src/practice/charting.h does the
// work); the aftercare plan a signature issues, everyone who received a lot, and a clinic's
// aftercare rules.
#include <set>

#include "api/api.h"
#include "api/documents.h"
#include "api/handler.h"
#include "api/idempotency.h"
#include "api/paging.h"
#include "api/routes.h"
#include "api/scheduling.h"
#include "api/settings.h"
#include "core/text.h"
#include "documents/settings.h"
#include "practice/charting.h"

namespace mesoclinic::api {
namespace {

using store::TransactionMode;

// A chart version's entity tag: its number and when it was last saved, since a draft is saved
// again and again under one number until it is signed.
std::string chart_etag(const store::StoredChart& chart) {
  // Appended piece by piece: GCC 12's -Wrestrict misreads a literal + std::string&& at -O2.
  std::string tag = "\"";
  tag += std::to_string(chart.version);
  tag += '.';
  tag += std::to_string(to_unix_micros(chart.recorded_at));
  tag += '"';
  return tag;
}

http::Response read_chart(store::Store& store, const http::Request& request, const Caller& caller) {
  std::optional<std::int64_t> version;
  if (const auto text = request.query_param("version")) {
    version = whole_number(*text, 1);
    if (!version) {
      return http::problem_from(invalid({{"/version", "must be a whole number from 1"}}).error());
    }
  }
  return handle(
      store, request, caller, TransactionMode::kRead, [&](Work& work) -> Result<http::Response> {
        auto found = find_visible_appointment(work.tx, request.path_params.at("id"), caller);
        if (!found) return std::unexpected(found.error());
        auto chart = work.tx.find_chart(found->first.id, version);
        if (!chart) return std::unexpected(chart.error());
        if (!*chart) {
          return fail(ErrorCode::kNotFound, "No chart (of that version) for this session.");
        }
        work.audit("chart.read", "appointment", found->first.id, found->second.id);
        return json_reply(200, chart_json(**chart)).with_header("ETag", chart_etag(**chart));
      });
}

// PUT: the draft, created or replaced whole. Replacing a draft needs If-Match with the ETag last
// read (a second tablet on the same chart cannot overwrite it unnoticed); the first draft needs
// none. A signed chart never changes here.
http::Response save_draft(store::Store& store, const http::Request& request, const Caller& caller) {
  return handle(
      store, request, caller, TransactionMode::kWrite, [&](Work& work) -> Result<http::Response> {
        auto found = find_visible_appointment(work.tx, request.path_params.at("id"), caller);
        if (!found) return std::unexpected(found.error());
        const auto& [appointment, patient] = *found;
        auto latest = work.tx.find_chart(appointment.id, std::nullopt);
        if (!latest) return std::unexpected(latest.error());
        if (*latest && !(*latest)->signed_at) {
          if (auto refused = check_if_match_tag(request, chart_etag(**latest))) return *refused;
        }
        auto body = parse_json_object(request);
        if (!body) return body.error();
        auto chart = chart_from_json(*body);
        if (!chart) return std::unexpected(chart.error());
        auto saved = practice::save_draft_chart(work.tx, appointment, patient, *chart,
                                                caller.user->id, now());
        if (!saved) return std::unexpected(saved.error());
        work.audit("chart.draft", "appointment", appointment.id, patient.id);
        return json_reply(200, chart_json(*saved)).with_header("ETag", chart_etag(*saved));
      });
}

// The aftercare plan issued for a session, with the patient's next session checked against
// its healing period.
Result<Json> aftercare_reply(store::Transaction& tx, const store::Appointment& appointment,
                             const std::string& plan_document) {
  Json reply = Json::parse(plan_document);
  auto clinic = find_clinic_in_zone(tx, appointment.clinic_id);
  if (!clinic) return std::unexpected(clinic.error());
  auto plan = aftercare_plan_from_json(reply);
  if (!plan) return std::unexpected(plan.error());
  auto next = practice::next_session_after(tx, appointment, *plan);
  if (!next) return std::unexpected(next.error());
  reply["next_session"] = nullptr;
  reply["next_session_conflict"] = nullptr;
  if (*next) {
    reply["next_session"] = to_json((*next)->appointment, clinic->zone);
    if ((*next)->before_healed) {
      reply["next_session_conflict"] = "the next session starts before the healing period ends (" +
                                       reply["healed_at"]["local"].get<std::string>() +
                                       "); move it later";
    }
  }
  reply["appointment_id"] = appointment.id;
  reply["patient_id"] = appointment.patient_id;
  return reply;
}

// The optional body of a signature: {"override_reason"} to sign despite conflicts at the chair.
// No body at all is a plain signature.
std::expected<std::optional<std::string>, http::Response> read_override(
    const http::Request& request) {
  if (request.body.empty()) return std::nullopt;
  auto body = parse_json_object(request);
  if (!body) return std::unexpected(body.error());
  std::vector<FieldError> errors;
  Members members(*body, "", errors);
  members.refuse_unknown({"override_reason"});
  auto reason = members.note("override_reason", false, true);
  if (reason && (reason->find_first_not_of(" \t\r\n") == std::string::npos ||
                 code_point_count(*reason) > 2000)) {
    members.error("override_reason",
                  "must say why the conflict is overridden (1 to 2000 characters)");
  }
  if (!errors.empty())
    return std::unexpected(http::problem_from(invalid(std::move(errors)).error()));
  return reason;
}

// The refusal of a signature for conflicts at the chair: its own problem type, each conflict
// named (rule, lot, formulation, ingredient or decision) so the practitioner sees what to take
// away or what to override.
http::Response refused_at_chair(const practice::RefusedAtChair& refused) {
  Json conflicts = Json::array();
  for (const auto& conflict : refused.conflicts) conflicts.push_back(to_json(conflict));
  return problem_with(409, "Safety conflict",
                      "The chart was not signed: a lot conflicts with the patient's allergies or "
                      "suitability decision. Change the lots, or sign with an override_reason.",
                      {{"conflicts", std::move(conflicts)}});
}

// The refusal of a signature for a session after the course's treatment consent was
// withdrawn: no override can lift it, so the consent withdrawn is named and nothing else.
http::Response consent_withdrawn(const practice::ConsentWithdrawn& withdrawn) {
  return problem_with(409, "Consent withdrawn",
                      "The chart was not signed: the treatment consent for this course was "
                      "withdrawn on " +
                          format_rfc3339(withdrawn.consent.withdrawal->withdrawn_at) +
                          ", before this session began.",
                      {{"consent_id", withdrawn.consent.id}});
}

// POST .../signature: the draft signed, and everything that follows from it.
http::Response sign(store::Store& store, const http::Request& request, const Caller& caller) {
  auto override_reason = read_override(request);
  if (!override_reason) return override_reason.error();
  return handle(
      store, request, caller, TransactionMode::kWrite, [&](Work& work) -> Result<http::Response> {
        auto found = find_visible_appointment(work.tx, request.path_params.at("id"), caller);
        if (!found) return std::unexpected(found.error());
        const auto& [appointment, patient] = *found;
        auto signature = practice::sign_chart(work.tx, appointment, patient, *override_reason,
                                              caller.user->id, now());
        if (!signature) return std::unexpected(signature.error());
        if (const auto* refused = std::get_if<practice::RefusedAtChair>(&*signature)) {
          return refused_at_chair(*refused);
        }
        if (const auto* withdrawn = std::get_if<practice::ConsentWithdrawn>(&*signature)) {
          return consent_withdrawn(*withdrawn);
        }
        const auto& signed_session = std::get<practice::SignedSession>(*signature);
        work.audit("chart.sign", "appointment", appointment.id, patient.id);
        if (*override_reason) {
          work.audit("chart.sign_override", "appointment", appointment.id, patient.id);
        }
        auto aftercare = aftercare_reply(work.tx, appointment, signed_session.aftercare_document);
        if (!aftercare) return std::unexpected(aftercare.error());
        return json_reply(200, Json{{"chart", chart_json(signed_session.chart)},
                                    {"aftercare", std::move(*aftercare)}});
      });
}

// POST .../corrections: a new signed version with its reason; stock follows the difference.
// With an Idempotency-Key a retried correction replays the first reply and adds nothing.
http::Response correct(store::Store& store, const http::Request& request, const Caller& caller) {
  auto body = parse_json_object(request);
  if (!body) return body.error();
  std::vector<FieldError> errors;
  Members members(*body, "", errors);
  members.refuse_unknown({"reason", "chart"});
  const auto reason = members.note("reason", true);
  if (reason && (reason->empty() || code_point_count(*reason) > 2000)) {
    members.error("reason", "must say why (1 to 2000 characters)");
  }
  if (!body->contains("chart") || !(*body)["chart"].is_object()) {
    members.error("chart", "is required: the corrected chart, whole");
  }
  if (!errors.empty()) return http::problem_from(invalid(std::move(errors)).error());
  auto chart = chart_from_json((*body)["chart"]);
  if (!chart) {
    Error error = chart.error();
    for (auto& field : error.fields) field.field = "/chart" + field.field;
    return http::problem_from(error);
  }
  return create_idempotently(
      store, request, caller, "POST /api/v1/appointments/{id}/chart/corrections",
      [&](Work& work) -> Result<http::Response> {
        auto found = find_visible_appointment(work.tx, request.path_params.at("id"), caller);
        if (!found) return std::unexpected(found.error());
        const auto& [appointment, patient] = *found;
        auto version = practice::correct_chart(work.tx, appointment, patient, *chart, *reason,
                                               caller.user->id, now());
        if (!version) return std::unexpected(version.error());
        work.audit("chart.correct", "appointment", appointment.id, patient.id);
        return json_reply(201, chart_json(*version));
      });
}

http::Response read_aftercare(store::Store& store, const http::Request& request,
                              const Caller& caller) {
  return handle(
      store, request, caller, TransactionMode::kRead, [&](Work& work) -> Result<http::Response> {
        auto found = find_visible_appointment(work.tx, request.path_params.at("id"), caller);
        if (!found) return std::unexpected(found.error());
        auto document = work.tx.find_aftercare_plan(found->first.id);
        if (!document) return std::unexpected(document.error());
        if (!*document) {
          return fail(ErrorCode::kNotFound, "No aftercare plan: the session is not signed yet.");
        }
        auto reply = aftercare_reply(work.tx, found->first, **document);
        if (!reply) return std::unexpected(reply.error());
        work.audit("aftercare.read", "appointment", found->first.id, found->second.id);
        return json_reply(200, *reply);
      });
}

// Everyone who received a lot: one indexed query, for a recall.
http::Response lot_recipients(store::Store& store, const http::Request& request,
                              const Caller& caller) {
  const auto page = read_page_request(request);
  if (!page) return http::problem_from(page.error());
  return handle(store, request, caller, TransactionMode::kRead,
                [&](Work& work) -> Result<http::Response> {
                  auto lot = work.tx.find_lot(request.path_params.at("id"));
                  if (!lot) return std::unexpected(lot.error());
                  if (!*lot || !caller.sees_clinic((*lot)->clinic_id)) {
                    return fail(ErrorCode::kNotFound, "No lot with this id.");
                  }
                  auto recipients = work.tx.list_lot_recipients((*lot)->id);
                  if (!recipients) return std::unexpected(recipients.error());
                  Json items = Json::array();
                  std::set<std::string> audited_patients;
                  for (const auto& recipient : *recipients) {
                    items.push_back({{"patient_id", recipient.patient_id},
                                     {"appointment_id", recipient.appointment_id},
                                     {"vials", recipient.vials},
                                     {"used_at", format_rfc3339(recipient.used_at)}});
                    if (audited_patients.insert(recipient.patient_id).second) {
                      work.audit("lot.recipients", "lot", (*lot)->id, recipient.patient_id);
                    }
                  }
                  work.audit("lot.recipients", "lot", (*lot)->id);
                  // A lot reaches a patient once per session, so the session names the item.
                  Json reply = page_of(std::move(items), *page, "appointment_id");
                  reply["lot_id"] = (*lot)->id;
                  reply["number"] = (*lot)->number;
                  reply["recalled"] = (*lot)->recalled;
                  return json_reply(200, reply);
                });
}

http::Response read_aftercare_rules(store::Store& store, const http::Request& request,
                                    const Caller& caller) {
  const std::string& clinic_id = request.path_params.at("id");
  if (!caller.sees_clinic(clinic_id))
    return http::problem(404, "Not found", "No clinic with this id.");
  return handle(
      store, request, caller, TransactionMode::kRead, [&](Work& work) -> Result<http::Response> {
        auto rules = practice::load_aftercare_rules(work.tx, clinic_id);
        if (!rules) return std::unexpected(rules.error());
        return setting_reply(work.tx, clinic_id, std::string(documents::kAftercareSettingName),
                             json_reply(200, aftercare_rules_json(*rules)));
      });
}

http::Response replace_aftercare_rules(store::Store& store, const http::Request& request,
                                       const Caller& caller) {
  const std::string& clinic_id = request.path_params.at("id");
  if (!caller.sees_clinic(clinic_id))
    return http::problem(404, "Not found", "No clinic with this id.");
  const std::string name(documents::kAftercareSettingName);
  return handle(
      store, request, caller, TransactionMode::kWrite, [&](Work& work) -> Result<http::Response> {
        auto replaced = replace_setting(
            work.tx, request, clinic_id, name, [](const Json& body) -> Result<SettingEdit> {
              auto rules = aftercare_rules_from_json(body);
              if (!rules) return std::unexpected(rules.error());
              return SettingEdit{documents::aftercare_rules_document(*rules),
                                 aftercare_rules_json(*rules)};
            });
        if (replaced && replaced->status == 200) {
          work.audit("aftercare_rules.replace", "clinic", clinic_id);
        }
        return replaced;
      });
}

}  // namespace

void add_chart_routes(http::Router& router, const Gate& gate, const http::RouteOptions& limits) {
  store::Store& store = gate.store();
  const std::string chart = "/api/v1/appointments/{id}/chart";
  gate.add(router, "GET", chart, with_store(store, read_chart), limits);
  gate.add(router, "PUT", chart, with_store(store, save_draft), limits);
  gate.add(router, "POST", chart + "/signature", with_store(store, sign), limits);
  gate.add(router, "POST", chart + "/corrections", with_store(store, correct), limits);
  gate.add(router, "GET", "/api/v1/appointments/{id}/aftercare", with_store(store, read_aftercare),
           limits);
  gate.add(router, "GET", "/api/v1/lots/{id}/recipients", with_store(store, lot_recipients),
           limits);
  gate.add(router, "GET", "/api/v1/clinics/{id}/aftercare-rules",
           with_store(store, read_aftercare_rules), limits);
  gate.add(router, "PUT", "/api/v1/clinics/{id}/aftercare-rules",
           with_store(store, replace_aftercare_rules), limits);
}

}  // namespace mesoclinic::api
