// The checks around a course's appointments: the agreed sessions, charting, nothing in the past.
#include <gtest/gtest.h>

#include <vector>

#include "planning/planning.h"
#include "planning_fixtures.h"

namespace mesoclinic::planning {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

TEST(AgreedSessions, MustCoverTheProtocolAndKeepTheHealingPeriod) {
  const Protocol protocol = weekly_then_fortnightly();
  std::vector<LocalDateTime> starts;
  CalendarDate day = date(2026, 12, 1);
  starts.push_back({day, at(10)});
  for (const int interval : protocol.interval_days) {
    day = add_days(day, interval);
    starts.push_back({day, at(10)});
  }
  EXPECT_TRUE(check_agreed_sessions(protocol, 4, starts));
  starts[3].date = add_days(starts[2].date, 4);  // the last day of session 3's healing period
  const auto refused = check_agreed_sessions(protocol, 4, starts);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().fields.at(0).field, "/sessions/3/starts/local");
  starts.pop_back();
  EXPECT_FALSE(check_agreed_sessions(protocol, 4, starts));
}

TEST(Attendance, OnlyASessionThatTookPlaceIsChartedAndNothingStartsInThePast) {
  const Instant ten = from_unix_micros(1'795'000'000'000'000);
  EXPECT_TRUE(check_charting(Attendance::kBooked, ten, ten));
  EXPECT_TRUE(check_charting(Attendance::kAttended, ten, ten + hours{1}));
  EXPECT_EQ(check_charting(Attendance::kBooked, ten, ten - minutes{1}).error().code,
            ErrorCode::kConflict)
      << "not begun yet";
  EXPECT_EQ(check_charting(Attendance::kCancelled, ten, ten + hours{1}).error().code,
            ErrorCode::kConflict);
  EXPECT_TRUE(check_not_past(date(2026, 12, 1), date(2026, 12, 1), "/start_date"));
  const auto past = check_not_past(date(2026, 11, 30), date(2026, 12, 1), "/start_date");
  ASSERT_FALSE(past);
  EXPECT_EQ(past.error().fields.at(0).field, "/start_date");
}

// A course is finished when nothing of it is still booked; its last session is the latest one
// that took place, however the others ended.
TEST(Attendance, ACourseIsFinishedOnceNoSessionIsStillBooked) {
  const Instant first = from_unix_micros(1'795'000'000'000'000);
  std::vector<PatientAppointment> sessions = {{"s1", first, Attendance::kAttended},
                                              {"s2", first + hours{24 * 7}, Attendance::kAttended},
                                              {"s3", first + hours{24 * 14}, Attendance::kBooked}};
  EXPECT_EQ(last_session_of_finished_course(sessions), nullptr) << "session 3 is still to come";
  sessions[2].status = Attendance::kMissed;
  const PatientAppointment* last = last_session_of_finished_course(sessions);
  ASSERT_NE(last, nullptr);
  EXPECT_EQ(last->id, "s2") << "a missed session is no session given";
  sessions[2].status = Attendance::kAttended;
  EXPECT_EQ(last_session_of_finished_course(sessions)->id, "s3");
  for (auto& session : sessions) session.status = Attendance::kCancelled;
  EXPECT_EQ(last_session_of_finished_course(sessions), nullptr) << "nothing to maintain";
  EXPECT_EQ(last_session_of_finished_course({}), nullptr);
}

}  // namespace
}  // namespace mesoclinic::planning
