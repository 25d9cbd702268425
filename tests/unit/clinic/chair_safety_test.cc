// Safety at the chair (src/clinic/chair_safety.h): what a signature is checked against, and what
// a single appointment needs of the patient's decision.
#include "clinic/chair_safety.h"

#include <gtest/gtest.h>

namespace mesoclinic::clinic {
namespace {

Formulation biotin_mix() {
  return {"f-biotin", "Biotin and peptides", {{"biotin", 1.0, "mg"}, {"panthenol", 2.0, "mg"}}, {}};
}

DecisionOnRecord decided(Outcome outcome, std::optional<std::string> formulation_id) {
  return {outcome, std::move(formulation_id), false, {1, 1, 1}, std::nullopt};
}

const std::vector<LotToInject> kBiotinLot = {{"lot-1", "L240017", biotin_mix()}};

TEST(ChairSafety, ALotMayBeInjectedWhenNoAllergyMatchesAndTheDecisionIsFavourable) {
  EXPECT_TRUE(check_at_chair(kBiotinLot, {"penicillin"}, {decided(Outcome::kSuitable, "f-biotin")})
                  .empty());
  EXPECT_TRUE(
      check_at_chair(kBiotinLot, {}, {decided(Outcome::kGuardianConsent, "f-biotin")}).empty());
}

TEST(ChairSafety, AnAllergyRecordedNowNamesTheIngredientWhateverItsCase) {
  const auto conflicts = check_at_chair(kBiotinLot, {"penicillin", "BIOTIN"},
                                        {decided(Outcome::kSuitable, "f-biotin")});
  ASSERT_EQ(conflicts.size(), 1u);
  EXPECT_EQ(conflicts[0].rule, ChairRule::kAllergy);
  EXPECT_EQ(to_string(conflicts[0].rule), "allergy_to_ingredient");
  EXPECT_EQ(conflicts[0].ingredient, "biotin");
  EXPECT_EQ(conflicts[0].lot_number, "L240017");
  EXPECT_EQ(conflicts[0].formulation_id, "f-biotin");
  EXPECT_EQ(conflicts[0].formulation_name, "Biotin and peptides");
  EXPECT_EQ(conflicts[0].decision, std::nullopt);
}

TEST(ChairSafety, AFormulationNoDecisionScreenedIsAConflict) {
  const auto conflicts = check_at_chair(
      kBiotinLot, {},
      {decided(Outcome::kSuitable, "f-other"), decided(Outcome::kSuitable, std::nullopt)});
  ASSERT_EQ(conflicts.size(), 1u);
  EXPECT_EQ(conflicts[0].rule, ChairRule::kNoDecision);
  EXPECT_EQ(conflicts[0].ingredient, std::nullopt);
}

TEST(ChairSafety, TheLatestDecisionForTheFormulationStands) {
  const auto blocked = check_at_chair(kBiotinLot, {},
                                      {decided(Outcome::kSuitable, "f-biotin"),
                                       decided(Outcome::kNotWithThisFormulation, "f-biotin"),
                                       decided(Outcome::kSuitable, "f-other")});
  ASSERT_EQ(blocked.size(), 1u);
  EXPECT_EQ(blocked[0].rule, ChairRule::kUnfavourableDecision);
  EXPECT_EQ(blocked[0].decision, Outcome::kNotWithThisFormulation);
  // Decided again for the formulation: it may be injected.
  EXPECT_TRUE(check_at_chair(kBiotinLot, {},
                             {decided(Outcome::kNotWithThisFormulation, "f-biotin"),
                              decided(Outcome::kSuitable, "f-biotin")})
                  .empty());
}

TEST(ChairSafety, ALaterDecisionAboutThePatientStandsForEveryFormulation) {
  const auto conflicts = check_at_chair(
      kBiotinLot, {},
      {decided(Outcome::kSuitable, "f-biotin"), decided(Outcome::kNotNow, std::nullopt)});
  ASSERT_EQ(conflicts.size(), 1u);
  EXPECT_EQ(conflicts[0].rule, ChairRule::kUnfavourableDecision);
  EXPECT_EQ(conflicts[0].decision, Outcome::kNotNow);
}

TEST(ChairSafety, EveryLotAndEveryConflictIsNamed) {
  std::vector<LotToInject> lots = kBiotinLot;
  lots.push_back({"lot-2", "L240018", biotin_mix()});
  const auto conflicts = check_at_chair(lots, {"biotin", "panthenol"}, {});
  ASSERT_EQ(conflicts.size(), 6u);
  EXPECT_EQ(conflicts[0].ingredient, "biotin");
  EXPECT_EQ(conflicts[1].ingredient, "panthenol");
  EXPECT_EQ(conflicts[2].rule, ChairRule::kNoDecision);
  EXPECT_EQ(conflicts[3].lot_id, "lot-2");
}

TEST(ChairSafety, ASingleAppointmentNeedsAFavourableCurrentDecision) {
  const ScreenedVersions now{1, 1, 1};
  EXPECT_EQ(missing_decision(std::nullopt, now), MissingDecision::kSuitabilityDecision);
  EXPECT_EQ(missing_decision(decided(Outcome::kNotNow, std::nullopt), now),
            MissingDecision::kFavourableDecision);
  EXPECT_EQ(missing_decision(decided(Outcome::kSuitable, "f-biotin"), {2, 1, 1}),
            MissingDecision::kCurrentDecision);
  EXPECT_EQ(missing_decision(decided(Outcome::kSuitable, std::nullopt), now), std::nullopt);
  EXPECT_EQ(missing_decision(decided(Outcome::kGuardianConsent, "f-biotin"), now), std::nullopt);
  EXPECT_EQ(to_string(MissingDecision::kCurrentDecision), "current_decision");
}

}  // namespace
}  // namespace mesoclinic::clinic
