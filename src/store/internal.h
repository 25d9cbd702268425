// Pieces shared by the SQL store's files; not part of the store's door (store.h).
#pragma once

#include <soci/soci.h>

#include <condition_variable>
#include <exception>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "store/store.h"

namespace mesoclinic::store::internal {

// A database URL taken apart: which engine, and the connect string SOCI's backend expects.
struct Target {
  Engine engine = Engine::kSqlite;
  std::string url;  // as given; show it only through redact_url()
  std::string connect_string;
  std::string sqlite_path;  // SQLite only
};

// Fails with kInvalidInput naming the accepted forms.
Result<Target> parse_url(const std::string& url);

struct Migration {
  Engine engine;
  int number;
  const char* name;
  const char* sql;
};

// Every embedded migration for `engine`, in ascending number.
std::vector<Migration> migrations_for(Engine engine);

// Splits a migration into statements at semicolons that end a line (our .sql files keep each
// statement's closing semicolon at a line end and never put one inside a literal).
std::vector<std::string> split_statements(std::string_view sql);

// Brings the schema to the newest migration (or checks it is there), serialised across
// processes. Returns the schema version.
Result<int> migrate(soci::session& session, Engine engine, MigrationPolicy policy);

// Maps a database exception to an Error: lost connections and busy databases to kUnavailable,
// unique-key violations to kConflict, missing referenced rows to kInvalidInput, the rest to
// kInternal. `doing` says what was being attempted ("reading a patient").
Error database_error(const std::exception& error, std::string_view doing);

// Fails with kUnavailable, naming the setting, if the PostgreSQL server behind `session` would
// acknowledge commits it could lose in a crash (fsync or full_page_writes off).
Result<void> check_durability(soci::session& session);

// Ends the process at once (exit status 74) if `error` is SQLite failing to write or sync a
// commit to disk. Retrying is not safe: after a failed fsync the operating system may have
// dropped the unwritten pages while reporting later syncs as fine, so nothing the process
// believes about the file can be trusted; a restart recovers from the write-ahead log, and no
// reply has promised the failed commit. Returns if the error is anything else.
void stop_if_sync_failed(const std::exception& error);

// Opens a session on `target` and applies the per-connection settings (SQLite pragmas).
Result<std::unique_ptr<soci::session>> connect(const Target& target);

// A fixed set of open sessions. acquire() waits for a free one; a session returned as broken
// is reconnected before it is lent again.
class Pool {
 public:
  Pool(Target target, std::vector<std::unique_ptr<soci::session>> sessions);

  struct Lease {
    soci::session* session = nullptr;
    bool reconnected = false;  // statements prepared on it before are gone
  };
  // A lent session; give it back with release(). Fails with kUnavailable after `wait` if every
  // session stays busy, or if a broken session cannot reconnect.
  Result<Lease> acquire();
  void release(soci::session* session, bool broken);

  PoolStats stats() const;
  const std::vector<std::unique_ptr<soci::session>>& sessions() const { return sessions_; }
  const Target& target() const { return target_; }

 private:
  Target target_;
  std::vector<std::unique_ptr<soci::session>> sessions_;
  mutable std::mutex mutex_;
  std::condition_variable released_;
  std::vector<soci::session*> free_;
  std::vector<soci::session*> broken_;
};

}  // namespace mesoclinic::store::internal
