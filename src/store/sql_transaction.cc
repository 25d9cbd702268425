// What every area of the SQL store shares: a transaction's start and end, the guard that turns
// database exceptions into errors, and the statements prepared once per connection.
#include "store/sql_transaction.h"

#include "clinic/patient.h"

namespace mesoclinic::store::internal {

std::string prefix_upper_bound(std::string_view prefix) {
  // The prefix with its last code point incremented: UTF-8 byte order is code point order.
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

Result<void> PatientRow::finish() {
  clinic::Patient& patient = value.patient;
  const auto dob = parse_iso_date(date_of_birth);
  const auto parsed_sex = clinic::parse_sex(sex);
  const auto channel = clinic::parse_reminder_channel(reminder_channel);
  if (!dob || !parsed_sex || !channel) {
    return fail(ErrorCode::kInternal, "the stored patient " + id + " has an unreadable field");
  }
  patient.id = id;
  patient.clinic_id = clinic_id;
  patient.details.family_name = family_name;
  patient.details.given_name = given_name;
  patient.details.date_of_birth = *dob;
  patient.details.sex = *parsed_sex;
  patient.details.reminder_channel = *channel;
  patient.details.phone = phone;
  patient.details.email = email;
  patient.details.preferred_language = preferred_language;
  patient.created_at = created_at;
  patient.updated_at = updated_at;
  patient.version = version;
  value.sort_key = sort_key;
  return {};
}

void Prepared::run(std::string_view sql) {
  auto it = plain_.find(sql);
  if (it == plain_.end()) {
    it = plain_.emplace(std::string(sql), soci::statement(session_.prepare << std::string(sql)))
             .first;
  }
  it->second.execute(true);
}

std::optional<PatientRow> Prepared::find_patient(const std::string& id) {
  if (!find_patient_) {
    find_patient_.emplace(session_);
    patient_row_.columns([&](auto& target) { find_patient_->exchange(soci::into(target)); });
    find_patient_->exchange(soci::use(patient_id_, "id"));
    find_patient_->alloc();
    find_patient_->prepare(std::string(PatientRow::kSelect) +
                           " WHERE id = :id AND deleted_at IS NULL");
    find_patient_->define_and_bind();
  }
  patient_id_ = id;
  const bool found = find_patient_->execute(true);
  // Step to the end so SQLite's statement lets go of its read snapshot now, not at the next
  // execution.
  while (find_patient_->fetch()) {
  }
  if (!found) return std::nullopt;
  return patient_row_;
}

std::optional<std::pair<long long, std::string>> Prepared::last_audit_link() {
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

void Prepared::insert_audit(const audit::Entry& entry) {
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
  audit_recorded_at_ = entry.recorded_at;
  audit_texts_ = {entry.user_id,       entry.username,
                  entry.role,          entry.source_address,
                  entry.request_id,    entry.action,
                  entry.resource_type, entry.resource_id,
                  entry.patient_id,    std::string(audit::to_string(entry.outcome)),
                  entry.previous_hash, entry.entry_hash};
  insert_audit_->execute(true);
}

long long Prepared::accounts_generation() {
  if (!generation_) {
    generation_.emplace(session_);
    generation_->exchange(soci::into(generation_value_));
    generation_->alloc();
    generation_->prepare("SELECT generation FROM account_changes WHERE id = 1");
    generation_->define_and_bind();
  }
  generation_->execute(true);
  while (generation_->fetch()) {
  }
  return generation_value_;
}

SqlTransaction::SqlTransaction(Pool& pool, soci::session& session, Prepared& prepared,
                               Engine engine, std::unique_lock<std::mutex> writer)
    : pool_(pool),
      session_(session),
      prepared_(prepared),
      engine_(engine),
      writer_(std::move(writer)) {}

SqlTransaction::~SqlTransaction() {
  if (!finished_) {
    try {
      prepared_.run("ROLLBACK");
    } catch (const std::exception&) {
      broken_ = true;  // a connection that cannot roll back is not lent out again as is
    }
  }
  pool_.release(&session_, broken_);
}

Result<void> SqlTransaction::start(TransactionMode mode) {
  return guarded("starting a transaction", [&]() -> Result<void> {
    if (engine_ == Engine::kSqlite) {
      prepared_.run(mode == TransactionMode::kWrite ? "BEGIN IMMEDIATE" : "BEGIN");
    } else {
      prepared_.run(mode == TransactionMode::kWrite ? "BEGIN" : "BEGIN READ ONLY");
    }
    return {};
  });
}

Result<void> SqlTransaction::commit() {
  return guarded("committing", [&]() -> Result<void> {
    try {
      prepared_.run("COMMIT");
    } catch (const std::exception& error) {
      if (engine_ == Engine::kSqlite) stop_if_sync_failed(error);
      throw;
    }
    finished_ = true;
    if (writer_.owns_lock()) writer_.unlock();
    return {};
  });
}

Result<void> SqlTransaction::mark_part() {
  return guarded("starting a part of a group commit", [&]() -> Result<void> {
    prepared_.run("SAVEPOINT part");
    return {};
  });
}

Result<void> SqlTransaction::keep_part() {
  return guarded("keeping a part of a group commit", [&]() -> Result<void> {
    prepared_.run("RELEASE part");
    return {};
  });
}

Result<void> SqlTransaction::undo_part() {
  // The part may have extended the audit chain: read its tip again.
  chain_tip_.reset();
  return guarded("undoing a part of a group commit", [&]() -> Result<void> {
    prepared_.run("ROLLBACK TO part");
    prepared_.run("RELEASE part");
    return {};
  });
}

Error SqlTransaction::failed(const std::exception& exception, std::string_view doing) {
  Error error = database_error(exception, doing);
  if (error.code == ErrorCode::kUnavailable && engine_ == Engine::kPostgres) broken_ = true;
  return error;
}

long long SqlTransaction::run(const std::string& sql, const Params& params) {
  Query query(session_);
  query.bind(params);
  query.run(sql);
  return query.affected_rows();
}

Result<long long> SqlTransaction::execute(std::string_view doing, const std::string& sql,
                                          const Params& params) {
  return guarded(doing, [&]() -> Result<long long> { return run(sql, params); });
}

Result<void> SqlTransaction::write(std::string_view doing, const std::string& sql,
                                   const Params& params) {
  auto changed = execute(doing, sql, params);
  if (!changed) return std::unexpected(changed.error());
  return {};
}

Result<void> SqlTransaction::write_one(std::string_view doing, const std::string& sql,
                                       const Params& params, ErrorCode code,
                                       std::string_view message) {
  auto changed = execute(doing, sql, params);
  if (!changed) return std::unexpected(changed.error());
  if (*changed != 1) return fail(code, std::string(message));
  return {};
}

long long SqlTransaction::count_where(std::string_view table, std::string_view column,
                                      const std::string& value) {
  Query query(session_);
  long long count = 0;
  query.into(count);
  query.bind("value", value);
  query.run("SELECT COUNT(*) FROM " + std::string(table) + " WHERE " + std::string(column) +
            " = :value");
  query.fetch();
  return count;
}

}  // namespace mesoclinic::store::internal
