// Clinic analytics (clinic/analytics.h): courses counted in the period they started, per
// protocol; the shares, means and revenue of each row; the periods and the span asked for.
#include "clinic/analytics.h"

#include <gtest/gtest.h>

namespace mesoclinic::clinic {
namespace {

using namespace std::chrono;

OutcomeMeasurement reading(Measure measure, TimePoint at, double value, ScalpZone zone) {
  return {.time_point = at,
          .measure = measure,
          .value = value,
          .unit = std::string(unit_of(measure)),
          .zone = zone,
          .method = Method::kTrichoscopy};
}

// A course of eight sessions at 800.00 EUR, all attended, started on `started_on`.
CourseTally course(std::string protocol, CalendarDate started_on) {
  return {.protocol_id = "p-" + protocol,
          .protocol_name = protocol,
          .started_on = started_on,
          .sessions_planned = 8,
          .attended = 8,
          .missed = 0,
          .booked = 0,
          .last_session_attended = true,
          .adverse_events = 0,
          .agreed_cost = Money{80000, "EUR"},
          .measurements = {}};
}

// Density at baseline and end of course in two zones, rising by `percent` in each.
void measured(CourseTally& tally, double percent) {
  for (const auto zone : {ScalpZone::kVertex, ScalpZone::kFrontal}) {
    tally.measurements.push_back(reading(Measure::kHairDensity, TimePoint::kBaseline, 100, zone));
    tally.measurements.push_back(
        reading(Measure::kHairDensity, TimePoint::kEndOfCourse, 100 + percent, zone));
  }
}

const ResponderRule kRule{};  // density +10% at end of course

TEST(AnalyticsTest, CoursesCountInTheQuarterTheyStartedPerProtocolInOrder) {
  const std::vector<CourseTally> courses = {
      course("Biotin", 2026y / March / 31), course("Alpha", 2026y / April / 1),
      course("Biotin", 2026y / January / 5), course("Alpha", 2026y / February / 10)};
  const auto rows = summarise_courses(courses, AnalyticsPeriod::kQuarter, kRule, "EUR");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].protocol_name, "Alpha");
  EXPECT_EQ(rows[0].period_start, 2026y / January / 1);
  EXPECT_EQ(rows[0].period_end, 2026y / March / 31);
  EXPECT_EQ(rows[0].courses_started, 1);
  EXPECT_EQ(rows[1].protocol_name, "Biotin");
  EXPECT_EQ(rows[1].courses_started, 2);
  EXPECT_EQ(rows[2].protocol_name, "Alpha");
  EXPECT_EQ(period_name(rows[2].period_start, AnalyticsPeriod::kQuarter), "2026-Q2");
  EXPECT_EQ(summarise_courses(courses, AnalyticsPeriod::kYear, kRule, "EUR").size(), 2u);
  EXPECT_EQ(summarise_courses(courses, AnalyticsPeriod::kMonth, kRule, "EUR").size(), 4u);
}

TEST(AnalyticsTest, CompletionCountsOnlyCoursesThatHaveEnded) {
  CourseTally done = course("A", 2026y / May / 4);
  CourseTally abandoned = course("A", 2026y / May / 5);
  abandoned.attended = 3;
  abandoned.missed = 1;
  abandoned.last_session_attended = false;  // the rest were cancelled
  CourseTally running = course("A", 2026y / May / 6);
  running.attended = 2;
  running.booked = 6;
  running.last_session_attended = false;
  const auto rows =
      summarise_courses({done, abandoned, running}, AnalyticsPeriod::kMonth, kRule, "EUR");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].courses_started, 3);
  EXPECT_EQ(rows[0].courses_ended, 2);
  EXPECT_EQ(rows[0].courses_completed, 1);
  EXPECT_DOUBLE_EQ(*completion_percent(rows[0]), 50.0);
  EXPECT_EQ(rows[0].sessions_attended, 13);
  EXPECT_EQ(rows[0].sessions_missed, 1);
  EXPECT_DOUBLE_EQ(*no_show_percent(rows[0]), 100.0 / 14);
}

TEST(AnalyticsTest, ChangesAndRespondersComeFromTheCoursesMeasured) {
  CourseTally up = course("A", 2026y / May / 4);
  measured(up, 20);
  CourseTally flat = course("A", 2026y / May / 5);
  measured(flat, 4);
  CourseTally unmeasured = course("A", 2026y / May / 6);
  const auto rows = summarise_courses({up, flat, unmeasured}, AnalyticsPeriod::kYear, kRule, "EUR");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_DOUBLE_EQ(*rows[0].density_change_percent.mean, 12.0);
  EXPECT_EQ(rows[0].density_change_percent.courses, 2);
  EXPECT_FALSE(rows[0].diameter_change_percent.mean) << "no diameter was measured";
  EXPECT_EQ(rows[0].diameter_change_percent.courses, 0);
  EXPECT_EQ(rows[0].responders, 1);
  EXPECT_EQ(rows[0].responder_courses, 2);
  EXPECT_DOUBLE_EQ(*responder_percent(rows[0]), 50.0);
}

TEST(AnalyticsTest, RevenueIsTheAttendedSharesOfTheAgreedPriceInTheClinicsCurrency) {
  CourseTally half = course("A", 2026y / May / 4);
  half.attended = 3;  // 3 of 8 sessions of 800.00: 300.00
  CourseTally odd = course("A", 2026y / May / 5);
  odd.agreed_cost = Money{10000, "EUR"};
  odd.sessions_planned = 3;
  odd.attended = 1;  // 33.333... rounds to 33.33
  CourseTally pounds = course("A", 2026y / May / 6);
  pounds.agreed_cost = Money{50000, "GBP"};
  CourseTally unpriced = course("A", 2026y / May / 7);
  unpriced.agreed_cost.reset();
  unpriced.adverse_events = 3;
  const auto rows =
      summarise_courses({half, odd, pounds, unpriced}, AnalyticsPeriod::kYear, kRule, "EUR");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].revenue, (Money{30000 + 3333, "EUR"}));
  EXPECT_EQ(rows[0].courses_started, 4) << "another currency still counts everywhere else";
  EXPECT_EQ(rows[0].adverse_events, 3);
  EXPECT_DOUBLE_EQ(*adverse_events_per_100_sessions(rows[0]), 300.0 / (3 + 1 + 8 + 8));
}

TEST(AnalyticsTest, SharesOfNothingAreNone) {
  AnalyticsRow empty;
  EXPECT_FALSE(completion_percent(empty));
  EXPECT_FALSE(responder_percent(empty));
  EXPECT_FALSE(no_show_percent(empty));
  EXPECT_FALSE(adverse_events_per_100_sessions(empty));
}

TEST(AnalyticsTest, PeriodsAreCalendarMonthsQuartersAndYears) {
  EXPECT_EQ(period_around(2024y / February / 10, AnalyticsPeriod::kMonth),
            std::pair(CalendarDate{2024y / February / 1}, CalendarDate{2024y / February / 29}));
  EXPECT_EQ(period_around(2026y / December / 31, AnalyticsPeriod::kQuarter),
            std::pair(CalendarDate{2026y / October / 1}, CalendarDate{2026y / December / 31}));
  EXPECT_EQ(period_around(2026y / July / 1, AnalyticsPeriod::kYear),
            std::pair(CalendarDate{2026y / January / 1}, CalendarDate{2026y / December / 31}));
  EXPECT_EQ(period_name(2026y / March / 1, AnalyticsPeriod::kMonth), "2026-03");
  EXPECT_EQ(period_name(2026y / January / 1, AnalyticsPeriod::kYear), "2026");
  EXPECT_EQ(parse_analytics_period("quarter"), AnalyticsPeriod::kQuarter);
  EXPECT_FALSE(parse_analytics_period("week"));
}

TEST(AnalyticsTest, TheSpanRunsForwardForLessThanTenYears) {
  EXPECT_TRUE(check_analytics_span(2026y / January / 1, 2026y / January / 1).empty());
  EXPECT_TRUE(check_analytics_span(2020y / February / 29, 2030y / February / 27).empty());
  EXPECT_EQ(check_analytics_span(2026y / May / 2, 2026y / May / 1).at(0).field, "/to");
  EXPECT_EQ(check_analytics_span(2020y / February / 29, 2030y / February / 28).at(0).field, "/to");
  EXPECT_EQ(check_analytics_span(2026y / February / 30, 2026y / May / 1).at(0).field, "/from");
}

}  // namespace
}  // namespace mesoclinic::clinic
