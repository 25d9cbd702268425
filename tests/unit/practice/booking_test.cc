// The calendar workflows (src/practice/booking.h) on both engines: what reception and the
// practitioner see happen when they book, start a course, move and record appointments.
#include <gtest/gtest.h>

#include "core/ids.h"
#include "practice_fixture.h"

namespace mesoclinic::testing {
namespace {

using std::chrono::days;
using std::chrono::minutes;

class BookingTest : public PracticeTest {
 protected:
  std::vector<store::Appointment> patient_appointments() {
    auto listed =
        read([&](store::Transaction& tx) { return tx.list_patient_appointments(patient_.id); });
    EXPECT_TRUE(listed);
    return listed ? *listed : std::vector<store::Appointment>{};
  }
};

TEST_P(BookingTest, BooksAFreeSlotWithThatPractitionerAndRefusesTheSameSlotTwice) {
  const store::Appointment booked = book_at(monday_at());
  EXPECT_EQ(booked.practitioner_id, practitioner_id_);
  EXPECT_EQ(booked.starts_at, instant_of(monday_at()));
  EXPECT_EQ(booked.ends_at - booked.starts_at, minutes{30});
  EXPECT_EQ(patient_appointments(), std::vector{booked});

  auto again = write([&](store::Transaction& tx) {
    return practice::book(tx, patient_, {practitioner_id_, start_at(monday_at()), minutes{30}},
                          today_);
  });
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kSlotUnavailable) << again.error().message;
  EXPECT_EQ(patient_appointments().size(), 1u);
}

TEST_P(BookingTest, RefusesATimeOutsideOpeningHoursOrInThePast) {
  auto closed = write([&](store::Transaction& tx) {
    return practice::book(tx, patient_,
                          {practitioner_id_, start_at({monday_, minutes{20 * 60}}), minutes{30}},
                          today_);
  });
  ASSERT_FALSE(closed);
  EXPECT_EQ(closed.error().code, ErrorCode::kSlotUnavailable);
  const Instant a_week_later = instant_of(monday_at(7));
  auto past = write([&](store::Transaction& tx) {
    return practice::book(tx, patient_, {practitioner_id_, start_at(monday_at()), minutes{30}},
                          a_week_later);
  });
  ASSERT_FALSE(past);
  EXPECT_EQ(past.error().code, ErrorCode::kInvalidInput);
  EXPECT_TRUE(patient_appointments().empty());
}

TEST_P(BookingTest, ProposesACourseWithoutBookingAnything) {
  auto proposal = write([&](store::Transaction& tx) {
    return practice::propose_course(tx, patient_, protocol_, monday_, {}, today_);
  });
  ASSERT_TRUE(proposal) << proposal.error().message;
  EXPECT_EQ(proposal->plan.sessions.size(), 6u);
  EXPECT_TRUE(proposal->plan.unplaced.empty());
  EXPECT_TRUE(patient_appointments().empty());
}

TEST_P(BookingTest, StartsACourseWithEveryAgreedSessionBooked) {
  auto started = write([&](store::Transaction& tx) {
    return practice::start_course(tx, patient_, course_request(), practitioner_id_, today_);
  });
  ASSERT_TRUE(started) << started.error().message;
  const auto stored = patient_appointments();
  ASSERT_EQ(stored.size(), 6u);
  for (int i = 0; i < 6; ++i) {
    EXPECT_EQ(stored[i].session_number, i + 1);
    EXPECT_EQ(stored[i].course_id, started->course.id);
    EXPECT_EQ(stored[i].starts_at, instant_of(monday_at(7 * i)));
  }
  auto course = read([&](store::Transaction& tx) { return tx.find_course(started->course.id); });
  ASSERT_TRUE(course && *course);
  auto terms = documents::agreed_course_from_document((*course)->id, (*course)->protocol_id,
                                                      (*course)->body);
  ASSERT_TRUE(terms) << terms.error().message;
  EXPECT_EQ(terms->protocol.interval_days, protocol_.interval_days);
}

TEST_P(BookingTest, RefusesACourseAtAnotherCostOrWithoutADecisionAndBooksNothing) {
  practice::CourseRequest cheaper = course_request();
  cheaper.cost_shown.minor_units = 50000;
  auto refused = write([&](store::Transaction& tx) {
    return practice::start_course(tx, patient_, cheaper, practitioner_id_, today_);
  });
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kConflict);

  clinic::Patient undecided = patient_;
  undecided.id = new_id();
  ASSERT_TRUE(write([&](store::Transaction& tx) { return tx.insert_patient(undecided); }));
  auto no_decision = write([&](store::Transaction& tx) {
    return practice::start_course(tx, undecided, course_request(), practitioner_id_, today_);
  });
  ASSERT_FALSE(no_decision);
  EXPECT_EQ(no_decision.error().code, ErrorCode::kConflict);
  EXPECT_NE(no_decision.error().message.find("no suitability decision"), std::string::npos);
  EXPECT_TRUE(patient_appointments().empty());
  auto courses = read([&](store::Transaction& tx) { return tx.list_courses(patient_.id); });
  ASSERT_TRUE(courses);
  EXPECT_TRUE(courses->empty());
}

TEST_P(BookingTest, MovingACourseSessionMovesLaterOnesOnlyAsFarAsTheirIntervalsRequire) {
  auto started = write([&](store::Transaction& tx) {
    return practice::start_course(tx, patient_, course_request(), practitioner_id_, today_);
  });
  ASSERT_TRUE(started) << started.error().message;
  const store::Appointment second = started->sessions[1];
  auto moved = write([&](store::Transaction& tx) {
    return practice::move(tx, second, patient_, start_at(monday_at(7 + 3)), today_);
  });
  ASSERT_TRUE(moved) << moved.error().message;
  const auto stored = patient_appointments();
  ASSERT_EQ(stored.size(), 6u);
  EXPECT_EQ(stored[0].starts_at, instant_of(monday_at(0)));  // before the moved one: untouched
  EXPECT_EQ(stored[1].starts_at, instant_of(monday_at(10)));
  // Session 3 was 4 days after the new date; the interval (7 days, tolerance 2) needs at least
  // 5 calendar days, so it moved on, and so did any later one that came too close.
  const auto day_of = [&](const store::Appointment& appointment) {
    return std::chrono::sys_days{zone_.to_local(appointment.starts_at).date};
  };
  EXPECT_GT(stored[2].starts_at, instant_of(monday_at(14)));
  for (std::size_t i = 2; i < stored.size(); ++i) {
    EXPECT_GE(day_of(stored[i]) - day_of(stored[i - 1]), days{5}) << "session " << i + 1;
    EXPECT_LE(day_of(stored[i]) - day_of(stored[i - 1]), days{9}) << "session " << i + 1;
  }
  EXPECT_GE(moved->changed.size(), 2u);
}

TEST_P(BookingTest, MovingASingleAppointmentKeepsItsPractitionerAndLength) {
  const store::Appointment booked = book_at(monday_at());
  auto moved = write([&](store::Transaction& tx) {
    return practice::move(tx, booked, patient_, start_at(monday_at(1, 90)), today_);
  });
  ASSERT_TRUE(moved) << moved.error().message;
  ASSERT_EQ(moved->changed.size(), 1u);
  const auto stored = patient_appointments();
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].starts_at, instant_of(monday_at(1, 90)));
  EXPECT_EQ(stored[0].ends_at - stored[0].starts_at, minutes{30});
  EXPECT_EQ(stored[0].practitioner_id, practitioner_id_);
}

TEST_P(BookingTest, ACancellationFreesTheSlotAndAttendanceWaitsForTheStart) {
  const store::Appointment booked = book_at(monday_at());
  auto early = write([&](store::Transaction& tx) {
    return practice::record_attendance(tx, booked, planning::Attendance::kAttended, "", today_);
  });
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code, ErrorCode::kConflict);

  auto cancelled = write([&](store::Transaction& tx) {
    return practice::record_attendance(tx, booked, planning::Attendance::kCancelled, "patient ill",
                                       today_);
  });
  ASSERT_TRUE(cancelled) << cancelled.error().message;
  EXPECT_EQ(cancelled->appointment.status, planning::Attendance::kCancelled);
  EXPECT_EQ(cancelled->appointment.note, "patient ill");
  const store::Appointment again = book_at(monday_at());
  EXPECT_NE(again.id, booked.id);
  EXPECT_EQ(again.starts_at, booked.starts_at);
}

INSTANTIATE_TEST_SUITE_P(Engines, BookingTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         engine_name);

}  // namespace
}  // namespace mesoclinic::testing
