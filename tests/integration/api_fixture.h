// Integration tests run the real binary against a fresh database of each engine.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "http_client.h"
#include "server_process.h"
#include "store/store.h"
#include "store_fixture.h"

namespace mesoclinic::testing {

// A server on its own fresh database, with the demo clinics loaded (and no demo patients).
class ApiTest : public ::testing::TestWithParam<store::Engine> {
 public:
  static constexpr const char* kPassword = "correct horse battery staple";

  void SetUp() override {
    database_ = std::make_unique<TestDatabase>(GetParam());
    const CommandResult demo =
        run_mesoclinic({"demo", "--db", database_->url(), "--patients", "0", "--bare"});
    ASSERT_EQ(demo.exit_code, 0) << demo.err;
    add_user("practitioner", "dr.test");
    start_server();
    const HttpReply clinics = client().get("/api/v1/clinics");
    ASSERT_EQ(clinics.status, 200) << clinics.body;
    clinic_id_ = clinics.json()["items"][0]["id"].get<std::string>();
    other_clinic_id_ = clinics.json()["items"][1]["id"].get<std::string>();
  }

  // Adds a staff account with kPassword through the command line, as an operator would.
  void add_user(const std::string& role, const std::string& username,
                const std::vector<std::string>& clinic_ids = {}) {
    std::vector<std::string> args = {"user",   "add", "--db",       database_->url(),
                                     "--role", role,  "--username", username};
    for (const auto& id : clinic_ids) {
      args.push_back("--clinic");
      args.push_back(id);
    }
    const CommandResult added = run_mesoclinic(args, std::string(kPassword) + "\n");
    ASSERT_EQ(added.exit_code, 0) << added.err;
  }

  // An API token issued by the admin `admin` (signed in for the purpose) for `role`; the
  // admin's clinics unless `clinic_ids` names some.
  std::string issue_token(const std::string& admin, const std::string& role,
                          const std::vector<std::string>& clinic_ids = {}) {
    HttpClient http(server().port());
    EXPECT_EQ(sign_in(http, admin).status, 201);
    nlohmann::json body = {{"name", role + " integration"}, {"role", role}};
    if (!clinic_ids.empty()) body["clinic_ids"] = clinic_ids;
    const HttpReply issued = http.send_json("POST", "/api/v1/tokens", body);
    EXPECT_EQ(issued.status, 201) << issued.body;
    const nlohmann::json reply = issued.json();
    return reply.value("token", "");
  }

  // Signs `http` in and makes it send the session cookie, CSRF token and Origin from now on.
  static HttpReply sign_in(HttpClient& http, const std::string& username,
                           const std::string& password = kPassword) {
    const HttpReply reply =
        http.send_json("POST", "/api/v1/session", {{"username", username}, {"password", password}});
    if (reply.status == 201) {
      const std::string cookie = reply.header("set-cookie");
      http.set_header("Cookie", cookie.substr(0, cookie.find(';')));
      http.set_header("X-CSRF-Token", reply.json()["csrf_token"].get<std::string>());
      http.set_header("Origin", http.own_origin());
    }
    return reply;
  }

  // A medical history with no contraindication, as a practitioner records it.
  static nlohmann::json history_body() {
    return {{"allergies", {"penicillin"}},
            {"pregnant_or_breastfeeding", false},
            {"bleeding_disorder", false},
            {"anticoagulants", false},
            {"active_cancer_treatment", false},
            {"diabetes", "none"},
            {"autoimmune", "none"},
            {"keloid_tendency", false},
            {"medications", {"vitamin D 1000 IU"}},
            {"notes", "Father and brother with pattern loss."}};
  }

  // A hair assessment of ordinary male pattern loss with baseline measurements.
  static nlohmann::json assessment_body() {
    return {
        {"scale", "norwood_hamilton"},
        {"stage", "III vertex"},
        {"affected_zones", {"vertex", "mid_scalp"}},
        {"loss_duration_months", 30},
        {"pull_test", {{"hairs_out", 8}, {"hairs_pulled", 60}}},
        {"shedding_count", 110},
        {"scalp_conditions", {"oily"}},
        {"measurements",
         {{{"quantity", "hair_density"}, {"value", 142}, {"unit", "hairs/cm2"}, {"zone", "vertex"}},
          {{"quantity", "mean_shaft_diameter"}, {"value", 58.5}, {"unit", "um"}}}}};
  }

  // A session chart as a practitioner records it: two zones, nappage, no lots.
  static nlohmann::json chart_body() {
    return {{"zones",
             {{{"zone", "vertex"}, {"volume_ml", 1.5}, {"injection_points", 40}},
              {{"zone", "mid_scalp"}, {"volume_ml", 1.0}, {"injection_points", 30}}}},
            {"technique", "nappage"},
            {"needle_gauge", 30},
            {"needle_length_mm", 4},
            {"depth_mm", 1.5},
            {"pain_score", 3},
            {"notes", "Tolerated well."}};
  }

 protected:
  // (Re)starts the server; the client signs in as dr.test the first time and keeps its
  // session across restarts (sessions live in the database).
  void start_server(const std::vector<std::string>& extra_args = {}) {
    client_.reset();
    server_ = std::make_unique<ServerProcess>(database_->url(), extra_args);
    client_ = std::make_unique<HttpClient>(server_->port());
    if (session_headers_.empty()) {
      const HttpReply signed_in = sign_in(*client_, "dr.test");
      ASSERT_EQ(signed_in.status, 201) << signed_in.body;
      const std::string cookie = signed_in.header("set-cookie");
      session_headers_ = {{"Cookie", cookie.substr(0, cookie.find(';'))},
                          {"X-CSRF-Token", signed_in.json()["csrf_token"].get<std::string>()}};
    }
    for (const auto& [name, value] : session_headers_) client_->set_header(name, value);
    client_->set_header("Origin", client_->own_origin());
  }

  // Makes another client of this test's server send dr.test's session.
  void use_session(HttpClient& http) const {
    for (const auto& [name, value] : session_headers_) http.set_header(name, value);
    http.set_header("Origin", http.own_origin());
  }

  std::map<std::string, std::string> session_headers_;

  HttpClient& client() { return *client_; }
  ServerProcess& server() { return *server_; }
  const std::string& database_url() const { return database_->url(); }

  nlohmann::json patient_body(const std::string& family = "Yılmaz",
                              const std::string& given = "Ayşe") const {
    return {{"clinic_id", clinic_id_},
            {"family_name", family},
            {"given_name", given},
            {"date_of_birth", "1988-03-14"},
            {"sex", "female"},
            {"phone", "+90 532 123 45 67"},
            {"email", "ayse@example.org"},
            {"preferred_language", "tr"},
            {"reminder_channel", "sms"}};
  }

  // Creates a patient and returns its JSON; fails the test if that does not give 201.
  nlohmann::json create(const nlohmann::json& body) {
    const HttpReply reply = client().send_json("POST", "/api/v1/patients", body);
    EXPECT_EQ(reply.status, 201) << reply.body;
    return reply.json();
  }

  // Records the patient's consent to be contacted (without one no reminder is composed);
  // returns the consent's id.
  std::string consent_to_contact(const std::string& patient_id) {
    const HttpReply reply =
        client().send_json("POST", "/api/v1/patients/" + patient_id + "/consents",
                           {{"kind", "contact"}, {"method", "signed_form"}});
    EXPECT_EQ(reply.status, 201) << reply.body;
    return reply.json().value("id", "");
  }

  // Records history and assessment for a patient through the API as dr.test.
  void record_assessment(const std::string& patient_id) {
    const std::string base = "/api/v1/patients/" + patient_id;
    const HttpReply history = client().send_json("POST", base + "/medical-history", history_body());
    EXPECT_EQ(history.status, 201) << history.body;
    const HttpReply assessment =
        client().send_json("POST", base + "/hair-assessment", assessment_body());
    EXPECT_EQ(assessment.status, 201) << assessment.body;
  }

  // Every patient the list endpoint returns, following cursors.
  std::vector<nlohmann::json> all_patients(const std::string& filter = "") {
    std::vector<nlohmann::json> patients;
    std::string cursor;
    for (int page = 0; page < 1000; ++page) {
      std::string target = "/api/v1/patients?limit=200" + filter;
      if (!cursor.empty()) target += "&cursor=" + cursor;
      const HttpReply reply = client().get(target);
      EXPECT_EQ(reply.status, 200) << reply.body;
      const auto json = reply.json();
      for (const auto& item : json["items"]) patients.push_back(item);
      if (json["next_cursor"].is_null()) break;
      cursor = json["next_cursor"].get<std::string>();
    }
    return patients;
  }

  std::string clinic_id_;
  std::string other_clinic_id_;

 private:
  std::unique_ptr<TestDatabase> database_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<HttpClient> client_;
};

}  // namespace mesoclinic::testing
