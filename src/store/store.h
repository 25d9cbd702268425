// Persistence behind one interface for SQLite (the default, one file) and PostgreSQL (a clinic
// group on a server). Callers open a Transaction, do their reads and writes through it, and
// commit; anything not committed is rolled back, so a change and its audit entry land together.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"
#include "store/accounts.h"
#include "store/analytics.h"
#include "store/appointments.h"
#include "store/audit_trail.h"
#include "store/clinics.h"
#include "store/consents.h"
#include "store/outbox.h"
#include "store/outcomes.h"
#include "store/patient_records.h"
#include "store/photos.h"
#include "store/replies.h"
#include "store/stock.h"
#include "store/treatment.h"
#include "store/worklist.h"

namespace mesoclinic::store {

enum class Engine { kSqlite, kPostgres };

// Whether open() brings the schema up to date (serve, demo) or refuses an old schema (tools).
enum class MigrationPolicy { kMigrate, kRequireCurrent };

struct Options {
  // "sqlite:PATH" (the file is created if missing) or "postgresql://user@host:port/db?...".
  std::string url;
  std::size_t pool_size = 4;
  MigrationPolicy migrations = MigrationPolicy::kMigrate;
  // open() refuses a PostgreSQL server that does not make commits durable (fsync or
  // full_page_writes off): an acknowledged write could be lost in a crash. Only a benchmark or
  // a throwaway test cluster may say yes here.
  bool accept_unsynced_postgres = false;
};

struct PoolStats {
  std::size_t size = 0;
  std::size_t in_use = 0;
};

enum class TransactionMode { kRead, kWrite };

// One database transaction on one pooled connection: every area's door at once (see the area
// headers included above for each method's contract). Not thread-safe; use it from one thread.
// Destroying it without commit() rolls back. Every method fails with kUnavailable when the
// database cannot be reached and kInternal on an unexpected database error.
class Transaction : public Analytics,
                    public Clinics,
                    public PatientRecords,
                    public Consents,
                    public Photos,
                    public Treatment,
                    public Outcomes,
                    public Stock,
                    public Appointments,
                    public Outbox,
                    public Accounts,
                    public AuditTrail,
                    public Replies,
                    public Worklist {
 public:
  ~Transaction() override = default;

  // Makes every change durable (synchronous on disk) before returning.
  virtual Result<void> commit() = 0;
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

  // Appends `entries` to the audit trail in a write transaction of their own and returns once
  // they are durable. Callers at the same moment share that transaction and its one sync (group
  // commit), their entries chained in the order they arrived; if it fails, it fails for each of
  // them, and none of their entries is stored. For reads: the reply waits for its entry.
  virtual Result<void> append_audit_durably(std::vector<audit::Entry> entries) = 0;

  // Runs a writing request's `work` in a write transaction and returns once its changes are
  // durable. `work` returns true to keep its changes, false to undo them (a refusal: the result
  // is then success with nothing changed); a failure of `work` undoes them and is returned. On
  // SQLite, which has one writer, writers at the same moment share one transaction and its one
  // sync (group commit, with the audited reads' entries): each `work` runs in a savepoint of it,
  // one after another, seeing what the ones before it kept; a failed commit fails each of them.
  // On PostgreSQL each runs in a transaction of its own, concurrently, and is run again (up to
  // three times in all) if it deadlocked with another (kCollided): `work` must be safe to run
  // again after its transaction rolled back. It must not begin another transaction on this
  // store.
  virtual Result<void> write_together(const std::function<Result<bool>(Transaction&)>& work) = 0;

  // A number that grows whenever a session ends or a user, their clinics or an API token change,
  // by this process or any other (database triggers keep it): what was read of accounts under
  // an unchanged number is still true. One statement, outside any transaction.
  virtual Result<std::int64_t> accounts_generation() = 0;

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
