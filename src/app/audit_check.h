// `mesoclinic audit verify`: walks the whole audit trail and checks every hash link.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/result.h"
#include "store/store.h"

namespace mesoclinic::app {

struct AuditCheck {
  std::int64_t entries = 0;                  // entries checked
  std::optional<std::int64_t> first_broken;  // sequence number of the first broken link
  std::string reason;                        // why that entry is broken
};

// Fails only if the database cannot be read; a broken chain is a result, not a failure.
Result<AuditCheck> verify_audit_trail(store::Store& store);

}  // namespace mesoclinic::app
