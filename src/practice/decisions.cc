#include "practice/decisions.h"

#include "core/ids.h"
#include "documents/clinical_json.h"
#include "documents/course.h"
#include "practice/clinic_context.h"
#include "practice/retirement.h"
#include "practice/worklist.h"

namespace mesoclinic::practice {
namespace {

using documents::Json;

constexpr std::string_view kHistory = "medical_history";
constexpr std::string_view kAssessment = "hair_assessment";

Json fact_value(const std::string& name, double value) {
  for (const auto& fact : clinic::fact_catalogue()) {
    if (fact.name == name && fact.kind == clinic::FactKind::kFlag) return Json(value != 0);
  }
  return Json(value);
}

// The stored decision document: the proposal it was made on, and what was chosen.
Json decision_document(const Screening& screening, const DecisionRequest& decision,
                       const clinic::DecisionTerms& terms) {
  Json document = proposal_json(screening);
  document["outcome"] = clinic::to_string(decision.outcome);
  document["overridden"] = terms.overridden;
  document["override_reason"] = decision.reason ? Json(*decision.reason) : Json(nullptr);
  document["reassess"] = decision.reassess ? Json(*decision.reassess) : Json(nullptr);
  document["reassess_on"] =
      decision.reassess_on ? Json(format_iso_date(*decision.reassess_on)) : Json(nullptr);
  document["requires_guardian_consent"] = terms.requires_guardian_consent;
  return document;
}

}  // namespace

Result<Screening> screen(store::Transaction& tx, const clinic::Patient& patient,
                         const std::optional<std::string>& formulation_id, Instant at) {
  Screening screening;
  auto history = tx.find_clinical_record(patient.id, std::string(kHistory), std::nullopt);
  if (!history) return std::unexpected(history.error());
  auto assessment = tx.find_clinical_record(patient.id, std::string(kAssessment), std::nullopt);
  if (!assessment) return std::unexpected(assessment.error());
  if (!*history || !*assessment) {
    return fail(ErrorCode::kConflict,
                "Record the medical history and the hair assessment before screening.");
  }
  std::optional<clinic::Formulation> formulation;
  if (formulation_id) {
    // Decisions made earlier keep theirs; a new screening needs a formulation in service.
    auto found = formulation_for_new_work(tx, *formulation_id, "/formulation_id");
    if (!found) return std::unexpected(found.error());
    formulation = std::move(*found);
  }
  auto rule_set = tx.find_rule_set(std::nullopt);
  if (!rule_set) return std::unexpected(rule_set.error());
  if (!*rule_set) return fail(ErrorCode::kUnavailable, "no contraindication rules are loaded");
  auto rules = clinic::parse_rule_set((*rule_set)->source);
  auto recorded_history = documents::medical_history_from_json(Json::parse((*history)->body));
  auto recorded_assessment = documents::hair_assessment_from_json(Json::parse((*assessment)->body));
  if (!rules || !recorded_history || !recorded_assessment) {
    return fail(ErrorCode::kInternal,
                "a stored record or rule set of patient " + patient.id + " no longer parses");
  }
  // The patient's age is counted on the UTC date; clinic time zones arrive with planning.
  const clinic::Facts facts = clinic::gather_facts(
      patient.details.date_of_birth, utc_date(at), *recorded_history, *recorded_assessment,
      formulation ? &*formulation : nullptr, &screening.allergens);
  screening.proposal = clinic::evaluate(*rules, facts);
  screening.history_version = (*history)->version;
  screening.assessment_version = (*assessment)->version;
  screening.rule_set = std::move(**rule_set);
  screening.formulation_id = formulation_id;
  return screening;
}

Json proposal_json(const Screening& screening) {
  Json fired = Json::array();
  for (const auto& rule : screening.proposal.fired) {
    Json facts = Json::object();
    for (const auto& [name, value] : rule.facts) facts[name] = fact_value(name, value);
    fired.push_back({{"rule_id", rule.rule_id},
                     {"outcome", clinic::to_string(rule.outcome)},
                     {"when", rule.when},
                     {"explanation", rule.explanation},
                     {"facts", std::move(facts)}});
  }
  return Json{
      {"proposed_outcome", clinic::to_string(screening.proposal.outcome)},
      {"fired_rules", std::move(fired)},
      {"allergens", screening.allergens},
      {"formulation_id",
       screening.formulation_id ? Json(*screening.formulation_id) : Json(nullptr)},
      {"medical_history_version", screening.history_version},
      {"hair_assessment_version", screening.assessment_version},
      {"rule_set", {{"version", screening.rule_set.version}, {"name", screening.rule_set.name}}}};
}

Result<store::StoredDecision> decide(store::Transaction& tx, const clinic::Patient& patient,
                                     const DecisionRequest& request, const std::string& user_id,
                                     Instant at) {
  auto screening = screen(tx, patient, request.formulation_id, at);
  if (!screening) return std::unexpected(screening.error());
  const std::map<std::string, std::int64_t> current = {
      {"rule_set_version", screening->rule_set.version},
      {"medical_history_version", screening->history_version},
      {"hair_assessment_version", screening->assessment_version}};
  for (const auto& [name, version] : current) {
    const auto reviewed = request.reviewed.find(name);
    if (reviewed == request.reviewed.end() || reviewed->second != version) {
      return fail(ErrorCode::kConflict, name + " is now " + std::to_string(version) +
                                            "; review the new proposal before deciding.");
    }
  }
  // The day of the decision is the clinic's: a re-assessment day is never before it.
  auto site = find_clinic_in_zone(tx, patient.clinic_id);
  if (!site) return std::unexpected(site.error());
  const CalendarDate today = site->zone.to_local(at).date;
  auto terms = clinic::check_decision(screening->proposal, request.outcome,
                                      request.reason.has_value(), request.reassess_on, today);
  if (!terms) return std::unexpected(terms.error());
  const store::StoredDecision stored{new_id(),
                                     patient.id,
                                     at,
                                     user_id,
                                     screening->rule_set.version,
                                     decision_document(*screening, request, *terms).dump()};
  if (auto saved = tx.insert_decision(stored); !saved) return std::unexpected(saved.error());
  auto on_record = documents::decision_from_document(stored.body);
  if (!on_record) return std::unexpected(on_record.error());
  if (auto planned = plan_reassessment(tx, patient, stored.id, *on_record, today, at); !planned) {
    return std::unexpected(planned.error());
  }
  return stored;
}

}  // namespace mesoclinic::practice
