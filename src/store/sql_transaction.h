// The one Transaction implementation, SOCI over SQLite or PostgreSQL. Its methods are defined
// one file per area (sql_clinics.cc, sql_patients.cc, ...); this header holds what they share.
// The SQL is the same for both engines except where a comment says otherwise; values are
// always bound, never spliced in. Internal to src/store.
#pragma once

#include <soci/soci.h>

#include <array>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "store/internal.h"
#include "store/sql.h"
#include "store/store.h"

namespace mesoclinic::store::internal {

// One patients row as fetched; finish() turns it into the domain value.
struct PatientRow {
  static constexpr std::string_view kSelect =
      "SELECT id, clinic_id, family_name, given_name, date_of_birth, sex, phone, email, "
      "preferred_language, reminder_channel, created_at, updated_at, version, sort_key FROM "
      "patients";

  std::string id, clinic_id, family_name, given_name, date_of_birth, sex, preferred_language,
      reminder_channel, sort_key;
  std::optional<std::string> phone, email;
  Instant created_at{}, updated_at{};
  long long version = 0;
  PatientListEntry value;

  // Hands each column's target to `column`, in kSelect's order.
  template <class Column>
  void columns(Column&& column) {
    column(id);
    column(clinic_id);
    column(family_name);
    column(given_name);
    column(date_of_birth);
    column(sex);
    column(phone);
    column(email);
    column(preferred_language);
    column(reminder_channel);
    column(created_at);
    column(updated_at);
    column(version);
    column(sort_key);
  }
  void into(Query& query) {
    columns([&](auto& target) { query.into(target); });
  }
  Result<void> finish();
};

// A measurement's names as an outcome_measurements row keeps them, read into the domain value
// (in sql_outcomes.cc); kInternal if one is unknown. Shared by every query of that table.
struct MeasurementNames {
  std::string time_point, measure, method;
  std::optional<std::string> zone;
  Result<void> read_into(clinic::OutcomeMeasurement& measurement) const;
};

// Statements a connection runs on almost every request, prepared once per connection and run
// again with new values: this saves SQLite's parser and PostgreSQL's planning round trips on
// the hot paths (each transaction's BEGIN and COMMIT, reading one patient, the audit trail).
class Prepared {
 public:
  explicit Prepared(soci::session& session) : session_(session) {}

  // Runs a statement without parameters or results.
  void run(std::string_view sql);
  // The patient with `id` if there is one and it is not deleted.
  std::optional<PatientRow> find_patient(const std::string& id);
  // The newest audit entry's sequence number and hash, if there is one.
  std::optional<std::pair<long long, std::string>> last_audit_link();
  // Inserts `entry` as it is (sequence and hashes already set).
  void insert_audit(const audit::Entry& entry);
  // account_changes' generation (see Store::accounts_generation).
  long long accounts_generation();

 private:
  static constexpr std::array<std::string_view, 12> kAuditTextColumns = {
      "user_id",    "username", "role",          "source_address",
      "request_id", "action",   "resource_type", "resource_id",
      "patient_id", "outcome",  "previous_hash", "entry_hash"};

  soci::session& session_;
  std::map<std::string, soci::statement, std::less<>> plain_;
  std::optional<soci::statement> find_patient_;
  std::string patient_id_;
  PatientRow patient_row_;
  std::optional<soci::statement> last_audit_;
  long long last_sequence_ = 0;
  std::string last_hash_;
  std::optional<soci::statement> insert_audit_;
  long long audit_sequence_ = 0;
  Instant audit_recorded_at_{};
  std::array<std::string, 12> audit_texts_;
  std::optional<soci::statement> generation_;
  long long generation_value_ = 0;
};

class SqlTransaction final : public Transaction {
 public:
  SqlTransaction(Pool& pool, soci::session& session, Prepared& prepared, Engine engine,
                 std::unique_lock<std::mutex> writer);
  ~SqlTransaction() override;

  // Starts the transaction; called once, by SqlStore::begin.
  Result<void> start(TransactionMode mode);
  Result<void> commit() override;

  // One part of a group commit (group_commit.h): changes from mark_part() on are kept with
  // keep_part() or undone with undo_part(), leaving the rest of the transaction as it was.
  Result<void> mark_part();
  Result<void> keep_part();
  Result<void> undo_part();

  // Clinics, in sql_clinics.cc
  Result<void> insert_clinic(const clinic::Clinic& clinic) override;
  Result<std::optional<clinic::Clinic>> find_clinic(const std::string& id) override;
  Result<std::vector<clinic::Clinic>> list_clinics() override;
  Result<void> update_clinic(const clinic::Clinic& clinic, std::int64_t expected_version) override;
  Result<std::int64_t> count_future_appointments(const std::string& clinic_id,
                                                 Instant now) override;
  Result<std::optional<StoredPrice>> find_protocol_price(const std::string& clinic_id,
                                                         const std::string& protocol_id) override;
  Result<void> save_protocol_price(const StoredPrice& price,
                                   std::optional<std::int64_t> expected_version) override;
  Result<void> save_clinic_setting(const ClinicSetting& setting) override;
  Result<std::int64_t> replace_clinic_setting(const ClinicSetting& setting,
                                              std::int64_t expected_version) override;
  Result<std::optional<ClinicSetting>> find_clinic_setting(const std::string& clinic_id,
                                                           const std::string& name) override;
  Result<std::vector<ClinicSetting>> list_clinic_settings(const std::string& clinic_id,
                                                          const std::string& name_prefix) override;
  Result<void> insert_room(const Room& room) override;
  Result<std::optional<Room>> find_room(const std::string& id) override;
  Result<std::vector<Room>> list_rooms(const std::string& clinic_id,
                                       clinic::Retired retired) override;
  Result<void> update_room(const Room& room, std::int64_t expected_version) override;

  // PatientRecords, in sql_patients.cc
  Result<void> insert_patient(const clinic::Patient& patient) override;
  Result<std::optional<clinic::Patient>> find_patient(const std::string& id) override;
  Result<void> update_patient(const clinic::Patient& patient,
                              std::int64_t expected_version) override;
  Result<void> soft_delete_patient(const std::string& id, std::int64_t expected_version,
                                   Instant when) override;
  Result<void> erase_patient(const std::string& id, Instant when) override;
  Result<std::optional<std::string>> find_patient_clinic(const std::string& id) override;
  Result<std::vector<PatientListEntry>> list_patients(const PatientQuery& query) override;
  Result<std::int64_t> count_patients() override;
  Result<void> insert_clinical_record(const ClinicalRecord& record) override;
  Result<std::optional<ClinicalRecord>> find_clinical_record(
      const std::string& patient_id, const std::string& kind,
      std::optional<std::int64_t> version) override;
  Result<std::vector<ClinicalRecord>> list_clinical_records(const std::string& patient_id) override;
  Result<void> insert_decision(const StoredDecision& decision) override;
  Result<std::vector<StoredDecision>> list_decisions(const std::string& patient_id) override;
  Result<void> insert_calendar_subscription(const CalendarSubscription& subscription) override;
  Result<std::optional<CalendarSubscription>> find_calendar_subscription_by_hash(
      const std::string& token_hash) override;
  Result<std::vector<CalendarSubscription>> list_calendar_subscriptions(
      const std::string& patient_id) override;
  Result<void> revoke_calendar_subscription(const std::string& patient_id, const std::string& id,
                                            Instant when) override;

  // Consents, in sql_consents.cc
  Result<void> insert_consent(const clinic::Consent& consent) override;
  Result<std::optional<clinic::Consent>> find_consent(const std::string& id) override;
  Result<std::vector<clinic::Consent>> list_consents(const std::string& patient_id) override;
  Result<std::optional<clinic::Consent>> find_course_consent(const std::string& course_id) override;
  Result<void> record_withdrawal(const clinic::Consent& withdrawn) override;
  Result<std::int64_t> cancel_pending_reminders(const std::string& patient_id) override;

  // Outcomes, in sql_outcomes.cc
  Result<void> insert_measurements(
      const std::vector<clinic::RecordedMeasurement>& measurements) override;
  Result<std::vector<clinic::RecordedMeasurement>> list_course_measurements(
      const std::string& course_id) override;
  Result<std::vector<clinic::RecordedMeasurement>> list_patient_measurements(
      const std::string& patient_id) override;

  // Analytics, in sql_analytics.cc
  Result<std::vector<CourseCounts>> count_courses_started(const std::string& clinic_id,
                                                          Instant from, Instant to) override;
  Result<std::vector<CourseReading>> readings_of_courses_started(
      const std::string& clinic_id, Instant from, Instant to,
      const std::vector<clinic::Measure>& measures,
      const std::vector<clinic::TimePoint>& time_points) override;

  // Photos, in sql_photos.cc
  Result<void> insert_photo(const clinic::Photo& photo) override;
  Result<std::optional<clinic::Photo>> find_photo(const std::string& id) override;
  Result<std::vector<clinic::Photo>> list_photos(const std::string& patient_id) override;
  Result<bool> photo_file_in_use(const std::string& hash) override;
  // ... their trichometry results, in sql_trichometry.cc
  Result<void> insert_trichometry(const clinic::TrichometryResult& result) override;
  Result<void> update_trichometry_review(const clinic::TrichometryResult& result,
                                         std::int64_t expected_version) override;
  Result<std::optional<clinic::TrichometryResult>> find_photo_trichometry(
      const std::string& photo_id) override;

  // Worklist, in sql_worklist.cc
  Result<bool> open_worklist_item(const clinic::WorklistItem& item) override;
  Result<std::optional<clinic::WorklistItem>> find_worklist_item(const std::string& id) override;
  Result<std::vector<clinic::WorklistItem>> list_source_worklist(
      clinic::WorklistKind kind, const std::string& source_id) override;
  Result<std::vector<clinic::WorklistItem>> list_worklist(const WorklistQuery& query) override;
  Result<std::vector<clinic::WorklistItem>> list_patient_worklist(
      const std::string& patient_id) override;
  Result<void> close_worklist_item(const clinic::WorklistItem& closed) override;

  // Treatment, in sql_treatment.cc
  Result<void> insert_formulation(const clinic::Formulation& formulation) override;
  Result<std::optional<clinic::Formulation>> find_formulation(const std::string& id) override;
  Result<std::vector<clinic::Formulation>> list_formulations(clinic::Retired retired) override;
  Result<void> update_formulation(const clinic::Formulation& formulation,
                                  std::int64_t expected_version) override;
  Result<void> insert_rule_set(const StoredRuleSet& rule_set) override;
  Result<std::optional<StoredRuleSet>> find_rule_set(std::optional<std::int64_t> version) override;
  Result<std::vector<StoredRuleSet>> list_rule_sets() override;
  Result<void> insert_protocol(const StoredProtocol& protocol) override;
  Result<std::optional<StoredProtocol>> find_protocol(const std::string& id) override;
  Result<std::vector<StoredProtocol>> list_protocols() override;
  Result<void> update_protocol(const StoredProtocol& protocol,
                               std::int64_t expected_version) override;
  Result<void> insert_course(const StoredCourse& course) override;
  Result<std::optional<StoredCourse>> find_course(const std::string& id) override;
  Result<std::vector<StoredCourse>> list_courses(const std::string& patient_id) override;
  Result<void> insert_chart(const StoredChart& chart) override;
  Result<void> replace_draft_chart(const StoredChart& chart, Instant seen_recorded_at) override;
  Result<void> sign_chart(const std::string& appointment_id, std::int64_t version, Instant when,
                          const std::string& signed_by) override;
  Result<std::optional<StoredChart>> find_chart(const std::string& appointment_id,
                                                std::optional<std::int64_t> version) override;
  Result<void> save_aftercare_plan(const std::string& appointment_id, const std::string& patient_id,
                                   const std::string& body, Instant issued_at) override;
  Result<std::optional<std::string>> find_aftercare_plan(
      const std::string& appointment_id) override;

  // Stock, in sql_stock.cc
  Result<void> insert_product(const clinic::Product& product, Instant created_at) override;
  Result<std::optional<clinic::Product>> find_product(const std::string& id) override;
  Result<std::vector<clinic::Product>> list_products(clinic::Retired retired) override;
  Result<void> update_product(const clinic::Product& product,
                              std::int64_t expected_version) override;
  Result<clinic::Lot> receive_lot(const clinic::Lot& lot, Instant received_at) override;
  Result<std::optional<clinic::Lot>> find_lot(const std::string& id) override;
  Result<std::vector<clinic::Lot>> list_lots(const std::string& clinic_id) override;
  Result<void> recall_lot(const std::string& id, Instant when) override;
  Result<void> take_from_lot(const std::string& lot_id, std::int64_t vials) override;
  Result<void> replace_lot_uses(const std::string& appointment_id, const std::string& patient_id,
                                const std::vector<clinic::LotUse>& uses, Instant when) override;
  Result<std::vector<LotRecipient>> list_lot_recipients(const std::string& lot_id) override;

  // Appointments, in sql_appointments.cc
  Result<void> insert_appointment(const Appointment& appointment) override;
  Result<void> hold_calendar(const std::string& clinic_id) override;
  Result<std::optional<Appointment>> find_appointment(const std::string& id) override;
  Result<std::vector<Appointment>> list_appointments(const std::string& clinic_id, Instant from,
                                                     Instant to) override;
  Result<std::vector<Appointment>> list_patient_appointments(
      const std::string& patient_id) override;
  Result<std::vector<Appointment>> list_course_appointments(const std::string& course_id) override;
  Result<void> update_appointment(const Appointment& appointment, const Appointment& seen) override;

  // Outbox, in sql_outbox.cc
  Result<bool> queue_reminder(const Reminder& reminder) override;
  Result<std::optional<Reminder>> find_reminder(const std::string& id) override;
  Result<bool> reminder_queued(const std::string& topic) override;
  Result<std::vector<Reminder>> list_due_reminders(Instant now, std::size_t limit) override;
  Result<std::vector<Reminder>> list_stale_reminders(clinic::ReminderStatus status,
                                                     Instant claimed_before) override;
  Result<std::vector<Reminder>> list_reminders(const ReminderFilter& filter,
                                               std::size_t limit) override;
  Result<bool> update_reminder(const Reminder& changed, clinic::ReminderStatus expected_status,
                               int expected_attempts) override;

  // Accounts, in sql_accounts.cc
  Result<void> insert_user(const auth::User& user,
                           const std::vector<std::string>& clinic_ids) override;
  Result<std::optional<auth::User>> find_user_by_username(const std::string& username) override;
  Result<std::optional<auth::User>> find_user(const std::string& id) override;
  Result<std::vector<auth::User>> list_users() override;
  Result<void> update_password_hash(const std::string& user_id,
                                    const std::string& password_hash) override;
  Result<std::vector<std::string>> user_clinic_ids(const std::string& user_id) override;
  Result<void> update_user(const auth::User& user, std::int64_t expected_version) override;
  Result<void> replace_user_clinics(const std::string& user_id,
                                    const std::vector<std::string>& clinic_ids) override;
  Result<std::vector<std::string>> lock_active_admins() override;
  Result<void> add_user_clinic(const std::string& user_id, const std::string& clinic_id) override;
  Result<void> insert_session(const auth::Session& session) override;
  Result<std::optional<auth::Session>> find_session(const std::string& token_hash) override;
  Result<void> touch_session(const std::string& token_hash, Instant when) override;
  Result<void> delete_session(const std::string& token_hash) override;
  Result<std::int64_t> delete_sessions_of_user(const std::string& user_id) override;
  Result<std::int64_t> delete_other_sessions(const std::string& user_id,
                                             const std::string& kept_token_hash) override;
  Result<void> insert_api_token(const auth::ApiToken& token,
                                const std::vector<std::string>& clinic_ids) override;
  Result<std::optional<auth::ApiToken>> find_api_token_by_hash(
      const std::string& token_hash) override;
  Result<std::vector<auth::ApiToken>> list_api_tokens() override;
  Result<std::vector<std::string>> api_token_clinic_ids(const std::string& token_id) override;
  Result<void> revoke_api_token(const std::string& id, Instant when) override;
  Result<std::int64_t> revoke_api_tokens_issued_by(const std::string& user_id,
                                                   Instant when) override;
  Result<std::pair<int, Instant>> find_sign_in_failures(const std::string& key) override;
  Result<void> save_sign_in_failures(const std::string& key, int failures,
                                     Instant locked_until) override;
  Result<void> clear_sign_in_failures(const std::string& key) override;

  // AuditTrail, in sql_audit.cc
  Result<audit::Entry> append_audit(audit::Entry entry) override;
  Result<std::vector<audit::Entry>> list_audit(const AuditQuery& query) override;

  // Replies, in sql_audit.cc
  Result<std::optional<IdempotentReply>> find_idempotent_reply(const std::string& scope,
                                                               const std::string& key) override;
  Result<void> save_idempotent_reply(const IdempotentReply& reply) override;

 private:
  // Runs `work`, turning database exceptions into errors: kUnavailable for a lost connection or
  // a busy database, kInternal for anything unexpected (see internal::database_error). A lost
  // PostgreSQL connection is marked broken so the pool reconnects it before lending it again.
  // Every method runs its SQL under this, directly or through the helpers below.
  template <class Work>
  auto guarded(std::string_view doing, Work&& work) -> decltype(work()) {
    if (finished_) return fail(ErrorCode::kInternal, "the transaction has already committed");
    try {
      return work();
    } catch (const std::exception& exception) {
      return std::unexpected(failed(exception, doing));
    }
  }
  Error failed(const std::exception& exception, std::string_view doing);

  // A rename or retirement of a formulation, product or room (in sql_lifecycle.cc).
  struct CatalogueEdit {
    std::string_view table;  // our own table names, never input
    std::string_view kind;   // "formulation", "product", "room"
    std::string id;
    std::string name;
    clinic::Lifecycle lifecycle;
    std::string_view scope_column;  // where names are unique ("clinic_id"), or empty: everywhere
    std::string scope;
  };
  // Writes the edit if the row is still at `expected_version`: kConflict if the name is taken,
  // kNotFound if there is no such row, kPreconditionFailed if it has changed since.
  Result<void> update_catalogue_item(const CatalogueEdit& edit, std::int64_t expected_version);

  // Inserts `result`'s correction (in sql_trichometry.cc). Throws.
  void keep_correction(const clinic::TrichometryResult& result);

  // Keeps courses.started_at, the first attended session's start (in sql_appointments.cc).
  Result<void> note_course_start(const Appointment& appointment);

  // Guarded select<Row> (see sql.h): every matching row, or the first.
  template <class Row>
  Result<std::vector<RowValue<Row>>> rows(std::string_view doing, std::string_view clause,
                                          const Params& params = {}) {
    return guarded(doing, [&] { return select<Row>(session_, clause, params); });
  }
  template <class Row>
  Result<std::optional<RowValue<Row>>> one(std::string_view doing, std::string_view clause,
                                           const Params& params = {}) {
    return first_of(rows<Row>(doing, clause, params));
  }

  // Runs a statement without results; returns how many rows it changed. Throws.
  long long run(const std::string& sql, const Params& params);
  // The same under guarded().
  Result<long long> execute(std::string_view doing, const std::string& sql, const Params& params);
  // The same when the count does not matter.
  Result<void> write(std::string_view doing, const std::string& sql, const Params& params);
  // The same for a statement that must change exactly one row; fails with `code` and `message`
  // if it changed none (the row is missing, or not in the state the statement requires).
  Result<void> write_one(std::string_view doing, const std::string& sql, const Params& params,
                         ErrorCode code, std::string_view message);

  // How many rows of `table` have `value` in `column` (our own names, never input). Throws.
  long long count_where(std::string_view table, std::string_view column, const std::string& value);
  bool exists(std::string_view table, const std::string& id) {
    return count_where(table, "id", id) > 0;
  }

  Pool& pool_;
  soci::session& session_;
  Prepared& prepared_;
  Engine engine_;
  std::unique_lock<std::mutex> writer_;  // SQLite writers: held until COMMIT or ROLLBACK
  bool finished_ = false;
  // The audit chain's newest link once this transaction has read or extended it: the entries
  // of a group commit are chained one after another without asking the database again.
  std::optional<std::pair<long long, std::string>> chain_tip_;
  bool broken_ = false;
};

}  // namespace mesoclinic::store::internal
