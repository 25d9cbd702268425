// What a practitioner may record: stages only on their own scale, measurements in their own
// unit and plausible range, clean text.
#include "clinic/assessment.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace mesoclinic::clinic {
namespace {

HairAssessment valid_assessment() {
  HairAssessment assessment;
  assessment.scale = PatternScale::kNorwoodHamilton;
  assessment.stage = "III vertex";
  assessment.affected_zones = {ScalpZone::kVertex, ScalpZone::kMidScalp};
  assessment.loss_duration_months = 24;
  assessment.pull_test = PullTest{8, 60};
  assessment.shedding_count = 120;
  assessment.measurements = {{Quantity::kHairDensity, 142, "hairs/cm2", ScalpZone::kVertex},
                             {Quantity::kMeanShaftDiameter, 61.5, "um", ScalpZone::kVertex}};
  return assessment;
}

std::vector<std::string> fields_of(const Result<void>& result) {
  std::vector<std::string> fields;
  if (!result) {
    for (const auto& field : result.error().fields) fields.push_back(field.field);
  }
  return fields;
}

TEST(Stages, OnlyCombinationsThatExistOnTheScale) {
  EXPECT_TRUE(is_valid_stage(PatternScale::kNorwoodHamilton, "IIIa"));
  EXPECT_TRUE(is_valid_stage(PatternScale::kNorwoodHamilton, "III vertex"));
  EXPECT_TRUE(is_valid_stage(PatternScale::kNorwoodHamilton, "VII"));
  EXPECT_FALSE(is_valid_stage(PatternScale::kNorwoodHamilton, "VIIa"));  // no such variant
  EXPECT_FALSE(is_valid_stage(PatternScale::kNorwoodHamilton, "Ia"));
  EXPECT_FALSE(is_valid_stage(PatternScale::kNorwoodHamilton, "3"));
  EXPECT_TRUE(is_valid_stage(PatternScale::kLudwig, "III"));
  EXPECT_FALSE(is_valid_stage(PatternScale::kLudwig, "IV"));
  EXPECT_TRUE(is_valid_stage(PatternScale::kSinclair, "5"));
  EXPECT_FALSE(is_valid_stage(PatternScale::kSinclair, "V"));
  EXPECT_FALSE(is_valid_stage(PatternScale::kSinclair, "6"));
}

TEST(Assessments, AValidOneIsAccepted) { EXPECT_TRUE(validate_assessment(valid_assessment())); }

TEST(Assessments, EveryProblemIsReportedAtItsField) {
  HairAssessment assessment = valid_assessment();
  assessment.scale = PatternScale::kLudwig;  // "III vertex" is Norwood-Hamilton only
  assessment.affected_zones.push_back(ScalpZone::kVertex);
  assessment.pull_test = PullTest{61, 60};
  assessment.shedding_count = -1;
  assessment.measurements[0].value = 1001;
  assessment.measurements[1].value = 4.9;
  assessment.measurements.push_back({Quantity::kVellusShare, 20, "hairs/cm2", std::nullopt});
  assessment.notes = std::string("line one\nline two\x07");
  const auto checked = validate_assessment(assessment);
  EXPECT_THAT(fields_of(checked), testing::UnorderedElementsAre(
                                      "/stage", "/affected_zones/2", "/pull_test/hairs_out",
                                      "/shedding_count", "/measurements/0/value",
                                      "/measurements/1/value", "/measurements/2/unit", "/notes"));
  for (const auto& field : checked.error().fields) {
    if (field.field == "/measurements/0/value") {
      EXPECT_EQ(field.message, "must be between 0 and 1000 hairs/cm2");
    }
    if (field.field == "/measurements/1/value") {
      EXPECT_EQ(field.message, "must be between 5 and 200 um");
    }
    if (field.field == "/stage") {
      EXPECT_THAT(field.message, testing::HasSubstr("I, II, III"));
    }
  }
}

TEST(Assessments, PullTestIsPositiveAboveOneInTen) {
  EXPECT_FALSE(is_positive(PullTest{6, 60}));
  EXPECT_TRUE(is_positive(PullTest{7, 60}));
  EXPECT_TRUE(is_positive(PullTest{4, 30}));
}

TEST(Histories, ListsAndTextAreChecked) {
  MedicalHistory history;
  history.allergies = {"Biotin", "lidocaine", "BIOTIN"};
  history.medications = {""};
  history.conditions = std::vector<std::string>(51, "x");
  history.previous_treatments = {{"", "none"}};
  history.notes = "multi\nline\tnotes are fine";
  EXPECT_THAT(fields_of(validate_history(history)),
              testing::UnorderedElementsAre("/allergies/2", "/medications/0", "/conditions",
                                            "/previous_treatments/0/treatment"));
  history.allergies.pop_back();
  history.medications = {"metformin 500 mg"};
  history.conditions = {"hypothyroidism"};
  history.previous_treatments = {{"minoxidil 5%", "less shedding"}};
  EXPECT_TRUE(validate_history(history));
}

}  // namespace
}  // namespace mesoclinic::clinic
