// Outcome measurements (clinic/outcomes.h): what a reading must be to be kept, the change against
// baseline, and the responder rule a clinic sets.
#include "clinic/outcomes.h"

#include <gtest/gtest.h>

namespace mesoclinic::clinic {
namespace {

OutcomeMeasurement density(TimePoint at, double value,
                           std::optional<ScalpZone> zone = ScalpZone::kVertex) {
  return {.time_point = at,
          .measure = Measure::kHairDensity,
          .value = value,
          .unit = "hairs/cm2",
          .zone = zone,
          .method = Method::kTrichoscopy};
}

std::vector<std::string> fields(const std::vector<FieldError>& errors) {
  std::vector<std::string> names;
  for (const auto& e : errors) names.push_back(e.field);
  return names;
}

TEST(OutcomesTest, AReadingInItsUnitRangeAndMethodIsKept) {
  EXPECT_TRUE(check_outcome(density(TimePoint::kEndOfCourse, 180), "/m").empty());
  const OutcomeMeasurement shedding{.time_point = TimePoint::kMonth3,
                                    .measure = Measure::kSheddingCount,
                                    .value = 80,
                                    .unit = "hairs",
                                    .zone = std::nullopt,
                                    .method = Method::kCombTest};
  EXPECT_TRUE(check_outcome(shedding, "/m").empty());
}

TEST(OutcomesTest, EachWrongPartIsNamed) {
  OutcomeMeasurement wrong = density(TimePoint::kMidCourse, 1500);
  wrong.unit = "hairs/in2";
  wrong.method = Method::kPatient;
  const auto errors = check_outcome(wrong, "/measurements/1");
  EXPECT_EQ(fields(errors),
            (std::vector<std::string>{"/measurements/1/unit", "/measurements/1/value",
                                      "/measurements/1/method"}));
  EXPECT_EQ(errors[0].message, "must be hairs/cm2 for hair_density");
  EXPECT_EQ(errors[1].message, "must be 0 to 1000 hairs/cm2");
  EXPECT_EQ(errors[2].message, "must be trichoscopy for hair_density");
}

TEST(OutcomesTest, CountsAreWholeAndSheddingIsCountedByWashOrComb) {
  const OutcomeMeasurement pull{.time_point = TimePoint::kEndOfCourse,
                                .measure = Measure::kPullTest,
                                .value = 4.5,
                                .unit = "hairs",
                                .zone = std::nullopt,
                                .method = Method::kTrichoscopy};
  const auto errors = check_outcome(pull, "/m");
  EXPECT_EQ(fields(errors), (std::vector<std::string>{"/m/value", "/m/method"}));
  EXPECT_EQ(errors[0].message, "must be a whole number");
  EXPECT_EQ(errors[1].message, "must be manual for pull_test");
  EXPECT_EQ(methods_of(Measure::kSheddingCount),
            (std::vector<Method>{Method::kStandardWash, Method::kCombTest}));
}

TEST(OutcomesTest, TheSelfAssessmentRunsFromMuchWorseToMuchBetterAndNeverAtBaseline) {
  OutcomeMeasurement view{.time_point = TimePoint::kEndOfCourse,
                          .measure = Measure::kSelfAssessment,
                          .value = 2,
                          .unit = "points",
                          .zone = std::nullopt,
                          .method = Method::kPatient};
  EXPECT_TRUE(check_outcome(view, "/m").empty());
  view.value = 4;
  EXPECT_EQ(fields(check_outcome(view, "/m")), (std::vector<std::string>{"/m/value"}));
  view.value = -3;
  view.time_point = TimePoint::kBaseline;
  EXPECT_EQ(fields(check_outcome(view, "/m")), (std::vector<std::string>{"/m/time_point"}));
}

TEST(OutcomesTest, ChangeIsAbsoluteAndInPercentOfTheBaseline) {
  EXPECT_EQ(change_from(150, 180), (Change{.absolute = 30, .percent = 20}));
  EXPECT_EQ(change_from(80, 60), (Change{.absolute = -20, .percent = -25}));
  EXPECT_EQ(change_from(0, 3), (Change{.absolute = 3, .percent = std::nullopt}));
}

TEST(OutcomesTest, ARespondersDensityRoseByTheClinicsThresholdAtTheEndOfTheCourse) {
  const ResponderRule rule;  // the default: density +10% at the end of the course
  EXPECT_EQ(is_responder(
                rule, {density(TimePoint::kBaseline, 150), density(TimePoint::kEndOfCourse, 165)}),
            true);
  EXPECT_EQ(is_responder(
                rule, {density(TimePoint::kBaseline, 150), density(TimePoint::kEndOfCourse, 164)}),
            false);
  // Not known until both readings exist; a mid-course rise does not count for the end.
  EXPECT_EQ(
      is_responder(rule, {density(TimePoint::kBaseline, 150), density(TimePoint::kMidCourse, 200)}),
      std::nullopt);
  const ResponderRule stricter{.min_percent = 20};
  EXPECT_EQ(is_responder(stricter, {density(TimePoint::kBaseline, 150),
                                    density(TimePoint::kEndOfCourse, 170)}),
            false);
}

TEST(OutcomesTest, TheResponderRuleComparesTheZonesMeasuredAtBothPointsByTheirMeans) {
  const std::vector<OutcomeMeasurement> readings = {
      density(TimePoint::kBaseline, 100, ScalpZone::kVertex),
      density(TimePoint::kBaseline, 200, ScalpZone::kFrontal),
      density(TimePoint::kBaseline, 50, ScalpZone::kOccipital),  // never measured again: left out
      // Two readings of the vertex at the end count as their mean (120), not twice.
      density(TimePoint::kEndOfCourse, 110, ScalpZone::kVertex),
      density(TimePoint::kEndOfCourse, 130, ScalpZone::kVertex),
      density(TimePoint::kEndOfCourse, 210, ScalpZone::kFrontal),
  };
  // Baseline mean 150 over vertex and frontal; end mean (120 + 210) / 2 = 165: +10%.
  EXPECT_EQ(is_responder(ResponderRule{}, readings), true);
}

CalendarDate day(int y, unsigned m, unsigned d) {
  return std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d};
}

TEST(OutcomesTest, EachZoneIsComparedWithItsOwnBaselineByTheMeanOfItsReadings) {
  const std::vector<OutcomeMeasurement> measured = {
      density(TimePoint::kBaseline, 100),
      density(TimePoint::kBaseline, 110),  // read twice: the mean (105) counts
      density(TimePoint::kEndOfCourse, 126),
      density(TimePoint::kMidCourse, 105),
      density(TimePoint::kEndOfCourse, 150, ScalpZone::kFrontal),  // no baseline: not compared
      density(TimePoint::kBaseline, 0, ScalpZone::kOccipital),
      density(TimePoint::kEndOfCourse, 4, ScalpZone::kOccipital),
      {.time_point = TimePoint::kEndOfCourse,
       .measure = Measure::kSelfAssessment,
       .value = 2,
       .unit = "points",
       .zone = std::nullopt,
       .method = Method::kPatient},
  };
  const auto changes = changes_against_baseline(measured);
  ASSERT_EQ(changes.size(), 3U);
  EXPECT_EQ(changes[0].zone, ScalpZone::kVertex);
  EXPECT_EQ(changes[0].at, TimePoint::kMidCourse);
  EXPECT_EQ(changes[0].baseline, 105);
  EXPECT_EQ(changes[0].change.absolute, 0);
  EXPECT_EQ(changes[1].at, TimePoint::kEndOfCourse);
  EXPECT_EQ(changes[1].value, 126);
  EXPECT_EQ(changes[1].change.percent, 20);
  // A zero baseline has a difference but no percent.
  EXPECT_EQ(changes[2].zone, ScalpZone::kOccipital);
  EXPECT_EQ(changes[2].change.absolute, 4);
  EXPECT_FALSE(changes[2].change.percent);
}

TEST(OutcomesTest, AResponderRuleNeedsAMeasureThatRisesALaterPointAndASaneThreshold) {
  EXPECT_TRUE(check_responder_rule({}).empty());
  const ResponderRule shedding{
      .measure = Measure::kSheddingCount, .at = TimePoint::kBaseline, .min_percent = 0};
  EXPECT_EQ(fields(check_responder_rule(shedding)),
            (std::vector<std::string>{"/responder/measure", "/responder/time_point",
                                      "/responder/min_percent"}));
  EXPECT_TRUE(
      check_responder_rule(
          {.measure = Measure::kMeanShaftDiameter, .at = TimePoint::kMonth6, .min_percent = 15})
          .empty());
}

TEST(OutcomesTest, TimePointsFallOnTheFirstMiddleAndLastSessionsThenMonthsAfter) {
  const std::vector<CalendarDate> six = {day(2026, 11, 2),  day(2026, 11, 9),  day(2026, 11, 16),
                                         day(2026, 11, 30), day(2026, 12, 14), day(2027, 1, 31)};
  EXPECT_EQ(follow_ups(six), (std::vector<FollowUp>{{TimePoint::kBaseline, day(2026, 11, 2)},
                                                    {TimePoint::kMidCourse, day(2026, 11, 16)},
                                                    {TimePoint::kEndOfCourse, day(2027, 1, 31)},
                                                    // 31 January + 3 months: the last of April
                                                    {TimePoint::kMonth3, day(2027, 4, 30)},
                                                    {TimePoint::kMonth6, day(2027, 7, 31)},
                                                    {TimePoint::kMonth12, day(2028, 1, 31)}}));
  EXPECT_EQ(follow_ups({day(2026, 11, 2), day(2026, 11, 9), day(2026, 11, 16)})[1].due_on,
            day(2026, 11, 9));
  EXPECT_TRUE(follow_ups({}).empty());
}

TEST(OutcomesTest, ATimePointDueAndNotMeasuredIsMissing) {
  const auto due =
      follow_ups({day(2026, 11, 2), day(2026, 11, 9), day(2026, 11, 16), day(2026, 11, 23)});
  // On 10 December: baseline, mid-course (9 Nov) and end (23 Nov) are due; only baseline measured.
  EXPECT_EQ(missing_follow_ups(due, {TimePoint::kBaseline}, day(2026, 12, 10)),
            (std::vector<FollowUp>{{TimePoint::kMidCourse, day(2026, 11, 9)},
                                   {TimePoint::kEndOfCourse, day(2026, 11, 23)}}));
  // A point falls due on its day, not before.
  EXPECT_EQ(missing_follow_ups(
                due, {TimePoint::kBaseline, TimePoint::kMidCourse, TimePoint::kEndOfCourse},
                day(2027, 2, 23)),
            (std::vector<FollowUp>{{TimePoint::kMonth3, day(2027, 2, 23)}}));
  EXPECT_TRUE(missing_follow_ups(due, {}, day(2026, 11, 1)).empty());
}

TEST(OutcomesTest, NamesRoundTrip) {
  EXPECT_EQ(parse_time_point("month_6"), TimePoint::kMonth6);
  EXPECT_EQ(to_string(TimePoint::kEndOfCourse), "end_of_course");
  EXPECT_EQ(parse_measure("self_assessment"), Measure::kSelfAssessment);
  EXPECT_EQ(parse_method("comb_test"), Method::kCombTest);
  EXPECT_EQ(parse_measure("density"), std::nullopt);
  EXPECT_EQ(names_of_time_points(),
            "baseline, mid_course, end_of_course, month_3, month_6, month_12, maintenance");
}

}  // namespace
}  // namespace mesoclinic::clinic
