// Protocols through the API: validated, readable by everyone who books courses, edited and
// retired by admins; prices are the clinics' own (clinics_api_test.cc).
#include "api_fixture.h"
#include "direct_sql.h"

namespace mesoclinic::testing {
namespace {

using nlohmann::json;

class ProtocolTest : public ApiTest {
 protected:
  json standard(const std::string& formulation_id) const {
    return {{"name", "Standard course"},
            {"formulation_id", formulation_id},
            {"technique", "nappage, 30G 4 mm needle, 1.5 mm deep"},
            {"sessions", 8},
            {"interval_days", {7, 7, 7, 14, 14, 14, 14}},
            {"tolerance_days", 2},
            {"appointment_minutes", 45}};
  }
};

TEST_P(ProtocolTest, AdminsDefineProtocolsWithoutPricesAndEveryoneCanReadThem) {
  add_user("admin", "admin.test");
  HttpClient admin(server().port());
  ASSERT_EQ(sign_in(admin, "admin.test").status, 201);
  const json formulations = admin.get("/api/v1/formulations").json();
  const std::string formulation = formulations["items"][0]["id"];

  const HttpReply created = admin.send_json("POST", "/api/v1/protocols", standard(formulation));
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.header("etag"), "\"1\"");
  const json protocol = created.json();
  EXPECT_FALSE(protocol.contains("cost_estimate")) << "a protocol costs what each clinic says";
  EXPECT_EQ(protocol["recall_after_months"], 12);
  EXPECT_EQ(protocol["version"], 1);
  EXPECT_TRUE(protocol["retired_at"].is_null());
  EXPECT_EQ(admin.send_json("POST", "/api/v1/protocols", standard(formulation)).status, 409);

  // A price sent with the definition is refused with where prices go instead.
  json package = standard(formulation);
  package["name"] = "Package course";
  package["package_price"] = {{"minor_units", 85000}, {"currency", "EUR"}};
  const HttpReply priced = admin.send_json("POST", "/api/v1/protocols", package);
  EXPECT_EQ(priced.status, 422);
  EXPECT_NE(priced.body.find("/package_price"), std::string::npos) << priced.body;
  EXPECT_NE(priced.body.find("/price"), std::string::npos) << priced.body;
  package.erase("package_price");
  EXPECT_EQ(admin.send_json("POST", "/api/v1/protocols", package).status, 201);

  add_user("reception", "desk.test");
  HttpClient desk(server().port());
  ASSERT_EQ(sign_in(desk, "desk.test").status, 201);
  const json listed = desk.get("/api/v1/protocols").json();
  ASSERT_EQ(listed["items"].size(), 2u);
  const HttpReply one = desk.get("/api/v1/protocols/" + protocol["id"].get<std::string>());
  ASSERT_EQ(one.status, 200);
  EXPECT_EQ(one.json()["interval_days"], json({7, 7, 7, 14, 14, 14, 14}));
  EXPECT_EQ(desk.send_json("POST", "/api/v1/protocols", package).status, 403);
}

TEST_P(ProtocolTest, AnEditNeedsTheETagAndIsCheckedWhole) {
  add_user("admin", "admin.test");
  HttpClient admin(server().port());
  ASSERT_EQ(sign_in(admin, "admin.test").status, 201);
  const std::string formulation = admin.get("/api/v1/formulations").json()["items"][0]["id"];
  const json protocol = admin.send_json("POST", "/api/v1/protocols", standard(formulation)).json();
  const std::string item = "/api/v1/protocols/" + protocol["id"].get<std::string>();
  const json change = {{"technique", "point-by-point, 32G"}, {"tolerance_days", 3}};
  EXPECT_EQ(admin.send_json("PATCH", item, change).status, 428);
  EXPECT_EQ(admin.send_json("PATCH", item, change, {{"If-Match", "\"7\""}}).status, 412);
  const HttpReply bad = admin.send_json("PATCH", item, {{"sessions", 9}}, {{"If-Match", "\"1\""}});
  EXPECT_EQ(bad.status, 422) << "nine sessions need eight intervals";
  EXPECT_NE(bad.body.find("/interval_days"), std::string::npos) << bad.body;
  const HttpReply edited = admin.send_json("PATCH", item, change, {{"If-Match", "\"1\""}});
  ASSERT_EQ(edited.status, 200) << edited.body;
  EXPECT_EQ(edited.header("etag"), "\"2\"");
  EXPECT_EQ(edited.json()["technique"], "point-by-point, 32G");
  EXPECT_EQ(edited.json()["tolerance_days"], 3);
  EXPECT_EQ(edited.json()["sessions"], 8) << "what the edit leaves out stays";
  EXPECT_EQ(admin.get(item).json()["version"], 2);
}

TEST_P(ProtocolTest, CoursesOutsideSixToTenSessionsNeedAReasonAndBadInputChangesNothing) {
  add_user("admin", "admin.test");
  HttpClient admin(server().port());
  ASSERT_EQ(sign_in(admin, "admin.test").status, 201);
  const json formulations = admin.get("/api/v1/formulations").json();
  json protocol = standard(formulations["items"][0]["id"]);
  protocol["sessions"] = 12;
  protocol["interval_days"] = {7, 7, 7, 7, 14, 14, 14, 14, 14, 14, 14};
  const HttpReply refused = admin.send_json("POST", "/api/v1/protocols", protocol);
  EXPECT_EQ(refused.status, 422);
  EXPECT_NE(refused.body.find("/sessions_override_reason"), std::string::npos) << refused.body;

  json bad = standard("no-such-formulation");
  bad["interval_days"] = {7, 7, 0};
  bad["price_per_session"] = {{"minor_units", 12000}, {"currency", "EUR"}};
  bad["appointment_minutes"] = 5;
  const HttpReply many = admin.send_json("POST", "/api/v1/protocols", bad);
  EXPECT_EQ(many.status, 422);
  for (const char* field :
       {"/interval_days", "/interval_days/2", "/price_per_session", "/appointment_minutes"}) {
    EXPECT_NE(many.body.find(std::string("\"") + field + "\""), std::string::npos)
        << field << " in " << many.body;
  }
  const HttpReply unknown = admin.send_json("POST", "/api/v1/protocols", standard("nothing"));
  EXPECT_EQ(unknown.status, 422);
  EXPECT_NE(unknown.body.find("/formulation_id"), std::string::npos);

  protocol["sessions_override_reason"] = "Severe diffuse loss; extended course agreed.";
  EXPECT_EQ(admin.send_json("POST", "/api/v1/protocols", protocol).status, 201);
  EXPECT_EQ(query_value(database_url(), "SELECT COUNT(*) FROM protocols"), "1");
}

INSTANTIATE_TEST_SUITE_P(BothEngines, ProtocolTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         engine_name);

}  // namespace
}  // namespace mesoclinic::testing
