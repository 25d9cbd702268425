// A staff account's life through the real server (issue 13): deactivation stops its session
// and API token at their next request, role and clinic changes under If-Match, the last active
// admin stays, an admin's password reset forces a change, and people change their own password.
#include "api_fixture.h"
#include "direct_sql.h"

namespace mesoclinic::testing {
namespace {

using nlohmann::json;

constexpr const char* kTemporary = "temporary password for monday";
constexpr const char* kChosen = "my own new password, at last";

std::string problem_type(const HttpReply& reply) {
  return reply.json().value("type", std::string("(no problem type)"));
}

class StaffApiTest : public ApiTest {
 protected:
  // An admin of the first clinic, signed in on `admin_`.
  void SetUp() override {
    ApiTest::SetUp();
    if (HasFatalFailure()) return;
    add_user("admin", "admin.a", {clinic_id_});
    admin_ = std::make_unique<HttpClient>(server().port());
    ASSERT_EQ(sign_in(*admin_, "admin.a").status, 201);
  }

  std::string user_id(const std::string& username) {
    return query_value(database_url(), "SELECT id FROM users WHERE username = '" + username + "'");
  }

  // PATCH /api/v1/users/{id} as admin.a, sending If-Match with the account's current ETag.
  HttpReply patch_user(const std::string& id, const json& body) {
    const HttpReply current = admin_->get("/api/v1/users/" + id);
    EXPECT_EQ(current.status, 200) << current.body;
    return admin_->send_json("PATCH", "/api/v1/users/" + id, body,
                             {{"If-Match", current.header("etag")}});
  }

  std::unique_ptr<HttpClient> admin_;
};

TEST_P(StaffApiTest, ADeactivatedUsersSessionAndTokenAreRefusedOnTheirNextRequest) {
  add_user("admin", "admin.b", {clinic_id_});
  HttpClient leaving(server().port());
  ASSERT_EQ(sign_in(leaving, "admin.b").status, 201);
  const HttpReply issued = leaving.send_json(
      "POST", "/api/v1/tokens", {{"name", "lab results import"}, {"role", "reception"}});
  ASSERT_EQ(issued.status, 201) << issued.body;
  HttpClient integration(server().port());
  integration.set_header("Authorization", "Bearer " + issued.json()["token"].get<std::string>());
  ASSERT_EQ(integration.get("/api/v1/patients").status, 200);
  ASSERT_EQ(leaving.get("/api/v1/session").status, 200);

  const std::string id = user_id("admin.b");
  const HttpReply deactivated = patch_user(id, {{"active", false}});
  ASSERT_EQ(deactivated.status, 200) << deactivated.body;
  EXPECT_EQ(deactivated.json()["active"], false);
  EXPECT_TRUE(deactivated.json()["deactivated_at"].is_string());
  EXPECT_EQ(deactivated.header("etag"), "\"2\"");

  const HttpReply session = leaving.get("/api/v1/session");
  EXPECT_EQ(session.status, 401) << session.body;
  const HttpReply token = integration.get("/api/v1/patients");
  EXPECT_EQ(token.status, 401) << token.body;

  // The right password now gets a reply of its own; a wrong one the usual one, which says
  // nothing about the account.
  HttpClient again(server().port());
  const HttpReply refused = sign_in(again, "admin.b");
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_EQ(problem_type(refused), "urn:mesoclinic:problem:account-deactivated");
  EXPECT_TRUE(refused.header("set-cookie").empty());
  const HttpReply guessed = sign_in(again, "admin.b", "not the password at all");
  EXPECT_EQ(guessed.status, 401);
  EXPECT_EQ(problem_type(guessed), "urn:mesoclinic:problem:sign-in-failed");

  // The account and its history stay.
  const json listed = admin_->get("/api/v1/users").json();
  const auto entry = std::find_if(listed["items"].begin(), listed["items"].end(),
                                  [](const json& user) { return user["username"] == "admin.b"; });
  ASSERT_NE(entry, listed["items"].end());
  EXPECT_EQ((*entry)["active"], false);
  EXPECT_EQ(query_value(database_url(),
                        "SELECT COUNT(*) FROM audit_entries WHERE action = 'token.create' AND "
                        "user_id = '" +
                            id + "'"),
            "1");
  EXPECT_EQ(query_value(database_url(),
                        "SELECT COUNT(*) FROM audit_entries WHERE action = "
                        "'user.deactivate' AND resource_id = '" +
                            id + "'"),
            "1");
  // A deactivated account changes no more.
  const HttpReply revived = patch_user(id, {{"role", "reception"}});
  EXPECT_EQ(revived.status, 409);
  EXPECT_EQ(problem_type(revived), "urn:mesoclinic:problem:account-deactivated");
}

TEST_P(StaffApiTest, AdminsChangeRoleAndClinicsOnlyWithTheCurrentETag) {
  add_user("reception", "desk.a", {clinic_id_});
  const std::string id = user_id("desk.a");
  HttpClient desk(server().port());
  ASSERT_EQ(sign_in(desk, "desk.a").status, 201);

  const HttpReply read = admin_->get("/api/v1/users/" + id);
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(read.header("etag"), "\"1\"");
  EXPECT_EQ(read.json()["role"], "reception");
  EXPECT_EQ(read.json()["must_change_password"], false);
  EXPECT_EQ(admin_->get("/api/v1/users/" + std::string("no-such-user")).status, 404);

  const std::string target = "/api/v1/users/" + id;
  const HttpReply missing = admin_->send_json("PATCH", target, {{"role", "practitioner"}});
  EXPECT_EQ(missing.status, 428) << missing.body;
  const HttpReply stale =
      admin_->send_json("PATCH", target, {{"role", "practitioner"}}, {{"If-Match", "\"7\""}});
  EXPECT_EQ(stale.status, 412) << stale.body;
  for (const auto& [body, field] : std::vector<std::pair<json, std::string>>{
           {{{"role", "surgeon"}}, "/role"},
           {{{"clinic_ids", {other_clinic_id_}}}, "/clinic_ids"},
           {{{"clinic_ids", json::array()}}, "/clinic_ids"},
           {{{"active", true}}, "/active"},
           {{{"username", "renamed"}}, "/username"},
           {{{"colour", "blue"}}, "/colour"}}) {
    const HttpReply bad = admin_->send_json("PATCH", target, body, {{"If-Match", "\"1\""}});
    EXPECT_EQ(bad.status, 422) << body.dump();
    EXPECT_EQ(bad.json()["errors"][0]["field"], field) << bad.body;
  }
  EXPECT_EQ(admin_->get(target).header("etag"), "\"1\"") << "a refused change changed something";

  HttpClient practitioner(server().port());
  ASSERT_EQ(sign_in(practitioner, "dr.test").status, 201);
  EXPECT_EQ(
      practitioner.send_json("PATCH", target, {{"role", "admin"}}, {{"If-Match", "\"1\""}}).status,
      403);

  const HttpReply promoted =
      admin_->send_json("PATCH", target, {{"role", "practitioner"}}, {{"If-Match", "\"1\""}});
  ASSERT_EQ(promoted.status, 200) << promoted.body;
  EXPECT_EQ(promoted.json()["role"], "practitioner");
  EXPECT_EQ(promoted.header("etag"), "\"2\"");
  // The open session acts in the new role at once.
  EXPECT_EQ(desk.get("/api/v1/session").json()["user"]["role"], "practitioner");
  EXPECT_EQ(query_value(database_url(),
                        "SELECT COUNT(*) FROM audit_entries WHERE action = "
                        "'user.update' AND resource_id = '" +
                            id + "'"),
            "1");
}

TEST_P(StaffApiTest, AnAdminKeepsTheClinicsTheyCannotSeeWhenMovingAColleague) {
  add_user("admin", "admin.both", {clinic_id_, other_clinic_id_});
  add_user("practitioner", "dr.both", {clinic_id_, other_clinic_id_});
  const std::string id = user_id("dr.both");
  const HttpReply moved = patch_user(id, {{"clinic_ids", {clinic_id_}}});
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(moved.json()["clinic_ids"], json::array({clinic_id_}));
  EXPECT_EQ(
      query_value(database_url(), "SELECT COUNT(*) FROM user_clinics WHERE user_id = '" + id + "'"),
      "2")
      << "admin.a does not work at the other clinic, so cannot take dr.both away from it";

  HttpClient both(server().port());
  ASSERT_EQ(sign_in(both, "admin.both").status, 201);
  const HttpReply current = both.get("/api/v1/users/" + id);
  const HttpReply narrowed =
      both.send_json("PATCH", "/api/v1/users/" + id, {{"clinic_ids", {other_clinic_id_}}},
                     {{"If-Match", current.header("etag")}});
  ASSERT_EQ(narrowed.status, 200) << narrowed.body;
  EXPECT_EQ(narrowed.json()["clinic_ids"], json::array({other_clinic_id_}));
  EXPECT_EQ(admin_->get("/api/v1/users/" + id).status, 404) << "no longer one of admin.a's";
}

TEST_P(StaffApiTest, TheLastActiveAdminCannotDemoteOrDeactivateThemself) {
  const std::string me = user_id("admin.a");
  for (const json& body : {json{{"role", "practitioner"}}, json{{"active", false}}}) {
    const HttpReply refused = patch_user(me, body);
    EXPECT_EQ(refused.status, 409) << refused.body;
    EXPECT_EQ(problem_type(refused), "urn:mesoclinic:problem:last-active-admin");
  }
  EXPECT_EQ(admin_->get("/api/v1/users/" + me).json()["role"], "admin");

  add_user("admin", "admin.b", {clinic_id_});
  const HttpReply left = patch_user(me, {{"active", false}});
  ASSERT_EQ(left.status, 200) << left.body;
  EXPECT_EQ(admin_->get("/api/v1/session").status, 401) << "their own session ended too";
}

TEST_P(StaffApiTest, APasswordResetForcesAChangeAtTheNextSignIn) {
  add_user("reception", "desk.a", {clinic_id_});
  const std::string id = user_id("desk.a");
  HttpClient desk(server().port());
  ASSERT_EQ(sign_in(desk, "desk.a").status, 201);
  const std::string reset = "/api/v1/users/" + id + "/password-reset";

  const HttpReply weak = admin_->send_json("POST", reset, {{"password", "desk.a"}});
  EXPECT_EQ(weak.status, 422);
  EXPECT_EQ(weak.json()["errors"][0]["field"], "/password") << weak.body;
  EXPECT_EQ(admin_->send_json("POST", reset, json::object()).status, 422);
  HttpClient practitioner(server().port());
  ASSERT_EQ(sign_in(practitioner, "dr.test").status, 201);
  EXPECT_EQ(practitioner.send_json("POST", reset, {{"password", kTemporary}}).status, 403);
  EXPECT_EQ(desk.get("/api/v1/session").status, 200) << "refusals reset nothing";

  const HttpReply done = admin_->send_json("POST", reset, {{"password", kTemporary}});
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.json()["must_change_password"], true);
  EXPECT_EQ(desk.get("/api/v1/session").status, 401) << "the reset ends their sessions";

  HttpClient fresh(server().port());
  EXPECT_EQ(sign_in(fresh, "desk.a").status, 401) << "the old password is gone";
  const HttpReply signed_in = sign_in(fresh, "desk.a", kTemporary);
  ASSERT_EQ(signed_in.status, 201) << signed_in.body;
  EXPECT_EQ(signed_in.json()["user"]["must_change_password"], true);
  const HttpReply blocked = fresh.get("/api/v1/patients");
  EXPECT_EQ(blocked.status, 403);
  EXPECT_EQ(problem_type(blocked), "urn:mesoclinic:problem:password-change-required");
  EXPECT_EQ(fresh.get("/api/v1/session").status, 200);

  const HttpReply wrong =
      fresh.send_json("PUT", "/api/v1/session/password",
                      {{"current_password", "not my temporary one"}, {"new_password", kChosen}});
  EXPECT_EQ(wrong.status, 403);
  EXPECT_EQ(problem_type(wrong), "urn:mesoclinic:problem:wrong-current-password");
  const HttpReply same =
      fresh.send_json("PUT", "/api/v1/session/password",
                      {{"current_password", kTemporary}, {"new_password", kTemporary}});
  EXPECT_EQ(same.status, 422);
  EXPECT_EQ(same.json()["errors"][0]["field"], "/new_password");
  const HttpReply guessable =
      fresh.send_json("PUT", "/api/v1/session/password",
                      {{"current_password", kTemporary}, {"new_password", "password123456"}});
  EXPECT_EQ(guessable.status, 422);
  EXPECT_EQ(guessable.json()["errors"][0]["field"], "/new_password");

  const HttpReply changed =
      fresh.send_json("PUT", "/api/v1/session/password",
                      {{"current_password", kTemporary}, {"new_password", kChosen}});
  ASSERT_EQ(changed.status, 204) << changed.body;
  EXPECT_EQ(fresh.get("/api/v1/patients").status, 200) << "this session carries on, unblocked";
  HttpClient later(server().port());
  EXPECT_EQ(sign_in(later, "desk.a", kTemporary).status, 401);
  const HttpReply chosen = sign_in(later, "desk.a", kChosen);
  ASSERT_EQ(chosen.status, 201);
  EXPECT_EQ(chosen.json()["user"]["must_change_password"], false);
}

TEST_P(StaffApiTest, ChangingOnesOwnPasswordEndsOnlyTheOtherSessions) {
  HttpClient laptop(server().port());
  ASSERT_EQ(sign_in(laptop, "dr.test").status, 201);
  const HttpReply changed =
      laptop.send_json("PUT", "/api/v1/session/password",
                       {{"current_password", kPassword}, {"new_password", kChosen}});
  ASSERT_EQ(changed.status, 204) << changed.body;
  EXPECT_EQ(laptop.get("/api/v1/session").status, 200);
  EXPECT_EQ(client().get("/api/v1/session").status, 401) << "the fixture's other session ended";

  const HttpReply missing =
      laptop.send_json("PUT", "/api/v1/session/password", {{"new_password", kChosen}});
  EXPECT_EQ(missing.status, 422);
  EXPECT_EQ(missing.json()["errors"][0]["field"], "/current_password");

  HttpClient integration(server().port());
  const std::string token = issue_token("admin.a", "reception");
  integration.set_header("Authorization", "Bearer " + token);
  const HttpReply by_token = integration.send_json(
      "PUT", "/api/v1/session/password", {{"current_password", "x"}, {"new_password", kChosen}});
  EXPECT_EQ(by_token.status, 409);
  EXPECT_EQ(problem_type(by_token), "urn:mesoclinic:problem:not-a-session");
}

TEST_P(StaffApiTest, WrongCurrentPasswordsCountTowardsTheSignInLock) {
  HttpClient laptop(server().port());
  ASSERT_EQ(sign_in(laptop, "dr.test").status, 201);
  for (int i = 0; i < auth::kFreeAttemptsPerAccount; ++i) {
    EXPECT_EQ(laptop
                  .send_json("PUT", "/api/v1/session/password",
                             {{"current_password", "guess " + std::to_string(i)},
                              {"new_password", kChosen}})
                  .status,
              403);
  }
  const HttpReply locked =
      laptop.send_json("PUT", "/api/v1/session/password",
                       {{"current_password", kPassword}, {"new_password", kChosen}});
  EXPECT_EQ(locked.status, 429) << locked.body;
  HttpClient other(server().port());
  EXPECT_EQ(sign_in(other, "dr.test").status, 429) << "the same lock as for sign-in";
}

TEST_P(StaffApiTest, AnOperatorLetsALockedOutAdminBackInFromTheCommandLine) {
  const CommandResult reset =
      run_mesoclinic({"user", "reset-password", "--db", database_url(), "--username", "Admin.A"},
                     std::string(kTemporary) + "\n");
  ASSERT_EQ(reset.exit_code, 0) << reset.err;
  EXPECT_EQ(admin_->get("/api/v1/session").status, 401) << "their sessions ended";
  HttpClient admin(server().port());
  const HttpReply signed_in = sign_in(admin, "admin.a", kTemporary);
  ASSERT_EQ(signed_in.status, 201) << signed_in.body;
  EXPECT_EQ(signed_in.json()["user"]["must_change_password"], true);
  EXPECT_EQ(query_value(database_url(),
                        "SELECT username FROM audit_entries WHERE action = "
                        "'user.password.reset'"),
            "command line");

  const CommandResult nobody =
      run_mesoclinic({"user", "reset-password", "--db", database_url(), "--username", "nobody"},
                     std::string(kTemporary) + "\n");
  EXPECT_NE(nobody.exit_code, 0);
  EXPECT_NE(nobody.err.find("no account is named nobody"), std::string::npos) << nobody.err;
  const CommandResult weak = run_mesoclinic(
      {"user", "reset-password", "--db", database_url(), "--username", "admin.a"}, "short\n");
  EXPECT_NE(weak.exit_code, 0);
  EXPECT_EQ(sign_in(admin, "admin.a", kTemporary).status, 201) << "a refused reset changes nothing";
}

INSTANTIATE_TEST_SUITE_P(BothEngines, StaffApiTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         engine_name);

}  // namespace
}  // namespace mesoclinic::testing
