// Clinics and their prices through the API: a clinic opened and changed by an admin (its zone
// fixed while appointments are booked ahead), a protocol priced per clinic in its currency and
// estimated from that price, and a protocol edited or retired without touching agreed courses.
#include "chart_fixture.h"

namespace mesoclinic::testing {
namespace {

using nlohmann::json;

class ClinicsApiTest : public CourseTest {
 protected:
  static std::string problem_type(const HttpReply& reply) {
    return reply.json().value("type", std::string());
  }
  std::string price_path(const std::string& clinic_id) const {
    return "/api/v1/clinics/" + clinic_id + "/protocols/" + protocol_id_ + "/price";
  }
  // A course agreed from a plan for a fresh suitable patient; returns it as created.
  json agreed_course(const std::string& family) {
    const std::string patient = suitable_patient(family);
    const json proposal = plan(patient, future(14, 0));
    const HttpReply created =
        client().send_json("POST", "/api/v1/patients/" + patient + "/courses", agreed(proposal));
    EXPECT_EQ(created.status, 201) << created.body;
    return created.json();
  }
};

TEST_P(ClinicsApiTest, AnAdminOpensAClinicWorksThereAndBadSettingsChangeNothing) {
  add_user("admin", "admin.elsewhere", {other_clinic_id_});
  const HttpReply bad = admin_->send_json("POST", "/api/v1/clinics",
                                          {{"name", "Ponsonby Hair Clinic"},
                                           {"time_zone", "Pacific/Atlantis"},
                                           {"currency", "ABC"},
                                           {"default_language", "en"}});
  EXPECT_EQ(bad.status, 422);
  for (const char* field : {"/time_zone", "/currency"}) {
    EXPECT_NE(bad.body.find(std::string("\"") + field + "\""), std::string::npos) << bad.body;
  }
  EXPECT_EQ(admin_->get("/api/v1/clinics").json()["items"].size(), 2u);

  const HttpReply opened = admin_->send_json(
      "POST", "/api/v1/clinics",
      {{"name", "Ponsonby Hair Clinic"},
       {"time_zone", "Pacific/Auckland"},
       {"currency", "NZD"},
       {"default_language", "en"},
       {"contact", {{"phone", "+64 9 555 0123"}, {"email", "desk@example.org"}}}});
  ASSERT_EQ(opened.status, 201) << opened.body;
  const json clinic = opened.json();
  const std::string item = "/api/v1/clinics/" + clinic["id"].get<std::string>();
  EXPECT_EQ(opened.header("location"), item);
  EXPECT_EQ(opened.header("etag"), "\"1\"");
  EXPECT_EQ(clinic["currency"], "NZD");
  EXPECT_EQ(clinic["time_zone"], "Pacific/Auckland");
  // The admin who opened it works there: it is listed, readable and its contact kept.
  EXPECT_EQ(admin_->get("/api/v1/clinics").json()["items"].size(), 3u);
  EXPECT_EQ(admin_->get(item).json()["default_language"], "en");
  EXPECT_EQ(admin_->get(item + "/contact").json()["phone"], "+6495550123");
  // An admin of another clinic neither sees nor changes it.
  HttpClient elsewhere(server().port());
  ASSERT_EQ(sign_in(elsewhere, "admin.elsewhere").status, 201);
  EXPECT_EQ(elsewhere.get(item).status, 404);
  EXPECT_EQ(elsewhere.send_json("PATCH", item, {{"name", "Mine"}}, {{"If-Match", "*"}}).status,
            404);

  EXPECT_EQ(admin_->send_json("PATCH", item, {{"currency", "NZ$"}}).status, 428);
  EXPECT_EQ(admin_->send_json("PATCH", item, {{"currency", "NZ$"}}, {{"If-Match", "\"1\""}}).status,
            422);
  const HttpReply renamed = admin_->send_json(
      "PATCH", item, {{"name", "Ponsonby Hair"}, {"time_zone", "Pacific/Chatham"}},
      {{"If-Match", "\"1\""}});
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(renamed.header("etag"), "\"2\"");
  EXPECT_EQ(renamed.json()["time_zone"], "Pacific/Chatham") << "no appointments: the zone moves";
  EXPECT_EQ(renamed.json()["currency"], "NZD");
  EXPECT_EQ(admin_->send_json("PATCH", item, {{"name", "Stale"}}, {{"If-Match", "\"1\""}}).status,
            412);
}

TEST_P(ClinicsApiTest, TheZoneStaysWhileAppointmentsAreBookedAhead) {
  agreed_course("Yılmaz");
  const std::string item = "/api/v1/clinics/" + clinic_id_;
  const HttpReply refused =
      admin_->send_json("PATCH", item, {{"time_zone", "Europe/Dublin"}}, {{"If-Match", "*"}});
  ASSERT_EQ(refused.status, 409) << refused.body;
  EXPECT_EQ(problem_type(refused), "urn:mesoclinic:problem:time-zone-in-use");
  EXPECT_EQ(refused.json()["future_appointments"], 8);
  EXPECT_NE(refused.json()["detail"].get<std::string>().find("8 appointments"), std::string::npos);
  EXPECT_EQ(admin_->get(item).json()["time_zone"], "Europe/London");
  const HttpReply renamed =
      admin_->send_json("PATCH", item, {{"name", "Marylebone Hair"}}, {{"If-Match", "*"}});
  EXPECT_EQ(renamed.status, 200) << "the other settings still change";
}

TEST_P(ClinicsApiTest, EachClinicPricesAProtocolInItsOwnCurrency) {
  const std::string london = price_path(clinic_id_);
  const HttpReply price = client().get(london);
  ASSERT_EQ(price.status, 200) << price.body;
  EXPECT_EQ(price.json()["currency"], "GBP");
  EXPECT_EQ(price.json()["cost_estimate"], json({{"minor_units", 96000}, {"currency", "GBP"}}));
  EXPECT_EQ(price.header("etag"), "\"1\"");

  // The Istanbul clinic has set no price yet: no estimate and no course there.
  const std::string istanbul = price_path(other_clinic_id_);
  EXPECT_EQ(client().get(istanbul).status, 404);
  json patient = patient_body("Demir", "Can");
  patient["clinic_id"] = other_clinic_id_;
  patient.erase("preferred_language");
  const json created = create(patient);
  EXPECT_EQ(created["preferred_language"], "tr") << "the Istanbul clinic's default language";
  const std::string there = created["id"];
  const json ask = {{"protocol_id", protocol_id_}, {"start_date", future(14, 0)}};
  const HttpReply unpriced =
      client().send_json("POST", "/api/v1/patients/" + there + "/course-plans", ask);
  ASSERT_EQ(unpriced.status, 409) << unpriced.body;
  EXPECT_EQ(problem_type(unpriced), "urn:mesoclinic:problem:protocol-not-priced");

  const json in_pounds = {{"package_price", {{"minor_units", 500000}, {"currency", "GBP"}}}};
  const HttpReply wrong = admin_->send_json("PUT", istanbul, in_pounds);
  EXPECT_EQ(wrong.status, 422);
  EXPECT_NE(wrong.body.find("/package_price/currency"), std::string::npos) << wrong.body;
  EXPECT_EQ(admin_->send_json("PUT", istanbul, json::object()).status, 422);
  EXPECT_EQ(client().send_json("PUT", istanbul, in_pounds).status, 403) << "admins set prices";
  const json in_lira = {{"package_price", {{"minor_units", 3600000}, {"currency", "TRY"}}}};
  const HttpReply set = admin_->send_json("PUT", istanbul, in_lira);
  ASSERT_EQ(set.status, 201) << set.body;
  EXPECT_EQ(set.json()["cost_estimate"], json({{"minor_units", 3600000}, {"currency", "TRY"}}));

  // Changing London's price needs its ETag; the next estimate there is the new price.
  const json dearer = {{"price_per_session", {{"minor_units", 13000}, {"currency", "GBP"}}}};
  EXPECT_EQ(admin_->send_json("PUT", london, dearer).status, 428);
  EXPECT_EQ(admin_->send_json("PUT", london, dearer, {{"If-Match", "\"9\""}}).status, 412);
  const HttpReply changed = admin_->send_json("PUT", london, dearer, {{"If-Match", "\"1\""}});
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(changed.header("etag"), "\"2\"");
  const std::string patient_here = suitable_patient("Öztürk");
  EXPECT_EQ(plan(patient_here, future(14, 0))["cost_estimate"],
            json({{"minor_units", 104000}, {"currency", "GBP"}}));
}

TEST_P(ClinicsApiTest, AnEditOrRetirementLeavesAgreedCoursesAsAgreed) {
  const json course = agreed_course("Yılmaz");
  const std::string course_path = "/api/v1/courses/" + course["id"].get<std::string>();
  const std::string protocol = "/api/v1/protocols/" + protocol_id_;

  const HttpReply edited = admin_->send_json(
      "PATCH", protocol,
      {{"sessions", 6}, {"interval_days", {7, 7, 7, 7, 7}}, {"technique", "point-by-point"}},
      {{"If-Match", "\"1\""}});
  ASSERT_EQ(edited.status, 200) << edited.body;
  ASSERT_EQ(admin_
                ->send_json("PUT", price_path(clinic_id_),
                            {{"price_per_session", {{"minor_units", 15000}, {"currency", "GBP"}}}},
                            {{"If-Match", "*"}})
                .status,
            200);
  const json kept = client().get(course_path).json();
  EXPECT_EQ(kept["protocol"]["sessions"], 8);
  EXPECT_EQ(kept["protocol"]["interval_days"], json({7, 7, 7, 14, 14, 14, 14}));
  EXPECT_EQ(kept["protocol"]["price_per_session"],
            json({{"minor_units", 12000}, {"currency", "GBP"}}));
  EXPECT_EQ(kept["cost_estimate"], json({{"minor_units", 96000}, {"currency", "GBP"}}));
  EXPECT_EQ(kept["sessions"].size(), 8u);
  // A new plan uses the protocol as it is now, at today's price.
  const json fresh = plan(suitable_patient("Kaya"), future(14, 0));
  EXPECT_EQ(fresh["sessions"].size(), 6u);
  EXPECT_EQ(fresh["cost_estimate"], json({{"minor_units", 90000}, {"currency", "GBP"}}));

  const HttpReply retired = admin_->send_json("POST", protocol + "/retirement", json::object());
  ASSERT_EQ(retired.status, 200) << retired.body;
  EXPECT_FALSE(retired.json()["retired_at"].is_null());
  const std::string patient = suitable_patient("Aydın");
  const HttpReply refused =
      client().send_json("POST", "/api/v1/patients/" + patient + "/course-plans",
                         {{"protocol_id", protocol_id_}, {"start_date", future(14, 0)}});
  ASSERT_EQ(refused.status, 409) << refused.body;
  EXPECT_EQ(problem_type(refused), "urn:mesoclinic:problem:retired");
  const HttpReply edit_retired =
      admin_->send_json("PATCH", protocol, {{"technique", "x"}}, {{"If-Match", "*"}});
  EXPECT_EQ(edit_retired.status, 409);
  EXPECT_EQ(client().get(protocol).status, 200) << "a retired protocol is still readable";
  EXPECT_EQ(client().get(course_path).json(), kept) << "retiring changed an agreed course";
}

INSTANTIATE_TEST_SUITE_P(BothEngines, ClinicsApiTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         engine_name);

}  // namespace
}  // namespace mesoclinic::testing
