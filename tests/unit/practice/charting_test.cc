// Charting at the chair (src/practice/charting.h) on both engines: what a signature brings with
// it, what a refused signature leaves untouched, and corrections.
#include <gtest/gtest.h>

#include "documents/chart_json.h"
#include "practice_fixture.h"

namespace mesoclinic::testing {
namespace {

using std::chrono::minutes;

class ChartingTest : public PracticeTest {
 protected:
  void SetUp() override {
    PracticeTest::SetUp();
    if (HasFatalFailure()) return;
    appointment_ = book_at(monday_at());
    chair_time_ = appointment_.starts_at + minutes{20};
  }

  Result<store::StoredChart> save_draft(const clinic::SessionChart& chart) {
    return write([&](store::Transaction& tx) {
      return practice::save_draft_chart(tx, appointment_, patient_, chart, practitioner_id_,
                                        chair_time_);
    });
  }
  // A plain signature (no override); a refusal at the chair is a kConflict here.
  Result<practice::SignedSession> sign() {
    auto signature = write([&](store::Transaction& tx) {
      return practice::sign_chart(tx, appointment_, patient_, std::nullopt, practitioner_id_,
                                  chair_time_);
    });
    if (!signature) return std::unexpected(signature.error());
    if (!std::holds_alternative<practice::SignedSession>(*signature)) {
      return fail(ErrorCode::kConflict, "refused at the chair");
    }
    return std::get<practice::SignedSession>(std::move(*signature));
  }
  store::Appointment stored_appointment() {
    auto found = read([&](store::Transaction& tx) { return tx.find_appointment(appointment_.id); });
    EXPECT_TRUE(found && *found);
    return found && *found ? **found : store::Appointment{};
  }

  store::Appointment appointment_;
  Instant chair_time_{};
};

TEST_P(ChartingTest, ADraftWaitsForTheSessionToBegin) {
  auto early = write([&](store::Transaction& tx) {
    return practice::save_draft_chart(tx, appointment_, patient_, chart_with(1), practitioner_id_,
                                      today_);
  });
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code, ErrorCode::kConflict);
  auto chart = read([&](store::Transaction& tx) { return tx.find_chart(appointment_.id, {}); });
  ASSERT_TRUE(chart);
  EXPECT_FALSE(*chart);
}

TEST_P(ChartingTest, SigningTakesStockRecordsTheLotMarksAttendedAndIssuesAftercare) {
  ASSERT_TRUE(save_draft(chart_with(2)));
  auto signed_session = sign();
  ASSERT_TRUE(signed_session) << signed_session.error().message;
  EXPECT_EQ(signed_session->chart.signed_at, chair_time_);
  EXPECT_EQ(signed_session->chart.signed_by, practitioner_id_);

  EXPECT_EQ(lot_quantity(), 18);
  auto recipients = read([&](store::Transaction& tx) { return tx.list_lot_recipients(lot_.id); });
  ASSERT_TRUE(recipients);
  ASSERT_EQ(recipients->size(), 1u);
  EXPECT_EQ((*recipients)[0].patient_id, patient_.id);
  EXPECT_EQ((*recipients)[0].vials, 2);
  EXPECT_EQ(stored_appointment().status, planning::Attendance::kAttended);

  auto plan = read([&](store::Transaction& tx) { return tx.find_aftercare_plan(appointment_.id); });
  ASSERT_TRUE(plan && *plan);
  EXPECT_EQ(**plan, signed_session->aftercare_document);
  auto decoded = documents::aftercare_plan_from_json(documents::Json::parse(**plan));
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_FALSE(decoded->restrictions.empty());

  // The chart keeps the lot as it was: its number survives a later change of the lot.
  auto chart = read([&](store::Transaction& tx) { return tx.find_chart(appointment_.id, {}); });
  ASSERT_TRUE(chart && *chart);
  EXPECT_NE((*chart)->body.find(lot_.number), std::string::npos);
}

TEST_P(ChartingTest, SigningQueuesAReminderForEachRestrictionOfThePlan) {
  ASSERT_TRUE(save_draft(chart_with(1)));
  ASSERT_TRUE(sign());
  store::ReminderFilter mine;
  mine.patient_id = patient_.id;
  auto reminders = read([&](store::Transaction& tx) { return tx.list_reminders(mine, 50); });
  ASSERT_TRUE(reminders);
  ASSERT_FALSE(reminders->empty());
  for (const auto& reminder : *reminders) {
    EXPECT_EQ(reminder.kind, clinic::ReminderKind::kAftercare);
    EXPECT_EQ(reminder.recipient, "zeynep@example.org");
    EXPECT_GT(reminder.event_at, chair_time_);
    EXPECT_FALSE(reminder.body.empty());
  }
}

TEST_P(ChartingTest, ASecondSignatureIsRefused) {
  ASSERT_TRUE(save_draft(chart_with(1)));
  ASSERT_TRUE(sign());
  auto again = sign();
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kChartSigned);
  EXPECT_EQ(lot_quantity(), 19);
  auto draft = save_draft(chart_with(3));
  ASSERT_FALSE(draft);
  EXPECT_EQ(draft.error().code, ErrorCode::kChartSigned);
}

TEST_P(ChartingTest, ASignatureWithARecalledLotChangesNothing) {
  ASSERT_TRUE(save_draft(chart_with(2)));
  ASSERT_TRUE(write([&](store::Transaction& tx) { return tx.recall_lot(lot_.id, today_); }));
  auto refused = sign();
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kConflict);
  EXPECT_NE(refused.error().message.find("recalled"), std::string::npos) << refused.error().message;

  EXPECT_EQ(lot_quantity(), 20);
  EXPECT_EQ(stored_appointment().status, planning::Attendance::kBooked);
  auto chart = read([&](store::Transaction& tx) { return tx.find_chart(appointment_.id, {}); });
  ASSERT_TRUE(chart && *chart);
  EXPECT_FALSE((*chart)->signed_at);
  auto plan = read([&](store::Transaction& tx) { return tx.find_aftercare_plan(appointment_.id); });
  ASSERT_TRUE(plan);
  EXPECT_FALSE(*plan);
}

TEST_P(ChartingTest, ACorrectionIsANewSignedVersionAndStockFollowsTheDifference) {
  ASSERT_TRUE(save_draft(chart_with(3)));
  ASSERT_TRUE(sign());
  EXPECT_EQ(lot_quantity(), 17);
  auto corrected = write([&](store::Transaction& tx) {
    return practice::correct_chart(tx, appointment_, patient_, chart_with(1),
                                   "two vials were not opened", practitioner_id_,
                                   chair_time_ + minutes{30});
  });
  ASSERT_TRUE(corrected) << corrected.error().message;
  EXPECT_EQ(corrected->version, 2);
  EXPECT_EQ(corrected->correction_reason, "two vials were not opened");
  EXPECT_EQ(lot_quantity(), 19);
  auto first = read([&](store::Transaction& tx) { return tx.find_chart(appointment_.id, 1); });
  ASSERT_TRUE(first && *first);
  auto as_signed = documents::chart_from_document((*first)->body);
  ASSERT_TRUE(as_signed);
  EXPECT_EQ(as_signed->lots[0].vials, 3);  // the signed version stays as signed
}

TEST_P(ChartingTest, OnlyASignedChartIsCorrected) {
  ASSERT_TRUE(save_draft(chart_with(1)));
  auto refused = write([&](store::Transaction& tx) {
    return practice::correct_chart(tx, appointment_, patient_, chart_with(2), "typo",
                                   practitioner_id_, chair_time_);
  });
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kConflict);
}

TEST_P(ChartingTest, TheNextSessionInsideTheHealingPeriodIsFlagged) {
  const store::Appointment next_day = book_at(monday_at(1));
  const store::Appointment next_week = book_at(monday_at(7));
  const auto healing_after = [](const store::Appointment& session) {
    clinic::AftercarePlan plan;
    plan.session_end = session.ends_at;
    plan.healed_at = session.ends_at + std::chrono::days{4};
    return plan;
  };
  auto next = read([&](store::Transaction& tx) {
    return practice::next_session_after(tx, appointment_, healing_after(appointment_));
  });
  ASSERT_TRUE(next && *next);
  EXPECT_EQ((*next)->appointment.id, next_day.id);
  EXPECT_TRUE((*next)->before_healed);
  auto after = read([&](store::Transaction& tx) {
    return practice::next_session_after(tx, next_day, healing_after(next_day));
  });
  ASSERT_TRUE(after && *after);
  EXPECT_EQ((*after)->appointment.id, next_week.id);
  EXPECT_FALSE((*after)->before_healed);
}

INSTANTIATE_TEST_SUITE_P(Engines, ChartingTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         engine_name);

}  // namespace
}  // namespace mesoclinic::testing
