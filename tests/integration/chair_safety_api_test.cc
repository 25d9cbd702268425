// Safety at the chair through the API (issue 13): a signature re-checks the lots against the
// patient's allergies now and the standing decision, refusing with its own problem type and
// the conflicts named; an override reason is kept with the chart; a single appointment needs a
// favourable decision.
#include "chart_fixture.h"

namespace mesoclinic::testing {
namespace {

using nlohmann::json;

using ChairSafetyApiTest = ChartTest;

TEST_P(ChairSafetyApiTest, ANewAllergyRefusesTheSignatureUntilAnOverrideReasonIsGiven) {
  const std::string session = session_that_began(2);
  const std::string chart = "/api/v1/appointments/" + session + "/chart";
  ASSERT_EQ(put_as_read(client(), chart, chart_with(lot_, 2)).status, 200);

  // After the decision, the patient reports an allergy to an ingredient of the lot's formulation.
  const std::string ingredient =
      client().get("/api/v1/formulations/" + formulation_id_).json()["ingredients"][0]["substance"];
  json history = history_body();
  history["allergies"] = {"penicillin", ingredient};
  const HttpReply recorded =
      client().send_json("POST", "/api/v1/patients/" + patient_ + "/medical-history", history,
                         {{"If-Match", "\"1\""}});
  ASSERT_EQ(recorded.status, 201) << recorded.body;

  const HttpReply refused = client().send_json("POST", chart + "/signature", json::object());
  ASSERT_EQ(refused.status, 409) << refused.body;
  EXPECT_EQ(refused.header("content-type"), "application/problem+json");
  const json problem = refused.json();
  EXPECT_EQ(problem["type"], "urn:mesoclinic:problem:safety-conflict");
  ASSERT_EQ(problem["conflicts"].size(), 1u) << problem.dump();
  EXPECT_EQ(problem["conflicts"][0]["rule"], "allergy_to_ingredient");
  EXPECT_EQ(problem["conflicts"][0]["ingredient"], ingredient);
  EXPECT_EQ(problem["conflicts"][0]["lot_id"], lot_);
  EXPECT_EQ(problem["conflicts"][0]["lot_number"], "BX-1");
  EXPECT_EQ(problem["conflicts"][0]["formulation_id"], formulation_id_);
  // Nothing changed: stock, chart, appointment.
  EXPECT_EQ(stock(lot_), "10");
  EXPECT_EQ(client().get(chart).json()["status"], "draft");
  EXPECT_EQ(
      query_value(database_url(), "SELECT status FROM appointments WHERE id = '" + session + "'"),
      "booked");
  EXPECT_EQ(client().get("/api/v1/appointments/" + session + "/aftercare").status, 404);

  const HttpReply blank =
      client().send_json("POST", chart + "/signature", {{"override_reason", "  "}});
  ASSERT_EQ(blank.status, 422) << blank.body;
  EXPECT_EQ(blank.json()["errors"][0]["field"], "/override_reason");
  EXPECT_EQ(stock(lot_), "10");

  const std::string reason = "Patch test negative on 2026-11-30; the reaction was to the dye.";
  const HttpReply overridden =
      client().send_json("POST", chart + "/signature", {{"override_reason", reason}});
  ASSERT_EQ(overridden.status, 200) << overridden.body;
  EXPECT_EQ(overridden.json()["chart"]["status"], "signed");
  EXPECT_EQ(overridden.json()["chart"]["override"]["reason"], reason);
  EXPECT_EQ(stock(lot_), "8");
  EXPECT_EQ(
      query_value(database_url(), "SELECT status FROM appointments WHERE id = '" + session + "'"),
      "attended");
  // The chart keeps the reason and what it overrode; the override is in the audit trail.
  const json read = client().get(chart).json();
  EXPECT_EQ(read["override"]["reason"], reason);
  EXPECT_EQ(read["override"]["conflicts"][0]["ingredient"], ingredient);
  EXPECT_EQ(query_value(database_url(),
                        "SELECT COUNT(*) FROM audit_entries WHERE action = 'chart.sign_override'"),
            "1");
}

TEST_P(ChairSafetyApiTest, AnOverrideWithoutAConflictIsRefusedAndAPlainChartShowsNone) {
  const std::string chart = "/api/v1/appointments/" + session_that_began(2) + "/chart";
  ASSERT_EQ(put_as_read(client(), chart, chart_with(lot_, 1)).status, 200);
  EXPECT_TRUE(client().get(chart).json()["override"].is_null());
  const HttpReply needless =
      client().send_json("POST", chart + "/signature", {{"override_reason", "to be safe"}});
  ASSERT_EQ(needless.status, 422) << needless.body;
  EXPECT_EQ(needless.json()["errors"][0]["field"], "/override_reason");
  EXPECT_EQ(stock(lot_), "10");
  const HttpReply unknown = client().send_json("POST", chart + "/signature", {{"reason", "x"}});
  EXPECT_EQ(unknown.status, 422) << unknown.body;
  const HttpReply signed_reply = client().send_json("POST", chart + "/signature", json::object());
  ASSERT_EQ(signed_reply.status, 200) << signed_reply.body;
  EXPECT_TRUE(signed_reply.json()["chart"]["override"].is_null());
}

TEST_P(ChairSafetyApiTest, ASingleAppointmentWithoutAFavourableDecisionIsRefused) {
  const auto book = [&](const std::string& patient) {
    return client().send_json("POST", "/api/v1/appointments",
                              {{"patient_id", patient},
                               {"practitioner_id", practitioner_id_},
                               {"starts", {{"local", future(9, 1) + "T11:00"}}},
                               {"minutes", 30}});
  };
  const std::string before = appointment_count();
  const std::string undecided = create(patient_body("Karar", "Yok"))["id"];
  const HttpReply refused = book(undecided);
  ASSERT_EQ(refused.status, 409) << refused.body;
  EXPECT_EQ(refused.json()["type"], "urn:mesoclinic:problem:decision-missing");
  EXPECT_EQ(refused.json()["missing"], "suitability_decision");

  const std::string waiting = create(patient_body("Bekle", "Sonra"))["id"];
  decide(waiting, "not_now");
  EXPECT_EQ(book(waiting).json()["missing"], "favourable_decision");
  EXPECT_EQ(appointment_count(), before);

  EXPECT_EQ(book(patient_).status, 201);
}

INSTANTIATE_TEST_SUITE_P(BothEngines, ChairSafetyApiTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         engine_name);

}  // namespace
}  // namespace mesoclinic::testing
