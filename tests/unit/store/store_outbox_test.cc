// The Outbox door (store/outbox.h), run against SQLite and PostgreSQL alike.
#include <gtest/gtest.h>

#include "core/ids.h"
#include "store/store.h"
#include "store_fixture.h"

namespace mesoclinic::testing {
namespace {

using store::Transaction;

class StoreOutboxTest : public StoreTest {
 protected:
  // A pending reminder for `patient` about `topic`, due at `due`.
  store::Reminder make_reminder(const clinic::Patient& patient, const std::string& topic,
                                Instant due) {
    store::Reminder reminder;
    reminder.id = new_id();
    reminder.topic = topic;
    reminder.patient_id = patient.id;
    reminder.clinic_id = patient.clinic_id;
    reminder.appointment_id = "a1";
    reminder.event_at = due + std::chrono::hours{24};
    reminder.recipient = "elif@example.org";
    reminder.subject = "Yarınki randevunuz";
    reminder.body = "Sayın Elif Kaya, ...";
    reminder.due_at = reminder.next_attempt_at = reminder.created_at = due;
    return reminder;
  }
};

// The outbox keeps one reminder per topic, hands out what is due, and lets only one sender
// claim a reminder: the second claim of the same row finds it no longer pending.
TEST_P(StoreOutboxTest, TheReminderOutboxQueuesOncePerTopicAndLetsOneSenderClaim) {
  const auto patient = make_patient(clinic_.id, "Kaya", "Elif");
  insert(patient);
  const Instant at = from_unix_micros(to_unix_micros(now()));
  store::Reminder reminder;
  reminder.id = new_id();
  reminder.topic = "appointment:a1:100";
  reminder.patient_id = patient.id;
  reminder.clinic_id = clinic_.id;
  reminder.appointment_id = "a1";
  reminder.event_at = at + std::chrono::hours{24};
  reminder.recipient = "elif@example.org";
  reminder.subject = "Yarınki randevunuz";
  reminder.body = "Sayın Elif Kaya, ...";
  reminder.due_at = at;
  reminder.next_attempt_at = at;
  reminder.created_at = at;
  EXPECT_EQ(write([&](Transaction& tx) { return tx.queue_reminder(reminder); }).value(), true);
  store::Reminder again = reminder;
  again.id = new_id();
  EXPECT_EQ(write([&](Transaction& tx) { return tx.queue_reminder(again); }).value(), false)
      << "the same topic is not queued twice";
  store::Reminder later = reminder;
  later.id = new_id();
  later.topic = "appointment:a2:200";
  later.next_attempt_at = at + std::chrono::hours{1};
  ASSERT_TRUE(write([&](Transaction& tx) { return tx.queue_reminder(later); }));

  auto due = read([&](Transaction& tx) { return tx.list_due_reminders(at, 10); });
  ASSERT_TRUE(due) << due.error().message;
  ASSERT_EQ(due->size(), 1u);
  EXPECT_EQ((*due)[0], reminder);

  store::Reminder claimed = reminder;
  claimed.status = clinic::ReminderStatus::kSending;
  claimed.attempts = 1;
  claimed.claimed_at = at;
  EXPECT_TRUE(write([&](Transaction& tx) {
                return tx.update_reminder(claimed, clinic::ReminderStatus::kPending, 0);
              }).value());
  EXPECT_FALSE(write([&](Transaction& tx) {
                 return tx.update_reminder(claimed, clinic::ReminderStatus::kPending, 0);
               }).value())
      << "a second sender cannot claim it";
  store::Reminder overtaken = claimed;
  overtaken.status = clinic::ReminderStatus::kSent;
  EXPECT_FALSE(write([&](Transaction& tx) {
                 return tx.update_reminder(overtaken, clinic::ReminderStatus::kSending, 0);
               }).value())
      << "a sender holding an older claim (fewer attempts) cannot write";
  auto stale = read([&](Transaction& tx) {
    return tx.list_stale_reminders(clinic::ReminderStatus::kSending, at + std::chrono::seconds{1});
  });
  ASSERT_TRUE(stale);
  ASSERT_EQ(stale->size(), 1u);
  EXPECT_EQ((*stale)[0], claimed);

  store::ReminderFilter filter;
  filter.patient_id = patient.id;
  filter.status = clinic::ReminderStatus::kPending;
  auto pending = read([&](Transaction& tx) { return tx.list_reminders(filter, 50); });
  ASSERT_TRUE(pending);
  ASSERT_EQ(pending->size(), 1u);
  EXPECT_EQ((*pending)[0].id, later.id);

  ASSERT_TRUE(write([&](Transaction& tx) { return tx.erase_patient(patient.id, now()); }));
  filter.status.reset();
  EXPECT_TRUE(read([&](Transaction& tx) { return tx.list_reminders(filter, 50); })->empty())
      << "erasure removes the patient's reminders";
}

TEST_P(StoreOutboxTest, RemindersAreFoundByIdAndTopicAndListedLatestFirst) {
  const auto patient = add_patient("Kaya", "Elif");
  const auto other = make_clinic("Marylebone Hair Studio");
  ASSERT_TRUE(write([&](Transaction& tx) { return tx.insert_clinic(other); }));
  auto elsewhere = make_patient(other.id, "Brown", "Beth");
  insert(elsewhere);
  std::vector<store::Reminder> queued;
  for (int i = 0; i < 3; ++i) {
    queued.push_back(make_reminder(patient, "appointment:a" + std::to_string(i), at_minutes(i)));
  }
  queued.push_back(make_reminder(elsewhere, "appointment:b", at_minutes(10)));
  for (const auto& reminder : queued) {
    ASSERT_TRUE(write([&](Transaction& tx) { return tx.queue_reminder(reminder); }).value());
  }
  auto found = read([&](Transaction& tx) { return tx.find_reminder(queued[1].id); });
  ASSERT_TRUE(found && *found);
  EXPECT_EQ(**found, queued[1]);
  EXPECT_FALSE(read([&](Transaction& tx) { return tx.find_reminder(new_id()); }).value());
  EXPECT_TRUE(read([&](Transaction& tx) { return tx.reminder_queued("appointment:a2"); }).value());
  EXPECT_FALSE(read([&](Transaction& tx) { return tx.reminder_queued("appointment:zz"); }).value());

  store::ReminderFilter filter;
  filter.clinic_id = clinic_.id;
  auto latest = read([&](Transaction& tx) { return tx.list_reminders(filter, 2); });
  ASSERT_TRUE(latest);
  ASSERT_EQ(latest->size(), 2u);
  EXPECT_EQ((*latest)[0].id, queued[2].id);
  EXPECT_EQ((*latest)[1].id, queued[1].id);
  // The next page goes on after the last one shown, in the same order.
  filter.after = std::pair{(*latest)[1].due_at, (*latest)[1].id};
  auto next = read([&](Transaction& tx) { return tx.list_reminders(filter, 2); });
  ASSERT_TRUE(next);
  ASSERT_EQ(next->size(), 1u);
  EXPECT_EQ((*next)[0].id, queued[0].id);
  auto everyone = read([&](Transaction& tx) { return tx.list_reminders({}, 10); });
  ASSERT_TRUE(everyone);
  ASSERT_EQ(everyone->size(), 4u);
  EXPECT_EQ((*everyone)[0].id, queued[3].id);
}

TEST_P(StoreOutboxTest, AnUpdateWritesTheNewStateAndAddressOnlyForTheExpectedClaim) {
  const auto patient = add_patient("Kaya", "Elif");
  const auto reminder = make_reminder(patient, "aftercare:x", at_minutes(0));
  ASSERT_TRUE(write([&](Transaction& tx) { return tx.queue_reminder(reminder); }));
  const auto update = [&](const store::Reminder& changed, clinic::ReminderStatus expected,
                          int attempts) {
    return write([&](Transaction& tx) { return tx.update_reminder(changed, expected, attempts); })
        .value();
  };
  auto claimed = reminder;
  claimed.status = clinic::ReminderStatus::kSending;
  claimed.attempts = 1;
  claimed.claimed_at = at_minutes(1);
  claimed.channel = clinic::ReminderChannel::kSms;
  claimed.recipient = "+905321234567";
  ASSERT_TRUE(update(claimed, clinic::ReminderStatus::kPending, 0));
  // A second claim after the lease (one more attempt) takes it over...
  auto retaken = claimed;
  retaken.attempts = 2;
  retaken.claimed_at = at_minutes(20);
  ASSERT_TRUE(update(retaken, clinic::ReminderStatus::kSending, 1));
  // ...so the first sender, finishing late, can no longer write.
  auto late = claimed;
  late.status = clinic::ReminderStatus::kSent;
  late.sent_at = at_minutes(21);
  EXPECT_FALSE(update(late, clinic::ReminderStatus::kSending, 1));
  auto failed = retaken;
  failed.status = clinic::ReminderStatus::kPending;
  failed.next_attempt_at = at_minutes(30);
  failed.last_error = "the mail server refused";
  ASSERT_TRUE(update(failed, clinic::ReminderStatus::kSending, 2));
  auto stored = read([&](Transaction& tx) { return tx.find_reminder(reminder.id); });
  ASSERT_TRUE(stored && *stored);
  EXPECT_EQ(**stored, failed);
  EXPECT_EQ((*stored)->recipient, "+905321234567");
  EXPECT_FALSE((*stored)->sent_at.has_value());
  EXPECT_TRUE(
      read([&](Transaction& tx) { return tx.list_due_reminders(at_minutes(29), 10); })->empty());
  EXPECT_EQ(
      read([&](Transaction& tx) { return tx.list_due_reminders(at_minutes(30), 10); })->size(), 1u);
}

MESOCLINIC_ON_BOTH_ENGINES(StoreOutboxTest);

}  // namespace
}  // namespace mesoclinic::testing
