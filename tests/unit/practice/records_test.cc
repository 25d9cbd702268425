// Whole-record workflows and the reminder sweep (src/practice/records.h, reminders.h) on both
// engines: erasure, the shipped rules, and the day-before reminder queued exactly once.
#include <gtest/gtest.h>

#include "practice_fixture.h"

namespace mesoclinic::testing {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

class RecordsTest : public PracticeTest {
 protected:
  std::vector<store::Reminder> reminders() {
    store::ReminderFilter mine;
    mine.patient_id = patient_.id;
    auto listed = read([&](store::Transaction& tx) { return tx.list_reminders(mine, 50); });
    EXPECT_TRUE(listed);
    return listed ? *listed : std::vector<store::Reminder>{};
  }
};

TEST_P(RecordsTest, ErasureLeavesNoPersonalOrClinicalData) {
  book_at(monday_at());
  ASSERT_TRUE(write(
      [&](store::Transaction& tx) { return practice::erase_patient(tx, patient_.id, today_); }));
  auto found = read([&](store::Transaction& tx) { return tx.find_patient(patient_.id); });
  ASSERT_TRUE(found);
  EXPECT_FALSE(*found);
  auto appointments =
      read([&](store::Transaction& tx) { return tx.list_patient_appointments(patient_.id); });
  ASSERT_TRUE(appointments);
  EXPECT_TRUE(appointments->empty());
  auto decisions = read([&](store::Transaction& tx) { return tx.list_decisions(patient_.id); });
  ASSERT_TRUE(decisions);
  EXPECT_TRUE(decisions->empty());
  // Erasing again is harmless; an unknown patient is not found.
  EXPECT_TRUE(write(
      [&](store::Transaction& tx) { return practice::erase_patient(tx, patient_.id, today_); }));
  auto unknown = write([&](store::Transaction& tx) {
    return practice::erase_patient(tx, "0190f5c2-0000-7000-8000-000000000000", today_);
  });
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
}

TEST_P(RecordsTest, TheShippedRulesAreInstalledOnceOnly) {
  ASSERT_TRUE(practice::install_default_rule_set(*store_));  // the fixture installed them first
  auto versions = read([&](store::Transaction& tx) { return tx.list_rule_sets(); });
  ASSERT_TRUE(versions);
  ASSERT_EQ(versions->size(), 1u);
  EXPECT_EQ((*versions)[0].version, 1);
  EXPECT_EQ((*versions)[0].loaded_by, "system");
}

TEST_P(RecordsTest, TheDayBeforeReminderIsQueuedWhenDueAndOnlyOnce) {
  const store::Appointment booked = book_at(monday_at());
  const Instant day_before = booked.starts_at - hours{24};
  ASSERT_TRUE(practice::queue_due_reminders(*store_, day_before - minutes{5}));
  EXPECT_TRUE(reminders().empty()) << "not due yet";

  ASSERT_TRUE(practice::queue_due_reminders(*store_, day_before + minutes{5}));
  ASSERT_EQ(reminders().size(), 1u);
  const store::Reminder reminder = reminders()[0];
  EXPECT_EQ(reminder.kind, clinic::ReminderKind::kAppointment);
  EXPECT_EQ(reminder.appointment_id, booked.id);
  EXPECT_EQ(reminder.due_at, day_before);
  EXPECT_EQ(reminder.recipient, "zeynep@example.org");
  EXPECT_NE(reminder.body.find("10:00"), std::string::npos) << reminder.body;

  ASSERT_TRUE(practice::queue_due_reminders(*store_, day_before + minutes{10}));
  EXPECT_EQ(reminders().size(), 1u);
}

TEST_P(RecordsTest, NoReminderForAPatientWhoWantsNone) {
  patient_.details.reminder_channel = clinic::ReminderChannel::kNone;
  const std::int64_t seen = patient_.version;
  patient_.version = seen + 1;
  ASSERT_TRUE(write([&](store::Transaction& tx) { return tx.update_patient(patient_, seen); }));
  const store::Appointment booked = book_at(monday_at());
  ASSERT_TRUE(practice::queue_due_reminders(*store_, booked.starts_at - hours{1}));
  EXPECT_TRUE(reminders().empty());
}

INSTANTIATE_TEST_SUITE_P(Engines, RecordsTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         engine_name);

}  // namespace
}  // namespace mesoclinic::testing
