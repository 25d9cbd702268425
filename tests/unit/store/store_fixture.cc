#include "store_fixture.h"

#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <stdexcept>

namespace mesoclinic::testing {
namespace {

std::string admin_url() {
  const char* url = std::getenv("MESOCLINIC_TEST_PG");
  if (url == nullptr || *url == '\0') {
    throw std::runtime_error(
        "MESOCLINIC_TEST_PG is not set: run the tests with scripts/test (or under "
        "scripts/with-postgres), which starts a throwaway PostgreSQL cluster");
  }
  return url;
}

std::string unique_suffix() {
  static std::atomic<int> counter{0};
  return std::to_string(getpid()) + "_" + std::to_string(counter++);
}

}  // namespace

void run_admin_sql(const std::string& sql) {
  PGconn* connection = PQconnectdb(admin_url().c_str());
  if (PQstatus(connection) != CONNECTION_OK) {
    const std::string message = PQerrorMessage(connection);
    PQfinish(connection);
    throw std::runtime_error("cannot reach the test PostgreSQL cluster: " + message);
  }
  PQsetNoticeProcessor(
      connection, [](void*, const char*) {}, nullptr);  // "does not exist, skipping"
  PGresult* result = PQexec(connection, sql.c_str());
  const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
  const std::string message = PQerrorMessage(connection);
  PQclear(result);
  PQfinish(connection);
  if (!ok) throw std::runtime_error(sql + ": " + message);
}

TestDatabase::TestDatabase(store::Engine engine) : engine_(engine) {
  if (engine == store::Engine::kSqlite) {
    directory_ = std::filesystem::temp_directory_path() / ("mesoclinic_test_" + unique_suffix());
    std::filesystem::remove_all(directory_);
    std::filesystem::create_directories(directory_);
    file_ = directory_ / "clinic.db";
    url_ = "sqlite:" + file_.string();
    return;
  }
  const std::string admin = admin_url();
  name_ = "mesoclinic_test_" + unique_suffix();
  run_admin_sql("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
  run_admin_sql("CREATE DATABASE " + name_);
  const auto slash = admin.rfind('/');
  const auto query = admin.find('?', slash);
  url_ = admin.substr(0, slash + 1) + name_ +
         (query == std::string::npos ? std::string() : admin.substr(query));
}

TestDatabase::~TestDatabase() {
  try {
    if (engine_ == store::Engine::kSqlite) {
      std::filesystem::remove_all(directory_);
    } else {
      run_admin_sql("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    }
  } catch (const std::exception& error) {
    ADD_FAILURE() << "could not remove the test database: " << error.what();
  }
}

}  // namespace mesoclinic::testing
