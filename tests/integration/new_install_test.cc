// A clinic group from nothing: an empty database, the first clinic and admin made with the
// command line (as an operator would on a new install, with no demo), then everything else a
// clinic needs to plan a course made through the HTTP API - a second clinic in Auckland
// charging in NZD, a room, a practitioner and their hours, a formulation, a protocol with its
// NZD price, a product and a lot - and a practitioner then takes one patient from history to a
// signed session chart, on SQLite and PostgreSQL.
#include "chart_fixture.h"

namespace mesoclinic::testing {
namespace {

using nlohmann::json;

class NewInstallTest : public ::testing::TestWithParam<store::Engine> {};

// Sends `body` and expects `status`, returning the reply's JSON.
json expect(HttpClient& http, const std::string& method, const std::string& target,
            const json& body, int status) {
  const HttpReply reply = http.send_json(method, target, body);
  EXPECT_EQ(reply.status, status) << method << " " << target << ": " << reply.body;
  return reply.status == status ? reply.json() : json::object();
}

TEST_P(NewInstallTest, AGroupStartsFromAnEmptyDatabaseWithTheCommandLineAndTheApi) {
  TestDatabase database(GetParam());
  const CommandResult clinic =
      run_mesoclinic({"clinic", "add", "--db", database.url(), "--name", "Auckland Central Hair",
                      "--time-zone", "Pacific/Auckland", "--currency", "NZD", "--language", "en"});
  ASSERT_EQ(clinic.exit_code, 0) << clinic.err;
  const std::string first_id = clinic.out.substr(0, clinic.out.find('\n'));
  ASSERT_FALSE(first_id.empty());
  const CommandResult refused =
      run_mesoclinic({"clinic", "add", "--db", database.url(), "--name", "Nowhere", "--time-zone",
                      "Pacific/Atlantis", "--currency", "NZD", "--language", "en"});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_NE(refused.err.find("time_zone"), std::string::npos) << refused.err;
  const CommandResult admin = run_mesoclinic(
      {"user", "add", "--db", database.url(), "--role", "admin", "--username", "owner"},
      std::string(ApiTest::kPassword) + "\n");
  ASSERT_EQ(admin.exit_code, 0) << admin.err;

  ServerProcess server(database.url());
  HttpClient http(server.port());
  ASSERT_EQ(ApiTest::sign_in(http, "owner").status, 201);
  const json listed = http.get("/api/v1/clinics").json();
  ASSERT_EQ(listed["items"].size(), 1u);
  EXPECT_EQ(listed["items"][0]["id"], first_id);
  EXPECT_EQ(listed["items"][0]["currency"], "NZD");

  const json opened = expect(http, "POST", "/api/v1/clinics",
                             {{"name", "Ponsonby Hair Clinic"},
                              {"time_zone", "Pacific/Auckland"},
                              {"currency", "NZD"},
                              {"default_language", "en"}},
                             201);
  const std::string clinic_id = opened.value("id", "");
  const std::string site = "/api/v1/clinics/" + clinic_id;
  expect(http, "PUT", site + "/calendar",
         {{"opening_hours", weekdays_nine_to_six()}, {"healing_days", 4}}, 200);
  expect(http, "POST", site + "/rooms", {{"name", "Treatment room 1"}}, 201);
  const json practitioner = expect(http, "POST", "/api/v1/users",
                                   {{"username", "dr.ngata"},
                                    {"role", "practitioner"},
                                    {"password", ApiTest::kPassword},
                                    {"clinic_ids", {clinic_id}}},
                                   201);
  const std::string practitioner_id = practitioner.value("id", "");
  expect(http, "PUT", site + "/practitioners/" + practitioner_id + "/schedule",
         {{"working_hours", weekdays_nine_to_six()}, {"absences", json::array()}}, 200);
  const json formulation =
      expect(http, "POST", "/api/v1/formulations",
             {{"name", "Biotin and B-complex"},
              {"ingredients", {{{"substance", "biotin"}, {"amount_per_ml", 5}, {"unit", "mg"}}}}},
             201);
  const json protocol = expect(http, "POST", "/api/v1/protocols",
                               {{"name", "Standard course"},
                                {"formulation_id", formulation.value("id", "")},
                                {"sessions", 6},
                                {"interval_days", {7, 7, 7, 14, 14}},
                                {"appointment_minutes", 45}},
                               201);
  const std::string protocol_id = protocol.value("id", "");
  const json price =
      expect(http, "PUT", site + "/protocols/" + protocol_id + "/price",
             {{"price_per_session", {{"minor_units", 25000}, {"currency", "NZD"}}}}, 201);
  EXPECT_EQ(price["cost_estimate"], json({{"minor_units", 150000}, {"currency", "NZD"}}));
  const json product = expect(http, "POST", "/api/v1/products",
                              {{"name", "Biotin vial 5 ml"},
                               {"formulation_id", formulation.value("id", "")},
                               {"vial_ml", 5}},
                              201);
  const json lot = expect(http, "POST", "/api/v1/lots",
                          {{"product_id", product.value("id", "")},
                           {"clinic_id", clinic_id},
                           {"number", "NZ240017"},
                           {"expires_on", future(400, 0)},
                           {"quantity", 40}},
                          201);

  // The practitioner can now plan a course there, in Auckland time and in NZD.
  HttpClient doctor(server.port());
  ASSERT_EQ(ApiTest::sign_in(doctor, "dr.ngata").status, 201);
  const json patient = expect(doctor, "POST", "/api/v1/patients",
                              {{"clinic_id", clinic_id},
                               {"family_name", "Parata"},
                               {"given_name", "Mere"},
                               {"date_of_birth", "1985-02-11"},
                               {"sex", "female"},
                               {"preferred_language", "en"},
                               {"reminder_channel", "none"}},
                              201);
  const json plan =
      expect(doctor, "POST", "/api/v1/patients/" + patient.value("id", "") + "/course-plans",
             {{"protocol_id", protocol_id}, {"start_date", future(14, 0)}}, 200);
  EXPECT_EQ(plan["time_zone"], "Pacific/Auckland");
  EXPECT_EQ(plan["cost_estimate"], json({{"minor_units", 150000}, {"currency", "NZD"}}));
  EXPECT_EQ(plan["sessions"].size(), 6u) << plan.dump();

  // The practitioner takes the patient through the journey: history, assessment, the
  // suitability proposal accepted, the course agreed (its treatment consent with it), and the
  // first session charted with the lot and signed.
  const std::string record = "/api/v1/patients/" + patient.value("id", "");
  expect(doctor, "POST", record + "/medical-history", ApiTest::history_body(), 201);
  expect(doctor, "POST", record + "/hair-assessment", ApiTest::assessment_body(), 201);
  const json proposal = expect(doctor, "POST", record + "/suitability",
                               {{"formulation_id", formulation.value("id", "")}}, 200);
  ASSERT_EQ(proposal.value("proposed_outcome", ""), "suitable") << proposal.dump();
  expect(doctor, "POST", record + "/decisions",
         {{"outcome", "suitable"},
          {"formulation_id", formulation.value("id", "")},
          {"rule_set_version", proposal["rule_set"]["version"]},
          {"medical_history_version", proposal["medical_history_version"]},
          {"hair_assessment_version", proposal["hair_assessment_version"]}},
         201);
  json sessions = json::array();
  for (const auto& session : plan["sessions"]) {
    sessions.push_back({{"number", session["number"]},
                        {"starts", {{"local", session["starts"]["local"]}}},
                        {"practitioner_id", session["practitioner_id"]}});
  }
  const json course = expect(
      doctor, "POST", record + "/courses",
      {{"protocol_id", protocol_id},
       {"sessions", sessions},
       {"agreement",
        {{"agreed", true}, {"method", "signed_form"}, {"cost_shown", plan["cost_estimate"]}}}},
      201);
  const json consents = doctor.get(record + "/consents").json()["items"];
  ASSERT_EQ(consents.size(), 1u);
  EXPECT_EQ(consents[0]["kind"], "treatment");
  EXPECT_EQ(consents[0]["course_id"], course["id"]);
  EXPECT_EQ(consents[0]["recorded_by"], practitioner_id);
  EXPECT_TRUE(consents[0]["in_force"].get<bool>());

  // The first session's day has come (moved into the past behind the server's back).
  const std::string first = course["sessions"][0]["id"];
  const long long began =
      std::chrono::duration_cast<std::chrono::microseconds>(
          (std::chrono::system_clock::now() - std::chrono::hours(1)).time_since_epoch())
          .count();
  tamper(database.url(), "UPDATE appointments SET starts_at = " + std::to_string(began) +
                             ", ends_at = " + std::to_string(began + 45LL * 60 * 1'000'000) +
                             " WHERE id = '" + first + "'");
  json chart = ApiTest::chart_body();
  chart["lots"] = {{{"lot_id", lot.value("id", "")}, {"vials", 2}}};
  const std::string chart_path = "/api/v1/appointments/" + first + "/chart";
  expect(doctor, "PUT", chart_path, chart, 200);
  const json signed_session =
      expect(doctor, "POST", chart_path + "/signature", json::object(), 200);
  EXPECT_EQ(signed_session["chart"]["status"], "signed");
  EXPECT_FALSE(signed_session["aftercare"].is_null());
  EXPECT_EQ(doctor.get("/api/v1/lots/" + lot.value("id", "")).json()["quantity"], 38);
}

INSTANTIATE_TEST_SUITE_P(BothEngines, NewInstallTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         engine_name);

}  // namespace
}  // namespace mesoclinic::testing
