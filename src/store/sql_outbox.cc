// The reminder outbox (store/outbox.h) over SQL. Senders move a reminder through its states
// with update_reminder, whose WHERE clause is the fence: a stale sender's write changes nothing.
#include "store/sql_transaction.h"

namespace mesoclinic::store::internal {
namespace {

struct ReminderRow {
  static constexpr std::string_view kSelect =
      "SELECT id, topic, kind, patient_id, clinic_id, appointment_id, event_at, channel, "
      "recipient, subject, body, due_at, status, attempts, next_attempt_at, claimed_at, "
      "sent_at, last_error, created_at FROM reminders";
  Reminder value;
  std::string kind, channel, status;
  long long attempts = 0;
  void into(Query& query) {
    query.into(value.id, value.topic, kind, value.patient_id, value.clinic_id, value.appointment_id,
               value.event_at, channel, value.recipient, value.subject, value.body, value.due_at,
               status, attempts, value.next_attempt_at, value.claimed_at, value.sent_at,
               value.last_error, value.created_at);
  }
  Result<void> finish() {
    const auto parsed_kind = clinic::parse_reminder_kind(kind);
    const auto parsed_channel = clinic::parse_reminder_channel(channel);
    const auto parsed_status = clinic::parse_reminder_status(status);
    if (!parsed_kind || !parsed_channel || !parsed_status) {
      return fail(ErrorCode::kInternal, "a stored reminder has an unknown kind or status");
    }
    value.kind = *parsed_kind;
    value.channel = *parsed_channel;
    value.status = *parsed_status;
    value.attempts = static_cast<int>(attempts);
    return {};
  }
};

// What a sender changes: the state columns, and the address it goes to.
Params reminder_state(const Reminder& reminder) {
  return {{"status", std::string(clinic::to_string(reminder.status))},
          {"attempts", static_cast<long long>(reminder.attempts)},
          {"next_attempt_at", reminder.next_attempt_at},
          {"claimed_at", reminder.claimed_at},
          {"sent_at", reminder.sent_at},
          {"last_error", reminder.last_error},
          {"channel", std::string(clinic::to_string(reminder.channel))},
          {"recipient", reminder.recipient}};
}

std::string status_text(clinic::ReminderStatus status) {
  return std::string(clinic::to_string(status));
}

}  // namespace

Result<bool> SqlTransaction::queue_reminder(const Reminder& reminder) {
  Params params = reminder_state(reminder);
  params.insert(params.end(), {{"id", reminder.id},
                               {"topic", reminder.topic},
                               {"kind", std::string(clinic::to_string(reminder.kind))},
                               {"patient_id", reminder.patient_id},
                               {"clinic_id", reminder.clinic_id},
                               {"appointment_id", reminder.appointment_id},
                               {"event_at", reminder.event_at},
                               {"subject", reminder.subject},
                               {"body", reminder.body},
                               {"due_at", reminder.due_at},
                               {"created_at", reminder.created_at}});
  auto queued = execute(
      "queuing a reminder",
      "INSERT INTO reminders (id, topic, kind, patient_id, clinic_id, appointment_id, event_at, "
      "channel, recipient, subject, body, due_at, status, attempts, next_attempt_at, "
      "claimed_at, sent_at, last_error, created_at) VALUES (:id, :topic, :kind, :patient_id, "
      ":clinic_id, :appointment_id, :event_at, :channel, :recipient, :subject, :body, :due_at, "
      ":status, :attempts, :next_attempt_at, :claimed_at, :sent_at, :last_error, :created_at) "
      "ON CONFLICT (topic) DO NOTHING",
      params);
  if (!queued) return std::unexpected(queued.error());
  return *queued == 1;
}

Result<std::optional<Reminder>> SqlTransaction::find_reminder(const std::string& id) {
  return one<ReminderRow>("reading a reminder", "id = :id", {{"id", id}});
}

Result<bool> SqlTransaction::reminder_queued(const std::string& topic) {
  return guarded("looking up a reminder",
                 [&]() -> Result<bool> { return count_where("reminders", "topic", topic) > 0; });
}

Result<std::vector<Reminder>> SqlTransaction::list_due_reminders(Instant now, std::size_t limit) {
  return rows<ReminderRow>(
      "listing due reminders",
      "status = :status AND next_attempt_at <= :now ORDER BY next_attempt_at, id LIMIT :limit",
      {{"status", status_text(clinic::ReminderStatus::kPending)},
       {"now", now},
       {"limit", static_cast<long long>(limit)}});
}

Result<std::vector<Reminder>> SqlTransaction::list_stale_reminders(clinic::ReminderStatus status,
                                                                   Instant claimed_before) {
  return rows<ReminderRow>(
      "listing interrupted reminders",
      "status = :status AND claimed_at < :before ORDER BY claimed_at, id LIMIT 1000",
      {{"status", status_text(status)}, {"before", claimed_before}});
}

Result<std::vector<Reminder>> SqlTransaction::list_reminders(const ReminderFilter& filter,
                                                             std::size_t limit) {
  std::string clause = "1 = 1";
  Params params;
  if (!filter.patient_id.empty()) {
    clause += " AND patient_id = :patient_id";
    params.emplace_back("patient_id", filter.patient_id);
  }
  if (!filter.clinic_id.empty()) {
    clause += " AND clinic_id = :clinic_id";
    params.emplace_back("clinic_id", filter.clinic_id);
  }
  if (filter.status) {
    clause += " AND status = :status";
    params.emplace_back("status", status_text(*filter.status));
  }
  if (filter.after) {
    // Keyset paging in the list's own order (latest due first, then by id).
    clause += " AND (due_at < :after_due OR (due_at = :after_due AND id > :after_id))";
    params.emplace_back("after_due", filter.after->first);
    params.emplace_back("after_id", filter.after->second);
  }
  params.emplace_back("limit", static_cast<long long>(limit));
  return rows<ReminderRow>("listing reminders", clause + " ORDER BY due_at DESC, id LIMIT :limit",
                           params);
}

Result<std::int64_t> SqlTransaction::cancel_pending_reminders(const std::string& patient_id) {
  auto cancelled =
      execute("cancelling a patient's reminders",
              "UPDATE reminders SET status = :cancelled WHERE patient_id = :patient_id "
              "AND status = :pending",
              {{"cancelled", status_text(clinic::ReminderStatus::kCancelled)},
               {"patient_id", patient_id},
               {"pending", status_text(clinic::ReminderStatus::kPending)}});
  if (!cancelled) return std::unexpected(cancelled.error());
  return static_cast<std::int64_t>(*cancelled);
}

Result<bool> SqlTransaction::update_reminder(const Reminder& changed,
                                             clinic::ReminderStatus expected_status,
                                             int expected_attempts) {
  Params params = reminder_state(changed);
  params.insert(params.end(), {{"id", changed.id},
                               {"expected", status_text(expected_status)},
                               {"expected_attempts", static_cast<long long>(expected_attempts)}});
  auto written =
      execute("updating a reminder",
              "UPDATE reminders SET status = :status, attempts = :attempts, next_attempt_at = "
              ":next_attempt_at, claimed_at = :claimed_at, sent_at = :sent_at, last_error = "
              ":last_error, channel = :channel, recipient = :recipient WHERE id = :id AND status = "
              ":expected AND attempts = :expected_attempts",
              params);
  if (!written) return std::unexpected(written.error());
  return *written == 1;
}

}  // namespace mesoclinic::store::internal
