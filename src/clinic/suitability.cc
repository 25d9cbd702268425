#include "clinic/suitability.h"

#include <toml++/toml.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>
#include <variant>

#include "clinic/chair_safety.h"
#include "clinic/names.h"
#include "clinic/patient.h"
#include "core/text.h"

namespace mesoclinic::clinic {
namespace {

constexpr NameTable<Outcome, 7> kOutcomes = {{
    {Outcome::kSuitable, "suitable"},
    {Outcome::kGuardianConsent, "guardian_consent"},
    {Outcome::kPractitionerDecision, "practitioner_decision"},
    {Outcome::kNotWithThisFormulation, "not_with_this_formulation"},
    {Outcome::kNotNow, "not_now"},
    {Outcome::kConsiderTransplantation, "consider_transplantation"},
    {Outcome::kReferToDermatologist, "refer_to_dermatologist"},
}};

const FactDefinition* find_fact(std::string_view name) {
  for (const auto& fact : fact_catalogue()) {
    if (fact.name == name) return &fact;
  }
  return nullptr;
}

bool contains(const std::vector<ScalpCondition>& conditions, ScalpCondition wanted) {
  return std::find(conditions.begin(), conditions.end(), wanted) != conditions.end();
}

// Whole years from `born` to `today`.
// Splits a condition into words; the comparison operators stand alone even without spaces.
std::vector<std::string> words_of(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  const auto flush = [&] {
    if (!word.empty()) words.push_back(std::move(word));
    word.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == ' ' || c == '\t') {
      flush();
    } else if (c == '<' || c == '>' || c == '=' || c == '!') {
      flush();
      std::string op(1, c);
      if (i + 1 < text.size() && text[i + 1] == '=') op += text[++i];
      words.push_back(op);
    } else {
      word += c;
    }
  }
  flush();
  return words;
}

std::optional<Comparison::Op> parse_op(std::string_view word) {
  using Op = Comparison::Op;
  if (word == "<") return Op::kLess;
  if (word == "<=") return Op::kLessOrEqual;
  if (word == ">") return Op::kGreater;
  if (word == ">=") return Op::kGreaterOrEqual;
  if (word == "==") return Op::kEqual;
  if (word == "!=") return Op::kNotEqual;
  return std::nullopt;
}

// Parses "a and not b or c >= 3" into groups of comparisons ("and" binds tighter than "or").
// Returns the reason on failure.
std::variant<std::vector<std::vector<Comparison>>, std::string> parse_condition(
    std::string_view text) {
  const auto words = words_of(text);
  if (words.empty()) return std::string("the condition is empty");
  std::vector<std::vector<Comparison>> groups(1);
  std::size_t i = 0;
  while (true) {
    Comparison comparison;
    bool negated = false;
    if (i < words.size() && words[i] == "not") {
      negated = true;
      ++i;
    }
    if (i >= words.size()) return std::string("the condition ends where a fact was expected");
    const FactDefinition* fact = find_fact(words[i]);
    if (!fact) return "unknown fact \"" + words[i] + "\"";
    comparison.fact = words[i++];
    const auto op = i < words.size() ? parse_op(words[i]) : std::nullopt;
    if (fact->kind == FactKind::kFlag) {
      if (op) return comparison.fact + " is a yes/no fact and takes no comparison";
      comparison.op = negated ? Comparison::Op::kIsFalse : Comparison::Op::kIsTrue;
    } else {
      if (negated) return "\"not\" goes before yes/no facts, not before " + comparison.fact;
      if (!op)
        return comparison.fact + " is a number: compare it, e.g. \"" + comparison.fact + " < 18\"";
      ++i;
      if (i >= words.size()) return std::string("a number is missing after the comparison");
      const std::string& number = words[i++];
      const auto [end, ec] =
          std::from_chars(number.data(), number.data() + number.size(), comparison.constant);
      if (ec != std::errc() || end != number.data() + number.size() ||
          !std::isfinite(comparison.constant)) {
        return "\"" + number + "\" is not a number";
      }
      comparison.op = *op;
    }
    groups.back().push_back(std::move(comparison));
    if (i == words.size()) break;
    if (words[i] == "and") {
      ++i;
    } else if (words[i] == "or") {
      groups.emplace_back();
      ++i;
    } else {
      return "expected \"and\" or \"or\" before \"" + words[i] + "\"";
    }
  }
  return groups;
}

bool holds(const Comparison& comparison, const Facts& facts) {
  const auto found = facts.find(comparison.fact);
  using Op = Comparison::Op;
  if (found == facts.end()) return comparison.op == Op::kIsFalse;
  const double value = found->second;
  switch (comparison.op) {
    case Op::kIsTrue:
      return value != 0;
    case Op::kIsFalse:
      return value == 0;
    case Op::kLess:
      return value < comparison.constant;
    case Op::kLessOrEqual:
      return value <= comparison.constant;
    case Op::kGreater:
      return value > comparison.constant;
    case Op::kGreaterOrEqual:
      return value >= comparison.constant;
    case Op::kEqual:
      return value == comparison.constant;
    case Op::kNotEqual:
      return value != comparison.constant;
  }
  return false;
}

std::string line_of(const toml::node& node) {
  return "line " + std::to_string(node.source().begin.line) + ": ";
}

// Reads one [[rules]] table, adding "line N: reason" errors under `pointer`.
std::optional<Rule> read_rule(const toml::table& table, const std::string& pointer,
                              std::vector<FieldError>& errors) {
  const auto error = [&](const std::string& field, const toml::node& where, std::string why) {
    errors.push_back({pointer + field, line_of(where) + std::move(why)});
  };
  Rule rule;
  bool ok = true;
  for (const auto& [key, value] : table) {
    const std::string name(key.str());
    if (name != "id" && name != "when" && name != "outcome" && name != "explanation") {
      error("/" + name, value,
            "unknown key \"" + name +
                "\" (a rule has id, when, outcome and "
                "explanation)");
      ok = false;
    }
  }
  const auto text = [&](std::string_view key) -> std::optional<std::string> {
    const toml::node* node = table.get(key);
    if (!node) {
      error(std::string("/").append(key), table, std::string("the rule has no ").append(key));
      return std::nullopt;
    }
    const auto value = node->value<std::string>();
    if (!value || value->empty() || !is_valid_utf8(*value) || code_point_count(*value) > 1000) {
      error(std::string("/").append(key), *node,
            std::string(key) + " must be text of 1 to 1000 characters");
      return std::nullopt;
    }
    if (auto problem = text_policy_problem(*value, TextKind::kNote, 1000)) {
      error(std::string("/").append(key), *node, std::string(key) + " " + *problem);
      return std::nullopt;
    }
    return value;
  };
  const auto id = text("id");
  const auto when = text("when");
  const auto outcome_name = text("outcome");
  const auto explanation = text("explanation");
  if (!id || !when || !outcome_name || !explanation) return std::nullopt;
  rule.id = *id;
  rule.when = *when;
  rule.explanation = *explanation;
  if (const auto outcome = parse_outcome(*outcome_name)) {
    rule.outcome = *outcome;
  } else {
    std::string names;
    for (const auto& [value, label] : kOutcomes) {
      names += (names.empty() ? "" : ", ") + std::string(label);
    }
    error("/outcome", *table.get("outcome"),
          "unknown outcome \"" + *outcome_name + "\" (one of " + names + ")");
    ok = false;
  }
  auto condition = parse_condition(*when);
  if (auto* reason = std::get_if<std::string>(&condition)) {
    error("/when", *table.get("when"), *reason);
    ok = false;
  } else {
    rule.any_of = std::move(std::get<0>(condition));
  }
  if (!ok) return std::nullopt;
  return rule;
}

}  // namespace

std::string_view to_string(Outcome outcome) { return name_in(kOutcomes, outcome); }

std::optional<Outcome> parse_outcome(std::string_view text) { return parse_in(kOutcomes, text); }

Result<void> validate_formulation(const Formulation& formulation) {
  std::vector<FieldError> errors;
  if (auto problem = text_policy_problem(formulation.name, TextKind::kName, kMaxShortText)) {
    errors.push_back({"/name", std::move(*problem)});
  }
  if (formulation.ingredients.empty() || formulation.ingredients.size() > kMaxListEntries) {
    errors.push_back({"/ingredients", "must list 1 to 50 ingredients"});
  }
  std::set<std::string> seen;
  for (std::size_t i = 0; i < formulation.ingredients.size() && i < kMaxListEntries; ++i) {
    const Ingredient& ingredient = formulation.ingredients[i];
    const std::string at = "/ingredients/" + std::to_string(i);
    if (auto problem = text_policy_problem(ingredient.substance, TextKind::kName, kMaxShortText)) {
      errors.push_back({at + "/substance", std::move(*problem)});
    } else if (!seen.insert(fold_for_search(ingredient.substance)).second) {
      errors.push_back({at + "/substance", "is listed twice"});
    }
    if (!std::isfinite(ingredient.amount_per_ml) || ingredient.amount_per_ml < 0 ||
        ingredient.amount_per_ml > 10'000) {
      errors.push_back({at + "/amount_per_ml", "must be between 0 and 10000"});
    }
    if (ingredient.unit != "mg" && ingredient.unit != "ug" && ingredient.unit != "IU") {
      errors.push_back({at + "/unit", "must be mg, ug or IU (per ml)"});
    }
  }
  if (errors.empty()) return {};
  return invalid(std::move(errors));
}

const std::vector<FactDefinition>& fact_catalogue() {
  static const std::vector<FactDefinition> facts = {
      {"age_years", FactKind::kNumber, "whole years of age on the day of the assessment"},
      {"pregnant_or_breastfeeding", FactKind::kFlag, "history: pregnant or breastfeeding"},
      {"scalp_inflamed_or_infected", FactKind::kFlag,
       "assessment: scalp condition inflamed or infected"},
      {"allergic_to_formulation", FactKind::kFlag,
       "history: allergic to an ingredient of the chosen formulation"},
      {"bleeding_disorder", FactKind::kFlag, "history: bleeding disorder"},
      {"anticoagulants", FactKind::kFlag, "history: takes anticoagulants"},
      {"active_cancer_treatment", FactKind::kFlag, "history: in active cancer treatment"},
      {"diabetes", FactKind::kFlag, "history: diabetes, controlled or not"},
      {"diabetes_uncontrolled", FactKind::kFlag, "history: diabetes not under control"},
      {"autoimmune_disease", FactKind::kFlag, "history: autoimmune disease, stable or in flare"},
      {"autoimmune_in_flare", FactKind::kFlag, "history: autoimmune disease in flare"},
      {"keloid_tendency", FactKind::kFlag, "history: tends to form keloid scars"},
      {"target_area_scarred", FactKind::kFlag, "assessment: scarring in a zone of the target area"},
      {"no_growth_in_target_area", FactKind::kFlag,
       "assessment: a zone of the target area with no remaining hair growth"},
      {"pull_test_positive", FactKind::kFlag, "assessment: more than 10% of pulled hairs out"},
      {"loss_duration_months", FactKind::kNumber, "assessment: how long the loss has lasted"},
      {"shedding_count", FactKind::kNumber, "assessment: hairs shed in the standard test"},
      {"hair_density", FactKind::kNumber, "assessment: lowest hair density measured, hairs/cm2"},
  };
  return facts;
}

Facts gather_facts(CalendarDate date_of_birth, CalendarDate today, const MedicalHistory& history,
                   const HairAssessment& assessment, const Formulation* formulation,
                   std::vector<std::string>* allergens) {
  Facts facts;
  const auto flag = [&](std::string_view name, bool value) {
    facts.emplace(std::string(name), value ? 1.0 : 0.0);
  };
  facts.emplace("age_years", static_cast<double>(age_in_years(date_of_birth, today)));
  flag("pregnant_or_breastfeeding", history.pregnant_or_breastfeeding);
  flag("scalp_inflamed_or_infected",
       contains(assessment.scalp_conditions, ScalpCondition::kInflamed) ||
           contains(assessment.scalp_conditions, ScalpCondition::kInfected));
  std::vector<std::string> matched;
  if (formulation) {
    for (const auto& allergy : history.allergies) {
      for (const auto& ingredient : formulation->ingredients) {
        if (fold_for_search(allergy) == fold_for_search(ingredient.substance)) {
          matched.push_back(ingredient.substance);
        }
      }
    }
  }
  flag("allergic_to_formulation", !matched.empty());
  if (allergens) *allergens = std::move(matched);
  flag("bleeding_disorder", history.bleeding_disorder);
  flag("anticoagulants", history.anticoagulants);
  flag("active_cancer_treatment", history.active_cancer_treatment);
  flag("diabetes", history.diabetes != Diabetes::kNone);
  flag("diabetes_uncontrolled", history.diabetes == Diabetes::kUncontrolled);
  flag("autoimmune_disease", history.autoimmune != Autoimmune::kNone);
  flag("autoimmune_in_flare", history.autoimmune == Autoimmune::kInFlare);
  flag("keloid_tendency", history.keloid_tendency);
  // Only the target area counts: a bald patch elsewhere says nothing about the zones treated.
  const auto in_target = [&](const std::vector<ScalpZone>& zones) {
    return std::any_of(zones.begin(), zones.end(), [&](ScalpZone zone) {
      return std::find(assessment.affected_zones.begin(), assessment.affected_zones.end(), zone) !=
             assessment.affected_zones.end();
    });
  };
  flag("target_area_scarred", in_target(assessment.scarred_zones));
  flag("no_growth_in_target_area", in_target(assessment.zones_without_growth));
  flag("pull_test_positive", assessment.pull_test && is_positive(*assessment.pull_test));
  facts.emplace("loss_duration_months", assessment.loss_duration_months);
  if (assessment.shedding_count) facts.emplace("shedding_count", *assessment.shedding_count);
  for (const auto& measurement : assessment.measurements) {
    if (measurement.quantity != Quantity::kHairDensity) continue;
    auto [at, inserted] = facts.emplace("hair_density", measurement.value);
    if (!inserted) at->second = std::min(at->second, measurement.value);
  }
  return facts;
}

Result<RuleSet> parse_rule_set(std::string_view text) {
  toml::table file;
  try {
    file = toml::parse(text);
  } catch (const toml::parse_error& error) {
    return invalid({{"/", "line " + std::to_string(error.source().begin.line) + ": " +
                              std::string(error.description())}},
                   "The rule file is not valid TOML.");
  }
  std::vector<FieldError> errors;
  RuleSet rules;
  for (const auto& [key, value] : file) {
    const std::string name(key.str());
    if (name != "name" && name != "rules") {
      errors.push_back({"/" + name, line_of(value) + "unknown key \"" + name +
                                        "\" (a rule file has name and [[rules]])"});
    }
  }
  const auto label = file["name"].value<std::string>();
  if (!label || label->empty() || !is_valid_utf8(*label) || code_point_count(*label) > 200) {
    errors.push_back({"/name",
                      "line 1: the file needs a name of 1 to 200 characters, e.g. "
                      "name = \"clinic rules 2026-11\""});
  } else if (auto problem = text_policy_problem(*label, TextKind::kName, 200)) {
    errors.push_back({"/name", "the file's name " + *problem});
  } else {
    rules.name = *label;
  }
  const toml::array* tables = file["rules"].as_array();
  if (!tables || tables->empty()) {
    errors.push_back({"/rules", "line 1: the file has no [[rules]]"});
  } else {
    std::set<std::string> ids;
    for (std::size_t i = 0; i < tables->size(); ++i) {
      const std::string pointer = "/rules/" + std::to_string(i);
      const toml::table* table = (*tables)[i].as_table();
      if (!table) {
        errors.push_back({pointer, line_of((*tables)[i]) + "each rule must be a [[rules]] table"});
        continue;
      }
      auto rule = read_rule(*table, pointer, errors);
      if (!rule) continue;
      if (!ids.insert(rule->id).second) {
        errors.push_back({pointer + "/id", line_of(*table->get("id")) + "the id \"" + rule->id +
                                               "\" is used by an earlier rule"});
        continue;
      }
      rules.rules.push_back(std::move(*rule));
    }
  }
  if (!errors.empty()) return invalid(std::move(errors), "The rule file has errors.");
  return rules;
}

std::string_view default_rule_file() {
  static constexpr std::string_view kFile =
#include "default_rules.inc"
      ;
  return kFile;
}

Proposal evaluate(const RuleSet& rules, const Facts& facts) {
  Proposal proposal;
  for (const Rule& rule : rules.rules) {
    FiredRule fired;
    for (const auto& group : rule.any_of) {
      if (!std::all_of(group.begin(), group.end(),
                       [&](const Comparison& c) { return holds(c, facts); })) {
        continue;
      }
      for (const auto& comparison : group) {
        const auto found = facts.find(comparison.fact);
        fired.facts[comparison.fact] = found == facts.end() ? 0.0 : found->second;
      }
    }
    if (fired.facts.empty()) continue;
    fired.rule_id = rule.id;
    fired.outcome = rule.outcome;
    fired.when = rule.when;
    fired.explanation = rule.explanation;
    proposal.outcome = std::max(proposal.outcome, rule.outcome);
    proposal.fired.push_back(std::move(fired));
  }
  return proposal;
}

Result<DecisionTerms> check_decision(const Proposal& proposal, Outcome chosen, bool has_reason,
                                     std::optional<CalendarDate> reassess_on,
                                     CalendarDate decided_on) {
  std::vector<FieldError> errors;
  if (chosen == Outcome::kPractitionerDecision) {
    errors.push_back({"/outcome",
                      "must be the decision itself: suitable, guardian_consent, "
                      "not_with_this_formulation, not_now, consider_transplantation or "
                      "refer_to_dermatologist"});
  }
  // Making the choice the rules ask for is not an override, but it needs a reason all the same.
  const bool left_to_practitioner = proposal.outcome == Outcome::kPractitionerDecision;
  DecisionTerms terms;
  terms.overridden = chosen != proposal.outcome && !left_to_practitioner;
  if ((terms.overridden || left_to_practitioner) && !has_reason) {
    errors.push_back({"/override_reason",
                      terms.overridden ? std::string("is required when the decision differs "
                                                     "from the proposal (")
                                             .append(to_string(proposal.outcome))
                                             .append(")")
                                       : "is required: the rules leave this decision to you"});
  }
  if (chosen == Outcome::kNotNow && !reassess_on) {
    errors.push_back({"/reassess_on", "is required for not_now: the day to re-assess on"});
  }
  if (reassess_on && *reassess_on < decided_on) {
    errors.push_back({"/reassess_on", "must not be before the day of the decision (" +
                                          format_iso_date(decided_on) + ")"});
  }
  if (!errors.empty()) return invalid(std::move(errors));
  terms.requires_guardian_consent =
      std::any_of(proposal.fired.begin(), proposal.fired.end(),
                  [](const FiredRule& rule) { return rule.outcome == Outcome::kGuardianConsent; });
  return terms;
}

bool guardian_must_consent(const DecisionOnRecord& decision) {
  return decision.requires_guardian_consent || decision.outcome == Outcome::kGuardianConsent;
}

Result<void> check_course_start(const std::optional<DecisionOnRecord>& latest,
                                const ScreenedVersions& current, const std::string& formulation_id,
                                bool guardian_consented) {
  // The same rule as a single booking (chair_safety.h), plus the formulation a course names.
  const auto missing = missing_decision(latest, current);
  if (missing == MissingDecision::kSuitabilityDecision) {
    return fail(ErrorCode::kConflict,
                "no suitability decision is recorded for this patient; screen and decide first");
  }
  if (missing == MissingDecision::kFavourableDecision) {
    return fail(ErrorCode::kConflict, std::string("the latest decision is ")
                                          .append(to_string(latest->outcome))
                                          .append("; a course needs suitable or guardian_consent"));
  }
  if (latest->formulation_id != formulation_id) {
    return fail(ErrorCode::kConflict,
                "the latest decision did not screen this protocol's formulation; screen the "
                "patient for it and decide again");
  }
  if (missing == MissingDecision::kCurrentDecision) {
    return fail(ErrorCode::kConflict,
                "the medical history, hair assessment or rules changed after the latest "
                "decision; screen the patient again and decide before starting a course");
  }
  if (guardian_must_consent(*latest) && !guardian_consented) {
    return invalid({{"/agreement/guardian",
                     "is required: a parent or guardian must consent for this patient "
                     "({\"name\", \"relationship\"})"}});
  }
  return {};
}

}  // namespace mesoclinic::clinic
