// The audit trail (store/audit_trail.h) and the replies kept for Idempotency-Key replays
// (store/replies.h) over SQL.
#include "store/sql_transaction.h"

namespace mesoclinic::store::internal {
namespace {

// Serialises audit appends on PostgreSQL (any constant shared by every mesoclinic process).
constexpr long long kAuditLockKey = 7'240'613'002;

struct AuditRow {
  static constexpr std::string_view kSelect =
      "SELECT sequence, recorded_at, user_id, username, role, source_address, request_id, "
      "action, resource_type, resource_id, patient_id, outcome, previous_hash, entry_hash FROM "
      "audit_entries";
  audit::Entry value;
  long long sequence = 0;
  std::string outcome;
  void into(Query& query) {
    query.into(sequence);
    query.into(value.recorded_at);
    for (std::string* field :
         {&value.user_id, &value.username, &value.role, &value.source_address, &value.request_id,
          &value.action, &value.resource_type, &value.resource_id, &value.patient_id, &outcome,
          &value.previous_hash, &value.entry_hash}) {
      query.into(*field);
    }
  }
  Result<void> finish() {
    const auto parsed = audit::parse_outcome(outcome);
    if (!parsed) {
      return fail(ErrorCode::kInternal,
                  "audit entry " + std::to_string(sequence) + " has an unreadable outcome");
    }
    value.sequence = sequence;
    value.outcome = *parsed;
    return {};
  }
};

struct IdempotentReplyRow {
  static constexpr std::string_view kSelect =
      "SELECT scope, idempotency_key, request_hash, status, location, body, created_at FROM "
      "idempotent_replies";
  IdempotentReply value;
  void into(Query& query) {
    query.into(value.scope, value.key, value.request_hash, value.status, value.location, value.body,
               value.created_at);
  }
};

}  // namespace

Result<audit::Entry> SqlTransaction::append_audit(audit::Entry entry) {
  return guarded("writing the audit trail", [&]() -> Result<audit::Entry> {
    if (!chain_tip_) {
      if (engine_ == Engine::kPostgres) {
        // SQLite's write transaction is already exclusive; PostgreSQL needs a lock so two
        // servers never both extend the chain from the same last entry.
        session_ << "SELECT pg_advisory_xact_lock(" + std::to_string(kAuditLockKey) + ")";
      }
      chain_tip_ = prepared_.last_audit_link();
      if (!chain_tip_) chain_tip_.emplace(0, audit::kGenesisHash);
    }
    entry.sequence = chain_tip_->first + 1;
    entry.previous_hash = chain_tip_->second;
    entry.entry_hash = audit::chain_hash(entry.previous_hash, entry);
    prepared_.insert_audit(entry);
    chain_tip_.emplace(entry.sequence, entry.entry_hash);
    return entry;
  });
}

Result<std::vector<audit::Entry>> SqlTransaction::list_audit(const AuditQuery& filter) {
  std::string clause = "sequence > :after";
  Params params = {{"after", static_cast<long long>(filter.after_sequence)}};
  const auto add = [&](const std::string& condition, const std::string& name, Param value) {
    clause += " AND " + condition;
    params.emplace_back(name, std::move(value));
  };
  if (filter.patient_id) add("patient_id = :patient_id", "patient_id", *filter.patient_id);
  if (filter.user_id) add("user_id = :user_id", "user_id", *filter.user_id);
  if (filter.action) add("action = :action", "action", *filter.action);
  if (filter.from) add("recorded_at >= :from", "from", *filter.from);
  if (filter.to) add("recorded_at < :to", "to", *filter.to);
  params.emplace_back("limit", static_cast<long long>(filter.limit));
  return rows<AuditRow>("reading the audit trail", clause + " ORDER BY sequence LIMIT :limit",
                        params);
}

Result<std::optional<IdempotentReply>> SqlTransaction::find_idempotent_reply(
    const std::string& scope, const std::string& key) {
  return one<IdempotentReplyRow>("reading an idempotent reply",
                                 "scope = :scope AND idempotency_key = :key",
                                 {{"scope", scope}, {"key", key}});
}

Result<void> SqlTransaction::save_idempotent_reply(const IdempotentReply& reply) {
  return write("saving an idempotent reply",
               "INSERT INTO idempotent_replies (scope, idempotency_key, request_hash, status, "
               "location, body, created_at) VALUES (:scope, :key, :request_hash, :status, "
               ":location, :body, :created_at)",
               {{"scope", reply.scope},
                {"key", reply.key},
                {"request_hash", reply.request_hash},
                {"status", static_cast<long long>(reply.status)},
                {"location", reply.location},
                {"body", reply.body},
                {"created_at", reply.created_at}});
}

}  // namespace mesoclinic::store::internal
