#include "store/backup.h"

#include <sqlite3.h>

#include <cstdio>
#include <filesystem>
#include <memory>

namespace mesoclinic::store {
namespace {

struct CloseDatabase {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using Database = std::unique_ptr<sqlite3, CloseDatabase>;

Result<Database> open_database(const std::string& path, int flags) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  Database db(raw);
  if (rc != SQLITE_OK) {
    return fail(ErrorCode::kUnavailable,
                "cannot open " + path + ": " + (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  }
  sqlite3_busy_timeout(db.get(), 5000);
  return db;
}

}  // namespace

Result<void> backup_sqlite(const std::string& url, const std::string& destination) {
  constexpr std::string_view kScheme = "sqlite:";
  if (!url.starts_with(kScheme)) {
    return fail(ErrorCode::kInvalidInput,
                "backup copies SQLite databases; for PostgreSQL use pg_dump or its own backups");
  }
  const std::string source_path = url.substr(kScheme.size());
  std::error_code ec;
  if (!std::filesystem::exists(source_path, ec)) {
    return fail(ErrorCode::kUnavailable, "no database at " + source_path);
  }
  if (std::filesystem::exists(destination, ec)) {
    return fail(ErrorCode::kInvalidInput,
                destination + " exists already; choose a new file so no backup is overwritten");
  }
  const std::string partial = destination + ".partial";
  std::filesystem::remove(partial, ec);

  auto source = open_database(source_path, SQLITE_OPEN_READWRITE);
  if (!source) return std::unexpected(source.error());
  auto target = open_database(partial, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (!target) return std::unexpected(target.error());

  // One step copies every page under a single read transaction, so the copy is one snapshot;
  // in WAL mode writers carry on meanwhile.
  sqlite3_backup* backup = sqlite3_backup_init(target->get(), "main", source->get(), "main");
  if (!backup) {
    const std::string why = sqlite3_errmsg(target->get());
    std::filesystem::remove(partial, ec);
    return fail(ErrorCode::kUnavailable, "backup could not start: " + why);
  }
  int rc = SQLITE_OK;
  do {
    rc = sqlite3_backup_step(backup, -1);
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(50);
  } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) {
    std::filesystem::remove(partial, ec);
    return fail(ErrorCode::kUnavailable, std::string("backup failed: ") + sqlite3_errstr(rc));
  }
  target->reset();  // closes the copy, flushing it to disk before it takes its final name
  std::filesystem::rename(partial, destination, ec);
  if (ec)
    return fail(ErrorCode::kUnavailable, "cannot move the backup into place: " + ec.message());
  return {};
}

}  // namespace mesoclinic::store
