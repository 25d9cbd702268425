#include "direct_sql.h"

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <sqlite3.h>

namespace mesoclinic::testing {

// Runs one SQL statement on the test database directly, as an intruder with file or database
// access would.
void tamper(const std::string& url, const std::string& sql) {
  if (url.starts_with("sqlite:")) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(url.substr(7).c_str(), &db), SQLITE_OK);
    // Servers may be writing (two of them, in some tests): wait for the lock as they do.
    sqlite3_busy_timeout(db, 5000);
    char* error = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
    const std::string message = error ? error : "";
    sqlite3_free(error);
    sqlite3_close(db);
    ASSERT_EQ(rc, SQLITE_OK) << message;
  } else {
    PGconn* connection = PQconnectdb(url.c_str());
    PGresult* result = PQexec(connection, sql.c_str());
    const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
    const std::string message = PQerrorMessage(connection);
    PQclear(result);
    PQfinish(connection);
    ASSERT_TRUE(ok) << message;
  }
}

// The first column of the first row of `sql`, read directly from the test database.
std::string query_value(const std::string& url, const std::string& sql) {
  std::string value;
  if (url.starts_with("sqlite:")) {
    sqlite3* db = nullptr;
    sqlite3_open(url.substr(7).c_str(), &db);
    sqlite3_busy_timeout(db, 5000);
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK &&
        sqlite3_step(statement) == SQLITE_ROW) {
      value = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
    }
    sqlite3_finalize(statement);
    sqlite3_close(db);
  } else {
    PGconn* connection = PQconnectdb(url.c_str());
    PGresult* result = PQexec(connection, sql.c_str());
    if (PQresultStatus(result) == PGRES_TUPLES_OK && PQntuples(result) > 0) {
      value = PQgetvalue(result, 0, 0);
    }
    PQclear(result);
    PQfinish(connection);
  }
  return value;
}

}  // namespace mesoclinic::testing
