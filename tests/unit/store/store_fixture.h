// Fresh, throwaway databases for tests on both engines. PostgreSQL databases are created in
// the cluster scripts/with-postgres starts (MESOCLINIC_TEST_PG names it); without that cluster
// the tests fail rather than skip, so a green run always means both engines were exercised.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "store/store.h"

namespace mesoclinic::testing {

class TestDatabase {
 public:
  // Creates an empty database (a new SQLite file, or a new PostgreSQL database). Throws
  // std::runtime_error if that is impossible.
  explicit TestDatabase(store::Engine engine);
  ~TestDatabase();  // drops the database / removes the file
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  const std::string& url() const { return url_; }
  store::Engine engine() const { return engine_; }
  // The SQLite file (empty for PostgreSQL).
  const std::filesystem::path& file() const { return file_; }

 private:
  store::Engine engine_;
  std::string url_;
  std::string name_;  // PostgreSQL database name
  std::filesystem::path directory_;
  std::filesystem::path file_;
};

// Runs SQL on the test cluster's administrative database (PostgreSQL) and throws on failure.
void run_admin_sql(const std::string& sql);

inline std::string engine_name(const ::testing::TestParamInfo<store::Engine>& info) {
  return info.param == store::Engine::kSqlite ? "Sqlite" : "Postgres";
}

}  // namespace mesoclinic::testing
