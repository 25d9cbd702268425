// The audit trail seen from outside: one entry per read of a patient, queries for auditors,
// and `mesoclinic audit verify` catching a row edited behind the server's back.
#include "api_fixture.h"
#include "direct_sql.h"

namespace mesoclinic::testing {
namespace {

using nlohmann::json;

class AuditTest : public ApiTest {};

TEST_P(AuditTest, APatientCanTakeTheirDataAndHaveItErased) {
  const HttpReply created = client().send_json("POST", "/api/v1/patients", patient_body(),
                                               {{"Idempotency-Key", "intake-erase-1"}});
  ASSERT_EQ(created.status, 201);
  const std::string id = created.json()["id"];
  ASSERT_EQ(client().get("/api/v1/patients/" + id).status, 200);

  const HttpReply exported = client().get("/api/v1/patients/" + id + "/export");
  ASSERT_EQ(exported.status, 200) << exported.body;
  const json document = exported.json();
  EXPECT_EQ(document["patient"]["family_name"], "Yılmaz");
  ASSERT_EQ(document["access_history"].size(), 2u) << document.dump();
  EXPECT_EQ(document["access_history"][0]["action"], "patient.create");
  EXPECT_EQ(document["access_history"][1]["action"], "patient.read");

  const HttpReply erased = client().request("POST", "/api/v1/patients/" + id + "/erasure", "{}",
                                            {{"Content-Type", "application/json"}});
  ASSERT_EQ(erased.status, 200) << erased.body;
  EXPECT_EQ(client().get("/api/v1/patients/" + id).status, 404);
  // Nothing personal is left in the database, not even in the stored reply for replays...
  EXPECT_EQ(query_value(database_url(), "SELECT COUNT(*) FROM patients WHERE family_name <> ''"),
            "0");
  EXPECT_EQ(query_value(database_url(), "SELECT COUNT(*) FROM idempotent_replies"), "0");
  EXPECT_EQ(query_value(database_url(),
                        "SELECT COUNT(*) FROM patients WHERE phone IS NOT NULL OR email IS NOT "
                        "NULL"),
            "0");
  // ...while the trail keeps that the erasure happened, who did it and when.
  EXPECT_EQ(query_value(database_url(),
                        "SELECT username FROM audit_entries WHERE action = 'patient.erase' AND "
                        "patient_id = '" +
                            id + "'"),
            "dr.test");
  const CommandResult verified = run_mesoclinic({"audit", "verify", "--db", database_url()});
  EXPECT_EQ(verified.exit_code, 0) << verified.err;
}

// Deleting hides a patient from everyday work but keeps the record; the patient's right to
// erasure still reaches it.
TEST_P(AuditTest, ADeletedPatientCanStillBeErased) {
  const json patient = create(patient_body());
  const std::string id = patient["id"];
  ASSERT_EQ(
      client().request("DELETE", "/api/v1/patients/" + id, "", {{"If-Match", "\"1\""}}).status,
      204);
  EXPECT_EQ(query_value(database_url(), "SELECT family_name FROM patients WHERE id = '" + id + "'"),
            "Yılmaz");

  HttpClient elsewhere(server().port());
  add_user("practitioner", "dr.elsewhere", {other_clinic_id_});
  ASSERT_EQ(sign_in(elsewhere, "dr.elsewhere").status, 201);
  EXPECT_EQ(
      elsewhere.send_json("POST", "/api/v1/patients/" + id + "/erasure", json::object()).status,
      404)
      << "another clinic's practitioner erased our patient";

  const HttpReply erased =
      client().send_json("POST", "/api/v1/patients/" + id + "/erasure", json::object());
  ASSERT_EQ(erased.status, 200) << erased.body;
  EXPECT_EQ(query_value(database_url(), "SELECT family_name FROM patients WHERE id = '" + id + "'"),
            "");
  EXPECT_EQ(client()
                .send_json("POST", "/api/v1/patients/" + std::string(36, 'x') + "/erasure",
                           json::object())
                .status,
            404);
}

TEST_P(AuditTest, EachReadOfAPatientLeavesExactlyOneEntry) {
  add_user("practitioner", "dr.reader", {clinic_id_});
  add_user("reception", "desk.reader", {clinic_id_});
  add_user("auditor", "audit.reader", {clinic_id_});
  const json patient = create(patient_body());
  const std::string id = patient["id"];

  std::map<std::string, std::string> request_ids;
  for (const std::string user : {"dr.reader", "desk.reader", "audit.reader"}) {
    HttpClient http(server().port());
    ASSERT_EQ(sign_in(http, user).status, 201);
    const HttpReply read = http.get("/api/v1/patients/" + id);
    ASSERT_EQ(read.status, 200) << user;
    request_ids[user] = read.header("x-request-id");
  }

  HttpClient auditor(server().port());
  ASSERT_EQ(sign_in(auditor, "audit.reader").status, 201);
  const HttpReply trail = auditor.get("/api/v1/audit?action=patient.read&patient_id=" + id);
  ASSERT_EQ(trail.status, 200) << trail.body;
  std::map<std::string, int> reads;
  const json entries = trail.json();
  for (const auto& entry : entries["items"]) {
    const std::string user = entry["username"];
    ++reads[user];
    EXPECT_EQ(entry["request_id"], request_ids[user]);
    EXPECT_EQ(entry["outcome"], "allowed");
    EXPECT_EQ(entry["resource_id"], id);
  }
  EXPECT_EQ(reads, (std::map<std::string, int>{
                       {"audit.reader", 1}, {"desk.reader", 1}, {"dr.reader", 1}}));
  EXPECT_EQ(trail.json()["items"][0]["role"], "practitioner");

  // The patient's own history also shows who created it.
  const HttpReply history = auditor.get("/api/v1/audit?patient_id=" + id);
  ASSERT_EQ(history.status, 200);
  EXPECT_EQ(history.json()["items"][0]["action"], "patient.create");
  EXPECT_EQ(history.json()["items"][0]["username"], "dr.test");
}

TEST_P(AuditTest, RefusedAttemptsAreRecorded) {
  add_user("admin", "admin.nosy", {clinic_id_});
  const json patient = create(patient_body());
  HttpClient admin(server().port());
  ASSERT_EQ(sign_in(admin, "admin.nosy").status, 201);
  EXPECT_EQ(admin.get("/api/v1/patients/" + patient["id"].get<std::string>()).status, 403);
  HttpClient guesser(server().port());
  EXPECT_EQ(sign_in(guesser, "admin.nosy", "wrong password here").status, 401);

  add_user("auditor", "audit.b", {clinic_id_});
  HttpClient auditor(server().port());
  ASSERT_EQ(sign_in(auditor, "audit.b").status, 201);
  std::vector<std::pair<std::string, std::string>> denied;
  const json trail = auditor.get("/api/v1/audit?limit=200").json();
  for (const auto& entry : trail["items"]) {
    if (entry["outcome"] == "denied") denied.emplace_back(entry["action"], entry["username"]);
  }
  EXPECT_EQ(denied,
            (std::vector<std::pair<std::string, std::string>>{
                {"GET /api/v1/patients/{id}", "admin.nosy"}, {"session.create", "admin.nosy"}}));
}

TEST_P(AuditTest, VerifyFindsARowEditedInTheDatabase) {
  const json patient = create(patient_body());
  for (int i = 0; i < 3; ++i) client().get("/api/v1/patients/" + patient["id"].get<std::string>());
  const CommandResult intact = run_mesoclinic({"audit", "verify", "--db", database_url()});
  EXPECT_EQ(intact.exit_code, 0) << intact.err;
  EXPECT_NE(intact.out.find("audit trail intact"), std::string::npos) << intact.out;

  // Someone with access to the database hides who read the record.
  tamper(database_url(), "UPDATE audit_entries SET username = 'someone' WHERE sequence = 4");
  const CommandResult broken = run_mesoclinic({"audit", "verify", "--db", database_url()});
  EXPECT_EQ(broken.exit_code, 1);
  EXPECT_NE(broken.err.find("broken at entry 4"), std::string::npos) << broken.err;
}

TEST_P(AuditTest, VerifyFindsADeletedRow) {
  const json patient = create(patient_body());
  for (int i = 0; i < 3; ++i) client().get("/api/v1/patients/" + patient["id"].get<std::string>());
  tamper(database_url(), "DELETE FROM audit_entries WHERE sequence = 3");
  const CommandResult broken = run_mesoclinic({"audit", "verify", "--db", database_url()});
  EXPECT_EQ(broken.exit_code, 1);
  EXPECT_NE(broken.err.find("broken at entry 4"), std::string::npos) << broken.err;
}

INSTANTIATE_TEST_SUITE_P(BothEngines, AuditTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         engine_name);

}  // namespace
}  // namespace mesoclinic::testing
