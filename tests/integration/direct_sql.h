// Test support: SQL run on a test database behind the server's back, to check what was stored
// (or to tamper with it, as an intruder with file or database access would).
#pragma once

#include <string>

namespace mesoclinic::testing {

// Runs one statement (`url` as the server was given it); a failure fails the test.
void tamper(const std::string& url, const std::string& sql);

// The first column of the first row of `sql` as text; empty if there is no row.
std::string query_value(const std::string& url, const std::string& sql);

}  // namespace mesoclinic::testing
