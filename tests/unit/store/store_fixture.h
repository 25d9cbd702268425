// Fresh, throwaway databases for tests on both engines. PostgreSQL databases are created in
// the cluster scripts/with-postgres starts (MESOCLINIC_TEST_PG names it); without that cluster
// the tests fail rather than skip, so a green run always means both engines were exercised.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
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

clinic::Clinic make_clinic(const std::string& name);
clinic::Patient make_patient(const std::string& clinic_id, const std::string& family,
                             const std::string& given);
auth::User make_user(const std::string& username, auth::Role role = auth::Role::kPractitioner);

// Each test gets a fresh database of its engine (the parameter) holding one clinic, clinic_.
class StoreTest : public ::testing::TestWithParam<store::Engine> {
 protected:
  std::unique_ptr<store::Store> open_store(
      store::MigrationPolicy policy = store::MigrationPolicy::kMigrate, std::size_t pool_size = 2);

  template <class Work>
  auto write(Work&& work) {
    return store::in_transaction(*store_, store::TransactionMode::kWrite, std::forward<Work>(work));
  }
  template <class Work>
  auto read(Work&& work) {
    return store::in_transaction(*store_, store::TransactionMode::kRead, std::forward<Work>(work));
  }

  void SetUp() override;

  // Each of these stores what it is given (or makes), failing the test if the store refuses.
  void insert(const clinic::Patient& patient);
  clinic::Patient add_patient(const std::string& family, const std::string& given);
  auth::User add_user(const std::string& username);
  store::Room add_room(const std::string& name);
  clinic::Formulation add_formulation(const std::string& name);
  store::StoredProtocol add_protocol(const std::string& name);
  store::StoredCourse add_course(const clinic::Patient& patient, Instant created_at);
  // A booked 45-minute appointment for `patient` at `start` with a practitioner and a room of
  // its own, so any number of them can coexist.
  store::Appointment add_appointment(const clinic::Patient& patient, Instant start,
                                     std::optional<std::string> course_id = std::nullopt,
                                     int session_number = 0);

  std::vector<std::string> family_names(store::PatientQuery query);

  std::unique_ptr<TestDatabase> database_;
  std::unique_ptr<store::Store> store_;
  clinic::Clinic clinic_;
};

// A fixed instant (2026-11-18), so tests can order things in time.
inline Instant at_minutes(int minutes) {
  return from_unix_micros(1'795'000'000'000'000) + std::chrono::minutes(minutes);
}

// Runs a fixture's tests on SQLite and on PostgreSQL.
#define MESOCLINIC_ON_BOTH_ENGINES(Fixture)                                                     \
  INSTANTIATE_TEST_SUITE_P(BothEngines, Fixture,                                                \
                           ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres), \
                           engine_name)

}  // namespace mesoclinic::testing
