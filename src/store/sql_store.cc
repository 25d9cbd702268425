// The one Store implementation: SOCI over SQLite or PostgreSQL. The SQL is the same for both
// engines except where a comment says otherwise; values are always bound, never spliced in.
#include <array>
#include <deque>
#include <map>
#include <mutex>
#include <unordered_map>

#include "clinic/patient.h"
#include "core/text.h"
#include "core/time.h"
#include "store/internal.h"
#include "store/store.h"

namespace mesoclinic::store {
namespace {

using clinic::Clinic;
using clinic::Patient;
using internal::Pool;

// Serialises audit appends on PostgreSQL (any constant shared by every mesoclinic process).
constexpr long long kAuditLockKey = 7'240'613'002;

// The smallest string greater than every string that starts with `prefix`, in byte order:
// the prefix with its last code point incremented. UTF-8 byte order is code point order, so
// `key >= prefix AND key < bound` is exactly "key starts with prefix" and uses an index.
std::string prefix_upper_bound(std::string_view prefix) {
  std::size_t start = prefix.size();
  while (start > 0 && (static_cast<unsigned char>(prefix[start - 1]) & 0xC0) == 0x80) --start;
  if (start > 0) --start;
  const auto* bytes = reinterpret_cast<const unsigned char*>(prefix.data()) + start;
  const std::size_t length = prefix.size() - start;
  char32_t code_point = bytes[0];
  if (length == 2) code_point = (bytes[0] & 0x1F);
  if (length == 3) code_point = (bytes[0] & 0x0F);
  if (length == 4) code_point = (bytes[0] & 0x07);
  for (std::size_t i = 1; i < length; ++i) code_point = (code_point << 6) | (bytes[i] & 0x3F);
  ++code_point;
  if (code_point == 0xD800) code_point = 0xE000;  // surrogates are not code points in UTF-8
  std::string bound(prefix.substr(0, start));
  if (code_point < 0x80) {
    bound += static_cast<char>(code_point);
  } else if (code_point < 0x800) {
    bound += static_cast<char>(0xC0 | (code_point >> 6));
    bound += static_cast<char>(0x80 | (code_point & 0x3F));
  } else if (code_point < 0x10000) {
    bound += static_cast<char>(0xE0 | (code_point >> 12));
    bound += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    bound += static_cast<char>(0x80 | (code_point & 0x3F));
  } else {
    bound += static_cast<char>(0xF0 | (code_point >> 18));
    bound += static_cast<char>(0x80 | ((code_point >> 12) & 0x3F));
    bound += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    bound += static_cast<char>(0x80 | (code_point & 0x3F));
  }
  return bound;
}

// A statement with named parameters whose values it owns, so a query can be assembled from
// optional filters and still be fully parameterised.
class Query {
 public:
  explicit Query(soci::session& session) : statement_(session) {}

  void bind(const std::string& name, std::string value) {
    strings_.push_back(std::move(value));
    statement_.exchange(soci::use(strings_.back(), name));
  }
  void bind(const std::string& name, long long value) {
    numbers_.push_back(value);
    statement_.exchange(soci::use(numbers_.back(), name));
  }
  void bind(const std::string& name, double value) {
    reals_.push_back(value);
    statement_.exchange(soci::use(reals_.back(), name));
  }
  void bind_optional(const std::string& name, const std::optional<std::string>& value) {
    strings_.push_back(value.value_or(""));
    indicators_.push_back(value ? soci::i_ok : soci::i_null);
    statement_.exchange(soci::use(strings_.back(), indicators_.back(), name));
  }
  void bind_optional(const std::string& name, const std::optional<long long>& value) {
    numbers_.push_back(value.value_or(0));
    indicators_.push_back(value ? soci::i_ok : soci::i_null);
    statement_.exchange(soci::use(numbers_.back(), indicators_.back(), name));
  }
  template <class T>
  void into(T& target) {
    exchange(soci::into(target));
  }
  template <class Element>
  void exchange(const Element& element) {
    statement_.exchange(element);
    has_results_ = true;
  }
  template <class T>
  void into(T& target, soci::indicator& indicator) {
    statement_.exchange(soci::into(target, indicator));
    has_results_ = true;
  }

  // Prepares and runs `sql`; rows then come one at a time from fetch().
  void run(const std::string& sql) {
    statement_.alloc();
    statement_.prepare(sql);
    statement_.define_and_bind();
    // Without data exchange SOCI's SQLite backend does not step a statement at all, so a
    // statement with no results (INSERT, UPDATE) runs with it; a query's rows wait for fetch().
    statement_.execute(!has_results_);
  }
  bool fetch() { return statement_.fetch(); }
  long long affected_rows() { return statement_.get_affected_rows(); }

 private:
  soci::statement statement_;
  std::deque<std::string> strings_;
  std::deque<long long> numbers_;
  std::deque<soci::indicator> indicators_;
  std::deque<double> reals_;
  bool has_results_ = false;
};

constexpr std::string_view kPatientColumns =
    "id, clinic_id, family_name, given_name, date_of_birth, sex, phone, email, "
    "preferred_language, reminder_channel, created_at, updated_at, version, sort_key";

// One patients row as fetched; to_patient() turns it back into the domain value.
struct PatientRow {
  std::string id, clinic_id, family_name, given_name, date_of_birth, sex, phone, email,
      preferred_language, reminder_channel, sort_key;
  soci::indicator phone_indicator = soci::i_null, email_indicator = soci::i_null;
  long long created_at = 0, updated_at = 0, version = 0;

  // Hands each column's into-element to `exchange`, in kPatientColumns order.
  template <class Exchange>
  void bind_columns(Exchange&& exchange) {
    exchange(soci::into(id));
    exchange(soci::into(clinic_id));
    exchange(soci::into(family_name));
    exchange(soci::into(given_name));
    exchange(soci::into(date_of_birth));
    exchange(soci::into(sex));
    exchange(soci::into(phone, phone_indicator));
    exchange(soci::into(email, email_indicator));
    exchange(soci::into(preferred_language));
    exchange(soci::into(reminder_channel));
    exchange(soci::into(created_at));
    exchange(soci::into(updated_at));
    exchange(soci::into(version));
    exchange(soci::into(sort_key));
  }

  void into(Query& query) {
    bind_columns([&](auto&& element) { query.exchange(element); });
  }

  Result<Patient> to_patient() const {
    Patient patient;
    patient.id = id;
    patient.clinic_id = clinic_id;
    patient.details.family_name = family_name;
    patient.details.given_name = given_name;
    const auto dob = parse_iso_date(date_of_birth);
    const auto parsed_sex = clinic::parse_sex(sex);
    const auto channel = clinic::parse_reminder_channel(reminder_channel);
    if (!dob || !parsed_sex || !channel) {
      return fail(ErrorCode::kInternal, "the stored patient " + id + " has an unreadable field");
    }
    patient.details.date_of_birth = *dob;
    patient.details.sex = *parsed_sex;
    patient.details.reminder_channel = *channel;
    if (phone_indicator == soci::i_ok) patient.details.phone = phone;
    if (email_indicator == soci::i_ok) patient.details.email = email;
    patient.details.preferred_language = preferred_language;
    patient.created_at = from_unix_micros(created_at);
    patient.updated_at = from_unix_micros(updated_at);
    patient.version = version;
    return patient;
  }
};

void bind_patient(Query& query, const Patient& patient) {
  const auto& d = patient.details;
  const std::string family_key = fold_for_search(d.family_name);
  const std::string given_key = fold_for_search(d.given_name);
  query.bind("id", patient.id);
  query.bind("clinic_id", patient.clinic_id);
  query.bind("family_name", d.family_name);
  query.bind("given_name", d.given_name);
  query.bind("family_key", family_key);
  query.bind("given_key", given_key);
  query.bind("sort_key", family_key + " " + given_key);
  query.bind("date_of_birth", format_iso_date(d.date_of_birth));
  query.bind("sex", std::string(clinic::to_string(d.sex)));
  query.bind_optional("phone", d.phone);
  query.bind_optional("email", d.email);
  query.bind("preferred_language", d.preferred_language);
  query.bind("reminder_channel", std::string(clinic::to_string(d.reminder_channel)));
  query.bind("created_at", static_cast<long long>(to_unix_micros(patient.created_at)));
  query.bind("updated_at", static_cast<long long>(to_unix_micros(patient.updated_at)));
  query.bind("version", static_cast<long long>(patient.version));
}

// Statements a connection runs on almost every request, prepared once per connection and run
// again with new values: this saves SQLite's parser and PostgreSQL's planning round trips on
// the hot paths (each transaction's BEGIN and COMMIT, reading one patient).
class Prepared {
 public:
  explicit Prepared(soci::session& session) : session_(session) {}

  // Runs a statement without parameters or results.
  void run(std::string_view sql) {
    auto it = plain_.find(sql);
    if (it == plain_.end()) {
      it = plain_.emplace(std::string(sql), soci::statement(session_.prepare << std::string(sql)))
               .first;
    }
    it->second.execute(true);
  }

  // The patient with `id` (deleted or not: the caller checks), if any.
  std::optional<PatientRow> find_patient(const std::string& id) {
    if (!find_patient_) {
      find_patient_.emplace(session_);
      patient_row_.bind_columns([&](auto&& element) { find_patient_->exchange(element); });
      find_patient_->exchange(soci::use(patient_id_, "id"));
      find_patient_->alloc();
      find_patient_->prepare("SELECT " + std::string(kPatientColumns) +
                             " FROM patients WHERE id = :id AND deleted_at IS NULL");
      find_patient_->define_and_bind();
    }
    patient_id_ = id;
    const bool found = find_patient_->execute(true);
    // Step to the end so SQLite's statement lets go of its read snapshot now, not at the
    // next execution.
    while (find_patient_->fetch()) {
    }
    if (!found) return std::nullopt;
    return patient_row_;
  }

  // The newest audit entry's sequence number and hash, if there is one.
  std::optional<std::pair<long long, std::string>> last_audit_link() {
    if (!last_audit_) {
      last_audit_.emplace(session_);
      last_audit_->exchange(soci::into(last_sequence_));
      last_audit_->exchange(soci::into(last_hash_));
      last_audit_->alloc();
      last_audit_->prepare(
          "SELECT sequence, entry_hash FROM audit_entries ORDER BY sequence DESC LIMIT 1");
      last_audit_->define_and_bind();
    }
    const bool found = last_audit_->execute(true);
    while (last_audit_->fetch()) {
    }
    if (!found) return std::nullopt;
    return std::pair{last_sequence_, last_hash_};
  }

  // Inserts `entry` as it is (sequence and hashes already set).
  void insert_audit(const audit::Entry& entry) {
    if (!insert_audit_) {
      insert_audit_.emplace(session_);
      insert_audit_->exchange(soci::use(audit_sequence_, "sequence"));
      insert_audit_->exchange(soci::use(audit_recorded_at_, "recorded_at"));
      for (std::size_t i = 0; i < kAuditTextColumns.size(); ++i) {
        insert_audit_->exchange(soci::use(audit_texts_[i], std::string(kAuditTextColumns[i])));
      }
      std::string columns = "sequence, recorded_at", values = ":sequence, :recorded_at";
      for (const auto column : kAuditTextColumns) {
        columns.append(", ").append(column);
        values.append(", :").append(column);
      }
      insert_audit_->alloc();
      insert_audit_->prepare("INSERT INTO audit_entries (" + columns + ") VALUES (" + values + ")");
      insert_audit_->define_and_bind();
    }
    audit_sequence_ = entry.sequence;
    audit_recorded_at_ = to_unix_micros(entry.recorded_at);
    audit_texts_ = {entry.user_id,       entry.username,
                    entry.role,          entry.source_address,
                    entry.request_id,    entry.action,
                    entry.resource_type, entry.resource_id,
                    entry.patient_id,    std::string(audit::to_string(entry.outcome)),
                    entry.previous_hash, entry.entry_hash};
    insert_audit_->execute(true);
  }

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
  long long audit_recorded_at_ = 0;
  std::array<std::string, 12> audit_texts_;
};

class SqlTransaction final : public Transaction {
 public:
  SqlTransaction(Pool& pool, soci::session& session, Prepared& prepared, Engine engine,
                 std::unique_lock<std::mutex> writer)
      : pool_(pool),
        session_(session),
        prepared_(prepared),
        engine_(engine),
        writer_(std::move(writer)) {}

  ~SqlTransaction() override {
    if (!finished_) {
      try {
        prepared_.run("ROLLBACK");
      } catch (const std::exception&) {
        broken_ = true;  // a connection that cannot roll back is not lent out again as is
      }
    }
    pool_.release(&session_, broken_);
  }

  // Starts the transaction; called once, by SqlStore::begin.
  Result<void> start(TransactionMode mode) {
    return guarded("starting a transaction", [&]() -> Result<void> {
      if (engine_ == Engine::kSqlite) {
        prepared_.run(mode == TransactionMode::kWrite ? "BEGIN IMMEDIATE" : "BEGIN");
      } else {
        prepared_.run(mode == TransactionMode::kWrite ? "BEGIN" : "BEGIN READ ONLY");
      }
      return {};
    });
  }

  Result<void> commit() override {
    return guarded("committing", [&]() -> Result<void> {
      prepared_.run("COMMIT");
      finished_ = true;
      if (writer_.owns_lock()) writer_.unlock();
      return {};
    });
  }

  Result<void> insert_clinic(const Clinic& clinic) override {
    return guarded("saving a clinic", [&]() -> Result<void> {
      Query query(session_);
      query.bind("id", clinic.id);
      query.bind("name", clinic.name);
      query.bind("time_zone", clinic.time_zone);
      query.bind("created_at", static_cast<long long>(to_unix_micros(clinic.created_at)));
      query.run(
          "INSERT INTO clinics (id, name, time_zone, created_at) "
          "VALUES (:id, :name, :time_zone, :created_at)");
      return {};
    });
  }

  Result<std::optional<Clinic>> find_clinic(const std::string& id) override {
    return guarded("reading a clinic", [&]() -> Result<std::optional<Clinic>> {
      auto clinics = select_clinics("WHERE id = :id", id);
      if (clinics.empty()) return std::nullopt;
      return clinics.front();
    });
  }

  Result<std::vector<Clinic>> list_clinics() override {
    return guarded("listing clinics", [&]() -> Result<std::vector<Clinic>> {
      return select_clinics("", std::nullopt);
    });
  }

  Result<void> insert_patient(const Patient& patient) override {
    return guarded("saving a patient", [&]() -> Result<void> {
      if (!exists("clinics", patient.clinic_id)) {
        return invalid({{"/clinic_id", "names no clinic"}});
      }
      if (exists("patients", patient.id)) {
        return fail(ErrorCode::kConflict, "a patient with id " + patient.id + " exists");
      }
      Query query(session_);
      bind_patient(query, patient);
      query.run(
          "INSERT INTO patients (id, clinic_id, family_name, given_name, family_key, given_key, "
          "sort_key, date_of_birth, sex, phone, email, preferred_language, reminder_channel, "
          "created_at, updated_at, version) VALUES (:id, :clinic_id, :family_name, :given_name, "
          ":family_key, :given_key, :sort_key, :date_of_birth, :sex, :phone, :email, "
          ":preferred_language, :reminder_channel, :created_at, :updated_at, :version)");
      return {};
    });
  }

  Result<std::optional<Patient>> find_patient(const std::string& id) override {
    return guarded("reading a patient", [&]() -> Result<std::optional<Patient>> {
      const auto row = prepared_.find_patient(id);
      if (!row) return std::nullopt;
      auto patient = row->to_patient();
      if (!patient) return std::unexpected(patient.error());
      return std::optional(std::move(*patient));
    });
  }

  Result<void> update_patient(const Patient& patient, std::int64_t expected_version) override {
    return guarded("updating a patient", [&]() -> Result<void> {
      Query query(session_);
      bind_patient(query, patient);
      query.bind("expected_version", static_cast<long long>(expected_version));
      // bind_patient binds every column and SOCI refuses a bound name the SQL does not use, so
      // the columns that never change (clinic_id, created_at) are compared instead of written.
      query.run(
          "UPDATE patients SET family_name = :family_name, given_name = :given_name, "
          "family_key = :family_key, given_key = :given_key, sort_key = :sort_key, "
          "date_of_birth = :date_of_birth, sex = :sex, phone = :phone, email = :email, "
          "preferred_language = :preferred_language, reminder_channel = :reminder_channel, "
          "updated_at = :updated_at, version = :version WHERE id = :id AND clinic_id = "
          ":clinic_id AND created_at = :created_at AND version = :expected_version AND "
          "deleted_at IS NULL");
      if (query.affected_rows() == 1) return {};
      return why_unchanged(patient.id);
    });
  }

  Result<void> soft_delete_patient(const std::string& id, std::int64_t expected_version,
                                   Instant when) override {
    return guarded("deleting a patient", [&]() -> Result<void> {
      Query query(session_);
      query.bind("deleted_at", static_cast<long long>(to_unix_micros(when)));
      query.bind("updated_at", static_cast<long long>(to_unix_micros(when)));
      query.bind("id", id);
      query.bind("expected_version", static_cast<long long>(expected_version));
      query.run(
          "UPDATE patients SET deleted_at = :deleted_at, updated_at = :updated_at, version = "
          "version + 1 "
          "WHERE id = :id AND version = :expected_version AND deleted_at IS NULL");
      if (query.affected_rows() == 1) return {};
      return why_unchanged(id);
    });
  }

  Result<void> erase_patient(const std::string& id, Instant when) override {
    return guarded("erasing a patient", [&]() -> Result<void> {
      Query query(session_);
      query.bind("updated_at", static_cast<long long>(to_unix_micros(when)));
      query.bind("deleted_at", static_cast<long long>(to_unix_micros(when)));
      query.bind("id", id);
      query.run(
          "UPDATE patients SET family_name = '', given_name = '', family_key = '', "
          "given_key = '', sort_key = '', date_of_birth = '0001-01-01', sex = 'unknown', "
          "phone = NULL, email = NULL, reminder_channel = 'none', version = version + 1, "
          "updated_at = :updated_at, deleted_at = COALESCE(deleted_at, :deleted_at) "
          "WHERE id = :id");
      if (query.affected_rows() != 1) return fail(ErrorCode::kNotFound, "No patient with this id.");
      // Rows that name an appointment before the appointments, and those before their courses.
      for (const char* table :
           {"clinical_records", "suitability_decisions", "calendar_subscriptions", "reminders",
            "lot_uses", "aftercare_plans", "session_charts", "appointments", "courses"}) {
        Query records(session_);
        records.bind("id", id);
        records.run("DELETE FROM " + std::string(table) + " WHERE patient_id = :id");
      }
      // Replies kept for Idempotency-Key replays hold the patient as created. Ids are UUIDs,
      // so the pattern has no wildcard in it.
      Query replies(session_);
      replies.bind("pattern", "%\"" + id + "\"%");
      replies.run("DELETE FROM idempotent_replies WHERE body LIKE :pattern");
      return {};
    });
  }

  Result<std::optional<std::string>> find_patient_clinic(const std::string& id) override {
    return guarded("reading a patient's clinic", [&]() -> Result<std::optional<std::string>> {
      Query query(session_);
      std::string clinic_id;
      query.into(clinic_id);
      query.bind("id", id);
      query.run("SELECT clinic_id FROM patients WHERE id = :id");
      if (!query.fetch()) return std::nullopt;
      return std::optional(clinic_id);
    });
  }

  Result<void> insert_protocol(const StoredProtocol& protocol) override {
    return guarded("saving a protocol", [&]() -> Result<void> {
      if (count_where("protocols", "name", protocol.name) > 0) {
        return fail(ErrorCode::kConflict, "a protocol named " + protocol.name + " exists");
      }
      Query query(session_);
      query.bind("id", protocol.id);
      query.bind("name", protocol.name);
      query.bind("formulation_id", protocol.formulation_id);
      query.bind("created_at", static_cast<long long>(to_unix_micros(protocol.created_at)));
      query.bind("body", protocol.body);
      query.run(
          "INSERT INTO protocols (id, name, formulation_id, created_at, body) VALUES (:id, "
          ":name, :formulation_id, :created_at, :body)");
      return {};
    });
  }

  Result<std::optional<StoredProtocol>> find_protocol(const std::string& id) override {
    return guarded("reading a protocol",
                   [&]() { return first_of(select_protocols("WHERE id = :id", id)); });
  }

  Result<std::vector<StoredProtocol>> list_protocols() override {
    return guarded("listing protocols", [&]() { return select_protocols("", std::nullopt); });
  }

  // `where` is our own SQL; the only value is bound as :id.
  Result<std::vector<StoredProtocol>> select_protocols(const std::string& where,
                                                       const std::optional<std::string>& id) {
    Query query(session_);
    StoredProtocol row;
    long long created_at = 0;
    query.into(row.id);
    query.into(row.name);
    query.into(row.formulation_id);
    query.into(created_at);
    query.into(row.body);
    if (id) query.bind("id", *id);
    query.run("SELECT id, name, formulation_id, created_at, body FROM protocols " + where +
              " ORDER BY name");
    std::vector<StoredProtocol> protocols;
    while (query.fetch()) {
      row.created_at = from_unix_micros(created_at);
      protocols.push_back(row);
    }
    return protocols;
  }

  Result<void> save_clinic_setting(const ClinicSetting& setting) override {
    return guarded("saving a clinic setting", [&]() -> Result<void> {
      Query query(session_);
      query.bind("clinic_id", setting.clinic_id);
      query.bind("name", setting.name);
      query.bind("body", setting.body);
      query.bind("updated_at", static_cast<long long>(to_unix_micros(setting.updated_at)));
      // Both engines take the same upsert.
      query.run(
          "INSERT INTO clinic_settings (clinic_id, name, body, updated_at) VALUES (:clinic_id, "
          ":name, :body, :updated_at) ON CONFLICT (clinic_id, name) DO UPDATE SET body = "
          "excluded.body, updated_at = excluded.updated_at");
      return {};
    });
  }

  Result<std::optional<ClinicSetting>> find_clinic_setting(const std::string& clinic_id,
                                                           const std::string& name) override {
    return guarded("reading a clinic setting", [&]() {
      return first_of(select_clinic_settings(clinic_id, "name = :name", name));
    });
  }

  Result<std::vector<ClinicSetting>> list_clinic_settings(const std::string& clinic_id,
                                                          const std::string& name_prefix) override {
    return guarded("listing clinic settings", [&]() {
      if (name_prefix.empty()) return select_clinic_settings(clinic_id, "1 = 1", std::nullopt);
      // A range on the primary key instead of LIKE, which would treat _ and % as wildcards.
      return select_clinic_settings(clinic_id, "name >= :name AND name < :bound", name_prefix);
    });
  }

  // `condition` is our own SQL over :name (bound to `name`) and :bound (its prefix bound).
  Result<std::vector<ClinicSetting>> select_clinic_settings(
      const std::string& clinic_id, const std::string& condition,
      const std::optional<std::string>& name) {
    Query query(session_);
    ClinicSetting row;
    long long updated_at = 0;
    query.into(row.name);
    query.into(row.body);
    query.into(updated_at);
    query.bind("clinic_id", clinic_id);
    if (name) query.bind("name", *name);
    if (condition.find(":bound") != std::string::npos) {
      query.bind("bound", prefix_upper_bound(*name));
    }
    query.run(
        "SELECT name, body, updated_at FROM clinic_settings WHERE clinic_id = :clinic_id "
        "AND " +
        condition + " ORDER BY name");
    std::vector<ClinicSetting> settings;
    while (query.fetch()) {
      row.clinic_id = clinic_id;
      row.updated_at = from_unix_micros(updated_at);
      settings.push_back(row);
    }
    return settings;
  }

  Result<void> insert_room(const Room& room) override {
    return guarded("saving a room", [&]() -> Result<void> {
      {
        Query taken(session_);
        long long count = 0;
        taken.into(count);
        taken.bind("clinic_id", room.clinic_id);
        taken.bind("name", room.name);
        taken.run("SELECT COUNT(*) FROM rooms WHERE clinic_id = :clinic_id AND name = :name");
        taken.fetch();
        if (count > 0)
          return fail(ErrorCode::kConflict, "the clinic has a room named " + room.name);
      }
      Query query(session_);
      query.bind("id", room.id);
      query.bind("clinic_id", room.clinic_id);
      query.bind("name", room.name);
      query.run("INSERT INTO rooms (id, clinic_id, name) VALUES (:id, :clinic_id, :name)");
      return {};
    });
  }

  Result<std::vector<Room>> list_rooms(const std::string& clinic_id) override {
    return guarded("listing rooms", [&]() -> Result<std::vector<Room>> {
      Query query(session_);
      Room row;
      query.into(row.id);
      query.into(row.name);
      query.bind("clinic_id", clinic_id);
      query.run("SELECT id, name FROM rooms WHERE clinic_id = :clinic_id ORDER BY name, id");
      std::vector<Room> rooms;
      while (query.fetch()) {
        row.clinic_id = clinic_id;
        rooms.push_back(row);
      }
      return rooms;
    });
  }

  Result<void> insert_product(const clinic::Product& product, Instant created_at) override {
    return guarded("saving a product", [&]() -> Result<void> {
      if (count_where("products", "name", product.name) > 0) {
        return fail(ErrorCode::kConflict, "a product named " + product.name + " exists");
      }
      Query query(session_);
      query.bind("id", product.id);
      query.bind("name", product.name);
      query.bind("formulation_id", product.formulation_id);
      query.bind("vial_ml", product.vial_ml);
      query.bind("created_at", static_cast<long long>(to_unix_micros(created_at)));
      query.run(
          "INSERT INTO products (id, name, formulation_id, vial_ml, created_at) VALUES (:id, "
          ":name, :formulation_id, :vial_ml, :created_at)");
      return {};
    });
  }

  Result<std::optional<clinic::Product>> find_product(const std::string& id) override {
    return guarded("reading a product",
                   [&]() { return first_of(select_products("WHERE id = :id", id)); });
  }

  Result<std::vector<clinic::Product>> list_products() override {
    return guarded("listing products", [&]() { return select_products("", std::nullopt); });
  }

  Result<std::vector<clinic::Product>> select_products(const std::string& where,
                                                       const std::optional<std::string>& id) {
    Query query(session_);
    clinic::Product row;
    query.into(row.id);
    query.into(row.name);
    query.into(row.formulation_id);
    query.into(row.vial_ml);
    if (id) query.bind("id", *id);
    query.run("SELECT id, name, formulation_id, vial_ml FROM products " + where + " ORDER BY name");
    std::vector<clinic::Product> products;
    while (query.fetch()) products.push_back(row);
    return products;
  }

  Result<clinic::Lot> receive_lot(const clinic::Lot& lot, Instant received_at) override {
    return guarded("receiving stock", [&]() -> Result<clinic::Lot> {
      Query find(session_);
      std::string id;
      find.into(id);
      find.bind("clinic_id", lot.clinic_id);
      find.bind("product_id", lot.product_id);
      find.bind("number", lot.number);
      find.run(
          "SELECT id FROM lots WHERE clinic_id = :clinic_id AND product_id = :product_id AND "
          "number = :number");
      if (!find.fetch()) {
        Query insert(session_);
        insert.bind("id", lot.id);
        insert.bind("product_id", lot.product_id);
        insert.bind("clinic_id", lot.clinic_id);
        insert.bind("number", lot.number);
        insert.bind("expires_on", format_iso_date(lot.expires_on));
        insert.bind("quantity", static_cast<long long>(lot.quantity));
        insert.bind("received_at", static_cast<long long>(to_unix_micros(received_at)));
        insert.run(
            "INSERT INTO lots (id, product_id, clinic_id, number, expires_on, quantity, "
            "received_at) VALUES (:id, :product_id, :clinic_id, :number, :expires_on, :quantity, "
            ":received_at)");
        return lot;
      }
      auto held = first_of(select_lots("WHERE id = :value", id));
      if (!held || !*held) return fail(ErrorCode::kInternal, "lot " + id + " vanished");
      clinic::Lot stored = **held;
      if (stored.expires_on != lot.expires_on) {
        return fail(ErrorCode::kConflict, "lot " + lot.number + " is held with expiry " +
                                              format_iso_date(stored.expires_on) +
                                              "; check the label");
      }
      if (stored.recalled) {
        return fail(ErrorCode::kConflict, "lot " + lot.number + " is recalled");
      }
      Query add(session_);
      add.bind("quantity", static_cast<long long>(lot.quantity));
      add.bind("id", id);
      add.run("UPDATE lots SET quantity = quantity + :quantity WHERE id = :id");
      stored.quantity += lot.quantity;
      return stored;
    });
  }

  Result<std::optional<clinic::Lot>> find_lot(const std::string& id) override {
    return guarded("reading a lot",
                   [&]() { return first_of(select_lots("WHERE id = :value", id)); });
  }

  Result<std::vector<clinic::Lot>> list_lots(const std::string& clinic_id) override {
    return guarded("listing lots",
                   [&]() { return select_lots("WHERE clinic_id = :value", clinic_id); });
  }

  Result<void> recall_lot(const std::string& id, Instant when) override {
    return guarded("recalling a lot", [&]() -> Result<void> {
      if (!exists("lots", id)) return fail(ErrorCode::kNotFound, "No lot with this id.");
      Query query(session_);
      query.bind("recalled_at", static_cast<long long>(to_unix_micros(when)));
      query.bind("id", id);
      query.run("UPDATE lots SET recalled_at = COALESCE(recalled_at, :recalled_at) WHERE id = :id");
      return {};
    });
  }

  // `where` is our own SQL; the only value is bound as :value.
  Result<std::vector<clinic::Lot>> select_lots(const std::string& where, const std::string& value) {
    Query query(session_);
    clinic::Lot row;
    std::string expires_on;
    long long quantity = 0, recalled_at = 0;
    soci::indicator recalled = soci::i_null;
    query.into(row.id);
    query.into(row.product_id);
    query.into(row.clinic_id);
    query.into(row.number);
    query.into(expires_on);
    query.into(quantity);
    query.into(recalled_at, recalled);
    query.bind("value", value);
    query.run(
        "SELECT id, product_id, clinic_id, number, expires_on, quantity, recalled_at FROM lots " +
        where + " ORDER BY expires_on, number, id");
    std::vector<clinic::Lot> lots;
    while (query.fetch()) {
      auto date = parse_iso_date(expires_on);
      if (!date) return fail(ErrorCode::kInternal, "lot " + row.id + " has no expiry date");
      row.expires_on = *date;
      row.quantity = quantity;
      row.recalled = recalled == soci::i_ok;
      lots.push_back(row);
    }
    return lots;
  }

  Result<void> insert_course(const StoredCourse& course) override {
    return guarded("saving a course", [&]() -> Result<void> {
      Query query(session_);
      query.bind("id", course.id);
      query.bind("clinic_id", course.clinic_id);
      query.bind("patient_id", course.patient_id);
      query.bind("protocol_id", course.protocol_id);
      query.bind("created_at", static_cast<long long>(to_unix_micros(course.created_at)));
      query.bind("created_by", course.created_by);
      query.bind("body", course.body);
      query.run(
          "INSERT INTO courses (id, clinic_id, patient_id, protocol_id, created_at, created_by, "
          "body) VALUES (:id, :clinic_id, :patient_id, :protocol_id, :created_at, :created_by, "
          ":body)");
      return {};
    });
  }

  Result<std::optional<StoredCourse>> find_course(const std::string& id) override {
    return guarded("reading a course",
                   [&]() { return first_of(select_courses("WHERE id = :value", id)); });
  }

  Result<std::vector<StoredCourse>> list_courses(const std::string& patient_id) override {
    return guarded("listing courses",
                   [&]() { return select_courses("WHERE patient_id = :value", patient_id); });
  }

  // `where` is our own SQL; the only value is bound as :value.
  Result<std::vector<StoredCourse>> select_courses(const std::string& where,
                                                   const std::string& value) {
    Query query(session_);
    StoredCourse row;
    long long created_at = 0;
    query.into(row.id);
    query.into(row.clinic_id);
    query.into(row.patient_id);
    query.into(row.protocol_id);
    query.into(created_at);
    query.into(row.created_by);
    query.into(row.body);
    query.bind("value", value);
    query.run(
        "SELECT id, clinic_id, patient_id, protocol_id, created_at, created_by, body FROM "
        "courses " +
        where + " ORDER BY created_at, id");
    std::vector<StoredCourse> courses;
    while (query.fetch()) {
      row.created_at = from_unix_micros(created_at);
      courses.push_back(row);
    }
    return courses;
  }

  Result<void> insert_chart(const StoredChart& chart) override {
    return guarded("saving a session chart", [&]() -> Result<void> {
      Query query(session_);
      bind_chart(query, chart);
      query.run(
          "INSERT INTO session_charts (appointment_id, version, patient_id, body, recorded_at, "
          "recorded_by, signed_at, signed_by, correction_reason) VALUES (:appointment_id, "
          ":version, :patient_id, :body, :recorded_at, :recorded_by, :signed_at, :signed_by, "
          ":correction_reason)");
      return {};
    });
  }

  Result<void> replace_draft_chart(const StoredChart& chart) override {
    return guarded("saving a draft chart", [&]() -> Result<void> {
      Query query(session_);
      query.bind("body", chart.body);
      query.bind("recorded_at", static_cast<long long>(to_unix_micros(chart.recorded_at)));
      query.bind("recorded_by", chart.recorded_by);
      query.bind("appointment_id", chart.appointment_id);
      query.bind("version", static_cast<long long>(chart.version));
      query.run(
          "UPDATE session_charts SET body = :body, recorded_at = :recorded_at, recorded_by = "
          ":recorded_by WHERE appointment_id = :appointment_id AND version = :version AND "
          "signed_at IS NULL");
      if (query.affected_rows() != 1) {
        return fail(ErrorCode::kConflict, "the chart is signed; signed charts do not change");
      }
      return {};
    });
  }

  Result<void> sign_chart(const std::string& appointment_id, std::int64_t version, Instant when,
                          const std::string& signed_by) override {
    return guarded("signing a chart", [&]() -> Result<void> {
      Query query(session_);
      query.bind("signed_at", static_cast<long long>(to_unix_micros(when)));
      query.bind("signed_by", signed_by);
      query.bind("appointment_id", appointment_id);
      query.bind("version", static_cast<long long>(version));
      // The condition on signed_at makes a second, concurrent signature find nothing to sign.
      query.run(
          "UPDATE session_charts SET signed_at = :signed_at, signed_by = :signed_by WHERE "
          "appointment_id = :appointment_id AND version = :version AND signed_at IS NULL");
      if (query.affected_rows() != 1) {
        return fail(ErrorCode::kConflict, "the chart is signed already");
      }
      return {};
    });
  }

  static void bind_chart(Query& query, const StoredChart& chart) {
    query.bind("appointment_id", chart.appointment_id);
    query.bind("version", static_cast<long long>(chart.version));
    query.bind("patient_id", chart.patient_id);
    query.bind("body", chart.body);
    query.bind("recorded_at", static_cast<long long>(to_unix_micros(chart.recorded_at)));
    query.bind("recorded_by", chart.recorded_by);
    query.bind_optional("signed_at",
                        chart.signed_at
                            ? std::optional(std::to_string(to_unix_micros(*chart.signed_at)))
                            : std::nullopt);
    query.bind_optional("signed_by",
                        chart.signed_at ? std::optional(chart.signed_by) : std::nullopt);
    query.bind_optional("correction_reason", chart.correction_reason.empty()
                                                 ? std::nullopt
                                                 : std::optional(chart.correction_reason));
  }

  Result<std::optional<StoredChart>> find_chart(const std::string& appointment_id,
                                                std::optional<std::int64_t> version) override {
    return guarded("reading a session chart", [&]() -> Result<std::optional<StoredChart>> {
      Query query(session_);
      StoredChart row;
      long long row_version = 0, recorded_at = 0, signed_at = 0;
      soci::indicator signed_indicator = soci::i_null, by_indicator = soci::i_null,
                      reason_indicator = soci::i_null;
      query.into(row_version);
      query.into(row.patient_id);
      query.into(row.body);
      query.into(recorded_at);
      query.into(row.recorded_by);
      query.into(signed_at, signed_indicator);
      query.into(row.signed_by, by_indicator);
      query.into(row.correction_reason, reason_indicator);
      query.bind("appointment_id", appointment_id);
      std::string where = "appointment_id = :appointment_id";
      if (version) {
        query.bind("version", static_cast<long long>(*version));
        where += " AND version = :version";
      }
      query.run(
          "SELECT version, patient_id, body, recorded_at, recorded_by, signed_at, signed_by, "
          "correction_reason FROM session_charts WHERE " +
          where + " ORDER BY version DESC LIMIT 1");
      if (!query.fetch()) return std::nullopt;
      row.appointment_id = appointment_id;
      row.version = row_version;
      row.recorded_at = from_unix_micros(recorded_at);
      if (signed_indicator == soci::i_ok) row.signed_at = from_unix_micros(signed_at);
      if (by_indicator != soci::i_ok) row.signed_by.clear();
      if (reason_indicator != soci::i_ok) row.correction_reason.clear();
      return std::optional(row);
    });
  }

  Result<void> take_from_lot(const std::string& lot_id, std::int64_t vials) override {
    return guarded("taking stock", [&]() -> Result<void> {
      if (!exists("lots", lot_id)) return fail(ErrorCode::kNotFound, "No lot with this id.");
      Query query(session_);
      query.bind("vials", static_cast<long long>(vials));
      query.bind("id", lot_id);
      // Giving back is always allowed; taking needs the vials and a lot not recalled.
      query.run(
          "UPDATE lots SET quantity = quantity - :vials WHERE id = :id AND (:vials <= 0 OR "
          "(quantity >= :vials AND recalled_at IS NULL))");
      if (query.affected_rows() != 1) {
        return fail(ErrorCode::kConflict, "lot " + lot_id + " is recalled or has too few vials");
      }
      return {};
    });
  }

  Result<void> replace_lot_uses(const std::string& appointment_id, const std::string& patient_id,
                                const std::vector<clinic::LotUse>& uses, Instant when) override {
    return guarded("recording lot use", [&]() -> Result<void> {
      Query remove(session_);
      remove.bind("appointment_id", appointment_id);
      remove.run("DELETE FROM lot_uses WHERE appointment_id = :appointment_id");
      for (const auto& use : uses) {
        Query insert(session_);
        insert.bind("appointment_id", appointment_id);
        insert.bind("lot_id", use.lot_id);
        insert.bind("patient_id", patient_id);
        insert.bind("vials", static_cast<long long>(use.vials));
        insert.bind("used_at", static_cast<long long>(to_unix_micros(when)));
        insert.run(
            "INSERT INTO lot_uses (appointment_id, lot_id, patient_id, vials, used_at) VALUES "
            "(:appointment_id, :lot_id, :patient_id, :vials, :used_at)");
      }
      return {};
    });
  }

  Result<std::vector<LotRecipient>> list_lot_recipients(const std::string& lot_id) override {
    return guarded("listing a lot's recipients", [&]() -> Result<std::vector<LotRecipient>> {
      Query query(session_);
      LotRecipient row;
      long long vials = 0, used_at = 0;
      query.into(row.patient_id);
      query.into(row.appointment_id);
      query.into(vials);
      query.into(used_at);
      query.bind("lot_id", lot_id);
      query.run(
          "SELECT patient_id, appointment_id, vials, used_at FROM lot_uses WHERE lot_id = "
          ":lot_id ORDER BY patient_id, used_at, appointment_id");
      std::vector<LotRecipient> recipients;
      while (query.fetch()) {
        row.vials = vials;
        row.used_at = from_unix_micros(used_at);
        recipients.push_back(row);
      }
      return recipients;
    });
  }

  Result<void> save_aftercare_plan(const std::string& appointment_id, const std::string& patient_id,
                                   const std::string& body, Instant issued_at) override {
    return guarded("saving an aftercare plan", [&]() -> Result<void> {
      Query query(session_);
      query.bind("appointment_id", appointment_id);
      query.bind("patient_id", patient_id);
      query.bind("issued_at", static_cast<long long>(to_unix_micros(issued_at)));
      query.bind("body", body);
      query.run(
          "INSERT INTO aftercare_plans (appointment_id, patient_id, issued_at, body) VALUES "
          "(:appointment_id, :patient_id, :issued_at, :body) ON CONFLICT (appointment_id) DO "
          "UPDATE SET issued_at = excluded.issued_at, body = excluded.body");
      return {};
    });
  }

  Result<std::optional<std::string>> find_aftercare_plan(
      const std::string& appointment_id) override {
    return guarded("reading an aftercare plan", [&]() -> Result<std::optional<std::string>> {
      Query query(session_);
      std::string body;
      query.into(body);
      query.bind("appointment_id", appointment_id);
      query.run("SELECT body FROM aftercare_plans WHERE appointment_id = :appointment_id");
      if (!query.fetch()) return std::nullopt;
      return std::optional(body);
    });
  }

  Result<void> insert_calendar_subscription(const CalendarSubscription& subscription) override {
    return guarded("saving a calendar subscription", [&]() -> Result<void> {
      Query query(session_);
      query.bind("id", subscription.id);
      query.bind("patient_id", subscription.patient_id);
      query.bind("token_hash", subscription.token_hash);
      query.bind("created_at", static_cast<long long>(to_unix_micros(subscription.created_at)));
      query.bind("created_by", subscription.created_by);
      query.run(
          "INSERT INTO calendar_subscriptions (id, patient_id, token_hash, created_at, "
          "created_by) VALUES (:id, :patient_id, :token_hash, :created_at, :created_by)");
      return {};
    });
  }

  Result<std::optional<CalendarSubscription>> find_calendar_subscription_by_hash(
      const std::string& token_hash) override {
    return guarded("reading a calendar subscription", [&]() {
      return first_of(select_calendar_subscriptions("token_hash = :value", token_hash));
    });
  }

  Result<std::vector<CalendarSubscription>> list_calendar_subscriptions(
      const std::string& patient_id) override {
    return guarded("listing calendar subscriptions", [&]() {
      return select_calendar_subscriptions("patient_id = :value", patient_id);
    });
  }

  Result<void> revoke_calendar_subscription(const std::string& patient_id, const std::string& id,
                                            Instant when) override {
    return guarded("revoking a calendar subscription", [&]() -> Result<void> {
      Query query(session_);
      query.bind("revoked_at", static_cast<long long>(to_unix_micros(when)));
      query.bind("id", id);
      query.bind("patient_id", patient_id);
      query.run(
          "UPDATE calendar_subscriptions SET revoked_at = COALESCE(revoked_at, :revoked_at) "
          "WHERE id = :id AND patient_id = :patient_id");
      if (query.affected_rows() != 1) {
        return fail(ErrorCode::kNotFound, "No calendar subscription with this id.");
      }
      return {};
    });
  }

  // `condition` is our own SQL; the only value is bound as :value.
  Result<std::vector<CalendarSubscription>> select_calendar_subscriptions(
      const std::string& condition, const std::string& value) {
    Query query(session_);
    CalendarSubscription row;
    long long created_at = 0, revoked_at = 0;
    soci::indicator revoked = soci::i_null;
    query.into(row.id);
    query.into(row.patient_id);
    query.into(row.token_hash);
    query.into(created_at);
    query.into(row.created_by);
    query.into(revoked_at, revoked);
    query.bind("value", value);
    query.run(
        "SELECT id, patient_id, token_hash, created_at, created_by, revoked_at FROM "
        "calendar_subscriptions WHERE " +
        condition + " ORDER BY created_at, id");
    std::vector<CalendarSubscription> found;
    while (query.fetch()) {
      row.created_at = from_unix_micros(created_at);
      row.revoked_at =
          revoked == soci::i_ok ? std::optional(from_unix_micros(revoked_at)) : std::nullopt;
      found.push_back(row);
    }
    return found;
  }

  Result<bool> queue_reminder(const Reminder& reminder) override {
    return guarded("queuing a reminder", [&]() -> Result<bool> {
      Query query(session_);
      query.bind("id", reminder.id);
      query.bind("topic", reminder.topic);
      query.bind("kind", std::string(clinic::to_string(reminder.kind)));
      query.bind("patient_id", reminder.patient_id);
      query.bind("clinic_id", reminder.clinic_id);
      query.bind("appointment_id", reminder.appointment_id);
      query.bind("event_at", micros(reminder.event_at));
      query.bind("channel", std::string(clinic::to_string(reminder.channel)));
      query.bind("recipient", reminder.recipient);
      query.bind("subject", reminder.subject);
      query.bind("body", reminder.body);
      query.bind("due_at", micros(reminder.due_at));
      bind_reminder_state(query, reminder);
      query.bind("created_at", micros(reminder.created_at));
      query.run(
          "INSERT INTO reminders (id, topic, kind, patient_id, clinic_id, appointment_id, "
          "event_at, channel, recipient, subject, body, due_at, status, attempts, "
          "next_attempt_at, claimed_at, sent_at, last_error, created_at) VALUES (:id, :topic, "
          ":kind, :patient_id, :clinic_id, :appointment_id, :event_at, :channel, :recipient, "
          ":subject, :body, :due_at, :status, :attempts, :next_attempt_at, :claimed_at, "
          ":sent_at, :last_error, :created_at) ON CONFLICT (topic) DO NOTHING");
      return query.affected_rows() == 1;
    });
  }

  Result<std::optional<Reminder>> find_reminder(const std::string& id) override {
    return guarded("reading a reminder", [&]() {
      return first_of(select_reminders("id = :id", {{"id", id}}, {}, "id", 1));
    });
  }

  Result<bool> reminder_queued(const std::string& topic) override {
    return guarded("looking up a reminder", [&]() -> Result<bool> {
      Query query(session_);
      long long found = 0;
      query.into(found);
      query.bind("topic", topic);
      query.run("SELECT COUNT(*) FROM reminders WHERE topic = :topic");
      query.fetch();
      return found > 0;
    });
  }

  Result<std::vector<Reminder>> list_due_reminders(Instant now, std::size_t limit) override {
    return guarded("listing due reminders", [&]() {
      return select_reminders("status = 'pending' AND next_attempt_at <= :now", {},
                              {{"now", micros(now)}}, "next_attempt_at, id", limit);
    });
  }

  Result<std::vector<Reminder>> list_stale_reminders(clinic::ReminderStatus status,
                                                     Instant claimed_before) override {
    return guarded("listing interrupted reminders", [&]() {
      return select_reminders("status = :status AND claimed_at < :before",
                              {{"status", std::string(clinic::to_string(status))}},
                              {{"before", micros(claimed_before)}}, "claimed_at, id", 1000);
    });
  }

  Result<std::vector<Reminder>> list_reminders(const ReminderFilter& filter,
                                               std::size_t limit) override {
    return guarded("listing reminders", [&]() {
      std::string condition = "1 = 1";
      std::vector<std::pair<std::string, std::string>> values;
      if (!filter.patient_id.empty()) {
        condition += " AND patient_id = :patient_id";
        values.emplace_back("patient_id", filter.patient_id);
      }
      if (!filter.clinic_id.empty()) {
        condition += " AND clinic_id = :clinic_id";
        values.emplace_back("clinic_id", filter.clinic_id);
      }
      if (filter.status) {
        condition += " AND status = :status";
        values.emplace_back("status", std::string(clinic::to_string(*filter.status)));
      }
      return select_reminders(condition, values, {}, "due_at DESC, id", limit);
    });
  }

  Result<bool> update_reminder(const Reminder& changed, clinic::ReminderStatus expected_status,
                               int expected_attempts) override {
    return guarded("updating a reminder", [&]() -> Result<bool> {
      Query query(session_);
      bind_reminder_state(query, changed);
      query.bind("channel", std::string(clinic::to_string(changed.channel)));
      query.bind("recipient", changed.recipient);
      query.bind("id", changed.id);
      query.bind("expected", std::string(clinic::to_string(expected_status)));
      query.bind("expected_attempts", static_cast<long long>(expected_attempts));
      query.run(
          "UPDATE reminders SET status = :status, attempts = :attempts, next_attempt_at = "
          ":next_attempt_at, claimed_at = :claimed_at, sent_at = :sent_at, last_error = "
          ":last_error, channel = :channel, recipient = :recipient WHERE id = :id AND status = "
          ":expected AND attempts = :expected_attempts");
      return query.affected_rows() == 1;
    });
  }

  static long long micros(Instant instant) {
    return static_cast<long long>(to_unix_micros(instant));
  }

  static std::optional<long long> micros(const std::optional<Instant>& instant) {
    return instant ? std::optional(micros(*instant)) : std::nullopt;
  }

  static void bind_reminder_state(Query& query, const Reminder& reminder) {
    query.bind("status", std::string(clinic::to_string(reminder.status)));
    query.bind("attempts", static_cast<long long>(reminder.attempts));
    query.bind("next_attempt_at", micros(reminder.next_attempt_at));
    query.bind_optional("claimed_at", micros(reminder.claimed_at));
    query.bind_optional("sent_at", micros(reminder.sent_at));
    query.bind("last_error", reminder.last_error);
  }

  // `condition` and `order` are our own SQL; values are bound by name.
  Result<std::vector<Reminder>> select_reminders(
      const std::string& condition, const std::vector<std::pair<std::string, std::string>>& texts,
      const std::vector<std::pair<std::string, long long>>& numbers, const std::string& order,
      std::size_t limit) {
    Query query(session_);
    Reminder row;
    std::string kind, channel, status;
    long long event_at = 0, due_at = 0, next_attempt_at = 0, claimed_at = 0, sent_at = 0,
              created_at = 0, attempts = 0;
    soci::indicator claimed = soci::i_null, sent = soci::i_null;
    query.into(row.id);
    query.into(row.topic);
    query.into(kind);
    query.into(row.patient_id);
    query.into(row.clinic_id);
    query.into(row.appointment_id);
    query.into(event_at);
    query.into(channel);
    query.into(row.recipient);
    query.into(row.subject);
    query.into(row.body);
    query.into(due_at);
    query.into(status);
    query.into(attempts);
    query.into(next_attempt_at);
    query.into(claimed_at, claimed);
    query.into(sent_at, sent);
    query.into(row.last_error);
    query.into(created_at);
    for (const auto& [name, value] : texts) query.bind(name, value);
    for (const auto& [name, value] : numbers) query.bind(name, value);
    query.bind("limit", static_cast<long long>(limit));
    query.run(
        "SELECT id, topic, kind, patient_id, clinic_id, appointment_id, event_at, channel, "
        "recipient, subject, body, due_at, status, attempts, next_attempt_at, claimed_at, "
        "sent_at, last_error, created_at FROM reminders WHERE " +
        condition + " ORDER BY " + order + " LIMIT :limit");
    std::vector<Reminder> found;
    while (query.fetch()) {
      const auto parsed_kind = clinic::parse_reminder_kind(kind);
      const auto parsed_channel = clinic::parse_reminder_channel(channel);
      const auto parsed_status = clinic::parse_reminder_status(status);
      if (!parsed_kind || !parsed_channel || !parsed_status) {
        return fail(ErrorCode::kInternal, "a stored reminder has an unknown kind or status");
      }
      row.kind = *parsed_kind;
      row.channel = *parsed_channel;
      row.status = *parsed_status;
      row.attempts = static_cast<int>(attempts);
      row.event_at = from_unix_micros(event_at);
      row.due_at = from_unix_micros(due_at);
      row.next_attempt_at = from_unix_micros(next_attempt_at);
      row.claimed_at =
          claimed == soci::i_ok ? std::optional(from_unix_micros(claimed_at)) : std::nullopt;
      row.sent_at = sent == soci::i_ok ? std::optional(from_unix_micros(sent_at)) : std::nullopt;
      row.created_at = from_unix_micros(created_at);
      found.push_back(row);
    }
    return found;
  }

  Result<void> insert_appointment(const Appointment& appointment) override {
    return guarded("booking an appointment", [&]() -> Result<void> {
      Query query(session_);
      bind_appointment(query, appointment);
      query.run(
          "INSERT INTO appointments (id, clinic_id, patient_id, practitioner_id, room_id, "
          "starts_at, ends_at, status, course_id, session_number, note) VALUES (:id, :clinic_id, "
          ":patient_id, :practitioner_id, :room_id, :starts_at, :ends_at, :status, :course_id, "
          ":session_number, :note)");
      return {};
    });
  }

  Result<void> update_appointment(const Appointment& appointment,
                                  const Appointment& seen) override {
    return guarded("changing an appointment", [&]() -> Result<void> {
      Query query(session_);
      bind_appointment(query, appointment);
      query.bind("seen_status", std::string(planning::to_string(seen.status)));
      query.bind("seen_starts_at", static_cast<long long>(to_unix_micros(seen.starts_at)));
      query.run(
          "UPDATE appointments SET clinic_id = :clinic_id, patient_id = :patient_id, "
          "practitioner_id = :practitioner_id, room_id = :room_id, starts_at = :starts_at, "
          "ends_at = :ends_at, status = :status, course_id = :course_id, session_number = "
          ":session_number, note = :note WHERE id = :id AND status = :seen_status AND "
          "starts_at = :seen_starts_at");
      if (query.affected_rows() != 1) {
        return fail(ErrorCode::kConflict,
                    "the appointment was changed meanwhile; reload it and try again");
      }
      return {};
    });
  }

  static void bind_appointment(Query& query, const Appointment& appointment) {
    query.bind("id", appointment.id);
    query.bind("clinic_id", appointment.clinic_id);
    query.bind("patient_id", appointment.patient_id);
    query.bind("practitioner_id", appointment.practitioner_id);
    query.bind("room_id", appointment.room_id);
    query.bind("starts_at", static_cast<long long>(to_unix_micros(appointment.starts_at)));
    query.bind("ends_at", static_cast<long long>(to_unix_micros(appointment.ends_at)));
    query.bind("status", std::string(planning::to_string(appointment.status)));
    query.bind_optional("course_id", appointment.course_id);
    query.bind("session_number", static_cast<long long>(appointment.session_number));
    query.bind("note", appointment.note);
  }

  Result<std::optional<Appointment>> find_appointment(const std::string& id) override {
    return guarded("reading an appointment", [&]() {
      return first_of(select_appointments("id = :id ORDER BY id", {{"id", id}}));
    });
  }

  Result<std::vector<Appointment>> list_appointments(const std::string& clinic_id, Instant from,
                                                     Instant to) override {
    return guarded("listing appointments", [&]() {
      const std::vector<std::pair<std::string, std::int64_t>> span = {
          {"to", to_unix_micros(to)}, {"from", to_unix_micros(from)}};
      if (clinic_id.empty()) {
        return select_appointments("starts_at < :to AND ends_at > :from ORDER BY starts_at, id", {},
                                   span);
      }
      return select_appointments(
          "clinic_id = :clinic_id AND starts_at < :to AND ends_at > :from ORDER BY starts_at, id",
          {{"clinic_id", clinic_id}}, span);
    });
  }

  Result<std::vector<Appointment>> list_patient_appointments(
      const std::string& patient_id) override {
    return guarded("listing a patient's appointments", [&]() {
      return select_appointments("patient_id = :patient_id ORDER BY starts_at, id",
                                 {{"patient_id", patient_id}});
    });
  }

  Result<std::vector<Appointment>> list_course_appointments(const std::string& course_id) override {
    return guarded("listing a course's appointments", [&]() {
      return select_appointments("course_id = :course_id ORDER BY session_number, starts_at, id",
                                 {{"course_id", course_id}});
    });
  }

  // `condition` is our own SQL; values are bound by name.
  Result<std::vector<Appointment>> select_appointments(
      const std::string& condition, const std::vector<std::pair<std::string, std::string>>& texts,
      const std::vector<std::pair<std::string, std::int64_t>>& numbers = {}) {
    Query query(session_);
    Appointment row;
    long long starts_at = 0, ends_at = 0, session_number = 0;
    std::string status, course_id;
    soci::indicator course_indicator = soci::i_null, number_indicator = soci::i_null;
    query.into(row.id);
    query.into(row.clinic_id);
    query.into(row.patient_id);
    query.into(row.practitioner_id);
    query.into(row.room_id);
    query.into(starts_at);
    query.into(ends_at);
    query.into(status);
    query.into(course_id, course_indicator);
    query.into(session_number, number_indicator);
    query.into(row.note);
    for (const auto& [name, value] : texts) query.bind(name, value);
    for (const auto& [name, value] : numbers) query.bind(name, static_cast<long long>(value));
    query.run(
        "SELECT id, clinic_id, patient_id, practitioner_id, room_id, starts_at, ends_at, status, "
        "course_id, session_number, note FROM appointments WHERE " +
        condition);
    std::vector<Appointment> appointments;
    while (query.fetch()) {
      row.starts_at = from_unix_micros(starts_at);
      row.ends_at = from_unix_micros(ends_at);
      const auto parsed = planning::parse_attendance(status);
      if (!parsed) return fail(ErrorCode::kInternal, "appointment " + row.id + " has no status");
      row.status = *parsed;
      row.course_id = course_indicator == soci::i_ok ? std::optional(course_id) : std::nullopt;
      row.session_number = number_indicator == soci::i_ok ? static_cast<int>(session_number) : 0;
      appointments.push_back(row);
    }
    return appointments;
  }

  Result<void> insert_clinical_record(const ClinicalRecord& record) override {
    return guarded("saving a clinical record", [&]() -> Result<void> {
      Query query(session_);
      query.bind("patient_id", record.patient_id);
      query.bind("kind", record.kind);
      query.bind("version", static_cast<long long>(record.version));
      query.bind("recorded_at", static_cast<long long>(to_unix_micros(record.recorded_at)));
      query.bind("recorded_by", record.recorded_by);
      query.bind("body", record.body);
      query.run(
          "INSERT INTO clinical_records (patient_id, kind, version, recorded_at, recorded_by, "
          "body) VALUES (:patient_id, :kind, :version, :recorded_at, :recorded_by, :body)");
      return {};
    });
  }

  Result<std::optional<ClinicalRecord>> find_clinical_record(
      const std::string& patient_id, const std::string& kind,
      std::optional<std::int64_t> version) override {
    return guarded("reading a clinical record", [&]() -> Result<std::optional<ClinicalRecord>> {
      std::string where = "WHERE patient_id = :patient_id AND kind = :kind";
      if (version) where += " AND version = :version";
      return first_of(select_clinical_records(where + " ORDER BY version DESC LIMIT 1", patient_id,
                                              kind, version));
    });
  }

  Result<std::vector<ClinicalRecord>> list_clinical_records(
      const std::string& patient_id) override {
    return guarded("listing clinical records", [&]() {
      return select_clinical_records("WHERE patient_id = :patient_id ORDER BY kind, version",
                                     patient_id, std::nullopt, std::nullopt);
    });
  }

  Result<void> insert_formulation(const clinic::Formulation& formulation) override {
    return guarded("saving a formulation", [&]() -> Result<void> {
      if (count_where("formulations", "name", formulation.name) > 0) {
        return fail(ErrorCode::kConflict, "a formulation named " + formulation.name + " exists");
      }
      Query query(session_);
      query.bind("id", formulation.id);
      query.bind("name", formulation.name);
      query.bind("created_at", static_cast<long long>(to_unix_micros(formulation.created_at)));
      query.run("INSERT INTO formulations (id, name, created_at) VALUES (:id, :name, :created_at)");
      for (std::size_t i = 0; i < formulation.ingredients.size(); ++i) {
        const auto& ingredient = formulation.ingredients[i];
        Query add(session_);
        add.bind("formulation_id", formulation.id);
        add.bind("position", static_cast<long long>(i));
        add.bind("substance", ingredient.substance);
        add.bind("amount_per_ml", ingredient.amount_per_ml);
        add.bind("unit", ingredient.unit);
        add.run(
            "INSERT INTO formulation_ingredients (formulation_id, position, substance, "
            "amount_per_ml, unit) VALUES (:formulation_id, :position, :substance, "
            ":amount_per_ml, :unit)");
      }
      return {};
    });
  }

  Result<std::optional<clinic::Formulation>> find_formulation(const std::string& id) override {
    return guarded("reading a formulation",
                   [&]() { return first_of(select_formulations("WHERE id = :id", id)); });
  }

  Result<std::vector<clinic::Formulation>> list_formulations() override {
    return guarded("listing formulations", [&]() { return select_formulations("", std::nullopt); });
  }

  Result<void> insert_rule_set(const StoredRuleSet& rule_set) override {
    return guarded("saving a rule set", [&]() -> Result<void> {
      Query query(session_);
      query.bind("version", static_cast<long long>(rule_set.version));
      query.bind("name", rule_set.name);
      query.bind("source", rule_set.source);
      query.bind("loaded_at", static_cast<long long>(to_unix_micros(rule_set.loaded_at)));
      query.bind("loaded_by", rule_set.loaded_by);
      query.run(
          "INSERT INTO rule_sets (version, name, source, loaded_at, loaded_by) VALUES "
          "(:version, :name, :source, :loaded_at, :loaded_by)");
      return {};
    });
  }

  Result<std::optional<StoredRuleSet>> find_rule_set(std::optional<std::int64_t> version) override {
    return guarded("reading a rule set", [&]() -> Result<std::optional<StoredRuleSet>> {
      Query query(session_);
      StoredRuleSet found;
      long long stored_version = 0, loaded_at = 0;
      query.into(stored_version);
      query.into(found.name);
      query.into(found.source);
      query.into(loaded_at);
      query.into(found.loaded_by);
      std::string where;
      if (version) {
        query.bind("version", static_cast<long long>(*version));
        where = "WHERE version = :version ";
      }
      query.run("SELECT version, name, source, loaded_at, loaded_by FROM rule_sets " + where +
                "ORDER BY version DESC LIMIT 1");
      if (!query.fetch()) return std::nullopt;
      found.version = stored_version;
      found.loaded_at = from_unix_micros(loaded_at);
      return std::optional(std::move(found));
    });
  }

  Result<std::vector<StoredRuleSet>> list_rule_sets() override {
    return guarded("listing rule sets", [&]() -> Result<std::vector<StoredRuleSet>> {
      Query query(session_);
      StoredRuleSet row;
      long long version = 0, loaded_at = 0;
      query.into(version);
      query.into(row.name);
      query.into(loaded_at);
      query.into(row.loaded_by);
      query.run("SELECT version, name, loaded_at, loaded_by FROM rule_sets ORDER BY version DESC");
      std::vector<StoredRuleSet> rule_sets;
      while (query.fetch()) {
        row.version = version;
        row.loaded_at = from_unix_micros(loaded_at);
        rule_sets.push_back(row);
      }
      return rule_sets;
    });
  }

  Result<void> insert_decision(const StoredDecision& decision) override {
    return guarded("saving a decision", [&]() -> Result<void> {
      Query query(session_);
      query.bind("id", decision.id);
      query.bind("patient_id", decision.patient_id);
      query.bind("decided_at", static_cast<long long>(to_unix_micros(decision.decided_at)));
      query.bind("decided_by", decision.decided_by);
      query.bind("rule_set_version", static_cast<long long>(decision.rule_set_version));
      query.bind("body", decision.body);
      query.run(
          "INSERT INTO suitability_decisions (id, patient_id, decided_at, decided_by, "
          "rule_set_version, body) VALUES (:id, :patient_id, :decided_at, :decided_by, "
          ":rule_set_version, :body)");
      return {};
    });
  }

  Result<std::vector<StoredDecision>> list_decisions(const std::string& patient_id) override {
    return guarded("listing decisions", [&]() -> Result<std::vector<StoredDecision>> {
      Query query(session_);
      StoredDecision row;
      long long decided_at = 0, rule_set_version = 0;
      query.into(row.id);
      query.into(decided_at);
      query.into(row.decided_by);
      query.into(rule_set_version);
      query.into(row.body);
      query.bind("patient_id", patient_id);
      query.run(
          "SELECT id, decided_at, decided_by, rule_set_version, body FROM suitability_decisions "
          "WHERE patient_id = :patient_id ORDER BY decided_at, id");
      std::vector<StoredDecision> decisions;
      while (query.fetch()) {
        row.patient_id = patient_id;
        row.decided_at = from_unix_micros(decided_at);
        row.rule_set_version = rule_set_version;
        decisions.push_back(row);
      }
      return decisions;
    });
  }

  Result<std::vector<PatientListEntry>> list_patients(const PatientQuery& filter) override {
    return guarded("listing patients", [&]() -> Result<std::vector<PatientListEntry>> {
      Query query(session_);
      PatientRow row;
      row.into(query);
      std::string sql =
          "SELECT " + std::string(kPatientColumns) + " FROM patients WHERE deleted_at IS NULL";
      if (!filter.visible_clinic_ids.empty()) {
        sql += " AND clinic_id IN (";
        for (std::size_t i = 0; i < filter.visible_clinic_ids.size(); ++i) {
          const std::string name = "visible_" + std::to_string(i);
          sql += (i ? ", :" : ":") + name;
          query.bind(name, filter.visible_clinic_ids[i]);
        }
        sql += ")";
      }
      if (filter.clinic_id) {
        sql += " AND clinic_id = :clinic_id";
        query.bind("clinic_id", *filter.clinic_id);
      }
      if (filter.name_prefix) {
        // Each placeholder name is used once: SOCI's PostgreSQL backend binds a repeated name
        // only at its first position.
        const std::string bound = prefix_upper_bound(*filter.name_prefix);
        sql += " AND (";
        for (const char* column : {"family_key", "given_key", "sort_key"}) {
          const std::string from = std::string(column) + "_from", to = std::string(column) + "_to";
          if (sql.back() != '(') sql += " OR ";
          sql.append("(").append(column).append(" >= :").append(from);
          sql.append(" AND ").append(column).append(" < :").append(to).append(")");
          query.bind(from, *filter.name_prefix);
          query.bind(to, bound);
        }
        sql += ")";
      }
      if (filter.phone) {
        sql += " AND phone = :phone";
        query.bind("phone", *filter.phone);
      }
      if (filter.date_of_birth) {
        sql += " AND date_of_birth = :date_of_birth";
        query.bind("date_of_birth", format_iso_date(*filter.date_of_birth));
      }
      if (filter.after_sort_key && filter.after_id) {
        sql += " AND (sort_key > :after_key OR (sort_key = :same_key AND id > :after_id))";
        query.bind("after_key", *filter.after_sort_key);
        query.bind("same_key", *filter.after_sort_key);
        query.bind("after_id", *filter.after_id);
      }
      sql += " ORDER BY sort_key, id LIMIT :limit";
      query.bind("limit", static_cast<long long>(filter.limit));
      query.run(sql);
      std::vector<PatientListEntry> entries;
      while (query.fetch()) {
        auto patient = row.to_patient();
        if (!patient) return std::unexpected(patient.error());
        entries.push_back({std::move(*patient), row.sort_key});
      }
      return entries;
    });
  }

  Result<std::int64_t> count_patients() override {
    return guarded("counting patients", [&]() -> Result<std::int64_t> {
      long long count = 0;
      session_ << "SELECT COUNT(*) FROM patients WHERE deleted_at IS NULL", soci::into(count);
      return count;
    });
  }

  Result<void> insert_user(const auth::User& user,
                           const std::vector<std::string>& clinic_ids) override {
    return guarded("saving a user", [&]() -> Result<void> {
      if (count_where("users", "username", user.username) > 0) {
        return fail(ErrorCode::kConflict, "the username " + user.username + " is taken");
      }
      for (const auto& clinic_id : clinic_ids) {
        if (!exists("clinics", clinic_id)) return invalid({{"/clinic_ids", "names no clinic"}});
      }
      Query query(session_);
      query.bind("id", user.id);
      query.bind("username", user.username);
      query.bind("role", std::string(auth::to_string(user.role)));
      query.bind("password_hash", user.password_hash);
      query.bind("created_at", static_cast<long long>(to_unix_micros(user.created_at)));
      query.run(
          "INSERT INTO users (id, username, role, password_hash, created_at) "
          "VALUES (:id, :username, :role, :password_hash, :created_at)");
      link_clinics("user_clinics", "user_id", user.id, clinic_ids);
      return {};
    });
  }

  Result<std::optional<auth::User>> find_user_by_username(const std::string& username) override {
    return guarded("reading a user", [&]() { return select_user("username", username); });
  }

  Result<std::optional<auth::User>> find_user(const std::string& id) override {
    return guarded("reading a user", [&]() { return select_user("id", id); });
  }

  Result<std::vector<auth::User>> list_users() override {
    return guarded("listing users", [&]() { return select_users("", std::nullopt); });
  }

  Result<void> update_password_hash(const std::string& user_id,
                                    const std::string& password_hash) override {
    return guarded("updating a password", [&]() -> Result<void> {
      Query query(session_);
      query.bind("password_hash", password_hash);
      query.bind("id", user_id);
      query.run("UPDATE users SET password_hash = :password_hash WHERE id = :id");
      return {};
    });
  }

  Result<std::vector<std::string>> user_clinic_ids(const std::string& user_id) override {
    return guarded("reading a user's clinics",
                   [&]() { return linked_clinic_ids("user_clinics", "user_id", user_id); });
  }

  Result<void> insert_api_token(const auth::ApiToken& token,
                                const std::vector<std::string>& clinic_ids) override {
    return guarded("saving an API token", [&]() -> Result<void> {
      for (const auto& clinic_id : clinic_ids) {
        if (!exists("clinics", clinic_id)) return invalid({{"/clinic_ids", "names no clinic"}});
      }
      Query query(session_);
      query.bind("id", token.id);
      query.bind("name", token.name);
      query.bind("role", std::string(auth::to_string(token.role)));
      query.bind("token_hash", token.token_hash);
      query.bind("created_by", token.created_by);
      query.bind("created_at", static_cast<long long>(to_unix_micros(token.created_at)));
      query.bind("expires_at", micros_or_zero(token.expires_at));
      query.bind("revoked_at", micros_or_zero(token.revoked_at));
      query.run(
          "INSERT INTO api_tokens (id, name, role, token_hash, created_by, created_at, "
          "expires_at, revoked_at) VALUES (:id, :name, :role, :token_hash, :created_by, "
          ":created_at, :expires_at, :revoked_at)");
      link_clinics("api_token_clinics", "token_id", token.id, clinic_ids);
      return {};
    });
  }

  Result<std::optional<auth::ApiToken>> find_api_token_by_hash(
      const std::string& token_hash) override {
    return guarded("reading an API token", [&]() {
      return first_of(select_api_tokens("WHERE token_hash = :value", token_hash));
    });
  }

  Result<std::vector<auth::ApiToken>> list_api_tokens() override {
    return guarded("listing API tokens", [&]() { return select_api_tokens("", std::nullopt); });
  }

  Result<std::vector<std::string>> api_token_clinic_ids(const std::string& token_id) override {
    return guarded("reading an API token's clinics",
                   [&]() { return linked_clinic_ids("api_token_clinics", "token_id", token_id); });
  }

  Result<void> revoke_api_token(const std::string& id, Instant when) override {
    return guarded("revoking an API token", [&]() -> Result<void> {
      Query query(session_);
      query.bind("when", static_cast<long long>(to_unix_micros(when)));
      query.bind("id", id);
      query.run("UPDATE api_tokens SET revoked_at = :when WHERE id = :id AND revoked_at = 0");
      return {};
    });
  }

  Result<void> insert_session(const auth::Session& session) override {
    return guarded("saving a session", [&]() -> Result<void> {
      Query query(session_);
      query.bind("token_hash", session.token_hash);
      query.bind("user_id", session.user_id);
      query.bind("csrf_token", session.csrf_token);
      query.bind("created_at", static_cast<long long>(to_unix_micros(session.created_at)));
      query.bind("last_seen_at", static_cast<long long>(to_unix_micros(session.last_seen_at)));
      query.bind("source_address", session.source_address);
      query.run(
          "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, "
          "source_address) VALUES (:token_hash, :user_id, :csrf_token, :created_at, "
          ":last_seen_at, :source_address)");
      return {};
    });
  }

  Result<std::optional<auth::Session>> find_session(const std::string& token_hash) override {
    return guarded("reading a session", [&]() -> Result<std::optional<auth::Session>> {
      Query query(session_);
      auth::Session found;
      long long created_at = 0, last_seen_at = 0;
      query.into(found.user_id);
      query.into(found.csrf_token);
      query.into(created_at);
      query.into(last_seen_at);
      query.into(found.source_address);
      query.bind("token_hash", token_hash);
      query.run(
          "SELECT user_id, csrf_token, created_at, last_seen_at, source_address FROM sessions "
          "WHERE token_hash = :token_hash");
      if (!query.fetch()) return std::nullopt;
      found.token_hash = token_hash;
      found.created_at = from_unix_micros(created_at);
      found.last_seen_at = from_unix_micros(last_seen_at);
      return std::optional(std::move(found));
    });
  }

  Result<void> touch_session(const std::string& token_hash, Instant when) override {
    return guarded("refreshing a session", [&]() -> Result<void> {
      Query query(session_);
      query.bind("when", static_cast<long long>(to_unix_micros(when)));
      query.bind("token_hash", token_hash);
      query.run("UPDATE sessions SET last_seen_at = :when WHERE token_hash = :token_hash");
      return {};
    });
  }

  Result<void> delete_session(const std::string& token_hash) override {
    return guarded("ending a session", [&]() -> Result<void> {
      Query query(session_);
      query.bind("token_hash", token_hash);
      query.run("DELETE FROM sessions WHERE token_hash = :token_hash");
      return {};
    });
  }

  Result<std::int64_t> delete_sessions_of_user(const std::string& user_id) override {
    return guarded("ending a user's sessions", [&]() -> Result<std::int64_t> {
      Query query(session_);
      query.bind("user_id", user_id);
      query.run("DELETE FROM sessions WHERE user_id = :user_id");
      return static_cast<std::int64_t>(query.affected_rows());
    });
  }

  Result<std::pair<int, Instant>> find_sign_in_failures(const std::string& key) override {
    return guarded("reading sign-in failures", [&]() -> Result<std::pair<int, Instant>> {
      Query query(session_);
      int failures = 0;
      long long locked_until = 0;
      query.into(failures);
      query.into(locked_until);
      query.bind("key", key);
      query.run("SELECT failures, locked_until FROM sign_in_failures WHERE throttle_key = :key");
      if (!query.fetch()) return std::pair{0, from_unix_micros(0)};
      return std::pair{failures, from_unix_micros(locked_until)};
    });
  }

  Result<void> save_sign_in_failures(const std::string& key, int failures,
                                     Instant locked_until) override {
    return guarded("saving sign-in failures", [&]() -> Result<void> {
      Query remove(session_);
      remove.bind("key", key);
      remove.run("DELETE FROM sign_in_failures WHERE throttle_key = :key");
      Query query(session_);
      query.bind("key", key);
      query.bind("failures", static_cast<long long>(failures));
      query.bind("locked_until", static_cast<long long>(to_unix_micros(locked_until)));
      query.run(
          "INSERT INTO sign_in_failures (throttle_key, failures, locked_until) "
          "VALUES (:key, :failures, :locked_until)");
      return {};
    });
  }

  Result<void> clear_sign_in_failures(const std::string& key) override {
    return guarded("clearing sign-in failures", [&]() -> Result<void> {
      Query query(session_);
      query.bind("key", key);
      query.run("DELETE FROM sign_in_failures WHERE throttle_key = :key");
      return {};
    });
  }

  Result<audit::Entry> append_audit(audit::Entry entry) override {
    return guarded("writing the audit trail", [&]() -> Result<audit::Entry> {
      if (engine_ == Engine::kPostgres) {
        // SQLite's write transaction is already exclusive; PostgreSQL needs a lock so two
        // servers never both extend the chain from the same last entry.
        session_ << "SELECT pg_advisory_xact_lock(" + std::to_string(kAuditLockKey) + ")";
      }
      const auto last = prepared_.last_audit_link();
      entry.sequence = last ? last->first + 1 : 1;
      entry.recorded_at = from_unix_micros(to_unix_micros(entry.recorded_at));
      entry.previous_hash = last ? last->second : audit::kGenesisHash;
      entry.entry_hash = audit::chain_hash(entry.previous_hash, entry);
      prepared_.insert_audit(entry);
      return entry;
    });
  }

  Result<std::vector<audit::Entry>> list_audit(const AuditQuery& filter) override {
    return guarded("reading the audit trail", [&]() -> Result<std::vector<audit::Entry>> {
      Query query(session_);
      audit::Entry entry;
      long long sequence = 0, recorded_at = 0;
      std::string outcome;
      query.into(sequence);
      query.into(recorded_at);
      for (std::string* field :
           {&entry.user_id, &entry.username, &entry.role, &entry.source_address, &entry.request_id,
            &entry.action, &entry.resource_type, &entry.resource_id, &entry.patient_id, &outcome,
            &entry.previous_hash, &entry.entry_hash}) {
        query.into(*field);
      }
      std::string sql =
          "SELECT sequence, recorded_at, user_id, username, role, source_address, request_id, "
          "action, resource_type, resource_id, patient_id, outcome, previous_hash, entry_hash "
          "FROM audit_entries WHERE sequence > :after";
      query.bind("after", static_cast<long long>(filter.after_sequence));
      if (filter.patient_id) {
        sql += " AND patient_id = :patient_id";
        query.bind("patient_id", *filter.patient_id);
      }
      if (filter.user_id) {
        sql += " AND user_id = :user_id";
        query.bind("user_id", *filter.user_id);
      }
      if (filter.action) {
        sql += " AND action = :action";
        query.bind("action", *filter.action);
      }
      if (filter.from) {
        sql += " AND recorded_at >= :from";
        query.bind("from", static_cast<long long>(to_unix_micros(*filter.from)));
      }
      if (filter.to) {
        sql += " AND recorded_at < :to";
        query.bind("to", static_cast<long long>(to_unix_micros(*filter.to)));
      }
      sql += " ORDER BY sequence LIMIT :limit";
      query.bind("limit", static_cast<long long>(filter.limit));
      query.run(sql);
      std::vector<audit::Entry> entries;
      while (query.fetch()) {
        entry.sequence = sequence;
        entry.recorded_at = from_unix_micros(recorded_at);
        const auto parsed = audit::parse_outcome(outcome);
        if (!parsed) {
          return fail(ErrorCode::kInternal,
                      "audit entry " + std::to_string(sequence) + " has an unreadable outcome");
        }
        entry.outcome = *parsed;
        entries.push_back(entry);
      }
      return entries;
    });
  }

  Result<std::optional<IdempotentReply>> find_idempotent_reply(const std::string& scope,
                                                               const std::string& key) override {
    return guarded("reading an idempotent reply", [&]() -> Result<std::optional<IdempotentReply>> {
      Query query(session_);
      IdempotentReply reply;
      long long created_at = 0;
      query.into(reply.request_hash);
      query.into(reply.status);
      query.into(reply.location);
      query.into(reply.body);
      query.into(created_at);
      query.bind("scope", scope);
      query.bind("key", key);
      query.run(
          "SELECT request_hash, status, location, body, created_at FROM idempotent_replies "
          "WHERE scope = :scope AND idempotency_key = :key");
      if (!query.fetch()) return std::nullopt;
      reply.scope = scope;
      reply.key = key;
      reply.created_at = from_unix_micros(created_at);
      return std::optional(std::move(reply));
    });
  }

  Result<void> save_idempotent_reply(const IdempotentReply& reply) override {
    return guarded("saving an idempotent reply", [&]() -> Result<void> {
      Query query(session_);
      query.bind("scope", reply.scope);
      query.bind("key", reply.key);
      query.bind("request_hash", reply.request_hash);
      query.bind("status", static_cast<long long>(reply.status));
      query.bind("location", reply.location);
      query.bind("body", reply.body);
      query.bind("created_at", static_cast<long long>(to_unix_micros(reply.created_at)));
      query.run(
          "INSERT INTO idempotent_replies (scope, idempotency_key, request_hash, status, "
          "location, body, created_at) VALUES (:scope, :key, :request_hash, :status, "
          ":location, :body, :created_at)");
      return {};
    });
  }

 private:
  // Runs `work`, turning database exceptions into errors. A lost PostgreSQL connection is
  // marked broken so the pool reconnects it before lending it again.
  template <class Work>
  auto guarded(std::string_view doing, Work&& work) -> decltype(work()) {
    if (finished_) return fail(ErrorCode::kInternal, "the transaction has already committed");
    try {
      return work();
    } catch (const std::exception& exception) {
      Error error = internal::database_error(exception, doing);
      if (error.code == ErrorCode::kUnavailable && engine_ == Engine::kPostgres) broken_ = true;
      return std::unexpected(std::move(error));
    }
  }

  std::vector<Clinic> select_clinics(const std::string& where,
                                     const std::optional<std::string>& id) {
    Query query(session_);
    Clinic clinic;
    long long created_at = 0;
    query.into(clinic.id);
    query.into(clinic.name);
    query.into(clinic.time_zone);
    query.into(created_at);
    if (id) query.bind("id", *id);
    query.run("SELECT id, name, time_zone, created_at FROM clinics " + where +
              " ORDER BY name, id");
    std::vector<Clinic> clinics;
    while (query.fetch()) {
      clinic.created_at = from_unix_micros(created_at);
      clinics.push_back(clinic);
    }
    return clinics;
  }

  // `column` is one of our own column names, never input.
  Result<std::optional<auth::User>> select_user(std::string_view column, const std::string& value) {
    return first_of(select_users("WHERE " + std::string(column) + " = :value", value));
  }

  template <class T>
  static Result<std::optional<T>> first_of(Result<std::vector<T>> rows) {
    if (!rows) return std::unexpected(rows.error());
    if (rows->empty()) return std::nullopt;
    return std::optional(std::move(rows->front()));
  }

  static long long micros_or_zero(const std::optional<Instant>& when) {
    return when ? static_cast<long long>(to_unix_micros(*when)) : 0;
  }
  static std::optional<Instant> instant_unless_zero(long long micros) {
    if (micros == 0) return std::nullopt;
    return from_unix_micros(micros);
  }

  // `table` and `owner_column` are our own names (user_clinics/user_id and the like).
  void link_clinics(std::string_view table, std::string_view owner_column,
                    const std::string& owner_id, const std::vector<std::string>& clinic_ids) {
    for (const auto& clinic_id : clinic_ids) {
      Query link(session_);
      link.bind("owner_id", owner_id);
      link.bind("clinic_id", clinic_id);
      link.run("INSERT INTO " + std::string(table) + " (" + std::string(owner_column) +
               ", clinic_id) VALUES (:owner_id, :clinic_id)");
    }
  }

  Result<std::vector<std::string>> linked_clinic_ids(std::string_view table,
                                                     std::string_view owner_column,
                                                     const std::string& owner_id) {
    Query query(session_);
    std::string clinic_id;
    query.into(clinic_id);
    query.bind("owner_id", owner_id);
    query.run("SELECT clinic_id FROM " + std::string(table) + " WHERE " +
              std::string(owner_column) + " = :owner_id ORDER BY clinic_id");
    std::vector<std::string> ids;
    while (query.fetch()) ids.push_back(clinic_id);
    return ids;
  }

  // `where` is our own SQL naming :patient_id and, when given, :kind and :version.
  Result<std::vector<ClinicalRecord>> select_clinical_records(
      const std::string& where, const std::string& patient_id,
      const std::optional<std::string>& kind, std::optional<std::int64_t> version) {
    Query query(session_);
    ClinicalRecord row;
    long long stored_version = 0, recorded_at = 0;
    query.into(row.kind);
    query.into(stored_version);
    query.into(recorded_at);
    query.into(row.recorded_by);
    query.into(row.body);
    query.bind("patient_id", patient_id);
    if (kind) query.bind("kind", *kind);
    if (version) query.bind("version", static_cast<long long>(*version));
    query.run("SELECT kind, version, recorded_at, recorded_by, body FROM clinical_records " +
              where);
    std::vector<ClinicalRecord> records;
    while (query.fetch()) {
      row.patient_id = patient_id;
      row.version = stored_version;
      row.recorded_at = from_unix_micros(recorded_at);
      records.push_back(row);
    }
    return records;
  }

  // `where` is our own SQL; the only value is bound as :id.
  Result<std::vector<clinic::Formulation>> select_formulations(
      const std::string& where, const std::optional<std::string>& id) {
    Query query(session_);
    clinic::Formulation formulation;
    long long created_at = 0;
    query.into(formulation.id);
    query.into(formulation.name);
    query.into(created_at);
    if (id) query.bind("id", *id);
    query.run("SELECT id, name, created_at FROM formulations " + where + " ORDER BY name");
    std::vector<clinic::Formulation> formulations;
    while (query.fetch()) {
      formulation.created_at = from_unix_micros(created_at);
      formulations.push_back(formulation);
    }
    for (auto& found : formulations) {
      Query ingredients(session_);
      clinic::Ingredient ingredient;
      ingredients.into(ingredient.substance);
      ingredients.into(ingredient.amount_per_ml);
      ingredients.into(ingredient.unit);
      ingredients.bind("formulation_id", found.id);
      ingredients.run(
          "SELECT substance, amount_per_ml, unit FROM formulation_ingredients WHERE "
          "formulation_id = :formulation_id ORDER BY position");
      while (ingredients.fetch()) found.ingredients.push_back(ingredient);
    }
    return formulations;
  }

  // `where` is built from our own column names; the only value is bound.
  Result<std::vector<auth::ApiToken>> select_api_tokens(const std::string& where,
                                                        const std::optional<std::string>& value) {
    Query query(session_);
    auth::ApiToken token;
    std::string role;
    long long created_at = 0, expires_at = 0, revoked_at = 0;
    query.into(token.id);
    query.into(token.name);
    query.into(role);
    query.into(token.token_hash);
    query.into(token.created_by);
    query.into(created_at);
    query.into(expires_at);
    query.into(revoked_at);
    if (value) query.bind("value", *value);
    query.run(
        "SELECT id, name, role, token_hash, created_by, created_at, expires_at, revoked_at "
        "FROM api_tokens " +
        where + " ORDER BY created_at DESC, id");
    std::vector<auth::ApiToken> tokens;
    while (query.fetch()) {
      const auto parsed = auth::parse_role(role);
      if (!parsed)
        return fail(ErrorCode::kInternal, "the stored token " + token.id + " has no role");
      token.role = *parsed;
      token.created_at = from_unix_micros(created_at);
      token.expires_at = instant_unless_zero(expires_at);
      token.revoked_at = instant_unless_zero(revoked_at);
      tokens.push_back(token);
    }
    return tokens;
  }

  // `where` is built from our own column names; the only value is bound.
  Result<std::vector<auth::User>> select_users(const std::string& where,
                                               const std::optional<std::string>& value) {
    Query query(session_);
    auth::User user;
    std::string role;
    long long created_at = 0;
    query.into(user.id);
    query.into(user.username);
    query.into(role);
    query.into(user.password_hash);
    query.into(created_at);
    if (value) query.bind("value", *value);
    query.run("SELECT id, username, role, password_hash, created_at FROM users " + where +
              " ORDER BY username");
    std::vector<auth::User> users;
    while (query.fetch()) {
      const auto parsed = auth::parse_role(role);
      if (!parsed) return fail(ErrorCode::kInternal, "the stored user " + user.id + " has no role");
      user.role = *parsed;
      user.created_at = from_unix_micros(created_at);
      users.push_back(user);
    }
    return users;
  }

  // `table` and `column` are our own names, never input.
  long long count_where(std::string_view table, std::string_view column, const std::string& value) {
    Query query(session_);
    long long count = 0;
    query.into(count);
    query.bind("value", value);
    query.run("SELECT COUNT(*) FROM " + std::string(table) + " WHERE " + std::string(column) +
              " = :value");
    query.fetch();
    return count;
  }

  bool exists(std::string_view table, const std::string& id) {
    return count_where(table, "id", id) > 0;
  }

  // After a guarded UPDATE touched no row: was the patient gone, or its version stale?
  Result<void> why_unchanged(const std::string& id) {
    Query query(session_);
    long long count = 0;
    query.into(count);
    query.bind("id", id);
    query.run("SELECT COUNT(*) FROM patients WHERE id = :id AND deleted_at IS NULL");
    query.fetch();
    if (count == 0) return fail(ErrorCode::kNotFound, "No patient with this id.");
    return fail(ErrorCode::kPreconditionFailed,
                "The patient was changed by someone else; reload it and try again.");
  }

  Pool& pool_;
  soci::session& session_;
  Prepared& prepared_;
  Engine engine_;
  std::unique_lock<std::mutex> writer_;  // SQLite writers: held until COMMIT or ROLLBACK
  bool finished_ = false;
  bool broken_ = false;
};

class SqlStore final : public Store {
 public:
  SqlStore(internal::Target target, std::vector<std::unique_ptr<soci::session>> sessions,
           int schema_version)
      : engine_(target.engine),
        pool_(std::move(target), std::move(sessions)),
        schema_version_(schema_version) {
    for (const auto& session : pool_.sessions()) {
      prepared_.emplace(session.get(), std::make_unique<Prepared>(*session));
    }
  }

  Engine engine() const override { return engine_; }

  Result<std::unique_ptr<Transaction>> begin(TransactionMode mode) override {
    // SQLite has one writer at a time. Queueing writers here wakes the next one the moment
    // the last commits; left to SQLite's busy handler they would poll with sleeps of up to
    // 100 ms. (Other processes, such as `mesoclinic backup`, still meet the busy timeout.)
    std::unique_lock<std::mutex> writer(sqlite_writer_, std::defer_lock);
    if (engine_ == Engine::kSqlite && mode == TransactionMode::kWrite) writer.lock();
    auto lease = pool_.acquire();
    if (!lease) return std::unexpected(lease.error());
    // Only the lessee touches its connection's statements, so no lock is needed here.
    std::unique_ptr<Prepared>& prepared = prepared_.at(lease->session);
    if (lease->reconnected) prepared = std::make_unique<Prepared>(*lease->session);
    auto transaction = std::make_unique<SqlTransaction>(pool_, *lease->session, *prepared, engine_,
                                                        std::move(writer));
    if (auto started = transaction->start(mode); !started) {
      return std::unexpected(started.error());
    }
    return transaction;
  }

  Result<void> ping() override {
    auto lease = pool_.acquire();
    if (!lease) return std::unexpected(lease.error());
    if (lease->reconnected)
      prepared_.at(lease->session) = std::make_unique<Prepared>(*lease->session);
    try {
      int one = 0;
      *lease->session << "SELECT 1", soci::into(one);
      pool_.release(lease->session, false);
      return {};
    } catch (const std::exception& exception) {
      pool_.release(lease->session, engine_ == Engine::kPostgres);
      Error error = internal::database_error(exception, "checking the database");
      error.code = ErrorCode::kUnavailable;
      return std::unexpected(std::move(error));
    }
  }

  PoolStats pool_stats() const override { return pool_.stats(); }

  Result<int> schema_version() override { return schema_version_; }

 private:
  Engine engine_;
  std::mutex sqlite_writer_;
  Pool pool_;
  // One per pooled session; declared after pool_ so statements go before their sessions.
  std::unordered_map<soci::session*, std::unique_ptr<Prepared>> prepared_;
  int schema_version_;
};

}  // namespace

Result<std::unique_ptr<Store>> Store::open(const Options& options) {
  auto target = internal::parse_url(options.url);
  if (!target) return std::unexpected(target.error());
  if (options.pool_size == 0) {
    return fail(ErrorCode::kInvalidInput, "the database pool needs at least one connection");
  }
  std::vector<std::unique_ptr<soci::session>> sessions;
  for (std::size_t i = 0; i < options.pool_size; ++i) {
    auto session = internal::connect(*target);
    if (!session) return std::unexpected(session.error());
    sessions.push_back(std::move(*session));
  }
  auto version = internal::migrate(*sessions.front(), target->engine, options.migrations);
  if (!version) return std::unexpected(version.error());
  return std::make_unique<SqlStore>(std::move(*target), std::move(sessions), *version);
}

}  // namespace mesoclinic::store
