#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <mutex>

#include "store/internal.h"

namespace mesoclinic::store::internal {
namespace {

// How long a request waits for a pooled connection before the server answers 503.
constexpr std::chrono::seconds kAcquireWait{10};

void configure(soci::session& session, Engine engine) {
  if (engine == Engine::kSqlite) {
    // WAL lets readers run beside the one writer; FULL makes each commit durable on return;
    // the busy timeout makes a writer wait for the lock instead of failing at once.
    session << "PRAGMA journal_mode = WAL";
    session << "PRAGMA synchronous = FULL";
    session << "PRAGMA foreign_keys = ON";
    session << "PRAGMA busy_timeout = 5000";
  } else {
    session << "SET TIME ZONE 'UTC'";
    // Notices ("relation already exists, skipping") would go to stderr unasked.
    session << "SET client_min_messages = warning";
  }
}

// A booking that another one beat to the slot, in words for staff (the database's own text
// names constraints and would mean nothing to them).
Error double_booking(std::string_view doing) {
  return Error{ErrorCode::kSlotUnavailable,
               std::string(doing) + ": the practitioner, the room or the patient is booked then",
               {}};
}

}  // namespace

Error database_error(const std::exception& error, std::string_view doing) {
  const std::string what = error.what();
  const std::string context = std::string(doing) + ": " + what;
  if (const auto* pg = dynamic_cast<const soci::postgresql_soci_error*>(&error)) {
    const std::string state = pg->sqlstate();
    // 23505 unique key, 23P01 exclusion constraint (a double booking).
    if (state == "23505") return Error{ErrorCode::kConflict, context, {}};
    if (state == "23P01") return double_booking(doing);
    if (state == "23503") return Error{ErrorCode::kInvalidInput, context, {}};
    // 40P01 deadlock, 40001 serialization failure: the transaction was rolled back whole.
    if (state == "40P01" || state == "40001") return Error{ErrorCode::kCollided, context, {}};
    if (state.starts_with("08") || state.starts_with("57P") || state == "53300") {
      return Error{ErrorCode::kUnavailable, "the database cannot be reached (" + context + ")", {}};
    }
  }
  if (const auto* lite = dynamic_cast<const soci::sqlite3_soci_error*>(&error)) {
    const int code = lite->result() & 0xff;
    if (code == SQLITE_BUSY || code == SQLITE_LOCKED) {
      return Error{ErrorCode::kUnavailable, "the database is busy (" + context + ")", {}};
    }
    if (code == SQLITE_CONSTRAINT) {
      if (what.find("FOREIGN KEY") != std::string::npos) {
        return Error{ErrorCode::kInvalidInput, context, {}};
      }
      // The trigger that stands in for PostgreSQL's exclusion constraints (0007_appointments).
      if (what.find("double booking") != std::string::npos) {
        return double_booking(doing);
      }
      return Error{ErrorCode::kConflict, context, {}};
    }
    if (code == SQLITE_CANTOPEN || code == SQLITE_FULL || code == SQLITE_IOERR ||
        code == SQLITE_READONLY) {
      return Error{ErrorCode::kUnavailable, "the database cannot be written (" + context + ")", {}};
    }
  }
  if (const auto* soci_error = dynamic_cast<const soci::soci_error*>(&error)) {
    if (soci_error->get_error_category() == soci::soci_error::connection_error) {
      return Error{ErrorCode::kUnavailable, "the database cannot be reached (" + context + ")", {}};
    }
    if (soci_error->get_error_category() == soci::soci_error::constraint_violation) {
      return Error{ErrorCode::kConflict, context, {}};
    }
  }
  return Error{ErrorCode::kInternal, context, {}};
}

Result<std::unique_ptr<soci::session>> connect(const Target& target) {
  static std::once_flag configured;
  std::call_once(configured, [] {
    // Before SQLite's first use: each pooled connection is used by one thread at a time, so
    // SQLite's own per-call locking is not needed, and its global allocation counters would
    // put every thread behind one mutex. Fails harmlessly if SQLite is already initialised.
    // soci-sqlite3.h wraps sqlite3.h in namespace sqlite_api.
    sqlite_api::sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
    sqlite_api::sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  });
  try {
    auto session = std::make_unique<soci::session>();
    if (target.engine == Engine::kSqlite) {
      session->open(soci::sqlite3, target.connect_string);
    } else {
      session->open(soci::postgresql, target.connect_string);
    }
    configure(*session, target.engine);
    return session;
  } catch (const std::exception& error) {
    const std::string where = redact_url(target.url);
    // SOCI's first line is generic and libpq's reason follows it: keep both on one line.
    std::string reason = error.what();
    std::replace(reason.begin(), reason.end(), '\n', ' ');
    while (reason.ends_with(' ')) reason.pop_back();
    return fail(ErrorCode::kUnavailable,
                "cannot open the database " + where + ": " + redact_url(reason));
  }
}

void stop_if_sync_failed(const std::exception& error) {
  const auto* lite = dynamic_cast<const soci::sqlite3_soci_error*>(&error);
  if (lite == nullptr || (lite->result() & 0xff) != SQLITE_IOERR) return;
  std::string reason = error.what();
  std::replace(reason.begin(), reason.end(), '\n', ' ');
  std::fprintf(stderr,
               "mesoclinic: stopping: the database could not write a commit to disk (%s); "
               "restart to recover from its write-ahead log\n",
               reason.c_str());
  std::fflush(stderr);
  std::_Exit(74);
}

Result<void> check_durability(soci::session& session) {
  try {
    for (const std::string setting : {"fsync", "full_page_writes"}) {
      std::string value;
      session << "SELECT current_setting(:name)", soci::use(setting), soci::into(value);
      if (value != "on") {
        return fail(ErrorCode::kUnavailable,
                    "the PostgreSQL server runs with " + setting + " = " + value +
                        ": a crash could lose writes it has acknowledged. Turn it on in "
                        "postgresql.conf (serve --benchmark accepts it, for benchmarks only)");
      }
    }
    return {};
  } catch (const std::exception& error) {
    return std::unexpected(database_error(error, "checking the server's durability settings"));
  }
}

Pool::Pool(Target target, std::vector<std::unique_ptr<soci::session>> sessions)
    : target_(std::move(target)), sessions_(std::move(sessions)) {
  for (auto& session : sessions_) free_.push_back(session.get());
}

Result<Pool::Lease> Pool::acquire() {
  soci::session* session = nullptr;
  bool needs_reconnect = false;
  {
    std::unique_lock lock(mutex_);
    if (!released_.wait_for(lock, kAcquireWait, [&] { return !free_.empty(); })) {
      return fail(ErrorCode::kUnavailable, "every database connection stayed busy for " +
                                               std::to_string(kAcquireWait.count()) + " s");
    }
    session = free_.back();
    free_.pop_back();
    auto it = std::find(broken_.begin(), broken_.end(), session);
    if (it != broken_.end()) {
      broken_.erase(it);
      needs_reconnect = true;
    }
  }
  if (needs_reconnect) {
    try {
      session->reconnect();
      configure(*session, target_.engine);
    } catch (const std::exception& error) {
      release(session, /*broken=*/true);
      Error lost = database_error(error, "reconnecting to the database");
      lost.code = ErrorCode::kUnavailable;
      return std::unexpected(std::move(lost));
    }
  }
  return Lease{session, needs_reconnect};
}

void Pool::release(soci::session* session, bool broken) {
  {
    std::lock_guard lock(mutex_);
    if (broken && std::find(broken_.begin(), broken_.end(), session) == broken_.end()) {
      broken_.push_back(session);
    }
    free_.push_back(session);
  }
  released_.notify_one();
}

PoolStats Pool::stats() const {
  std::lock_guard lock(mutex_);
  return PoolStats{sessions_.size(), sessions_.size() - free_.size()};
}

}  // namespace mesoclinic::store::internal
