// The course planner on real clinic calendars: clock changes in three zones, a full calendar,
// absences, holidays, rescheduling and the healing period.
#include <gtest/gtest.h>

#include <set>

#include "planning/planning.h"
#include "planning_fixtures.h"

namespace mesoclinic::planning {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

struct DstCase {
  std::string zone;
  CalendarDate start;  // a Tuesday shortly before a clock change
};

TEST(Planner, KeepsLocalTimesAndIntervalsAcrossClockChanges) {
  const std::vector<DstCase> cases = {
      {"Europe/London", date(2026, 3, 17)},      // spring forward 29 March
      {"Europe/London", date(2026, 10, 13)},     // fall back 25 October
      {"America/New_York", date(2026, 3, 3)},    // spring forward 8 March
      {"America/New_York", date(2026, 10, 20)},  // fall back 1 November
      {"Australia/Sydney", date(2026, 3, 24)},   // fall back 5 April
      {"Australia/Sydney", date(2026, 9, 22)},   // spring forward 4 October
  };
  for (const auto& dst : cases) {
    SCOPED_TRACE(dst.zone + " from " + format_iso_date(dst.start));
    const Calendar calendar = clinic(dst.zone);
    const CoursePlan plan =
        plan_course(weekly_then_fortnightly(), calendar, "pat1", dst.start, tuesdays_at_ten());
    ASSERT_TRUE(plan.unplaced.empty()) << plan.unplaced.front().reason;
    ASSERT_EQ(plan.sessions.size(), 8u);
    const std::vector<int> intervals = {7, 7, 7, 14, 14, 14, 14};
    std::set<minutes> offsets;
    for (std::size_t i = 0; i < plan.sessions.size(); ++i) {
      const auto& session = plan.sessions[i];
      EXPECT_EQ(session.slot.local_start.time_of_day, at(10)) << "session " << session.number;
      EXPECT_EQ(weekday_index(session.slot.local_start.date), 1);
      EXPECT_TRUE(session.on_preferred_slot);
      // The stored instant shows the same wall-clock time in the clinic's zone.
      EXPECT_EQ(calendar.zone().to_local(session.slot.when.start), session.slot.local_start);
      offsets.insert(calendar.zone().utc_offset(session.slot.when.start));
      if (i > 0) {
        EXPECT_EQ(days_apart(plan.sessions[i - 1], session), intervals[i - 1]);
      }
    }
    EXPECT_EQ(offsets.size(), 2u) << "the course should straddle the clock change";
  }
}

TEST(Planner, AFullCalendarOffersTheNearestAlternatives) {
  Calendar calendar = clinic("Europe/London");
  // Someone else holds every opening minute of the second week.
  for (CalendarDate d = date(2026, 11, 28); d <= date(2026, 12, 6); d = add_days(d, 1)) {
    for (int hour = 9; hour < 18; ++hour) {
      const auto begins = calendar.zone().to_instant({d, at(hour)}).value();
      calendar.book({.practitioner_id = "dr1",
                     .room_id = "room1",
                     .patient_id = "other",
                     .when = {.start = begins, .end = begins + hours{1}}});
    }
  }
  const CoursePlan plan = plan_course(weekly_then_fortnightly(), calendar, "pat1",
                                      date(2026, 11, 24), tuesdays_at_ten());
  ASSERT_EQ(plan.unplaced.size(), 1u);
  const Unplaced& missing = plan.unplaced.front();
  EXPECT_EQ(missing.number, 2);
  EXPECT_NE(missing.reason.find("no practitioner"), std::string::npos) << missing.reason;
  ASSERT_FALSE(missing.alternatives.empty());
  EXPECT_EQ(missing.alternatives.front().slot.local_start.date, date(2026, 12, 7));
  EXPECT_EQ(plan.sessions.size(), 7u);
}

TEST(Planner, WorksAroundAbsencesAndHolidays) {
  Calendar calendar = clinic("Europe/London", 2, 1, {date(2026, 12, 8)});
  Calendar with_absence(
      calendar.zone(), weekdays(at(9), at(18)), {date(2026, 12, 8)},
      {{.id = "dr1",
        .hours = weekdays(at(9), at(17)),
        .absences = {{calendar.zone().to_instant({date(2026, 12, 14), at(0)}).value(),
                      calendar.zone().to_instant({date(2026, 12, 19), at(0)}).value()}}},
       {.id = "dr2", .hours = weekdays(at(9), at(17)), .absences = {}}},
      {"room1"});
  Preferences with_dr1 = tuesdays_at_ten();
  with_dr1.practitioner_id = "dr1";
  const CoursePlan plan =
      plan_course(weekly_then_fortnightly(), with_absence, "pat1", date(2026, 12, 1), with_dr1);
  ASSERT_TRUE(plan.unplaced.empty());
  // Session 2 falls on the 8th, a holiday: the day after instead (nearest, later first).
  EXPECT_EQ(plan.sessions[1].slot.local_start.date, date(2026, 12, 9));
  EXPECT_FALSE(plan.sessions[1].on_preferred_slot);
  // Session 3 in dr1's absence week goes to dr2; dr1 again afterwards.
  EXPECT_EQ(plan.sessions[2].slot.practitioner_id, "dr2");
  EXPECT_EQ(plan.sessions[3].slot.practitioner_id, "dr1");
}

TEST(Planner, ReschedulingMovesLaterSessionsOnlyAsFarAsTheIntervalsRequire) {
  const Calendar calendar = clinic("Europe/London");
  const Protocol protocol = weekly_then_fortnightly();
  const CoursePlan plan =
      plan_course(protocol, calendar, "pat1", date(2026, 1, 6), tuesdays_at_ten());
  ASSERT_TRUE(plan.unplaced.empty());
  // Session 3 (20 January) moves two days later: session 4 (27 Jan) is 5 days after, inside
  // 7 - 2, so it stays; nothing else moves.
  auto small = reschedule(protocol, calendar, plan.sessions, 3, {date(2026, 1, 22), at(14)}, "pat1",
                          tuesdays_at_ten());
  ASSERT_TRUE(small) << small.error().message;
  EXPECT_EQ((*small)[2].slot.local_start, (LocalDateTime{date(2026, 1, 22), at(14)}));
  for (std::size_t i = 3; i < small->size(); ++i) {
    EXPECT_EQ((*small)[i].slot.local_start, plan.sessions[i].slot.local_start) << i;
  }
  // A week later instead: session 4 must move to 5 days after it at least (Feb 3 -> earliest
  // window day), and the chain follows only where needed.
  auto big = reschedule(protocol, calendar, plan.sessions, 3, {date(2026, 1, 29), at(10)}, "pat1",
                        tuesdays_at_ten());
  ASSERT_TRUE(big) << big.error().message;
  EXPECT_EQ((*big)[3].slot.local_start.date, date(2026, 2, 3));
  EXPECT_EQ(days_apart((*big)[2], (*big)[3]), 5);
  for (std::size_t i = 4; i < big->size(); ++i) {
    const int gap = days_apart((*big)[i - 1], (*big)[i]);
    EXPECT_GE(gap, 12);
    EXPECT_LE(gap, 16);
  }
}

TEST(Planner, ACancelledSessionInBetweenLeavesItsIntervalToTheNext) {
  const Calendar calendar = clinic("Europe/London");
  const Protocol protocol = weekly_then_fortnightly();
  const CoursePlan plan =
      plan_course(protocol, calendar, "pat1", date(2026, 1, 6), tuesdays_at_ten());
  ASSERT_TRUE(plan.unplaced.empty());
  // Session 3 was cancelled; session 2 (13 January) moves a day later. Session 4 (27 Jan) is
  // 13 days after it, inside 7 + 7 +- 2: it stays where it is, not pulled a week earlier.
  std::vector<PlannedSession> held = plan.sessions;
  held.erase(held.begin() + 2);
  auto moved = reschedule(protocol, calendar, held, 2, {date(2026, 1, 14), at(10)}, "pat1",
                          tuesdays_at_ten());
  ASSERT_TRUE(moved) << moved.error().message;
  ASSERT_EQ(moved->size(), 7u);
  EXPECT_EQ((*moved)[1].slot.local_start.date, date(2026, 1, 14));
  EXPECT_EQ((*moved)[2].number, 4);
  EXPECT_EQ((*moved)[2].slot.local_start, plan.sessions[3].slot.local_start);
}

TEST(Planner, ASessionFurtherThanItsIntervalStaysWhenItsWindowIsFull) {
  // One practitioner, one room; session 3 sits on an alternative three weeks after session 2
  // because its window was full. Moving session 2 a day later must not fail over it.
  Calendar calendar = clinic("Europe/London");
  const Protocol protocol = weekly_then_fortnightly();
  const CoursePlan plan =
      plan_course(protocol, calendar, "pat1", date(2026, 1, 6), tuesdays_at_ten());
  ASSERT_TRUE(plan.unplaced.empty());
  std::vector<PlannedSession> held = plan.sessions;
  held.resize(3);
  held[2].slot.local_start.date = date(2026, 2, 3);
  held[2].slot.when.start += std::chrono::days{14};
  held[2].slot.when.end += std::chrono::days{14};
  for (CalendarDate day = date(2026, 1, 15); day <= date(2026, 1, 30); day = add_days(day, 1)) {
    for (const minutes start : calendar.opening_starts(day, minutes{45})) {
      const Instant begins =
          calendar.zone().to_instant({day, start}, RepeatedHour::kEarlier).value();
      calendar.book({.practitioner_id = "dr1",
                     .room_id = "room1",
                     .patient_id = "someone",
                     .when = {.start = begins, .end = begins + minutes{45}}});
    }
  }
  auto moved = reschedule(protocol, calendar, held, 2, {date(2026, 1, 14), at(10)}, "pat1",
                          tuesdays_at_ten());
  ASSERT_TRUE(moved) << moved.error().message;
  EXPECT_EQ((*moved)[2].slot.local_start.date, date(2026, 2, 3));
}

TEST(Planner, ASessionInsideTheHealingPeriodIsAConflict) {
  const Calendar calendar = clinic("Europe/London");
  const Protocol protocol = weekly_then_fortnightly();
  const CoursePlan plan =
      plan_course(protocol, calendar, "pat1", date(2026, 1, 6), tuesdays_at_ten());
  auto too_soon = reschedule(protocol, calendar, plan.sessions, 2, {date(2026, 1, 9), at(10)},
                             "pat1", tuesdays_at_ten());
  ASSERT_FALSE(too_soon);
  EXPECT_EQ(too_soon.error().code, ErrorCode::kConflict);
  EXPECT_NE(too_soon.error().message.find("healing period"), std::string::npos);
  auto closed = reschedule(protocol, calendar, plan.sessions, 2, {date(2026, 1, 17), at(10)},
                           "pat1", tuesdays_at_ten());  // a Saturday
  ASSERT_FALSE(closed);
  EXPECT_NE(closed.error().message.find("outside opening hours"), std::string::npos);
}

}  // namespace
}  // namespace mesoclinic::planning
