// The store's door for the reminder outbox (DOMAIN.md step 6): reminders are composed when
// queued and sent by src/notify, which moves each through its states with fenced updates. Part
// of store::Transaction (store.h); a caller that needs only this area can take an Outbox&.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "clinic/reminders.h"
#include "core/result.h"
#include "core/time.h"

namespace mesoclinic::store {

// A reminder in the outbox (DOMAIN.md step 6): composed when queued, sent by src/notify.
struct Reminder {
  std::string id;     // also the idempotency key the receiving server sees
  std::string topic;  // what it announces, unique: "appointment:<id>:<start>", ...
  clinic::ReminderKind kind = clinic::ReminderKind::kAppointment;
  std::string patient_id;
  std::string clinic_id;
  std::string appointment_id;  // the appointment announced, or the session aftercare follows
  Instant event_at{};          // the appointment's start, or the restriction's end
  clinic::ReminderChannel channel = clinic::ReminderChannel::kEmail;
  std::string recipient;  // an e-mail address or an E.164 phone number
  std::string subject;
  std::string body;
  Instant due_at{};
  clinic::ReminderStatus status = clinic::ReminderStatus::kPending;
  int attempts = 0;
  Instant next_attempt_at{};
  std::optional<Instant> claimed_at;
  std::optional<Instant> sent_at;
  std::string last_error;  // empty unless an attempt failed
  Instant created_at{};
  friend bool operator==(const Reminder&, const Reminder&) = default;
};

// Which reminders to list; empty fields do not filter.
struct ReminderFilter {
  std::string patient_id;
  std::string clinic_id;
  std::optional<clinic::ReminderStatus> status;
  // The last reminder of the previous page (its due time and id): the list goes on after it.
  std::optional<std::pair<Instant, std::string>> after;
};

// Every method fails with kUnavailable when the database cannot be reached and kInternal on an
// unexpected database error.
class Outbox {
 public:
  virtual ~Outbox() = default;

  // Queues the reminder unless one with the same topic exists; returns whether it was queued.
  virtual Result<bool> queue_reminder(const Reminder& reminder) = 0;
  virtual Result<std::optional<Reminder>> find_reminder(const std::string& id) = 0;
  // Whether a reminder with this topic was ever queued (one indexed lookup).
  virtual Result<bool> reminder_queued(const std::string& topic) = 0;
  // Pending reminders whose next attempt is due at `now`, earliest first, at most `limit`.
  virtual Result<std::vector<Reminder>> list_due_reminders(Instant now, std::size_t limit) = 0;
  // Reminders left in `status` by a sender that claimed them before `claimed_before`.
  virtual Result<std::vector<Reminder>> list_stale_reminders(clinic::ReminderStatus status,
                                                             Instant claimed_before) = 0;
  // The most recently due reminders matching `filter`, latest first, at most `limit`.
  virtual Result<std::vector<Reminder>> list_reminders(const ReminderFilter& filter,
                                                       std::size_t limit) = 0;
  // Cancels every reminder of the patient still waiting to be sent (pending); returns how many.
  // Those a sender holds already are left to finish.
  virtual Result<std::int64_t> cancel_pending_reminders(const std::string& patient_id) = 0;
  // Writes `changed`'s status, attempts, times, error and address only if the stored reminder
  // is still in `expected_status` after `expected_attempts` attempts; returns whether it was
  // written. Every claim counts an attempt, so a sender whose claim was taken over (it overran
  // the lease) can no longer write: two senders never both own a reminder.
  virtual Result<bool> update_reminder(const Reminder& changed,
                                       clinic::ReminderStatus expected_status,
                                       int expected_attempts) = 0;
};

}  // namespace mesoclinic::store
