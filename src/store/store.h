// Persistence behind one interface for SQLite (the default, one file) and PostgreSQL (a clinic
// group on a server). Callers open a Transaction, do their reads and writes through it, and
// commit; anything not committed is rolled back, so a change and its audit entry land together.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit.h"
#include "auth/auth.h"
#include "clinic/chart.h"
#include "clinic/clinic.h"
#include "clinic/reminders.h"
#include "clinic/stock.h"
#include "clinic/suitability.h"
#include "core/result.h"
#include "planning/planning.h"

namespace mesoclinic::store {

enum class Engine { kSqlite, kPostgres };

// Whether open() brings the schema up to date (serve, demo) or refuses an old schema (tools).
enum class MigrationPolicy { kMigrate, kRequireCurrent };

struct Options {
  // "sqlite:PATH" (the file is created if missing) or "postgresql://user@host:port/db?...".
  std::string url;
  std::size_t pool_size = 4;
  MigrationPolicy migrations = MigrationPolicy::kMigrate;
};

// A stored reply to a POST made with an Idempotency-Key, replayed when the same key comes again.
struct IdempotentReply {
  std::string scope;  // e.g. "POST /api/v1/patients": keys are unique per scope
  std::string key;
  std::string request_hash;  // hex SHA-256 of the request body
  int status = 0;
  std::string location;  // Location header of the original reply, may be empty
  std::string body;
  Instant created_at{};
};

// Which patients a list returns. Name matching is a prefix of the folded family or given name
// (see core/text.h fold_for_search); the caller passes `name_prefix` already folded.
struct PatientQuery {
  std::optional<std::string> clinic_id;
  std::optional<std::string> name_prefix;
  std::optional<std::string> phone;
  std::optional<CalendarDate> date_of_birth;
  // Only patients of these clinics (the caller's); empty means no restriction.
  std::vector<std::string> visible_clinic_ids;
  // Keyset cursor: return patients strictly after this (sort_key, id) in (sort_key, id) order.
  std::optional<std::string> after_sort_key;
  std::optional<std::string> after_id;
  std::size_t limit = 50;
};

// Patients are listed by folded "family given" name, then id; the last row's key is the cursor.
struct PatientListEntry {
  clinic::Patient patient;
  std::string sort_key;
};

// Which audit entries an auditor asks for; filters combine with AND. Entries come in sequence
// order, starting after `after_sequence`.
struct AuditQuery {
  std::optional<std::string> patient_id;
  std::optional<std::string> user_id;
  std::optional<std::string> action;
  std::optional<Instant> from;  // recorded at or after
  std::optional<Instant> to;    // recorded before
  std::int64_t after_sequence = 0;
  std::size_t limit = 100;
};

// One saved version of a versioned clinical record (a medical history, a hair assessment). The
// body is the record's JSON document, written by the API layer and stored as it is.
struct ClinicalRecord {
  std::string patient_id;
  std::string kind;  // "medical_history", "hair_assessment"
  std::int64_t version = 1;
  Instant recorded_at{};
  std::string recorded_by;  // user id
  std::string body;
};

// A contraindication rule file as loaded; the highest version is in force.
struct StoredRuleSet {
  std::int64_t version = 0;
  std::string name;
  std::string source;  // the file's text, kept whole
  Instant loaded_at{};
  std::string loaded_by;  // user id, or "system" for the shipped defaults
};

// A practitioner's suitability decision; the body is its JSON document (proposal, fired rules
// with their facts, the outcome chosen, any override reason).
struct StoredDecision {
  std::string id;
  std::string patient_id;
  Instant decided_at{};
  std::string decided_by;
  std::int64_t rule_set_version = 0;
  std::string body;
};

using AppointmentStatus = planning::Attendance;

// One appointment in a clinic's calendar. Booked and attended ones occupy their practitioner,
// room and patient; the database refuses any overlap among those.
struct Appointment {
  std::string id;
  std::string clinic_id;
  std::string patient_id;
  std::string practitioner_id;  // a user id
  std::string room_id;
  Instant starts_at{};
  Instant ends_at{};
  AppointmentStatus status = AppointmentStatus::kBooked;
  std::optional<std::string> course_id;  // a course's session, or a single appointment
  int session_number = 0;                // 1-based within the course; 0 for a single one
  std::string note;                      // why it was missed or cancelled
  friend bool operator==(const Appointment&, const Appointment&) = default;
};

// A clinic's settings document: "calendar", or "schedule:<user id>" for a practitioner.
struct ClinicSetting {
  std::string clinic_id;
  std::string name;
  std::string body;  // JSON, validated by the API
  Instant updated_at{};
};

// A course the patient agreed to; the body is its JSON document (protocol as agreed, cost
// estimate, discount, preferences, agreement).
struct StoredCourse {
  std::string id;
  std::string clinic_id;
  std::string patient_id;
  std::string protocol_id;
  Instant created_at{};
  std::string created_by;
  std::string body;
};

struct Room {
  std::string id;
  std::string clinic_id;
  std::string name;
};

// A treatment protocol; the body is its JSON document (sessions, intervals, prices, recall).
struct StoredProtocol {
  std::string id;
  std::string name;
  std::string formulation_id;
  Instant created_at{};
  std::string body;
};

// One version of a session's chart; the body is its JSON document.
struct StoredChart {
  std::string appointment_id;
  std::int64_t version = 1;
  std::string patient_id;
  std::string body;
  Instant recorded_at{};
  std::string recorded_by;
  std::optional<Instant> signed_at;  // none while a draft
  std::string signed_by;
  std::string correction_reason;  // for versions after the first signed one
};

// A patient who received vials of a lot, and in which session.
struct LotRecipient {
  std::string patient_id;
  std::string appointment_id;
  std::int64_t vials = 0;
  Instant used_at{};
};

// A patient's calendar subscription: a URL with a secret token (only its hash is kept).
struct CalendarSubscription {
  std::string id;
  std::string patient_id;
  std::string token_hash;
  Instant created_at{};
  std::string created_by;
  std::optional<Instant> revoked_at;
};

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
};

struct PoolStats {
  std::size_t size = 0;
  std::size_t in_use = 0;
};

enum class TransactionMode { kRead, kWrite };

// One database transaction on one pooled connection. Not thread-safe; use it from one thread.
// Destroying it without commit() rolls back. Every method fails with kUnavailable when the
// database cannot be reached and kInternal on an unexpected database error.
class Transaction {
 public:
  virtual ~Transaction() = default;

  // Makes every change durable (synchronous on disk) before returning.
  virtual Result<void> commit() = 0;

  virtual Result<void> insert_clinic(const clinic::Clinic& clinic) = 0;
  virtual Result<std::optional<clinic::Clinic>> find_clinic(const std::string& id) = 0;
  virtual Result<std::vector<clinic::Clinic>> list_clinics() = 0;

  // Fails with kConflict if the id exists, kInvalidInput if the clinic does not.
  virtual Result<void> insert_patient(const clinic::Patient& patient) = 0;
  // Soft-deleted patients are not found.
  virtual Result<std::optional<clinic::Patient>> find_patient(const std::string& id) = 0;
  // Writes `patient` (whose version is already the new one) if the stored version is still
  // `expected_version`; fails with kPreconditionFailed if it is not, kNotFound if gone.
  virtual Result<void> update_patient(const clinic::Patient& patient,
                                      std::int64_t expected_version) = 0;
  // Marks the patient deleted at `when` if the stored version is `expected_version`
  // (kPreconditionFailed otherwise, kNotFound if already gone).
  virtual Result<void> soft_delete_patient(const std::string& id, std::int64_t expected_version,
                                           Instant when) = 0;
  // Erasure on the patient's request: removes names, birth date and contacts (the row stays,
  // emptied and marked deleted, so the audit trail's patient id still names something), the
  // patient's clinical records, decisions, courses and appointments, and every stored idempotent
  // reply that carried the patient's data. kNotFound if there is no such patient (deleted ones
  // included: they still hold data).
  virtual Result<void> erase_patient(const std::string& id, Instant when) = 0;
  // The clinic a patient belongs to, deleted patients included (erasure must still find them).
  virtual Result<std::optional<std::string>> find_patient_clinic(const std::string& id) = 0;
  virtual Result<std::vector<PatientListEntry>> list_patients(const PatientQuery& query) = 0;
  // Number of patients that are not deleted (for the demo loader and metrics).
  virtual Result<std::int64_t> count_patients() = 0;

  // Fails with kConflict if that version of the record exists already (someone saved first).
  virtual Result<void> insert_clinical_record(const ClinicalRecord& record) = 0;
  // The given version of a patient's record of `kind`, or the latest if `version` is empty.
  virtual Result<std::optional<ClinicalRecord>> find_clinical_record(
      const std::string& patient_id, const std::string& kind,
      std::optional<std::int64_t> version) = 0;
  // Every version of every record of a patient (for the export), by kind and version.
  virtual Result<std::vector<ClinicalRecord>> list_clinical_records(
      const std::string& patient_id) = 0;

  // Fails with kConflict if the name is taken.
  virtual Result<void> insert_formulation(const clinic::Formulation& formulation) = 0;
  virtual Result<std::optional<clinic::Formulation>> find_formulation(const std::string& id) = 0;
  // Every formulation, by name.
  virtual Result<std::vector<clinic::Formulation>> list_formulations() = 0;

  // Fails with kConflict if the version exists (two loads at once: one wins).
  virtual Result<void> insert_rule_set(const StoredRuleSet& rule_set) = 0;
  // The given version, or the one in force (the highest) if `version` is empty.
  virtual Result<std::optional<StoredRuleSet>> find_rule_set(
      std::optional<std::int64_t> version) = 0;
  // Every version, newest first, without their sources.
  virtual Result<std::vector<StoredRuleSet>> list_rule_sets() = 0;

  virtual Result<void> insert_decision(const StoredDecision& decision) = 0;
  // A patient's decisions, oldest first.
  virtual Result<std::vector<StoredDecision>> list_decisions(const std::string& patient_id) = 0;

  // Fails with kConflict if the name is taken, kInvalidInput if the formulation does not exist.
  virtual Result<void> insert_protocol(const StoredProtocol& protocol) = 0;
  virtual Result<std::optional<StoredProtocol>> find_protocol(const std::string& id) = 0;
  // Every protocol, by name.
  virtual Result<std::vector<StoredProtocol>> list_protocols() = 0;

  // Writes the setting whole, replacing any earlier version.
  virtual Result<void> save_clinic_setting(const ClinicSetting& setting) = 0;
  virtual Result<std::optional<ClinicSetting>> find_clinic_setting(const std::string& clinic_id,
                                                                   const std::string& name) = 0;
  // A clinic's settings whose name starts with `name_prefix`, by name.
  virtual Result<std::vector<ClinicSetting>> list_clinic_settings(
      const std::string& clinic_id, const std::string& name_prefix) = 0;

  // Fails with kConflict if the clinic has a room of that name.
  virtual Result<void> insert_room(const Room& room) = 0;
  // A clinic's rooms, by name.
  virtual Result<std::vector<Room>> list_rooms(const std::string& clinic_id) = 0;

  // Fails with kConflict if the name is taken, kInvalidInput if the formulation does not exist.
  virtual Result<void> insert_product(const clinic::Product& product, Instant created_at) = 0;
  virtual Result<std::optional<clinic::Product>> find_product(const std::string& id) = 0;
  // Every product, by name.
  virtual Result<std::vector<clinic::Product>> list_products() = 0;

  // Stock received: a new lot, or more vials of a lot the clinic already holds under that
  // product and number (its id is kept and returned). Fails with kConflict if the lot exists
  // with another expiry date or is recalled.
  virtual Result<clinic::Lot> receive_lot(const clinic::Lot& lot, Instant received_at) = 0;
  virtual Result<std::optional<clinic::Lot>> find_lot(const std::string& id) = 0;
  // A clinic's lots, by expiry then number.
  virtual Result<std::vector<clinic::Lot>> list_lots(const std::string& clinic_id) = 0;
  // Marks a lot recalled (kNotFound if there is none); the first recall time is kept.
  virtual Result<void> recall_lot(const std::string& id, Instant when) = 0;

  virtual Result<void> insert_course(const StoredCourse& course) = 0;
  virtual Result<std::optional<StoredCourse>> find_course(const std::string& id) = 0;
  // A patient's courses, oldest first.
  virtual Result<std::vector<StoredCourse>> list_courses(const std::string& patient_id) = 0;

  // Fails with kConflict if that version exists.
  virtual Result<void> insert_chart(const StoredChart& chart) = 0;
  // Rewrites a draft's body; kConflict if that version is signed (signed charts never change).
  virtual Result<void> replace_draft_chart(const StoredChart& chart) = 0;
  // Signs a draft; kConflict if it is signed already (by a concurrent request too: only one
  // signature wins).
  virtual Result<void> sign_chart(const std::string& appointment_id, std::int64_t version,
                                  Instant when, const std::string& signed_by) = 0;
  // The given version, or the latest if `version` is empty.
  virtual Result<std::optional<StoredChart>> find_chart(const std::string& appointment_id,
                                                        std::optional<std::int64_t> version) = 0;

  // Takes `vials` from a lot (gives them back if negative). kConflict naming the lot if it has
  // fewer vials or is recalled (taking only), kNotFound if there is no such lot.
  virtual Result<void> take_from_lot(const std::string& lot_id, std::int64_t vials) = 0;
  // Replaces what the session's chart says went into the patient.
  virtual Result<void> replace_lot_uses(const std::string& appointment_id,
                                        const std::string& patient_id,
                                        const std::vector<clinic::LotUse>& uses, Instant when) = 0;
  // Everyone who received the lot, by patient then session.
  virtual Result<std::vector<LotRecipient>> list_lot_recipients(const std::string& lot_id) = 0;

  virtual Result<void> save_aftercare_plan(const std::string& appointment_id,
                                           const std::string& patient_id, const std::string& body,
                                           Instant issued_at) = 0;
  virtual Result<std::optional<std::string>> find_aftercare_plan(
      const std::string& appointment_id) = 0;

  virtual Result<void> insert_calendar_subscription(const CalendarSubscription& subscription) = 0;
  // Revoked ones are found too; the caller checks revoked_at.
  virtual Result<std::optional<CalendarSubscription>> find_calendar_subscription_by_hash(
      const std::string& token_hash) = 0;
  // A patient's subscriptions, oldest first.
  virtual Result<std::vector<CalendarSubscription>> list_calendar_subscriptions(
      const std::string& patient_id) = 0;
  // Marks it revoked at `when` (kNotFound if the patient has no such subscription); the first
  // revocation time is kept.
  virtual Result<void> revoke_calendar_subscription(const std::string& patient_id,
                                                    const std::string& id, Instant when) = 0;

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
  // Writes `changed`'s status, attempts, times, error and address only if the stored reminder
  // is still in `expected_status` after `expected_attempts` attempts; returns whether it was
  // written. Every claim counts an attempt, so a sender whose claim was taken over (it overran
  // the lease) can no longer write: two senders never both own a reminder.
  virtual Result<bool> update_reminder(const Reminder& changed,
                                       clinic::ReminderStatus expected_status,
                                       int expected_attempts) = 0;

  // Fails with kConflict if the practitioner, the room or the patient already has an occupying
  // appointment overlapping this one (checked by the database itself, so concurrent bookings
  // cannot both win), kInvalidInput if a referenced row does not exist.
  virtual Result<void> insert_appointment(const Appointment& appointment) = 0;
  virtual Result<std::optional<Appointment>> find_appointment(const std::string& id) = 0;
  // A clinic's appointments overlapping [from, to), by start; every clinic's if `clinic_id` is
  // empty.
  virtual Result<std::vector<Appointment>> list_appointments(const std::string& clinic_id,
                                                             Instant from, Instant to) = 0;
  // A patient's appointments, by start.
  virtual Result<std::vector<Appointment>> list_patient_appointments(
      const std::string& patient_id) = 0;
  // A course's appointments, by session number.
  virtual Result<std::vector<Appointment>> list_course_appointments(
      const std::string& course_id) = 0;
  // Writes a changed appointment (time, practitioner, room, status, note) if it is still as
  // `seen` (same status and start): a concurrent change makes this fail with kConflict rather
  // than be overwritten. Fails with kConflict too if the change would double-book (the database
  // checks, as on insert).
  virtual Result<void> update_appointment(const Appointment& appointment,
                                          const Appointment& seen) = 0;

  // Fails with kConflict if the username is taken, kInvalidInput if a clinic does not exist.
  virtual Result<void> insert_user(const auth::User& user,
                                   const std::vector<std::string>& clinic_ids) = 0;
  // `username` already normalised (auth::normalize_username).
  virtual Result<std::optional<auth::User>> find_user_by_username(const std::string& username) = 0;
  virtual Result<std::optional<auth::User>> find_user(const std::string& id) = 0;
  // Every user, by username.
  virtual Result<std::vector<auth::User>> list_users() = 0;
  virtual Result<void> update_password_hash(const std::string& user_id,
                                            const std::string& password_hash) = 0;
  // The clinics whose patients the user may see, sorted.
  virtual Result<std::vector<std::string>> user_clinic_ids(const std::string& user_id) = 0;

  virtual Result<void> insert_session(const auth::Session& session) = 0;
  virtual Result<std::optional<auth::Session>> find_session(const std::string& token_hash) = 0;
  virtual Result<void> touch_session(const std::string& token_hash, Instant when) = 0;
  virtual Result<void> delete_session(const std::string& token_hash) = 0;
  // Signs the user out everywhere; returns how many sessions ended.
  virtual Result<std::int64_t> delete_sessions_of_user(const std::string& user_id) = 0;

  // Fails with kInvalidInput if a clinic does not exist.
  virtual Result<void> insert_api_token(const auth::ApiToken& token,
                                        const std::vector<std::string>& clinic_ids) = 0;
  // Revoked and expired tokens are found too; the caller checks in_force().
  virtual Result<std::optional<auth::ApiToken>> find_api_token_by_hash(
      const std::string& token_hash) = 0;
  // Every token, newest first.
  virtual Result<std::vector<auth::ApiToken>> list_api_tokens() = 0;
  // The clinics whose patients the token may see, sorted.
  virtual Result<std::vector<std::string>> api_token_clinic_ids(const std::string& token_id) = 0;
  // Marks the token revoked at `when` (a token revoked already keeps its first time).
  virtual Result<void> revoke_api_token(const std::string& id, Instant when) = 0;

  // Consecutive failed sign-ins under `key` and until when it is locked (0 and the epoch if
  // none).
  virtual Result<std::pair<int, Instant>> find_sign_in_failures(const std::string& key) = 0;
  virtual Result<void> save_sign_in_failures(const std::string& key, int failures,
                                             Instant locked_until) = 0;
  virtual Result<void> clear_sign_in_failures(const std::string& key) = 0;

  // Appends `entry` to the audit trail, giving it the next sequence number and its place in
  // the hash chain; returns it as stored. Needs a kWrite transaction. Appends are serialised
  // across connections and servers, so the chain never forks.
  virtual Result<audit::Entry> append_audit(audit::Entry entry) = 0;
  virtual Result<std::vector<audit::Entry>> list_audit(const AuditQuery& query) = 0;

  virtual Result<std::optional<IdempotentReply>> find_idempotent_reply(const std::string& scope,
                                                                       const std::string& key) = 0;
  // Fails with kConflict if a reply for (scope, key) exists already (a concurrent duplicate).
  virtual Result<void> save_idempotent_reply(const IdempotentReply& reply) = 0;
};

class Store {
 public:
  // Opens a pool of `options.pool_size` connections and runs (or checks) migrations.
  // Fails with kInvalidInput for a malformed URL and kUnavailable if the database is
  // unreachable, naming the URL without its password.
  static Result<std::unique_ptr<Store>> open(const Options& options);

  virtual ~Store() = default;

  virtual Engine engine() const = 0;

  // Starts a transaction on a free pooled connection, waiting for one if all are busy.
  // A kWrite transaction on SQLite takes the write lock at once (BEGIN IMMEDIATE), so two
  // writers never deadlock on a lock upgrade.
  virtual Result<std::unique_ptr<Transaction>> begin(TransactionMode mode) = 0;

  // Round trip to the database (readiness probe).
  virtual Result<void> ping() = 0;

  virtual PoolStats pool_stats() const = 0;

  // The schema version after migrations (the highest applied migration number).
  virtual Result<int> schema_version() = 0;
};

// Runs `work(transaction)` and commits if it succeeded (rolls back if it failed). Returns what
// `work` returned, or the failure of begin or commit. Nothing is retried: the caller decides.
template <class Work>
auto in_transaction(Store& store, TransactionMode mode, Work&& work)
    -> decltype(work(std::declval<Transaction&>())) {
  auto transaction = store.begin(mode);
  if (!transaction) return std::unexpected(transaction.error());
  auto result = work(**transaction);
  if (!result) return result;
  if (auto committed = (*transaction)->commit(); !committed) {
    return std::unexpected(committed.error());
  }
  return result;
}

// Redacts the password from a database URL so it can be logged or shown in an error.
std::string redact_url(const std::string& url);

}  // namespace mesoclinic::store
