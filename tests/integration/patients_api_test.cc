// The patients resource end to end: the real binary, a real database of each engine, and
// what a receptionist's client would see.
#include <algorithm>
#include <set>
#include <thread>

#include "api_fixture.h"

namespace mesoclinic::testing {
namespace {

using nlohmann::json;

std::set<std::string> error_fields(const HttpReply& reply) {
  std::set<std::string> fields;
  const json body = reply.json();
  if (!body.is_object() || !body.contains("errors")) return fields;
  for (const auto& e : body["errors"]) fields.insert(e["field"].get<std::string>());
  return fields;
}

TEST_P(ApiTest, CreatesAndReadsAPatient) {
  const HttpReply created = client().send_json("POST", "/api/v1/patients", patient_body());
  ASSERT_EQ(created.status, 201) << created.body;
  const json patient = created.json();
  const std::string id = patient["id"];
  EXPECT_EQ(created.header("location"), "/api/v1/patients/" + id);
  EXPECT_EQ(created.header("etag"), "\"1\"");
  EXPECT_EQ(patient["clinic_id"], clinic_id_);
  EXPECT_EQ(patient["family_name"], "Yılmaz");
  EXPECT_EQ(patient["given_name"], "Ayşe");
  EXPECT_EQ(patient["date_of_birth"], "1988-03-14");
  EXPECT_EQ(patient["phone"], "+905321234567");  // typed with spaces, stored as E.164
  EXPECT_EQ(patient["reminder_channel"], "sms");
  EXPECT_EQ(patient["version"], 1);
  EXPECT_EQ(patient["created_at"], patient["updated_at"]);
  EXPECT_TRUE(patient["created_at"].get<std::string>().ends_with("Z"));

  const HttpReply read = client().get("/api/v1/patients/" + id);
  ASSERT_EQ(read.status, 200);
  EXPECT_EQ(read.json(), patient);
  EXPECT_EQ(read.header("etag"), "\"1\"");
  EXPECT_EQ(read.header("cache-control"), "no-store");
}

TEST_P(ApiTest, OptionalContactsMayBeOmittedOrNull) {
  json body = patient_body();
  body.erase("phone");
  body["email"] = nullptr;
  body["reminder_channel"] = "none";
  body.erase("sex");
  body.erase("preferred_language");
  const json patient = create(body);
  EXPECT_TRUE(patient["phone"].is_null());
  EXPECT_TRUE(patient["email"].is_null());
  EXPECT_EQ(patient["sex"], "unknown");
  EXPECT_EQ(patient["preferred_language"], "en");
}

TEST_P(ApiTest, UnknownOrMalformedIdIsNotFound) {
  EXPECT_EQ(client().get("/api/v1/patients/0190f5c2-7a1b-7c3d-8e4f-0123456789ab").status, 404);
  const HttpReply bad = client().get("/api/v1/patients/not-an-id");
  EXPECT_EQ(bad.status, 404);
  EXPECT_EQ(bad.header("content-type"), "application/problem+json");
}

TEST_P(ApiTest, UpdateNeedsTheCurrentETag) {
  const json patient = create(patient_body());
  const std::string target = "/api/v1/patients/" + patient["id"].get<std::string>();
  const json change = {{"phone", "+447700900123"}};

  const HttpReply missing = client().send_json("PATCH", target, change);
  EXPECT_EQ(missing.status, 428) << missing.body;

  const HttpReply updated = client().send_json("PATCH", target, change, {{"If-Match", "\"1\""}});
  ASSERT_EQ(updated.status, 200) << updated.body;
  EXPECT_EQ(updated.json()["phone"], "+447700900123");
  EXPECT_EQ(updated.json()["version"], 2);
  EXPECT_EQ(updated.header("etag"), "\"2\"");
  EXPECT_EQ(updated.json()["family_name"], "Yılmaz");  // untouched fields stay

  // A second receptionist still holding version 1 must not overwrite the change.
  const HttpReply stale =
      client().send_json("PATCH", target, {{"phone", "+905559998877"}}, {{"If-Match", "\"1\""}});
  EXPECT_EQ(stale.status, 412) << stale.body;
  EXPECT_EQ(stale.header("content-type"), "application/problem+json");
  const json now = client().get(target).json();
  EXPECT_EQ(now["phone"], "+447700900123");
  EXPECT_EQ(now["version"], 2);
}

TEST_P(ApiTest, MergePatchClearsAnOptionalField) {
  const json patient = create(patient_body());
  const std::string target = "/api/v1/patients/" + patient["id"].get<std::string>();
  const HttpReply cleared =
      client().request("PATCH", target, R"({"email": null})",
                       {{"Content-Type", "application/merge-patch+json"}, {"If-Match", "\"1\""}});
  ASSERT_EQ(cleared.status, 200) << cleared.body;
  EXPECT_TRUE(cleared.json()["email"].is_null());
  // SMS reminders still have a phone, so this is allowed; now remove the phone as well.
  const HttpReply refused =
      client().send_json("PATCH", target, {{"phone", nullptr}}, {{"If-Match", "\"2\""}});
  EXPECT_EQ(refused.status, 422);
  EXPECT_EQ(error_fields(refused), std::set<std::string>{"/reminder_channel"});
}

TEST_P(ApiTest, PatchRefusesReadOnlyAndUnknownFields) {
  const json patient = create(patient_body());
  const std::string target = "/api/v1/patients/" + patient["id"].get<std::string>();
  const HttpReply refused = client().send_json(
      "PATCH", target, {{"clinic_id", other_clinic_id_}, {"version", 7}, {"nickname", "x"}},
      {{"If-Match", "\"1\""}});
  EXPECT_EQ(refused.status, 422);
  EXPECT_EQ(error_fields(refused), (std::set<std::string>{"/clinic_id", "/version", "/nickname"}));
  EXPECT_EQ(client().get(target).json(), patient);
}

TEST_P(ApiTest, SoftDeleteHidesThePatient) {
  const json patient = create(patient_body());
  const std::string target = "/api/v1/patients/" + patient["id"].get<std::string>();
  EXPECT_EQ(client().request("DELETE", target).status, 428);
  EXPECT_EQ(client().request("DELETE", target, "", {{"If-Match", "\"9\""}}).status, 412);
  EXPECT_EQ(client().request("DELETE", target, "", {{"If-Match", "\"1\""}}).status, 204);
  EXPECT_EQ(client().get(target).status, 404);
  EXPECT_TRUE(all_patients().empty());
  EXPECT_EQ(client().request("DELETE", target, "", {{"If-Match", "\"1\""}}).status, 404);
}

TEST_P(ApiTest, IdempotencyKeyReplaysTheFirstReply) {
  const std::map<std::string, std::string> key = {{"Idempotency-Key", "intake-2026-11-24-001"}};
  const HttpReply first = client().send_json("POST", "/api/v1/patients", patient_body(), key);
  ASSERT_EQ(first.status, 201) << first.body;
  const HttpReply again = client().send_json("POST", "/api/v1/patients", patient_body(), key);
  EXPECT_EQ(again.status, 201);
  EXPECT_EQ(again.json(), first.json());
  EXPECT_EQ(again.header("location"), first.header("location"));
  EXPECT_EQ(again.header("idempotent-replayed"), "true");
  EXPECT_EQ(all_patients().size(), 1u);

  const HttpReply other =
      client().send_json("POST", "/api/v1/patients", patient_body("Kaya", "Elif"), key);
  EXPECT_EQ(other.status, 422) << other.body;
  EXPECT_EQ(all_patients().size(), 1u);
}

TEST_P(ApiTest, ConcurrentRetriesWithOneKeyCreateOnePatient) {
  const std::string body = patient_body().dump();
  std::vector<std::string> ids(8);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    threads.emplace_back([&, i] {
      HttpClient own(server().port());
      use_session(own);
      const HttpReply reply =
          own.request("POST", "/api/v1/patients", body,
                      {{"Content-Type", "application/json"}, {"Idempotency-Key", "same-key"}});
      if (reply.status == 201) ids[i] = reply.json()["id"];
    });
  }
  for (auto& t : threads) t.join();
  for (const auto& id : ids) EXPECT_EQ(id, ids[0]);
  EXPECT_FALSE(ids[0].empty());
  EXPECT_EQ(all_patients().size(), 1u);
}

struct BadInput {
  std::string name;
  std::string body;
  std::map<std::string, std::string> headers;
  int status;
  std::set<std::string> fields;
};

TEST_P(ApiTest, BadInputIsRefusedWithAProblemAndChangesNothing) {
  const std::string clinic = clinic_id_;
  auto with = [&](json patch) {
    json body = patient_body();
    body.merge_patch(patch);
    return body.dump();
  };
  const std::map<std::string, std::string> json_type = {{"Content-Type", "application/json"}};
  const std::vector<BadInput> cases = {
      {"malformed JSON", R"({"family_name": "Kaya",)", json_type, 400, {}},
      {"not an object", R"(["Kaya"])", json_type, 422, {}},
      {"invalid UTF-8",
       "{\"clinic_id\":\"" + clinic + "\",\"family_name\":\"K\xff\"}",
       json_type,
       400,
       {}},
      {"wrong media type", with({}), {{"Content-Type", "text/plain"}}, 415, {}},
      {"too deep", std::string(100, '[') + std::string(100, ']'), json_type, 400, {}},
      {"missing fields",
       json{{"clinic_id", clinic}}.dump(),
       json_type,
       422,
       {"/family_name", "/given_name", "/date_of_birth"}},
      {"wrong types",
       with({{"family_name", 42}, {"sex", true}, {"phone", 905321234567}}),
       json_type,
       422,
       {"/family_name", "/sex", "/phone"}},
      {"unknown and read-only fields",
       with({{"id", "x"}, {"version", 3}, {"shoe_size", 44}}),
       json_type,
       422,
       {"/id", "/version", "/shoe_size"}},
      {"impossible date",
       with({{"date_of_birth", "1988-02-30"}}),
       json_type,
       422,
       {"/date_of_birth"}},
      {"born in the future",
       with({{"date_of_birth", "2999-01-01"}}),
       json_type,
       422,
       {"/date_of_birth"}},
      {"phone not E.164", with({{"phone", "0532 123 45 67"}}), json_type, 422, {"/phone"}},
      {"bad enum values",
       with({{"sex", "F"}, {"reminder_channel", "pigeon"}}),
       json_type,
       422,
       {"/sex", "/reminder_channel"}},
      {"control characters",
       with({{"family_name", std::string("Kaya\0DROP", 9)}, {"given_name", "Ay\x07se"}}),
       json_type,
       422,
       {"/family_name", "/given_name"}},
      {"unknown clinic",
       with({{"clinic_id", "0190f5c2-7a1b-7c3d-8e4f-0123456789ab"}}),
       json_type,
       422,
       {"/clinic_id"}},
      {"hostile member name", with({{"a/b~c", 1}}), json_type, 422, {"/a~1b~0c"}},
      {"oversized body",
       with({{"family_name", std::string(2 * 1024 * 1024, 'a')}}),
       json_type,
       413,
       {}},
      {"bad idempotency key",
       with(json::object()),
       {{"Content-Type", "application/json"}, {"Idempotency-Key", "has spaces in it"}},
       400,
       {}},
  };
  for (const BadInput& c : cases) {
    SCOPED_TRACE(c.name);
    const HttpReply reply = client().request("POST", "/api/v1/patients", c.body, c.headers);
    EXPECT_EQ(reply.status, c.status) << reply.body;
    EXPECT_EQ(reply.header("content-type"), "application/problem+json");
    const json problem = reply.json();
    EXPECT_EQ(problem.value("status", 0), c.status);
    EXPECT_TRUE(problem.contains("title") && problem["title"].is_string());
    EXPECT_EQ(error_fields(reply), c.fields);
  }
  EXPECT_TRUE(all_patients().empty());
}

TEST_P(ApiTest, SearchIgnoresCaseAndAccents) {
  create(patient_body("Müller", "Jürgen"));
  create(patient_body("MULLER", "Anna"));
  create(patient_body("Yılmaz", "Ayşe"));
  create(patient_body("Şahin", "İpek"));
  create(patient_body("O'Brien", "Siobhán"));
  const auto names = [&](const std::string& query) {
    std::multiset<std::string> found;
    for (const auto& p : all_patients("&name=" + query)) {
      found.insert(p["family_name"].get<std::string>() + " " + p["given_name"].get<std::string>());
    }
    return found;
  };
  EXPECT_EQ(names("mul"), (std::multiset<std::string>{"Müller Jürgen", "MULLER Anna"}));
  EXPECT_EQ(names("M%C3%BCLL"), (std::multiset<std::string>{"Müller Jürgen", "MULLER Anna"}));
  EXPECT_EQ(names("yil"), std::multiset<std::string>{"Yılmaz Ayşe"});
  EXPECT_EQ(names("ayse"), std::multiset<std::string>{"Yılmaz Ayşe"});
  EXPECT_EQ(names("ipek"), std::multiset<std::string>{"Şahin İpek"});
  EXPECT_EQ(names("sahin%20i"), std::multiset<std::string>{"Şahin İpek"});
  EXPECT_EQ(names("o'b"), std::multiset<std::string>{"O'Brien Siobhán"});
  EXPECT_TRUE(names("%25").empty());   // a literal "%" matches nothing, not everything
  EXPECT_TRUE(names("ller").empty());  // prefix, not substring
}

TEST_P(ApiTest, SearchByPhoneAndBirthDateAndClinic) {
  json other = patient_body("Kaya", "Elif");
  other["phone"] = "+905551112233";
  other["date_of_birth"] = "1979-12-01";
  other["clinic_id"] = other_clinic_id_;
  const json elif = create(other);
  create(patient_body());
  const auto ids = [&](const std::string& filter) {
    std::vector<std::string> found;
    for (const auto& p : all_patients(filter)) found.push_back(p["id"]);
    return found;
  };
  const std::vector<std::string> just_elif = {elif["id"]};
  EXPECT_EQ(ids("&phone=%2B905551112233"), just_elif);
  EXPECT_EQ(ids("&phone=%2B90%20555%20111%2022%2033"), just_elif);
  EXPECT_EQ(ids("&date_of_birth=1979-12-01"), just_elif);
  EXPECT_EQ(ids("&clinic_id=" + other_clinic_id_), just_elif);
  EXPECT_EQ(ids("&clinic_id=" + other_clinic_id_ + "&name=yil").size(), 0u);
}

TEST_P(ApiTest, PagesCoverEveryPatientOnceInNameOrder) {
  for (int i = 0; i < 23; ++i) {
    create(patient_body("Family" + std::to_string(100 + i), i % 2 ? "Ayşe" : "Zeynep"));
  }
  std::vector<std::string> seen;
  std::string cursor;
  int pages = 0;
  do {
    std::string target = "/api/v1/patients?limit=5";
    if (!cursor.empty()) target += "&cursor=" + cursor;
    const json page = client().get(target).json();
    for (const auto& p : page["items"]) seen.push_back(p["family_name"]);
    cursor = page["next_cursor"].is_null() ? "" : page["next_cursor"].get<std::string>();
    ++pages;
  } while (!cursor.empty());
  EXPECT_EQ(pages, 5);
  ASSERT_EQ(seen.size(), 23u);
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), 23u);
}

TEST_P(ApiTest, ListRefusesBadQueryParameters) {
  for (const std::string query :
       {"limit=0", "limit=201", "limit=ten", "cursor=garbage!", "phone=12",
        "date_of_birth=yesterday", "sort=family_name", "name=%20%20"}) {
    SCOPED_TRACE(query);
    const HttpReply reply = client().get("/api/v1/patients?" + query);
    EXPECT_EQ(reply.status, 422) << reply.body;
    EXPECT_EQ(reply.header("content-type"), "application/problem+json");
  }
}

TEST_P(ApiTest, HealthReadinessAndMetrics) {
  EXPECT_EQ(client().get("/healthz").status, 200);
  EXPECT_EQ(client().get("/readyz").json()["status"], "ready");
  create(patient_body());
  const HttpReply metrics = client().get("/metrics");
  ASSERT_EQ(metrics.status, 200);
  EXPECT_NE(
      metrics.body.find(
          R"(mesoclinic_http_requests_total{method="POST",route="/api/v1/patients",status="201"} 1)"),
      std::string::npos)
      << metrics.body;
  EXPECT_NE(metrics.body.find("mesoclinic_http_request_duration_seconds_bucket"),
            std::string::npos);
  EXPECT_NE(metrics.body.find("mesoclinic_db_pool_connections"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(BothEngines, ApiTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         engine_name);

}  // namespace
}  // namespace mesoclinic::testing
