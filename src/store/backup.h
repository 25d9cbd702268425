// Online backups of the embedded database: a consistent copy taken while the server keeps
// serving (readers and writers are not stopped).
#pragma once

#include <string>

#include "core/result.h"

namespace mesoclinic::store {

// Copies the SQLite database at `url` ("sqlite:PATH") to `destination` as one consistent
// snapshot. The copy is written beside the destination and renamed into place, so a failed or
// interrupted backup never leaves a half-written file under that name. Fails with
// kInvalidInput for a PostgreSQL URL (use pg_dump) or an existing destination, kUnavailable if
// the source cannot be read.
Result<void> backup_sqlite(const std::string& url, const std::string& destination);

}  // namespace mesoclinic::store
