// The contraindication rules as the clinic ships them: each default rule fires on its own facts
// and on nothing else, several facts give the most restrictive outcome with every rule listed,
// and rule files with mistakes are refused whole with the line and the reason.
#include "clinic/suitability.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>

namespace mesoclinic::clinic {
namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::year;

const CalendarDate kToday{year{2026}, month{11}, day{26}};

// A healthy adult with ordinary pattern loss, and a formulation she is not allergic to.
struct Case {
  CalendarDate born{year{1990}, month{5}, day{17}};
  MedicalHistory history;
  HairAssessment assessment;
  Formulation formulation{
      "f1", "Biotin complex", {{"biotin", 5, "mg"}, {"panthenol", 20, "mg"}}, {}};

  Case() {
    history.allergies = {"penicillin"};
    assessment.stage = "III";
    assessment.affected_zones = {ScalpZone::kFrontal, ScalpZone::kVertex};
    assessment.loss_duration_months = 18;
  }

  Proposal evaluate_with(const RuleSet& rules) const {
    return evaluate(rules, gather_facts(born, kToday, history, assessment, &formulation));
  }
};

RuleSet default_rules() {
  auto parsed = parse_rule_set(default_rule_file());
  EXPECT_TRUE(parsed.has_value()) << (parsed ? "" : parsed.error().fields.at(0).message);
  return parsed.value_or(RuleSet{});
}

std::vector<std::string> fired_ids(const Proposal& proposal) {
  std::vector<std::string> ids;
  for (const auto& fired : proposal.fired) ids.push_back(fired.rule_id);
  return ids;
}

TEST(DefaultRules, AHealthyAdultIsSuitableAndNoRuleFires) {
  const Proposal proposal = Case().evaluate_with(default_rules());
  EXPECT_EQ(proposal.outcome, Outcome::kSuitable);
  EXPECT_TRUE(proposal.fired.empty()) << testing::PrintToString(fired_ids(proposal));
}

struct RuleCase {
  std::string rule_id;
  Outcome outcome;
  std::function<void(Case&)> make_true;
  std::string fact;  // a fact the fired rule must report
};

TEST(DefaultRules, EachRuleFiresOnItsFactsAndOnNothingElse) {
  const std::vector<RuleCase> cases = {
      {"pregnancy", Outcome::kNotNow, [](Case& c) { c.history.pregnant_or_breastfeeding = true; },
       "pregnant_or_breastfeeding"},
      {"scalp-infection", Outcome::kNotNow,
       [](Case& c) { c.assessment.scalp_conditions = {ScalpCondition::kInflamed}; },
       "scalp_inflamed_or_infected"},
      {"scalp-infection", Outcome::kNotNow,
       [](Case& c) {
         c.assessment.scalp_conditions = {ScalpCondition::kOily, ScalpCondition::kInfected};
       },
       "scalp_inflamed_or_infected"},
      {"ingredient-allergy", Outcome::kNotWithThisFormulation,
       [](Case& c) {
         c.history.allergies = {"penicillin", "Biotin"};
       },
       "allergic_to_formulation"},
      {"bleeding-risk", Outcome::kPractitionerDecision,
       [](Case& c) { c.history.bleeding_disorder = true; }, "bleeding_disorder"},
      {"bleeding-risk", Outcome::kPractitionerDecision,
       [](Case& c) { c.history.anticoagulants = true; }, "anticoagulants"},
      {"cancer-treatment", Outcome::kReferToDermatologist,
       [](Case& c) { c.history.active_cancer_treatment = true; }, "active_cancer_treatment"},
      {"uncontrolled-diabetes", Outcome::kPractitionerDecision,
       [](Case& c) { c.history.diabetes = Diabetes::kUncontrolled; }, "diabetes_uncontrolled"},
      {"autoimmune-flare", Outcome::kPractitionerDecision,
       [](Case& c) { c.history.autoimmune = Autoimmune::kInFlare; }, "autoimmune_in_flare"},
      {"keloid-tendency", Outcome::kPractitionerDecision,
       [](Case& c) { c.history.keloid_tendency = true; }, "keloid_tendency"},
      {"under-18", Outcome::kGuardianConsent,
       [](Case& c) {
         c.born = CalendarDate{year{2008}, month{11}, day{27}};
       },
       "age_years"},
      {"no-growth-left", Outcome::kConsiderTransplantation,
       [](Case& c) { c.assessment.scarred_zones = {ScalpZone::kVertex}; }, "target_area_scarred"},

      {"no-growth-left", Outcome::kConsiderTransplantation,
       [](Case& c) { c.assessment.zones_without_growth = {ScalpZone::kFrontal}; },
       "no_growth_in_target_area"},
  };
  const RuleSet rules = default_rules();
  std::set<std::string> covered;
  for (const auto& rule_case : cases) {
    SCOPED_TRACE(rule_case.rule_id + " via " + rule_case.fact);
    Case c;
    rule_case.make_true(c);
    const Proposal proposal = c.evaluate_with(rules);
    ASSERT_EQ(fired_ids(proposal), std::vector<std::string>{rule_case.rule_id});
    EXPECT_EQ(proposal.outcome, rule_case.outcome);
    EXPECT_EQ(proposal.fired[0].outcome, rule_case.outcome);
    EXPECT_TRUE(proposal.fired[0].facts.contains(rule_case.fact));
    EXPECT_FALSE(proposal.fired[0].explanation.empty());
    covered.insert(rule_case.rule_id);
  }
  for (const auto& rule : rules.rules) {
    EXPECT_TRUE(covered.contains(rule.id)) << rule.id << " has no case in this table";
  }
}

TEST(DefaultRules, NearMissesDoNotFire) {
  const RuleSet rules = default_rules();
  Case c;
  c.born = CalendarDate{year{2008}, month{11}, day{26}};  // 18 today
  c.history.diabetes = Diabetes::kControlled;
  c.history.autoimmune = Autoimmune::kStable;
  c.history.allergies = {"biotine", "zinc"};  // not an ingredient of this formulation
  c.assessment.scalp_conditions = {ScalpCondition::kDry, ScalpCondition::kOily};
  // Scarring and a bald patch outside the zones treated (frontal, vertex).
  c.assessment.scarred_zones = {ScalpZone::kOccipital};
  c.assessment.zones_without_growth = {ScalpZone::kLeftTemporal};
  EXPECT_TRUE(c.evaluate_with(rules).fired.empty())
      << testing::PrintToString(fired_ids(c.evaluate_with(rules)));
}

TEST(DefaultRules, AnAllergyBlocksOnlyTheFormulationThatHoldsTheSubstance) {
  const RuleSet rules = default_rules();
  Case c;
  c.history.allergies = {"Panthenol"};
  std::vector<std::string> allergens;
  const Proposal blocked = evaluate(
      rules, gather_facts(c.born, kToday, c.history, c.assessment, &c.formulation, &allergens));
  EXPECT_EQ(blocked.outcome, Outcome::kNotWithThisFormulation);
  EXPECT_EQ(allergens, std::vector<std::string>{"panthenol"});

  const Formulation other{
      "f2", "Peptide mix", {{"copper peptide", 1, "mg"}, {"zinc", 2, "mg"}}, {}};
  const Proposal fine =
      evaluate(rules, gather_facts(c.born, kToday, c.history, c.assessment, &other));
  EXPECT_EQ(fine.outcome, Outcome::kSuitable);
  // With no formulation chosen yet nothing can be matched.
  EXPECT_EQ(evaluate(rules, gather_facts(c.born, kToday, c.history, c.assessment, nullptr)).outcome,
            Outcome::kSuitable);
}

TEST(DefaultRules, SeveralFactsGiveTheMostRestrictiveOutcomeAndListEveryRule) {
  const RuleSet rules = default_rules();
  Case c;
  c.born = CalendarDate{year{2010}, month{1}, day{1}};
  c.history.anticoagulants = true;
  c.history.pregnant_or_breastfeeding = true;
  Proposal proposal = c.evaluate_with(rules);
  EXPECT_EQ(proposal.outcome, Outcome::kNotNow);
  EXPECT_EQ(fired_ids(proposal),
            (std::vector<std::string>{"pregnancy", "bleeding-risk", "under-18"}));

  c.history.active_cancer_treatment = true;
  proposal = c.evaluate_with(rules);
  EXPECT_EQ(proposal.outcome, Outcome::kReferToDermatologist);
  EXPECT_EQ(proposal.fired.size(), 4u);
}

TEST(RuleFiles, ConditionsCombineWithAndOrNotAndCompareNumbers) {
  const auto parsed = parse_rule_set(R"(name = "test"
[[rules]]
id = "long-loss-or-dense-shedding"
when = "loss_duration_months >= 120 or shedding_count>100 and not pull_test_positive"
outcome = "refer_to_dermatologist"
explanation = "x"
)");
  ASSERT_TRUE(parsed) << parsed.error().fields.at(0).message;
  Facts facts{{"loss_duration_months", 12}, {"shedding_count", 150}, {"pull_test_positive", 0}};
  Proposal proposal = evaluate(*parsed, facts);
  ASSERT_EQ(proposal.fired.size(), 1u);
  EXPECT_EQ(proposal.fired[0].facts,
            (std::map<std::string, double>{{"shedding_count", 150}, {"pull_test_positive", 0}}));
  facts["pull_test_positive"] = 1;
  EXPECT_TRUE(evaluate(*parsed, facts).fired.empty());
  facts["loss_duration_months"] = 120;
  EXPECT_EQ(evaluate(*parsed, facts).fired.size(), 1u);
  // A number that was not recorded satisfies no comparison.
  EXPECT_TRUE(evaluate(*parsed, Facts{{"pull_test_positive", 0}}).fired.empty());
}

std::vector<std::string> fields_of(const Result<DecisionTerms>& checked) {
  std::vector<std::string> fields;
  if (!checked) {
    for (const auto& field : checked.error().fields) fields.push_back(field.field);
  }
  return fields;
}

TEST(Decisions, OverridesAndChoicesLeftToThePractitionerNeedAReason) {
  Proposal clear;  // suitable, nothing fired
  EXPECT_FALSE(check_decision(clear, Outcome::kSuitable, false, std::nullopt, kToday)->overridden);
  EXPECT_EQ(
      fields_of(check_decision(clear, Outcome::kReferToDermatologist, false, std::nullopt, kToday)),
      std::vector<std::string>{"/override_reason"});
  EXPECT_TRUE(check_decision(clear, Outcome::kReferToDermatologist, true, std::nullopt, kToday)
                  ->overridden);

  const Proposal left{Outcome::kPractitionerDecision,
                      {{"bleeding-risk",
                        Outcome::kPractitionerDecision,
                        "anticoagulants",
                        "x",
                        {{"anticoagulants", 1}}}}};
  EXPECT_EQ(fields_of(check_decision(left, Outcome::kSuitable, false, std::nullopt, kToday)),
            std::vector<std::string>{"/override_reason"});
  const auto chosen = check_decision(left, Outcome::kSuitable, true, std::nullopt, kToday);
  ASSERT_TRUE(chosen);
  EXPECT_FALSE(chosen->overridden) << "choosing when asked is no override";
  EXPECT_EQ(
      fields_of(check_decision(left, Outcome::kPractitionerDecision, true, std::nullopt, kToday)),
      std::vector<std::string>{"/outcome"});
  EXPECT_EQ(fields_of(check_decision(left, Outcome::kNotNow, false, std::nullopt, kToday)),
            (std::vector<std::string>{"/override_reason", "/reassess_on"}));
}

// "Not now" names the day to re-assess on: today or later, never a day gone by. Another
// outcome may name one too, under the same rule.
TEST(Decisions, NotNowNeedsADayToReassessThatHasNotPassed) {
  const Proposal waiting{Outcome::kNotNow, {}};
  EXPECT_EQ(fields_of(check_decision(waiting, Outcome::kNotNow, false, std::nullopt, kToday)),
            std::vector<std::string>{"/reassess_on"});
  EXPECT_TRUE(check_decision(waiting, Outcome::kNotNow, false, kToday, kToday));
  const CalendarDate later = parse_iso_date("2027-03-01").value();
  EXPECT_TRUE(check_decision(waiting, Outcome::kNotNow, false, later, kToday));
  const CalendarDate yesterday = parse_iso_date("2026-11-25").value();
  const auto past = check_decision(waiting, Outcome::kNotNow, false, yesterday, kToday);
  ASSERT_EQ(fields_of(past), std::vector<std::string>{"/reassess_on"});
  EXPECT_NE(past.error().fields[0].message.find("2026-11-26"), std::string::npos);
  EXPECT_TRUE(check_decision(Proposal{}, Outcome::kSuitable, false, later, kToday));
  EXPECT_EQ(fields_of(check_decision(Proposal{}, Outcome::kSuitable, false, yesterday, kToday)),
            std::vector<std::string>{"/reassess_on"});
}

TEST(Decisions, GuardianConsentStaysWhateverIsDecided) {
  const Proposal minor_with_risk{
      Outcome::kPractitionerDecision,
      {{"bleeding-risk", Outcome::kPractitionerDecision, "anticoagulants", "x", {}},
       {"under-18", Outcome::kGuardianConsent, "age_years < 18", "y", {{"age_years", 16}}}}};
  const auto terms =
      check_decision(minor_with_risk, Outcome::kSuitable, true, std::nullopt, kToday);
  ASSERT_TRUE(terms);
  EXPECT_TRUE(terms->requires_guardian_consent);
  EXPECT_FALSE(check_decision(Proposal{}, Outcome::kSuitable, false, std::nullopt, kToday)
                   ->requires_guardian_consent);
}

struct BadFile {
  std::string text;
  std::string field;
  std::string message;
};

TEST(RuleFiles, MistakesAreRefusedWholeWithTheLineAndTheReason) {
  const std::string good_rule =
      "[[rules]]\nid = \"a\"\nwhen = \"keloid_tendency\"\noutcome = \"not_now\"\n"
      "explanation = \"x\"\n";
  const std::vector<BadFile> cases = {
      {"name = \"x\"\n" + good_rule +
           "[[rules]]\nid = \"b\"\nwhen = \"pregnent\"\noutcome = \"not_now\"\nexplanation = "
           "\"x\"\n",
       "/rules/1/when", "line 9: unknown fact \"pregnent\""},
      {"name = \"x\"\n" + good_rule +
           "[[rules]]\nid = \"b\"\nwhen = \"diabetes\"\noutcome = \"maybe\"\nexplanation = \"x\"\n",
       "/rules/1/outcome", "line 10: unknown outcome \"maybe\""},
      {"name = \"x\"\n" + good_rule +
           "[[rules]]\nid = \"b\"\nwhen = \"age_years\"\n"
           "outcome = \"not_now\"\nexplanation = \"x\"\n",
       "/rules/1/when", "age_years is a number"},
      {"name = \"x\"\n" + good_rule +
           "[[rules]]\nid = \"b\"\nwhen = \"age_years < eighteen\"\n"
           "outcome = \"not_now\"\nexplanation = \"x\"\n",
       "/rules/1/when", "\"eighteen\" is not a number"},
      {"name = \"x\"\n" + good_rule + good_rule, "/rules/1/id", "line 8: the id \"a\" is used"},
      {"name = \"x\"\n[[rules]]\nid = \"a\"\nwhen = \"diabetes\"\noutcome = \"not_now\"\n",
       "/rules/0/explanation", "the rule has no explanation"},
      {"name = \"x\"\n" + good_rule + "severity = 3\n", "/rules/0/severity",
       "line 7: unknown key \"severity\""},
      {"name = \"x\"\n[[rules]\nid = \"a\"\n", "/", "line 2:"},
      {good_rule, "/name", "needs a name"},
  };
  for (const auto& bad : cases) {
    SCOPED_TRACE(bad.text);
    const auto parsed = parse_rule_set(bad.text);
    ASSERT_FALSE(parsed);
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidInput);
    ASSERT_FALSE(parsed.error().fields.empty());
    EXPECT_EQ(parsed.error().fields[0].field, bad.field);
    EXPECT_THAT(parsed.error().fields[0].message, testing::HasSubstr(bad.message));
  }
}

TEST(CourseStart, OnlyAfterAFavourableDecisionForTheSameFormulationOnCurrentRecords) {
  const ScreenedVersions now{2, 1, 1};
  EXPECT_EQ(check_course_start(std::nullopt, now, "f1", false).error().code, ErrorCode::kConflict);
  const DecisionOnRecord suitable{Outcome::kSuitable, "f1", false, now, std::nullopt};
  EXPECT_TRUE(check_course_start(suitable, now, "f1", false));
  EXPECT_EQ(check_course_start(suitable, now, "f2", false).error().code, ErrorCode::kConflict);
  // A new history version (a pregnancy, a new allergy) since the decision: decide again.
  const auto stale = check_course_start(suitable, ScreenedVersions{3, 1, 1}, "f1", false);
  ASSERT_FALSE(stale);
  EXPECT_THAT(stale.error().message, testing::HasSubstr("screen the patient again"));
  for (const Outcome blocking :
       {Outcome::kNotNow, Outcome::kNotWithThisFormulation, Outcome::kConsiderTransplantation,
        Outcome::kReferToDermatologist}) {
    const auto refused = check_course_start(
        DecisionOnRecord{blocking, "f1", false, now, std::nullopt}, now, "f1", true);
    ASSERT_FALSE(refused);
    EXPECT_THAT(refused.error().message, testing::HasSubstr(std::string(to_string(blocking))));
  }
  const DecisionOnRecord minor{Outcome::kGuardianConsent, "f1", true, now, std::nullopt};
  const auto without_consent = check_course_start(minor, now, "f1", false);
  ASSERT_FALSE(without_consent);
  EXPECT_EQ(without_consent.error().fields.at(0).field, "/agreement/guardian");
  EXPECT_TRUE(check_course_start(minor, now, "f1", true));
}

}  // namespace
}  // namespace mesoclinic::clinic
