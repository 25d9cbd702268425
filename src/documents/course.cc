#include "documents/course.h"

#include "documents/clinical_json.h"
#include "documents/json_reader.h"
#include "documents/planning_json.h"

namespace mesoclinic::documents {

std::string course_document(const CourseTerms& terms) {
  const CourseAgreement& agreement = terms.agreement;
  const Json document{{"protocol", to_json(terms.protocol)},
                      {"preferences", to_json(terms.preferences)},
                      {"discount", discount_json(terms.discount)},
                      {"cost_estimate", money_json(terms.cost_estimate)},
                      {"agreement",
                       {{"agreed", true},
                        {"method", agreement.method},
                        {"cost_shown", money_json(agreement.cost_shown)},
                        {"guardian_consent", agreement.guardian_consent},
                        {"recorded_at", format_rfc3339(agreement.recorded_at)},
                        {"recorded_by", agreement.recorded_by}}}};
  return document.dump();
}

Result<AgreedCourse> agreed_course_from_document(const std::string& course_id,
                                                 const std::string& protocol_id,
                                                 const std::string& body) {
  const Json document = Json::parse(body);
  // The protocol is stored as shown, with what is derived; it decodes as it was given.
  auto protocol = agreed_protocol_from_json(without_derived_members(document.at("protocol")));
  std::vector<FieldError> errors;
  auto preferences = preferences_from_json(&document.at("preferences"), "/preferences", errors);
  if (!protocol || !errors.empty()) {
    return fail(ErrorCode::kInternal, "stored course " + course_id + " is invalid");
  }
  protocol->id = protocol_id;
  return AgreedCourse{std::move(*protocol), std::move(preferences)};
}

Result<clinic::DecisionOnRecord> decision_from_document(const std::string& body) {
  const Json document = Json::parse(body);
  const auto outcome = clinic::parse_outcome(document.value("outcome", ""));
  if (!outcome) return fail(ErrorCode::kInternal, "a stored decision has no outcome");
  const auto version = [](const Json& holder, const char* name) -> std::int64_t {
    const auto found = holder.find(name);
    return found != holder.end() && found->is_number_integer() ? found->get<std::int64_t>() : 0;
  };
  const auto rule_set = document.find("rule_set");
  clinic::DecisionOnRecord decision{
      .outcome = *outcome,
      .formulation_id = std::nullopt,
      .requires_guardian_consent = document.value("requires_guardian_consent", false),
      .screened = {.medical_history = version(document, "medical_history_version"),
                   .hair_assessment = version(document, "hair_assessment_version"),
                   .rule_set = rule_set != document.end() && rule_set->is_object()
                                   ? version(*rule_set, "version")
                                   : 0},
      .reassess_on = std::nullopt};
  if (document.contains("formulation_id") && document["formulation_id"].is_string()) {
    decision.formulation_id = document["formulation_id"].get<std::string>();
  }
  // Decisions recorded before re-assessment days were kept have none.
  if (const auto day = document.find("reassess_on"); day != document.end() && day->is_string()) {
    auto parsed = parse_iso_date(day->get<std::string>());
    if (!parsed) return fail(ErrorCode::kInternal, "a stored decision has a malformed reassess_on");
    decision.reassess_on = *parsed;
  }
  return decision;
}

}  // namespace mesoclinic::documents
