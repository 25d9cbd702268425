#include <algorithm>

#include "core/time.h"
#include "store/internal.h"

namespace mesoclinic::store::internal {
namespace {

const Migration kMigrations[] = {
#include "migrations.inc"
};

// Any number will do as long as every mesoclinic process uses the same one.
constexpr long long kMigrationLockKey = 7'240'613'001;

int current_version(soci::session& session) {
  int version = 0;
  soci::indicator indicator = soci::i_null;
  session << "SELECT MAX(version) FROM schema_migrations", soci::into(version, indicator);
  return indicator == soci::i_ok ? version : 0;
}

}  // namespace

std::vector<Migration> migrations_for(Engine engine) {
  std::vector<Migration> found;
  for (const Migration& migration : kMigrations) {
    if (migration.engine == engine) found.push_back(migration);
  }
  std::sort(found.begin(), found.end(),
            [](const Migration& a, const Migration& b) { return a.number < b.number; });
  return found;
}

std::vector<std::string> split_statements(std::string_view sql) {
  std::vector<std::string> statements;
  std::string current;
  std::size_t start = 0;
  while (start < sql.size()) {
    std::size_t end = sql.find('\n', start);
    if (end == std::string_view::npos) end = sql.size();
    std::string_view line = sql.substr(start, end - start);
    start = end + 1;
    if (line.starts_with("--")) continue;
    current.append(line).append("\n");
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.remove_suffix(1);
    // A trigger body holds statements of its own: the trigger ends only at its END;.
    const bool in_trigger =
        current.find_first_not_of(" \n\t") != std::string::npos &&
        current.substr(current.find_first_not_of(" \n\t")).starts_with("CREATE TRIGGER");
    const bool ends = in_trigger ? line == "END;" : line.ends_with(';');
    if (ends) {
      statements.push_back(std::move(current));
      current.clear();
    }
  }
  if (current.find_first_not_of(" \n\r\t") != std::string::npos) statements.push_back(current);
  return statements;
}

Result<int> migrate(soci::session& session, Engine engine, MigrationPolicy policy) {
  const std::vector<Migration> all = migrations_for(engine);
  const int newest = all.empty() ? 0 : all.back().number;
  try {
    // One process migrates at a time: SQLite's write lock or a PostgreSQL advisory lock,
    // both held until the transaction ends. The others then find the work done.
    session << (engine == Engine::kSqlite ? "BEGIN IMMEDIATE" : "BEGIN");
    if (engine == Engine::kPostgres) {
      session << "SELECT pg_advisory_xact_lock(" + std::to_string(kMigrationLockKey) + ")";
    }
    session << "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
               "name TEXT NOT NULL, applied_at BIGINT NOT NULL)";
    const int found = current_version(session);
    if (found > newest) {
      session << "ROLLBACK";
      return fail(ErrorCode::kUnavailable, "the database schema is at version " +
                                               std::to_string(found) +
                                               ", newer than this mesoclinic knows (" +
                                               std::to_string(newest) + "); upgrade mesoclinic");
    }
    if (found < newest && policy == MigrationPolicy::kRequireCurrent) {
      session << "ROLLBACK";
      return fail(ErrorCode::kUnavailable, "the database schema is at version " +
                                               std::to_string(found) + ", not " +
                                               std::to_string(newest) + "; run mesoclinic migrate");
    }
    for (const Migration& migration : all) {
      if (migration.number <= found) continue;
      for (const std::string& statement : split_statements(migration.sql)) session << statement;
      const int number = migration.number;
      const std::string name = migration.name;
      const long long applied_at = to_unix_micros(now());
      session << "INSERT INTO schema_migrations (version, name, applied_at) VALUES (:v, :n, :a)",
          soci::use(number), soci::use(name), soci::use(applied_at);
    }
    session << "COMMIT";
    return newest;
  } catch (const std::exception& error) {
    try {
      session << "ROLLBACK";
    } catch (const std::exception&) {
      // The connection is gone; the transaction died with it.
    }
    return std::unexpected(database_error(error, "migrating the database schema"));
  }
}

}  // namespace mesoclinic::store::internal
