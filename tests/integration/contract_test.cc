// The API's one contract, held against the router's own route table so that a new route cannot
// skip it: every route is classified in route_contract.h (a route missing there fails here), and
// each class is checked against the running server:
// - a change of a versioned resource (PUT/PATCH/DELETE) needs If-Match (428 without it, 412
//   when stale), a POST that creates honours Idempotency-Key, and a list pages with `limit` and
//   `cursor` and answers `next_cursor`: contract_walk_test.cc walks these over a clinic with
//   something behind every route.
// (Every Location header naming a documented GET, and every reply matching docs/openapi.yaml,
// is checked for all integration tests by ReplyContract.Validate.)
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>

#include "api/api.h"
#include "api_fixture.h"
#include "http/http.h"
#include "route_contract.h"
#include "store/store.h"

namespace mesoclinic::testing {
namespace {

std::vector<Route> served_routes() {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("mesoclinic-contract-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::vector<Route> routes;
  {
    auto store = store::Store::open({"sqlite:" + (dir / "api.db").string(), 1});
    EXPECT_TRUE(store.has_value()) << store.error().message;
    if (!store) return routes;
    http::Router router;
    http::Metrics metrics;
    const auto api = api::add_routes(router, **store, metrics);
    for (const auto& route : router.routes()) routes.emplace_back(route.method, route.pattern);
  }
  std::filesystem::remove_all(dir);
  return routes;
}

TEST(Contract, RoutesAreAllClassified) {
  const std::vector<Route> served = served_routes();
  ASSERT_FALSE(served.empty());
  for (const auto& [method, pattern] : served) {
    const auto rule = classification().find({method, pattern});
    if (rule == classification().end()) {
      ADD_FAILURE() << method << " " << pattern
                    << " is not classified in contract_test.cc: say whether it is a read, a paged "
                       "list, a conditional change, an idempotent create or an action";
      continue;
    }
    const Kind kind = rule->second.kind;
    // A class fits its method: a GET only reads, a change is PUT, PATCH or DELETE.
    if (method == "GET") {
      EXPECT_TRUE(kind == Kind::kRead || kind == Kind::kPagedList) << method << " " << pattern;
    } else if (method == "POST") {
      EXPECT_TRUE(kind == Kind::kIdempotentCreate || kind == Kind::kAction)
          << method << " " << pattern;
    } else {
      EXPECT_TRUE(kind == Kind::kConditionalChange || kind == Kind::kAction)
          << method << " " << pattern;
    }
    if (kind == Kind::kAction) {
      EXPECT_NE(std::string(rule->second.why), "") << method << " " << pattern << " needs a reason";
    }
  }
  for (const auto& [route, rule] : classification()) {
    EXPECT_NE(std::find(served.begin(), served.end(), route), served.end())
        << route.first << " " << route.second << " is classified but not served";
  }
}

// The same checks against the running server, on each engine.
class ContractApiTest : public ApiTest {
 protected:
};

// A problem names the request it answers: the proxy's X-Request-Id when one came, else ours.
TEST_P(ContractApiTest, EveryProblemCarriesTheRequestId) {
  const HttpReply given =
      client().request("GET", "/api/v1/patients/unknown", "", {{"X-Request-Id", "proxy-42"}});
  EXPECT_EQ(given.status, 404);
  EXPECT_EQ(given.json().value("request_id", ""), "proxy-42");
  const HttpReply ours = client().request("GET", "/api/v1/nowhere");
  EXPECT_EQ(ours.status, 404);
  EXPECT_EQ(ours.json().value("request_id", ""), ours.header("x-request-id"));
  EXPECT_FALSE(ours.header("x-request-id").empty());
}

// Each idempotent create, sent twice with one key: one record, the same reply, marked replayed.
TEST_P(ContractApiTest, PatientCreateHonoursIdempotencyKey) {
  ASSERT_NE(std::find(routes_of(Kind::kIdempotentCreate).begin(),
                      routes_of(Kind::kIdempotentCreate).end(), Route{"POST", "/api/v1/patients"}),
            routes_of(Kind::kIdempotentCreate).end());
  const auto body = patient_body("Demir", "Can");
  const HttpReply first =
      client().send_json("POST", "/api/v1/patients", body, {{"Idempotency-Key", "contract-1"}});
  const HttpReply again =
      client().send_json("POST", "/api/v1/patients", body, {{"Idempotency-Key", "contract-1"}});
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(again.status, 201);
  EXPECT_EQ(again.body, first.body);
  EXPECT_EQ(again.header("idempotent-replayed"), "true");
  const HttpReply list = client().get("/api/v1/patients?name=demir");
  EXPECT_EQ(list.json()["items"].size(), 1u) << list.body;
}

INSTANTIATE_TEST_SUITE_P(Engines, ContractApiTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         engine_name);

}  // namespace
}  // namespace mesoclinic::testing
