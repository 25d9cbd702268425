// Editing and retiring the catalogue through the API, on both engines: formulations, products
// and rooms are renamed and retired with If-Match, lists hide what is retired unless asked, and
// a retired item is refused for new work with its own problem type.
#include <algorithm>

#include "api_fixture.h"

namespace mesoclinic::testing {
namespace {

using nlohmann::json;

class RetirementApiTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (HasFatalFailure()) return;
    add_user("admin", "admin.test");
    admin_ = std::make_unique<HttpClient>(server().port());
    ASSERT_EQ(sign_in(*admin_, "admin.test").status, 201);
  }

  static std::map<std::string, std::string> if_match(const std::string& etag) {
    return {{"If-Match", etag}};
  }

  // Whether the problem is the "retired" one and names `field`.
  static void expect_retired(const HttpReply& reply, const std::string& field) {
    EXPECT_EQ(reply.status, 409) << reply.body;
    const json problem = reply.json();
    EXPECT_EQ(problem["type"], "urn:mesoclinic:problem:retired") << reply.body;
    ASSERT_TRUE(problem.contains("errors")) << reply.body;
    EXPECT_EQ(problem["errors"][0]["field"], field) << reply.body;
  }

  static std::vector<std::string> ids(const json& list) {
    std::vector<std::string> found;
    for (const auto& item : list["items"]) found.push_back(item["id"]);
    return found;
  }

  std::unique_ptr<HttpClient> admin_;
};

TEST_P(RetirementApiTest, AFormulationIsRenamedAndRetiredButNeverChangedClinically) {
  const HttpReply created = admin_->send_json(
      "POST", "/api/v1/formulations",
      {{"name", "Copper peptide mix"},
       {"ingredients", {{{"substance", "copper"}, {"amount_per_ml", 1}, {"unit", "mg"}}}}});
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.header("etag"), "\"1\"");
  EXPECT_EQ(created.json()["retired"], false);
  const std::string path = "/api/v1/formulations/" + created.json()["id"].get<std::string>();

  EXPECT_EQ(admin_->send_json("PATCH", path, {{"name", "Copper mix"}}).status, 428);
  const HttpReply renamed =
      admin_->send_json("PATCH", path, {{"name", "Copper mix"}}, if_match("\"1\""));
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(renamed.json()["name"], "Copper mix");
  EXPECT_EQ(renamed.json()["version"], 2);
  EXPECT_EQ(renamed.header("etag"), "\"2\"");
  EXPECT_EQ(admin_->send_json("PATCH", path, {{"name", "Stale"}}, if_match("\"1\"")).status, 412);
  const HttpReply twin = admin_->send_json(
      "POST", "/api/v1/formulations",
      {{"name", "Copper mix"},
       {"ingredients", {{{"substance", "zinc"}, {"amount_per_ml", 1}, {"unit", "mg"}}}}});
  EXPECT_EQ(twin.status, 409) << twin.body;
  EXPECT_EQ(twin.json()["type"], "urn:mesoclinic:problem:name-taken") << "the name is in use";

  const HttpReply clinical = admin_->send_json(
      "PATCH", path, {{"ingredients", json::array()}, {"retired", "yes"}}, if_match("\"2\""));
  EXPECT_EQ(clinical.status, 422);
  EXPECT_NE(clinical.body.find("\"/ingredients\""), std::string::npos) << clinical.body;
  EXPECT_NE(clinical.body.find("\"/retired\""), std::string::npos) << clinical.body;
  EXPECT_EQ(client().send_json("PATCH", path, {{"retired", true}}, if_match("\"2\"")).status, 403)
      << "a practitioner does not edit the catalogue";
  EXPECT_EQ(admin_->get(path).json()["name"], "Copper mix") << "refusals changed nothing";

  const HttpReply retired =
      admin_->send_json("PATCH", path, {{"retired", true}}, if_match("\"2\""));
  ASSERT_EQ(retired.status, 200) << retired.body;
  EXPECT_EQ(retired.json()["retired"], true);
  EXPECT_TRUE(retired.json()["retired_at"].is_string());
  EXPECT_EQ(retired.json()["ingredients"].size(), 1u);
  const std::string id = retired.json()["id"];
  const auto listed = ids(admin_->get("/api/v1/formulations").json());
  EXPECT_EQ(std::count(listed.begin(), listed.end(), id), 0);
  const auto all = ids(admin_->get("/api/v1/formulations?include_retired=true").json());
  EXPECT_EQ(std::count(all.begin(), all.end(), id), 1);
  EXPECT_EQ(admin_->get("/api/v1/formulations?include_retired=maybe").status, 422);
  EXPECT_EQ(admin_->get(path).json()["retired"], true) << "a retired formulation stays readable";

  // Nothing new is made with it: no product, no screening.
  expect_retired(
      admin_->send_json("POST", "/api/v1/products",
                        {{"name", "Copper vial"}, {"formulation_id", id}, {"vial_ml", 5}}),
      "/formulation_id");
  const json patient = create(patient_body());
  const std::string patient_id = patient["id"];
  record_assessment(patient_id);
  expect_retired(client().send_json("POST", "/api/v1/patients/" + patient_id + "/suitability",
                                    {{"formulation_id", id}}),
                 "/formulation_id");
}

TEST_P(RetirementApiTest, ARetiredProductTakesNoNewLots) {
  const json formulations = admin_->get("/api/v1/formulations").json();
  ASSERT_FALSE(formulations["items"].empty());
  const HttpReply created = admin_->send_json("POST", "/api/v1/products",
                                              {{"name", "Biotin vial 5 ml"},
                                               {"formulation_id", formulations["items"][0]["id"]},
                                               {"vial_ml", 5}});
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id = created.json()["id"];
  const std::string path = "/api/v1/products/" + id;
  EXPECT_EQ(created.header("location"), path);
  const json delivery = {{"product_id", id},
                         {"clinic_id", clinic_id_},
                         {"number", "OLD-1"},
                         {"expires_on", "2099-01-31"},
                         {"quantity", 10}};
  ASSERT_EQ(admin_->send_json("POST", "/api/v1/lots", delivery).status, 201);
  const HttpReply read = admin_->get(path);
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(read.json()["version"], 1);
  const std::string etag = read.header("etag");
  EXPECT_EQ(admin_->get("/api/v1/products/nothing").status, 404);

  const HttpReply size = admin_->send_json("PATCH", path, {{"vial_ml", 10}}, if_match(etag));
  EXPECT_EQ(size.status, 422);
  EXPECT_NE(size.body.find("\"/vial_ml\""), std::string::npos) << size.body;
  const HttpReply empty_name = admin_->send_json("PATCH", path, {{"name", ""}}, if_match(etag));
  EXPECT_EQ(empty_name.status, 422);
  EXPECT_NE(empty_name.body.find("\"/name\""), std::string::npos) << empty_name.body;
  EXPECT_EQ(client().send_json("PATCH", path, {{"retired", true}}, if_match(etag)).status, 403);
  EXPECT_EQ(admin_->send_json("PATCH", path, {{"retired", true}}).status, 428);

  const HttpReply retired = admin_->send_json("PATCH", path, {{"retired", true}}, if_match(etag));
  ASSERT_EQ(retired.status, 200) << retired.body;
  EXPECT_EQ(retired.json()["vial_ml"], read.json()["vial_ml"]);
  EXPECT_EQ(admin_->send_json("PATCH", path, {{"name", "Late"}}, if_match(etag)).status, 412);
  const auto listed = ids(admin_->get("/api/v1/products").json());
  EXPECT_EQ(std::count(listed.begin(), listed.end(), id), 0);
  const auto all = ids(admin_->get("/api/v1/products?include_retired=true").json());
  EXPECT_EQ(std::count(all.begin(), all.end(), id), 1);

  json more = delivery;
  more["number"] = "NEW-1";
  expect_retired(admin_->send_json("POST", "/api/v1/lots", more), "/product_id");
  expect_retired(admin_->send_json("POST", "/api/v1/lots", delivery), "/product_id");
  // Its lots already on the shelf are still listed (a recall must find them).
  const json lots = admin_->get("/api/v1/lots?clinic_id=" + clinic_id_).json();
  bool held = false;
  for (const auto& lot : lots["items"]) held = held || lot["product_id"] == id;
  EXPECT_TRUE(held);
}

TEST_P(RetirementApiTest, ARoomIsRenamedAndRetiredWithinItsClinic) {
  const std::string rooms = "/api/v1/clinics/" + clinic_id_ + "/rooms";
  const HttpReply added = admin_->send_json("POST", rooms, {{"name", "Room 9"}});
  ASSERT_EQ(added.status, 201) << added.body;
  const std::string id = added.json()["id"];
  const std::string path = rooms + "/" + id;
  EXPECT_EQ(added.header("location"), path);
  const HttpReply read = client().get(path);
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(read.json()["name"], "Room 9");
  EXPECT_EQ(read.header("etag"), "\"1\"");
  EXPECT_EQ(admin_->get("/api/v1/clinics/" + other_clinic_id_ + "/rooms/" + id).status, 404)
      << "a room is found only under its own clinic";

  const HttpReply moved =
      admin_->send_json("PATCH", path, {{"clinic_id", other_clinic_id_}}, if_match("\"1\""));
  EXPECT_EQ(moved.status, 422);
  EXPECT_NE(moved.body.find("\"/clinic_id\""), std::string::npos) << moved.body;
  const HttpReply unnamed = admin_->send_json("PATCH", path, {{"name", ""}}, if_match("\"1\""));
  EXPECT_EQ(unnamed.status, 422);
  EXPECT_NE(unnamed.body.find("\"/name\""), std::string::npos) << unnamed.body;
  EXPECT_EQ(client().send_json("PATCH", path, {{"name", "Room 10"}}, if_match("\"1\"")).status,
            403);
  EXPECT_EQ(admin_->send_json("PATCH", path, {{"name", "Room 10"}}).status, 428);
  const HttpReply retired = admin_->send_json(
      "PATCH", path, {{"name", "Room 9 (closed)"}, {"retired", true}}, if_match("\"1\""));
  ASSERT_EQ(retired.status, 200) << retired.body;
  EXPECT_EQ(retired.json()["retired"], true);
  EXPECT_EQ(retired.json()["version"], 2);
  EXPECT_EQ(admin_->send_json("PATCH", path, {{"retired", false}}, if_match("\"1\"")).status, 412);

  const auto listed = ids(client().get(rooms).json());
  EXPECT_EQ(std::count(listed.begin(), listed.end(), id), 0);
  const auto all = ids(client().get(rooms + "?include_retired=true").json());
  EXPECT_EQ(std::count(all.begin(), all.end(), id), 1);

  // Back in service: listed again.
  const HttpReply back = admin_->send_json("PATCH", path, {{"retired", false}}, if_match("\"2\""));
  ASSERT_EQ(back.status, 200) << back.body;
  EXPECT_TRUE(back.json()["retired_at"].is_null());
  const auto again = ids(client().get(rooms).json());
  EXPECT_EQ(std::count(again.begin(), again.end(), id), 1);
}

INSTANTIATE_TEST_SUITE_P(BothEngines, RetirementApiTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         engine_name);

}  // namespace
}  // namespace mesoclinic::testing
