#include "app/audit_check.h"

namespace mesoclinic::app {

Result<AuditCheck> verify_audit_trail(store::Store& store) {
  constexpr std::size_t kBatch = 1000;
  AuditCheck check;
  std::string previous_hash = audit::kGenesisHash;
  std::int64_t next_sequence = 1;
  store::AuditQuery query;
  query.limit = kBatch;
  for (;;) {
    query.after_sequence = next_sequence - 1;
    auto batch =
        store::in_transaction(store, store::TransactionMode::kRead,
                              [&](store::Transaction& tx) { return tx.list_audit(query); });
    if (!batch) {
      // A row the store cannot even read (an outcome edited to nonsense) is a broken link too.
      if (batch.error().code == ErrorCode::kInternal) {
        check.first_broken = next_sequence;
        check.reason = batch.error().message;
        return check;
      }
      return std::unexpected(batch.error());
    }
    const auto broken = audit::first_broken_link(*batch, previous_hash, next_sequence);
    check.entries = next_sequence - 1;
    if (broken) {
      check.first_broken = *broken;
      check.reason = "its hash does not match its contents and the entry before it";
      return check;
    }
    if (batch->size() < kBatch) return check;
  }
}

}  // namespace mesoclinic::app
