// Aftercare end times on the clinic's wall clock, and the chart rules a signature relies on.
#include "clinic/aftercare.h"

#include <gtest/gtest.h>

#include <set>

#include "clinic/chart.h"

namespace mesoclinic::clinic {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

CalendarDate date(int y, unsigned m, unsigned d) {
  return CalendarDate{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

TEST(Aftercare, EndTimesKeepTheWallClockAcrossTheSpringClockChange) {
  // A session in London ending 15:30 on Saturday 28 March 2026; clocks go forward that night.
  const ClinicZone london = ClinicZone::find("Europe/London").value();
  const Instant end = london.to_instant({date(2026, 3, 28), hours{15} + minutes{30}}).value();
  const AftercarePlan plan = issue_aftercare(default_aftercare_rules(), end, london, 4);
  ASSERT_EQ(plan.restrictions.size(), 5u);
  const auto& washing = plan.restrictions[0];
  EXPECT_EQ(washing.rule_id, "no_washing");
  EXPECT_EQ(london.to_local(washing.until),
            (LocalDateTime{date(2026, 3, 31), hours{15} + minutes{30}}));
  EXPECT_EQ(washing.until - end, hours{71}) << "one hour was skipped";
  ASSERT_TRUE(washing.better_until);
  EXPECT_EQ(london.to_local(*washing.better_until).date, date(2026, 4, 1));
  const auto& sauna = plan.restrictions[2];
  EXPECT_EQ(sauna.until, plan.healed_at) << "until healed: the healing period";
  EXPECT_FALSE(sauna.better_until);
  EXPECT_EQ(london.to_local(plan.healed_at).date, date(2026, 4, 1));
  EXPECT_EQ(london.to_local(plan.restrictions[4].until).date, date(2026, 3, 30)) << "alcohol";

  EXPECT_TRUE(inside_healing_period(plan, plan.healed_at - minutes{1}));
  EXPECT_FALSE(inside_healing_period(plan, plan.healed_at));
}

TEST(Aftercare, AnEndTimeTheClocksSkipMovesPastTheGap) {
  // New York skips 02:00-03:00 on 8 March 2026; a session ending 02:30 three days before.
  const ClinicZone new_york = ClinicZone::find("America/New_York").value();
  const Instant end = new_york.to_instant({date(2026, 3, 5), hours{2} + minutes{30}}).value();
  const AftercarePlan plan =
      issue_aftercare({{"no_washing", 3, std::nullopt, false}}, end, new_york, 4);
  EXPECT_EQ(new_york.to_local(plan.restrictions[0].until),
            (LocalDateTime{date(2026, 3, 8), hours{3}}));
}

TEST(Aftercare, TheClinicsTableIsCheckedWhole) {
  EXPECT_TRUE(validate_aftercare_rules(default_aftercare_rules()));
  const std::vector<AftercareRule> bad = {{"No Washing", 3, 4, false},
                                          {"no_sun", 3, 2, false},
                                          {"no_sun", 2, std::nullopt, false},
                                          {"no_sauna", 2, std::nullopt, true},
                                          {"no_alcohol", std::nullopt, std::nullopt, false},
                                          {"no_gym", 90, std::nullopt, false}};
  const auto refused = validate_aftercare_rules(bad);
  ASSERT_FALSE(refused);
  std::set<std::string> fields;
  for (const auto& error : refused.error().fields) fields.insert(error.field);
  EXPECT_EQ(fields, (std::set<std::string>{"/rules/0/id", "/rules/1/recommended_days",
                                           "/rules/2/id", "/rules/3/until_healed",
                                           "/rules/4/minimum_days", "/rules/5/minimum_days"}));
}

TEST(Chart, ASignableChartIsComplete) {
  SessionChart chart;
  chart.zones = {{ScalpZone::kVertex, 1.5, 40}, {ScalpZone::kMidScalp, 1.0, 30}};
  chart.points = {{0.5, 0.45, 0.2, "crown whorl"}};
  chart.lots = {{"lot-1", 2}};
  chart.pain_score = 3;
  EXPECT_TRUE(validate_chart(chart));

  SessionChart bad = chart;
  bad.zones.push_back({ScalpZone::kVertex, 0.5, 10});
  bad.points[0].x = 1.2;
  bad.depth_mm = 5;  // the needle is 4 mm
  bad.lots.push_back({"lot-1", 1});
  bad.pain_score = 11;
  bad.adverse_events = {{"haematoma", Severity::kMild, "", std::nullopt}};
  const auto refused = validate_chart(bad);
  ASSERT_FALSE(refused);
  std::set<std::string> fields;
  for (const auto& error : refused.error().fields) fields.insert(error.field);
  EXPECT_EQ(fields,
            (std::set<std::string>{"/zones/2/zone", "/points/0/x", "/depth_mm", "/lots/1/lot_id",
                                   "/pain_score", "/adverse_events/0/action_taken"}));
  EXPECT_FALSE(validate_chart(SessionChart{})) << "nothing treated";
}

TEST(Chart, ACorrectionMovesOnlyTheDifferenceInStock) {
  const std::vector<LotUse> changes =
      lot_changes({{"a", 2}, {"b", 1}}, {{"a", 1}, {"c", 2}, {"b", 1}});
  EXPECT_EQ(changes, (std::vector<LotUse>{{"a", -1}, {"c", 2}}));
  EXPECT_TRUE(lot_changes({{"a", 2}}, {{"a", 2}}).empty());
}

}  // namespace
}  // namespace mesoclinic::clinic
