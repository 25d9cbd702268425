// Hostile input in every id and query parameter (issue 16): SQL, path traversal, markup, NUL,
// bidirectional overrides and very long values in each path parameter of every route, and in
// the query of every list, get a problem reply (never a server failure) and change nothing.
#include <cstdlib>

#include "api_fixture.h"
#include "direct_sql.h"
#include "route_contract.h"

namespace mesoclinic::testing {
namespace {

const std::vector<std::string>& hostile_values() {
  static const std::vector<std::string> values = {
      "' OR '1'='1",
      "1; DROP TABLE patients; --",
      "../../../../etc/passwd",
      "..\\..\\windows\\win.ini",
      "<script>alert(1)</script>",
      std::string("nul\0byte", 8),
      "\u202Egnp.exe",
      "%00%2e%2e%2f",
      std::string(5000, 'a'),
      "\xff\xfe not UTF-8",
  };
  return values;
}

// Every byte but letters and digits percent-encoded, so the value arrives whole as one segment.
std::string encoded(const std::string& value) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (const unsigned char c : value) {
    if (std::isalnum(c)) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

// `pattern` with each {name} replaced by `value`.
std::string filled(const std::string& pattern, const std::string& value) {
  std::string path;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '{') {
      path += encoded(value);
      i = pattern.find('}', i);
    } else {
      path += pattern[i];
    }
  }
  return path;
}

class HostileInputTest : public ApiTest {};

TEST_P(HostileInputTest, EveryIdAndQueryParameterGetsAProblemNeverAFailure) {
  // This test sends what no client should; the reply contract (ReplyContract.Validate) is about
  // the replies clients are promised, so these are not recorded for it.
  const char* log = std::getenv("MESOCLINIC_REPLY_LOG_DIR");
  const std::string reply_log = log ? log : "";
  unsetenv("MESOCLINIC_REPLY_LOG_DIR");
  add_user("admin", "admin.hostile");
  HttpClient admin(server().port());
  ASSERT_EQ(sign_in(admin, "admin.hostile").status, 201);
  const std::string patient = create(patient_body())["id"];
  const std::string patients_before = query_value(database_url(), "SELECT COUNT(*) FROM patients");

  int sent = 0;
  for (const auto& [route, rule] : classification()) {
    const auto& [method, pattern] = route;
    const bool has_parameter = pattern.find('{') != std::string::npos;
    // Routes without parameters take no id; their bodies are other tests' business. A GET list
    // still takes a query.
    if (!has_parameter && method != "GET") continue;
    for (const std::string& value : hostile_values()) {
      std::string target = has_parameter ? filled(pattern, value) : pattern;
      if (method == "GET") {
        target += "?q=" + encoded(value) + "&limit=" + encoded(value) +
                  "&cursor=" + encoded(value) + "&from=" + encoded(value);
      }
      for (HttpClient* caller : {&client(), &admin}) {
        const HttpReply reply = method == "GET" || method == "DELETE"
                                    ? caller->request(method, target)
                                    : caller->send_json(method, target, nlohmann::json::object());
        ++sent;
        // A list may ignore a parameter it does not know; an id it cannot know is refused.
        if (has_parameter) {
          EXPECT_GE(reply.status, 400) << method << " " << target.substr(0, 120);
        }
        EXPECT_LT(reply.status, 500)
            << method << " " << target.substr(0, 120) << ": " << reply.body.substr(0, 300);
        if (reply.header("content-type") == "application/problem+json") {
          EXPECT_TRUE(reply.json().contains("title")) << reply.body;
        }
      }
    }
  }
  EXPECT_GT(sent, 1000);
  if (!reply_log.empty()) setenv("MESOCLINIC_REPLY_LOG_DIR", reply_log.c_str(), 1);

  // Nothing changed, and the server still answers.
  EXPECT_EQ(query_value(database_url(), "SELECT COUNT(*) FROM patients"), patients_before);
  EXPECT_EQ(client().get("/api/v1/patients/" + patient).status, 200);
  const CommandResult verified = run_mesoclinic({"audit", "verify", "--db", database_url()});
  EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;
}

INSTANTIATE_TEST_SUITE_P(BothEngines, HostileInputTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         engine_name);

}  // namespace
}  // namespace mesoclinic::testing
