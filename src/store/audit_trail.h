// The store's door for the hash-chained audit trail (see audit/audit.h). Part of
// store::Transaction (store.h), so a change and its audit entry commit together; a caller that
// needs only this area can take an AuditTrail&.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit.h"
#include "core/result.h"
#include "core/time.h"

namespace mesoclinic::store {

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

// Every method fails with kUnavailable when the database cannot be reached and kInternal on an
// unexpected database error.
class AuditTrail {
 public:
  virtual ~AuditTrail() = default;

  // Appends `entry` to the audit trail, giving it the next sequence number and its place in
  // the hash chain; returns it as stored. Needs a kWrite transaction. Appends are serialised
  // across connections and servers, so the chain never forks.
  virtual Result<audit::Entry> append_audit(audit::Entry entry) = 0;
  // The entries `query` asks for, in sequence order, at most `query.limit`.
  virtual Result<std::vector<audit::Entry>> list_audit(const AuditQuery& query) = 0;
};

}  // namespace mesoclinic::store
