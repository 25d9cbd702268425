// Outcomes (issue 15) through the real server on both engines: a visit's measurements recorded
// for a course and compared with its baseline, the responder flag by the clinic's rule, bad
// measurements refused with nothing stored, a time point that came without a measurement chased
// on the worklist until it is recorded, and who may read it all.
#include <set>

#include "chart_fixture.h"

namespace mesoclinic::testing {
namespace {

using nlohmann::json;

json reading(const std::string& measure, double value, const std::string& unit, const json& zone,
             const std::string& method) {
  return {
      {"measure", measure}, {"value", value}, {"unit", unit}, {"zone", zone}, {"method", method}};
}

json density(double value, const std::string& zone) {
  return reading("hair_density", value, "hairs/cm2", zone, "trichoscopy");
}

class OutcomesApiTest : public ChartTest {
 protected:
  void SetUp() override {
    ChartTest::SetUp();
    if (HasFatalFailure()) return;
    const HttpReply started = client().send_json(
        "POST", "/api/v1/patients/" + patient_ + "/courses", agreed(plan(patient_, future(14, 1))));
    ASSERT_EQ(started.status, 201) << started.body;
    course_ = started.json();
    course_id_ = course_["id"];
  }

  HttpReply record(const json& visit, HttpClient* as = nullptr) {
    return (as ? *as : client())
        .send_json("POST", "/api/v1/courses/" + course_id_ + "/measurements", visit);
  }

  json outcomes() {
    const HttpReply read = client().get("/api/v1/courses/" + course_id_ + "/outcomes");
    EXPECT_EQ(read.status, 200) << read.body;
    return read.json();
  }

  std::string stored_measurements() {
    return query_value(database_url(), "SELECT COUNT(*) FROM outcome_measurements");
  }

  std::unique_ptr<HttpClient> signed_in(const std::string& role, const std::string& username) {
    add_user(role, username);
    auto http = std::make_unique<HttpClient>(server().port());
    EXPECT_EQ(sign_in(*http, username).status, 201);
    return http;
  }

  json course_;
  std::string course_id_;
};

TEST_P(OutcomesApiTest, EachZoneIsComparedWithItsBaselineAndTheResponderFollowsTheClinicsRule) {
  const HttpReply baseline =
      record({{"time_point", "baseline"},
              {"session_id", course_["sessions"][0]["id"]},
              {"measurements",
               {density(100, "vertex"), density(110, "frontal"),
                reading("mean_shaft_diameter", 58.5, "um", "vertex", "trichoscopy"),
                reading("shedding_count", 120, "hairs", nullptr, "standard_wash")}}});
  ASSERT_EQ(baseline.status, 201) << baseline.body;
  EXPECT_EQ(baseline.header("location"), "/api/v1/courses/" + course_id_ + "/outcomes");
  const json recorded = baseline.json()["measurements"];
  ASSERT_EQ(recorded.size(), 4u);
  EXPECT_EQ(recorded[0]["measured_by"], practitioner_id_);
  EXPECT_EQ(recorded[0]["time_point"], "baseline");
  EXPECT_EQ(recorded[3]["zone"], nullptr) << "shedding is counted for the whole scalp";

  json read = outcomes();
  EXPECT_EQ(read["responder"], nullptr) << "nothing to compare with yet";
  EXPECT_EQ(
      read["responder_rule"],
      json({{"measure", "hair_density"}, {"time_point", "end_of_course"}, {"min_percent", 10}}));
  ASSERT_EQ(read["time_points"].size(), 6u);
  EXPECT_EQ(
      read["time_points"][0],
      json({{"time_point", "baseline"},
            {"due_on", course_["sessions"][0]["starts"]["local"].get<std::string>().substr(0, 10)},
            {"measured", true}}));
  EXPECT_EQ(read["time_points"][2]["time_point"], "end_of_course");
  EXPECT_EQ(read["time_points"][2]["due_on"],
            course_["sessions"][7]["starts"]["local"].get<std::string>().substr(0, 10));
  EXPECT_EQ(read["time_points"][2]["measured"], false);
  EXPECT_TRUE(read["changes"].empty());

  // At the end: the vertex up 12%, the frontal zone up 10 hairs (9.09%); over both zones measured
  // at both points the mean rose from 105 to 116 (10.5%): a responder at the default 10%.
  ASSERT_EQ(record({{"time_point", "end_of_course"},
                    {"measurements",
                     {density(112, "vertex"), density(120, "frontal"),
                      reading("self_assessment", 2, "points", nullptr, "patient")}}})
                .status,
            201);
  read = outcomes();
  EXPECT_EQ(read["responder"], true);
  ASSERT_EQ(read["changes"].size(), 2u) << read["changes"].dump();
  EXPECT_EQ(read["changes"][0], json({{"measure", "hair_density"},
                                      {"zone", "frontal"},
                                      {"time_point", "end_of_course"},
                                      {"unit", "hairs/cm2"},
                                      {"baseline", 110},
                                      {"value", 120},
                                      {"change", {{"absolute", 10}, {"percent", 9.09}}}}));
  EXPECT_EQ(read["changes"][1]["zone"], "vertex");
  EXPECT_EQ(read["changes"][1]["change"], json({{"absolute", 12}, {"percent", 12}}));
  EXPECT_EQ(read["measurements"].size(), 7u);

  // The clinic asks more of a responder: 15%. The same course no longer is one.
  const std::string settings = "/api/v1/clinics/" + clinic_id_ + "/outcome-settings";
  const HttpReply stricter = admin_->send_json(
      "PUT", settings,
      {{"responder",
        {{"measure", "hair_density"}, {"time_point", "end_of_course"}, {"min_percent", 15}}}});
  ASSERT_EQ(stricter.status, 200) << stricter.body;
  EXPECT_EQ(outcomes()["responder"], false);
  EXPECT_EQ(client().get(settings).json()["responder"]["min_percent"], 15);

  // A rule that could never be met is refused, each part named.
  const HttpReply refused = admin_->send_json(
      "PUT", settings,
      {{"responder",
        {{"measure", "shedding_count"}, {"time_point", "baseline"}, {"min_percent", 0}}}},
      {{"If-Match", stricter.header("etag")}});
  ASSERT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(refused.json()["errors"].size(), 3u) << refused.body;
  EXPECT_EQ(client()
                .send_json("PUT", settings,
                           {{"responder",
                             {{"measure", "hair_density"},
                              {"time_point", "end_of_course"},
                              {"min_percent", 5}}}})
                .status,
            403)
      << "the rule is the clinic's policy: admins set it";
}

TEST_P(OutcomesApiTest, BadMeasurementsAreRefusedWithEachFieldNamedAndNothingStored) {
  const HttpReply refused =
      record({{"time_point", "baseline"},
              {"measurements",
               {reading("hair_density", 180, "hairs/mm2", "vertex", "trichoscopy"),
                reading("hair_density", 9000, "hairs/cm2", "vertex", "trichoscopy"),
                reading("pull_test", 2.5, "hairs", nullptr, "manual"),
                reading("shedding_count", 80, "hairs", nullptr, "trichoscopy"),
                reading("self_assessment", 1, "points", nullptr, "patient"),
                reading("hair_density", 150, "hairs/cm2", "crown", "trichoscopy"),
                {{"measure", "hair_density"},
                 {"value", "150"},
                 {"unit", "hairs/cm2"},
                 {"method", "trichoscopy"},
                 {"colour", "red"}}}}});
  ASSERT_EQ(refused.status, 422) << refused.body;
  std::set<std::string> fields;
  const json problem = refused.json();
  for (const auto& error : problem["errors"]) fields.insert(error["field"]);
  EXPECT_EQ(fields, (std::set<std::string>{"/measurements/0/unit", "/measurements/1/value",
                                           "/measurements/2/value", "/measurements/3/method",
                                           "/measurements/4/time_point", "/measurements/5/zone",
                                           "/measurements/6/value", "/measurements/6/colour"}))
      << refused.body;

  // A session of another course, a time to come, no measurement, an unknown time point.
  const std::string single = session_that_began(2);
  const HttpReply elsewhere = record({{"time_point", "mid_course"},
                                      {"session_id", single},
                                      {"measured_at", "2099-01-01T10:00:00Z"},
                                      {"measurements", {density(150, "vertex")}}});
  ASSERT_EQ(elsewhere.status, 422) << elsewhere.body;
  EXPECT_NE(elsewhere.body.find("/session_id"), std::string::npos) << elsewhere.body;
  EXPECT_NE(elsewhere.body.find("/measured_at"), std::string::npos) << elsewhere.body;
  EXPECT_EQ(record({{"time_point", "mid_course"}, {"measurements", json::array()}}).status, 422);
  EXPECT_EQ(record({{"time_point", "week_2"}, {"measurements", {density(150, "vertex")}}}).status,
            422);
  EXPECT_EQ(client()
                .request("POST", "/api/v1/courses/" + course_id_ + "/measurements", "{\"time_",
                         {{"Content-Type", "application/json"}})
                .status,
            400);
  EXPECT_EQ(stored_measurements(), "0");
  EXPECT_EQ(client()
                .send_json("POST", "/api/v1/courses/no-such-course/measurements",
                           {{"time_point", "baseline"}, {"measurements", {density(150, "vertex")}}})
                .status,
            404);
}

// The first session is signed without a baseline measured: the worklist chases the baseline,
// due that day, until the practitioner records it; the item then closes itself.
TEST_P(OutcomesApiTest, ATimePointWithoutAMeasurementIsOnTheWorklistUntilItIsRecorded) {
  const std::string first = course_["sessions"][0]["id"];
  const long long start =
      std::chrono::duration_cast<std::chrono::microseconds>(
          (std::chrono::system_clock::now() - std::chrono::hours(1)).time_since_epoch())
          .count();
  tamper(database_url(), "UPDATE appointments SET starts_at = " + std::to_string(start) +
                             ", ends_at = " + std::to_string(start + 45LL * 60 * 1'000'000) +
                             " WHERE id = '" + first + "'");
  const std::string chart = "/api/v1/appointments/" + first + "/chart";
  ASSERT_EQ(client().send_json("PUT", chart, chart_body()).status, 200);
  ASSERT_EQ(client().send_json("POST", chart + "/signature", json::object()).status, 200);

  // The signed session's pain is there for the pain chart; the others have none yet.
  const json sessions = outcomes()["sessions"];
  ASSERT_EQ(sessions.size(), 8u);
  EXPECT_EQ(sessions[0]["id"], first);
  EXPECT_EQ(sessions[0]["status"], "attended");
  EXPECT_EQ(sessions[0]["pain"], 3);
  EXPECT_EQ(sessions[1]["pain"], nullptr);

  const std::string worklist =
      "/api/v1/clinics/" + clinic_id_ + "/worklist?kind=measurement_due&status=open";
  json items = client().get(worklist).json()["items"];
  ASSERT_EQ(items.size(), 1u) << items.dump();
  EXPECT_EQ(items[0]["course_id"], course_id_);
  EXPECT_EQ(items[0]["source"], json({{"type", "course"}, {"id", course_id_}}));
  EXPECT_EQ(items[0]["due_by"], outcomes()["time_points"][0]["due_on"]);
  EXPECT_NE(items[0]["detail"].get<std::string>().find("baseline measurements"), std::string::npos)
      << items[0].dump();

  ASSERT_EQ(record({{"time_point", "baseline"},
                    {"session_id", first},
                    {"measurements", {density(140, "vertex")}}})
                .status,
            201);
  EXPECT_TRUE(client().get(worklist).json()["items"].empty());
  const json closed =
      client()
          .get("/api/v1/clinics/" + clinic_id_ + "/worklist?kind=measurement_due&status=closed")
          .json()["items"];
  ASSERT_EQ(closed.size(), 1u);
  EXPECT_EQ(closed[0]["closed_by"], practitioner_id_);
  EXPECT_EQ(closed[0]["closing_note"], "Measurements recorded.");
}

TEST_P(OutcomesApiTest, ReceptionAndAdminsReadNoOutcomesAuditorsDoAndErasureRemovesThem) {
  ASSERT_EQ(record({{"time_point", "baseline"}, {"measurements", {density(140, "vertex")}}}).status,
            201);
  const std::string path = "/api/v1/courses/" + course_id_ + "/outcomes";
  const auto reception = signed_in("reception", "front.desk");
  EXPECT_EQ(reception->get(path).status, 403);
  EXPECT_EQ(record({{"time_point", "baseline"}, {"measurements", {density(140, "vertex")}}},
                   reception.get())
                .status,
            403);
  EXPECT_EQ(admin_->get(path).status, 403);
  const auto auditor = signed_in("auditor", "auditor.test");
  EXPECT_EQ(auditor->get(path).status, 200);
  EXPECT_EQ(query_value(database_url(),
                        "SELECT COUNT(*) FROM audit_entries WHERE action = 'outcome.read' AND "
                        "resource_id = '" +
                            course_id_ + "' AND patient_id = '" + patient_ + "'"),
            "1");

  const json exported = client().get("/api/v1/patients/" + patient_ + "/export").json();
  ASSERT_EQ(exported["outcome_measurements"].size(), 1u);
  EXPECT_EQ(exported["outcome_measurements"][0]["value"], 140);

  const HttpReply erased = client().request("POST", "/api/v1/patients/" + patient_ + "/erasure",
                                            "{}", {{"Content-Type", "application/json"}});
  ASSERT_EQ(erased.status, 200) << erased.body;
  EXPECT_EQ(stored_measurements(), "0");
  EXPECT_EQ(client().get(path).status, 404);
}

INSTANTIATE_TEST_SUITE_P(BothEngines, OutcomesApiTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         engine_name);

}  // namespace
}  // namespace mesoclinic::testing
