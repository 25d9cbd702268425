// The one Store implementation: a pool of SOCI sessions over SQLite or PostgreSQL, each lent
// to one SqlTransaction at a time (see sql_transaction.h; the areas' SQL is in sql_*.cc).
#include <memory>
#include <mutex>
#include <unordered_map>

#include "store/group_commit.h"
#include "store/internal.h"
#include "store/sql_transaction.h"
#include "store/store.h"

namespace mesoclinic::store {
namespace {

using internal::Pool;
using internal::Prepared;
using internal::SqlTransaction;

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
    auto transaction = begin_sql(mode);
    if (!transaction) return std::unexpected(transaction.error());
    return std::move(*transaction);
  }

  Result<void> ping() override {
    return outside_transaction("checking the database", [](soci::session& session, Prepared&) {
      int one = 0;
      session << "SELECT 1", soci::into(one);
    });
  }

  Result<void> append_audit_durably(std::vector<audit::Entry> entries) override {
    if (entries.empty()) return {};
    return group_commit_.run([&](Transaction& tx) -> Result<bool> {
      for (auto& entry : entries) {
        if (auto appended = tx.append_audit(std::move(entry)); !appended) {
          return std::unexpected(appended.error());
        }
      }
      return true;
    });
  }

  Result<void> write_together(const std::function<Result<bool>(Transaction&)>& work) override {
    if (engine_ == Engine::kSqlite) return group_commit_.run(work);
    // Concurrent writers on PostgreSQL can deadlock on each other's locks: the victim's
    // transaction is rolled back whole and run again. (A slot refused because another booking
    // took it is not run again: the refusal stands. Bookings at one clinic hold its calendar,
    // Appointments::hold_calendar, so they do not take the same free room at once.)
    Result<void> outcome;
    for (int attempt = 0; attempt < kWriteAttempts; ++attempt) {
      outcome = write_once(work);
      if (outcome || outcome.error().code != ErrorCode::kCollided) break;
    }
    return outcome;
  }

  Result<std::int64_t> accounts_generation() override {
    long long generation = 0;
    auto read = outside_transaction(
        "reading the accounts' generation",
        [&](soci::session&, Prepared& prepared) { generation = prepared.accounts_generation(); });
    if (!read) return std::unexpected(read.error());
    return generation;
  }

  PoolStats pool_stats() const override { return pool_.stats(); }

  Result<int> schema_version() override { return schema_version_; }

 private:
  static constexpr int kWriteAttempts = 3;

  // One run of a writing request's work in a transaction of its own (PostgreSQL).
  Result<void> write_once(const std::function<Result<bool>(Transaction&)>& work) {
    auto transaction = begin(TransactionMode::kWrite);
    if (!transaction) return std::unexpected(transaction.error());
    auto kept = work(**transaction);
    // Undone or failed: the transaction rolls back as it goes.
    if (!kept) return std::unexpected(kept.error());
    if (!*kept) return {};
    return (*transaction)->commit();
  }

  Result<std::unique_ptr<SqlTransaction>> begin_sql(TransactionMode mode) {
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

  // Runs `statement` on a free pooled connection in autocommit, one round trip; a lost
  // connection is given back as broken and reported as kUnavailable.
  template <class Statement>
  Result<void> outside_transaction(std::string_view doing, Statement&& statement) {
    auto lease = pool_.acquire();
    if (!lease) return std::unexpected(lease.error());
    std::unique_ptr<Prepared>& prepared = prepared_.at(lease->session);
    if (lease->reconnected) prepared = std::make_unique<Prepared>(*lease->session);
    try {
      statement(*lease->session, *prepared);
      pool_.release(lease->session, false);
      return {};
    } catch (const std::exception& exception) {
      pool_.release(lease->session, engine_ == Engine::kPostgres);
      Error error = internal::database_error(exception, doing);
      error.code = ErrorCode::kUnavailable;
      return std::unexpected(std::move(error));
    }
  }

  // One batch of the group commit (group_commit.h): its parts run one after another in one
  // write transaction, each in a savepoint, then one commit makes the kept ones durable.
  void run_batch(std::vector<internal::GroupCommit::Queued>& batch) {
    const auto fail_all = [&](const Error& error) {
      for (auto& queued : batch) queued.outcome = std::unexpected(error);
    };
    auto transaction = begin_sql(TransactionMode::kWrite);
    if (!transaction) return fail_all(transaction.error());
    SqlTransaction& tx = **transaction;
    std::vector<bool> kept_parts(batch.size(), false);
    bool any_kept = false;
    for (std::size_t i = 0; i < batch.size(); ++i) {
      auto& queued = batch[i];
      if (auto marked = tx.mark_part(); !marked) return fail_all(marked.error());
      Result<bool> kept = false;
      try {
        kept = (*queued.part)(tx);
      } catch (const std::exception& exception) {
        kept = fail(ErrorCode::kInternal, std::string("unexpected failure: ") + exception.what());
      }
      if (kept && *kept) {
        if (auto released = tx.keep_part(); !released) return fail_all(released.error());
        kept_parts[i] = any_kept = true;
        continue;
      }
      // A part that fails or is refused leaves no trace; if even that cannot be done (SQLite
      // may have ended the whole transaction after an I/O error), nothing in the batch stands.
      if (auto undone = tx.undo_part(); !undone) return fail_all(undone.error());
      if (!kept) queued.outcome = std::unexpected(kept.error());
    }
    if (!any_kept) return;  // rolled back on the way out: nothing to make durable
    if (auto committed = tx.commit(); !committed) {
      for (std::size_t i = 0; i < batch.size(); ++i) {
        if (kept_parts[i]) batch[i].outcome = std::unexpected(committed.error());
      }
    }
  }

  Engine engine_;
  std::mutex sqlite_writer_;
  Pool pool_;
  // One per pooled session; declared after pool_ so statements go before their sessions.
  std::unordered_map<soci::session*, std::unique_ptr<Prepared>> prepared_;
  int schema_version_;
  internal::GroupCommit group_commit_{
      [this](std::vector<internal::GroupCommit::Queued>& batch) { run_batch(batch); }};
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
  if (target->engine == Engine::kPostgres && !options.accept_unsynced_postgres) {
    if (auto durable = internal::check_durability(*sessions.front()); !durable) {
      return std::unexpected(durable.error());
    }
  }
  auto version = internal::migrate(*sessions.front(), target->engine, options.migrations);
  if (!version) return std::unexpected(version.error());
  return std::make_unique<SqlStore>(std::move(*target), std::move(sessions), *version);
}

}  // namespace mesoclinic::store
