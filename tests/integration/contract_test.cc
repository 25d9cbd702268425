// The API's one contract, held against the router's own route table so that a new route cannot
// skip it: every route is classified below (a route missing from the tables fails), and each
// class is then checked against the running server:
// - a change of a versioned resource (PUT/PATCH/DELETE) needs If-Match: 428 without it;
// - a POST that creates something honours Idempotency-Key: the same key and body give the same
//   reply again and add nothing;
// - a list pages with `limit` and `cursor` and answers `next_cursor`.
// Routes that do not keep the contract yet are listed as known exceptions, each with its reason,
// so that the gap stays visible; fixing one means moving it to its proper table.
// (Every Location header naming a documented GET, and every reply matching docs/openapi.yaml,
// is checked for all integration tests by ReplyContract.Validate.)
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>

#include "api/api.h"
#include "api_fixture.h"
#include "http/http.h"
#include "store/store.h"

namespace mesoclinic::testing {
namespace {

using Route = std::pair<std::string, std::string>;  // (METHOD, path pattern)

enum class Kind {
  kRead,                   // GET of one thing
  kPagedList,              // GET of a list: limit, cursor in; next_cursor out
  kConditionalChange,      // PUT/PATCH/DELETE of a versioned resource: If-Match required
  kIdempotentCreate,       // POST that creates: Idempotency-Key honoured
  kAction,                 // POST/DELETE that does something rather than create or edit a record
  kKnownUnpagedList,       // known exception: a list without paging
  kKnownUnconditional,     // known exception: a change without If-Match
  kKnownCreateWithoutKey,  // known exception: a create that ignores Idempotency-Key
};

struct Rule {
  Kind kind;
  const char* why;  // for actions and known exceptions: the reason, as a reviewer reads it
};

// The classification of every route. Keep it in step with the router: a route that is missing
// here fails RoutesAreAllClassified.
const std::map<Route, Rule>& classification() {
  static const std::map<Route, Rule> table = {
      // operations and the session
      {{"GET", "/healthz"}, {Kind::kRead, ""}},
      {{"GET", "/readyz"}, {Kind::kRead, ""}},
      {{"GET", "/metrics"}, {Kind::kRead, ""}},
      {{"POST", "/api/v1/session"}, {Kind::kAction, "signing in starts a session, a credential"}},
      {{"GET", "/api/v1/session"}, {Kind::kRead, ""}},
      {{"DELETE", "/api/v1/session"}, {Kind::kAction, "signing out ends the caller's own session"}},
      {{"GET", "/api/v1/audit"},
       {Kind::kKnownUnpagedList, "pages by `limit` and `after` (a sequence number), not a cursor"}},
      // staff and tokens
      {{"POST", "/api/v1/users"},
       {Kind::kKnownCreateWithoutKey, "a repeated username is refused (409 name-taken)"}},
      {{"GET", "/api/v1/users"}, {Kind::kKnownUnpagedList, "staff lists are short"}},
      {{"GET", "/api/v1/users/{id}"}, {Kind::kRead, ""}},
      {{"PATCH", "/api/v1/users/{id}"}, {Kind::kConditionalChange, ""}},
      {{"POST", "/api/v1/users/{id}/password-reset"},
       {Kind::kAction, "a reset replaces a credential and ends sessions; it creates nothing"}},
      {{"PUT", "/api/v1/session/password"},
       {Kind::kAction,
        "one's own password change is proved by the current password, not a version"}},
      {{"DELETE", "/api/v1/users/{id}/sessions"},
       {Kind::kAction, "signs a user out everywhere; repeating it changes nothing"}},
      {{"POST", "/api/v1/tokens"},
       {Kind::kAction, "issues a secret shown once; a replay could not show it again"}},
      {{"GET", "/api/v1/tokens"}, {Kind::kKnownUnpagedList, "token lists are short"}},
      {{"DELETE", "/api/v1/tokens/{id}"},
       {Kind::kAction, "revocation is final and repeatable; there is no version to lose"}},
      // patients
      {{"GET", "/api/v1/patients"}, {Kind::kPagedList, ""}},
      {{"POST", "/api/v1/patients"}, {Kind::kIdempotentCreate, ""}},
      {{"GET", "/api/v1/patients/{id}"}, {Kind::kRead, ""}},
      {{"PATCH", "/api/v1/patients/{id}"}, {Kind::kConditionalChange, ""}},
      {{"DELETE", "/api/v1/patients/{id}"}, {Kind::kConditionalChange, ""}},
      {{"GET", "/api/v1/patients/{id}/export"}, {Kind::kRead, ""}},
      {{"POST", "/api/v1/patients/{id}/erasure"},
       {Kind::kAction, "erasure is final and repeatable"}},
      // assessment
      {{"GET", "/api/v1/patients/{id}/medical-history"}, {Kind::kRead, ""}},
      {{"POST", "/api/v1/patients/{id}/medical-history"},
       {Kind::kKnownCreateWithoutKey,
        "saves a new version; after the first, If-Match on the latest stops a repeat"}},
      {{"GET", "/api/v1/patients/{id}/hair-assessment"}, {Kind::kRead, ""}},
      {{"POST", "/api/v1/patients/{id}/hair-assessment"},
       {Kind::kKnownCreateWithoutKey,
        "saves a new version; after the first, If-Match on the latest stops a repeat"}},
      {{"POST", "/api/v1/patients/{id}/suitability"},
       {Kind::kAction, "computes a proposal from the records; stores nothing of its own"}},
      {{"GET", "/api/v1/patients/{id}/decisions"},
       {Kind::kKnownUnpagedList, "a patient has a handful of decisions"}},
      {{"POST", "/api/v1/patients/{id}/decisions"}, {Kind::kIdempotentCreate, ""}},
      // catalogue
      {{"POST", "/api/v1/formulations"},
       {Kind::kKnownCreateWithoutKey, "a repeated name is refused (409 name-taken)"}},
      {{"GET", "/api/v1/formulations"}, {Kind::kKnownUnpagedList, "the catalogue is short"}},
      {{"GET", "/api/v1/formulations/{id}"}, {Kind::kRead, ""}},
      {{"PATCH", "/api/v1/formulations/{id}"}, {Kind::kConditionalChange, ""}},
      {{"POST", "/api/v1/protocols"},
       {Kind::kKnownCreateWithoutKey, "a repeated name is refused (409 name-taken)"}},
      {{"GET", "/api/v1/protocols"}, {Kind::kKnownUnpagedList, "the catalogue is short"}},
      {{"GET", "/api/v1/protocols/{id}"}, {Kind::kRead, ""}},
      {{"PATCH", "/api/v1/protocols/{id}"}, {Kind::kConditionalChange, ""}},
      {{"POST", "/api/v1/protocols/{id}/retirement"},
       {Kind::kAction, "retiring is final and a second retirement changes nothing"}},
      {{"POST", "/api/v1/rule-sets"},
       {Kind::kKnownCreateWithoutKey, "each load is a new numbered version"}},
      {{"GET", "/api/v1/rule-sets"}, {Kind::kKnownUnpagedList, "rule-set versions are few"}},
      {{"GET", "/api/v1/rule-sets/{id}"}, {Kind::kRead, ""}},
      {{"POST", "/api/v1/products"},
       {Kind::kKnownCreateWithoutKey, "a repeated name is refused (409 name-taken)"}},
      {{"GET", "/api/v1/products"}, {Kind::kKnownUnpagedList, "the catalogue is short"}},
      {{"GET", "/api/v1/products/{id}"}, {Kind::kRead, ""}},
      {{"PATCH", "/api/v1/products/{id}"}, {Kind::kConditionalChange, ""}},
      // clinics and their settings
      {{"GET", "/api/v1/clinics"}, {Kind::kKnownUnpagedList, "a group has a few clinics"}},
      {{"POST", "/api/v1/clinics"},
       {Kind::kKnownCreateWithoutKey, "opening a clinic is rare and done by hand; not keyed yet"}},
      {{"GET", "/api/v1/clinics/{id}"}, {Kind::kRead, ""}},
      {{"PATCH", "/api/v1/clinics/{id}"}, {Kind::kConditionalChange, ""}},
      {{"GET", "/api/v1/clinics/{id}/protocols/{protocol_id}/price"}, {Kind::kRead, ""}},
      {{"PUT", "/api/v1/clinics/{id}/protocols/{protocol_id}/price"},
       {Kind::kKnownUnconditional,
        "a protocol's first price at a clinic has no version to match; later changes need "
        "If-Match"}},
      {{"GET", "/api/v1/clinics/{id}/calendar"}, {Kind::kRead, ""}},
      {{"PUT", "/api/v1/clinics/{id}/calendar"},
       {Kind::kKnownUnconditional, "clinic settings carry no version yet"}},
      {{"POST", "/api/v1/clinics/{id}/rooms"},
       {Kind::kKnownCreateWithoutKey, "a repeated room name is refused (409 name-taken)"}},
      {{"GET", "/api/v1/clinics/{id}/rooms"}, {Kind::kKnownUnpagedList, "a clinic has few rooms"}},
      {{"GET", "/api/v1/clinics/{id}/rooms/{room_id}"}, {Kind::kRead, ""}},
      {{"PATCH", "/api/v1/clinics/{id}/rooms/{room_id}"}, {Kind::kConditionalChange, ""}},
      {{"GET", "/api/v1/clinics/{id}/practitioners/{user_id}/schedule"}, {Kind::kRead, ""}},
      {{"PUT", "/api/v1/clinics/{id}/practitioners/{user_id}/schedule"},
       {Kind::kKnownUnconditional, "clinic settings carry no version yet"}},
      {{"GET", "/api/v1/clinics/{id}/contact"}, {Kind::kRead, ""}},
      {{"PUT", "/api/v1/clinics/{id}/contact"},
       {Kind::kKnownUnconditional, "clinic settings carry no version yet"}},
      {{"GET", "/api/v1/clinics/{id}/aftercare-rules"}, {Kind::kRead, ""}},
      {{"PUT", "/api/v1/clinics/{id}/aftercare-rules"},
       {Kind::kKnownUnconditional, "clinic settings carry no version yet"}},
      {{"GET", "/api/v1/clinics/{id}/appointments"},
       {Kind::kKnownUnpagedList, "bounded by its from/to window instead"}},
      {{"GET", "/api/v1/clinics/{id}/reminders"},
       {Kind::kKnownUnpagedList, "filtered by status, no paging yet"}},
      // stock
      {{"POST", "/api/v1/lots"}, {Kind::kIdempotentCreate, ""}},
      {{"GET", "/api/v1/lots"},
       {Kind::kKnownUnpagedList, "one clinic's lots in stock, no paging yet"}},
      {{"GET", "/api/v1/lots/{id}"}, {Kind::kRead, ""}},
      {{"POST", "/api/v1/lots/{id}/recall"}, {Kind::kAction, "a recall is final and repeatable"}},
      {{"GET", "/api/v1/lots/{id}/recipients"},
       {Kind::kKnownUnpagedList, "a recall needs every recipient at once"}},
      // courses and appointments
      {{"POST", "/api/v1/patients/{id}/course-plans"},
       {Kind::kAction, "computes a plan; books nothing"}},
      {{"POST", "/api/v1/patients/{id}/courses"}, {Kind::kIdempotentCreate, ""}},
      {{"GET", "/api/v1/patients/{id}/courses"},
       {Kind::kKnownUnpagedList, "a patient has a few courses"}},
      {{"GET", "/api/v1/courses/{id}"}, {Kind::kRead, ""}},
      {{"POST", "/api/v1/appointments"}, {Kind::kIdempotentCreate, ""}},
      {{"GET", "/api/v1/patients/{id}/appointments"},
       {Kind::kKnownUnpagedList, "a patient has tens of appointments"}},
      {{"POST", "/api/v1/appointments/{id}/reschedule"},
       {Kind::kAction, "moves a booked appointment; refused if it changed meanwhile"}},
      {{"POST", "/api/v1/appointments/{id}/status"},
       {Kind::kAction, "records attended, missed or cancelled; only from booked"}},
      // the chair
      {{"GET", "/api/v1/appointments/{id}/chart"}, {Kind::kRead, ""}},
      {{"PUT", "/api/v1/appointments/{id}/chart"},
       {Kind::kKnownUnconditional, "the draft is rewritten whole by the one practitioner"}},
      {{"POST", "/api/v1/appointments/{id}/chart/signature"},
       {Kind::kAction, "signs once; a second signature is refused (409 chart-signed)"}},
      {{"POST", "/api/v1/appointments/{id}/chart/corrections"}, {Kind::kIdempotentCreate, ""}},
      {{"GET", "/api/v1/appointments/{id}/aftercare"}, {Kind::kRead, ""}},
      {{"GET", "/api/v1/appointments/{id}/handout"}, {Kind::kRead, ""}},
      // reminders and calendars
      {{"GET", "/api/v1/patients/{id}/reminders"},
       {Kind::kKnownUnpagedList, "a patient has tens of reminders"}},
      {{"POST", "/api/v1/reminders/{id}/retry"},
       {Kind::kAction, "queues a failed reminder again; refused if it changed meanwhile"}},
      {{"GET", "/api/v1/patients/{id}/calendar.ics"}, {Kind::kRead, ""}},
      {{"POST", "/api/v1/patients/{id}/calendar-subscriptions"},
       {Kind::kAction, "issues a secret address shown once; a replay could not show it again"}},
      {{"GET", "/api/v1/patients/{id}/calendar-subscriptions"},
       {Kind::kKnownUnpagedList, "a patient has a few subscriptions"}},
      {{"DELETE", "/api/v1/patients/{id}/calendar-subscriptions/{subscription_id}"},
       {Kind::kAction, "revocation is final and repeatable; there is no version to lose"}},
      {{"GET", "/calendar/{token}"}, {Kind::kRead, ""}},
      // consents
      {{"POST", "/api/v1/patients/{id}/consents"}, {Kind::kIdempotentCreate, ""}},
      {{"GET", "/api/v1/patients/{id}/consents"},
       {Kind::kKnownUnpagedList, "a patient has a few consents"}},
      {{"GET", "/api/v1/patients/{id}/consents/{consent_id}"}, {Kind::kRead, ""}},
      {{"POST", "/api/v1/patients/{id}/consents/{consent_id}/withdrawal"},
       {Kind::kAction, "a withdrawal is final; a second is refused (409)"}},
      // the worklist
      {{"GET", "/api/v1/clinics/{id}/worklist"}, {Kind::kPagedList, ""}},
      {{"POST", "/api/v1/clinics/{id}/worklist/{item_id}/closure"}, {Kind::kIdempotentCreate, ""}},
  };
  return table;
}

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

std::vector<Route> routes_of(Kind kind) {
  std::vector<Route> routes;
  for (const auto& [route, rule] : classification()) {
    if (rule.kind == kind) routes.push_back(route);
  }
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
      EXPECT_TRUE(kind == Kind::kRead || kind == Kind::kPagedList ||
                  kind == Kind::kKnownUnpagedList)
          << method << " " << pattern;
    } else if (method == "POST") {
      EXPECT_TRUE(kind == Kind::kIdempotentCreate || kind == Kind::kAction ||
                  kind == Kind::kKnownCreateWithoutKey)
          << method << " " << pattern;
    } else {
      EXPECT_TRUE(kind == Kind::kConditionalChange || kind == Kind::kAction ||
                  kind == Kind::kKnownUnconditional)
          << method << " " << pattern;
    }
    if (kind != Kind::kRead && kind != Kind::kPagedList && kind != Kind::kConditionalChange &&
        kind != Kind::kIdempotentCreate) {
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
  // The route's path with its parameters filled from `ids` (by the segment before each).
  static std::string fill(std::string pattern, const std::map<std::string, std::string>& ids) {
    for (const auto& [placeholder, value] : ids) {
      for (std::size_t at = pattern.find(placeholder); at != std::string::npos;
           at = pattern.find(placeholder)) {
        pattern.replace(at, placeholder.size(), value);
      }
    }
    return pattern;
  }
};

TEST_P(ContractApiTest, EveryConditionalChangeNeedsIfMatch) {
  const std::string patient_id = create(patient_body())["id"].get<std::string>();
  // The catalogue is the admin's: one of each kind to try its changes on.
  add_user("admin", "admin.contract");
  HttpClient admin(server().port());
  ASSERT_EQ(sign_in(admin, "admin.contract").status, 201);
  const auto created = [&admin](const std::string& path, const nlohmann::json& body) {
    const HttpReply reply = admin.send_json("POST", path, body);
    EXPECT_EQ(reply.status, 201) << path << ": " << reply.body;
    return reply.json().value("id", "");
  };
  const std::string formulation_id =
      created("/api/v1/formulations",
              {{"name", "Contract mix"},
               {"ingredients", {{{"substance", "biotin"}, {"amount_per_ml", 1}, {"unit", "mg"}}}}});
  const std::string product_id =
      created("/api/v1/products",
              {{"name", "Contract vial"}, {"formulation_id", formulation_id}, {"vial_ml", 5}});
  const std::string room_id =
      created("/api/v1/clinics/" + clinic_id_ + "/rooms", {{"name", "Contract room"}});
  const std::string protocol_id =
      created("/api/v1/protocols", {{"name", "Contract course"},
                                    {"formulation_id", formulation_id},
                                    {"sessions", 6},
                                    {"interval_days", {7, 7, 7, 14, 14}},
                                    {"appointment_minutes", 45}});
  const std::string admin_id = admin.get("/api/v1/session").json()["user"].value("id", "");
  const std::map<std::string, std::string> ids = {
      {"/patients/{id}", "/patients/" + patient_id},
      {"/protocols/{id}", "/protocols/" + protocol_id},
      {"/users/{id}", "/users/" + admin_id},
      {"/formulations/{id}", "/formulations/" + formulation_id},
      {"/products/{id}", "/products/" + product_id},
      {"/clinics/{id}", "/clinics/" + clinic_id_},
      {"/rooms/{room_id}", "/rooms/" + room_id}};
  for (const auto& [method, pattern] : routes_of(Kind::kConditionalChange)) {
    const std::string path = fill(pattern, ids);
    ASSERT_EQ(path.find('{'), std::string::npos) << "no resource to try " << pattern << " on";
    // Whichever of the two may make the change; the other's 403 would prove nothing.
    HttpClient& caller =
        client().send_json(method, path, nlohmann::json::object()).status == 403 ? admin : client();
    const HttpReply refused = caller.send_json(method, path, nlohmann::json::object());
    EXPECT_EQ(refused.status, 428) << method << " " << path << ": " << refused.body;
    EXPECT_EQ(refused.json().value("type", ""), "urn:mesoclinic:problem:precondition-required");
    // The problem names its request, as the log does.
    EXPECT_EQ(refused.json().value("request_id", ""), refused.header("x-request-id"));
    const HttpReply stale =
        caller.send_json(method, path, nlohmann::json::object(), {{"If-Match", "\"999\""}});
    EXPECT_EQ(stale.status, 412) << method << " " << path << ": " << stale.body;
    EXPECT_EQ(stale.json().value("type", ""), "urn:mesoclinic:problem:stale-version");
  }
  // And the record is untouched by all of that.
  const HttpReply read = client().get("/api/v1/patients/" + patient_id);
  EXPECT_EQ(read.status, 200);
  EXPECT_EQ(read.header("etag"), "\"1\"");
}

TEST_P(ContractApiTest, EveryPagedListTakesLimitAndCursor) {
  // Two patients, each decided "not now": two of everything a paged list shows (patients, and
  // the re-assessments on the clinic's worklist).
  for (const auto& [family, given] : {std::pair{"Yılmaz", "Ayşe"}, std::pair{"Kaya", "Elif"}}) {
    const std::string id = create(patient_body(family, given))["id"].get<std::string>();
    record_assessment(id);
    const std::string base = "/api/v1/patients/" + id;
    const nlohmann::json proposal =
        client().send_json("POST", base + "/suitability", nlohmann::json::object()).json();
    nlohmann::json decision = {{"outcome", "not_now"},
                               {"reassess_on", "2099-01-01"},
                               {"rule_set_version", proposal["rule_set"]["version"]},
                               {"medical_history_version", proposal["medical_history_version"]},
                               {"hair_assessment_version", proposal["hair_assessment_version"]}};
    if (proposal["proposed_outcome"] != "not_now") decision["override_reason"] = "Wants to wait.";
    const HttpReply decided = client().send_json("POST", base + "/decisions", decision);
    ASSERT_EQ(decided.status, 201) << decided.body;
  }
  const std::map<std::string, std::string> ids = {{"/clinics/{id}", "/clinics/" + clinic_id_}};
  for (const auto& [method, route] : routes_of(Kind::kPagedList)) {
    const std::string pattern = fill(route, ids);
    ASSERT_EQ(pattern.find('{'), std::string::npos) << "no resource to list " << route << " of";
    const HttpReply first = client().get(pattern + "?limit=1");
    ASSERT_EQ(first.status, 200) << pattern << ": " << first.body;
    ASSERT_EQ(first.json()["items"].size(), 1u) << pattern;
    const std::string cursor = first.json()["next_cursor"].get<std::string>();
    const HttpReply second = client().get(pattern + "?limit=1&cursor=" + cursor);
    ASSERT_EQ(second.status, 200) << pattern << ": " << second.body;
    EXPECT_NE(second.json()["items"][0], first.json()["items"][0]) << pattern;
    const HttpReply too_many = client().get(pattern + "?limit=100000");
    EXPECT_EQ(too_many.status, 422) << pattern << " accepts any limit";
  }
}

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
