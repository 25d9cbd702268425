// Protocols and prices: session counts, the estimate with and without a discount, the recall.
#include <gtest/gtest.h>

#include "planning/planning.h"
#include "planning_fixtures.h"

namespace mesoclinic::planning {
namespace {

TEST(Protocols, SessionCountsOutsideSixToTenNeedAReason) {
  Protocol protocol = weekly_then_fortnightly();
  EXPECT_TRUE(validate_protocol(protocol));
  protocol.sessions = 12;
  protocol.interval_days.resize(11, 14);
  EXPECT_FALSE(validate_protocol(protocol));
  protocol.sessions_override_reason = "Severe diffuse loss; agreed extended course.";
  EXPECT_TRUE(validate_protocol(protocol));
  protocol.interval_days.pop_back();
  EXPECT_FALSE(validate_protocol(protocol));
}

TEST(Protocols, CostAndRecall) {
  Protocol protocol = weekly_then_fortnightly();
  EXPECT_EQ(estimate_cost(protocol), (Money{96000, "GBP"}));
  protocol.package_price = Money{85000, "GBP"};
  EXPECT_EQ(estimate_cost(protocol), (Money{85000, "GBP"}));
  EXPECT_EQ(recall_date(protocol, date(2026, 5, 31)), date(2027, 5, 31));
  protocol.recall_after_months = 13;
  EXPECT_EQ(recall_date(protocol, date(2026, 1, 31)), date(2027, 2, 28));
  EXPECT_TRUE(has_too_many_gaps(3));
  EXPECT_FALSE(has_too_many_gaps(2));
}

TEST(Protocols, AClinicPricesAProtocolInItsOwnCurrency) {
  Protocol definition = weekly_then_fortnightly();
  definition.price_per_session.reset();
  EXPECT_TRUE(validate_protocol(definition)) << "the group-wide definition needs no price";
  const ProtocolPrice auckland{Money{25000, "NZD"}, std::nullopt};
  EXPECT_TRUE(validate_price(auckland, "NZD"));
  const auto wrong = validate_price(auckland, "EUR");
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().fields.at(0).field, "/price_per_session/currency");
  EXPECT_FALSE(validate_price({std::nullopt, std::nullopt}, "NZD"));
  EXPECT_FALSE(validate_price({Money{-1, "NZD"}, std::nullopt}, "NZD"));
  const Protocol priced = priced_at(definition, {Money{25000, "NZD"}, Money{180000, "NZD"}});
  EXPECT_EQ(estimate_cost(priced), (Money{180000, "NZD"})) << "the package wins";
  EXPECT_EQ(estimate_cost(priced_at(definition, auckland)), (Money{200000, "NZD"}));
}

TEST(Protocols, DiscountsAndTheRecallWindow) {
  Protocol protocol = weekly_then_fortnightly();
  EXPECT_EQ(estimate_cost(protocol, Discount{10, "returning patient"}), (Money{86400, "GBP"}));
  protocol.price_per_session = Money{999, "GBP"};  // 7992 less 15% = 6793.2: rounds to 6793
  EXPECT_EQ(estimate_cost(protocol, Discount{15, "staff"}), (Money{6793, "GBP"}));
  EXPECT_EQ(estimate_cost(protocol, std::nullopt), (Money{7992, "GBP"}));
  EXPECT_FALSE(validate_discount({0, "none"}));
  EXPECT_FALSE(validate_discount({20, ""}));
  EXPECT_TRUE(validate_discount({100, "goodwill after a complaint"}));

  protocol.recall_after_months = 15;
  const RecallWindow recall = recall_window(protocol, date(2026, 8, 31));
  EXPECT_EQ(recall.due, date(2027, 11, 30));
  EXPECT_EQ(recall.opens, date(2027, 8, 31));
  EXPECT_EQ(recall.closes, date(2028, 2, 29));
  EXPECT_TRUE(recall.opens <= recall.due && recall.due <= recall.closes);
}

}  // namespace
}  // namespace mesoclinic::planning
