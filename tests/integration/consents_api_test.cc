// Consent as data through the API (issue 13): consents to photos and to contact recorded and
// withdrawn, a minor's given by a named guardian, a course's treatment consent recorded with its
// agreement and, once withdrawn, stopping the course at the chair; the export carries them all.
#include "chart_fixture.h"

namespace mesoclinic::testing {
namespace {

using nlohmann::json;

using ConsentApiTest = ChartTest;

std::string micros_ago(std::chrono::hours hours) {
  return std::to_string(std::chrono::duration_cast<std::chrono::microseconds>(
                            (std::chrono::system_clock::now() - hours).time_since_epoch())
                            .count());
}

std::string rfc3339_ago(std::chrono::hours hours) {
  return format_rfc3339(
      std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now()) -
      hours);
}

TEST_P(ConsentApiTest, ConsentsAreRecordedListedAndWithdrawnOnce) {
  const std::string consents = "/api/v1/patients/" + patient_ + "/consents";
  const HttpReply photos = client().send_json("POST", consents,
                                              {{"kind", "photos"},
                                               {"method", "electronic_signature"},
                                               {"given_at", rfc3339_ago(std::chrono::hours(1))}});
  ASSERT_EQ(photos.status, 201) << photos.body;
  const std::string photos_path = photos.header("location");
  EXPECT_EQ(photos_path, consents + "/" + photos.json()["id"].get<std::string>());
  EXPECT_EQ(photos.json()["kind"], "photos");
  EXPECT_EQ(photos.json()["method"], "electronic_signature");
  EXPECT_EQ(photos.json()["recorded_by"], practitioner_id_);
  EXPECT_TRUE(photos.json()["in_force"].get<bool>());
  EXPECT_EQ(photos.json()["guardian"], nullptr);
  const HttpReply contact =
      client().send_json("POST", consents, {{"kind", "contact"}, {"method", "verbal"}});
  ASSERT_EQ(contact.status, 201) << contact.body;

  // Each is read back, and listed in the order given.
  EXPECT_EQ(client().get(photos_path).json(), photos.json());
  const json listed = client().get(consents).json()["items"];
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0]["kind"], "photos");
  EXPECT_EQ(listed[1]["kind"], "contact");

  // Refused with the field named, and nothing recorded: treatment (it comes with a course), an
  // unknown kind or method, a consent given in the future, a guardian for an adult.
  const std::vector<std::pair<json, std::string>> refusals = {
      {{{"kind", "treatment"}, {"method", "signed_form"}}, "/kind"},
      {{{"kind", "marketing"}, {"method", "signed_form"}}, "/kind"},
      {{{"kind", "photos"}, {"method", "before_consent_records"}}, "/method"},
      {{{"kind", "photos"}, {"method", "nod"}}, "/method"},
      {{{"kind", "photos"}, {"method", "verbal"}, {"given_at", "2999-01-01T00:00:00Z"}},
       "/given_at"},
      {{{"kind", "photos"}, {"method", "verbal"}, {"given_at", "yesterday"}}, "/given_at"},
      {{{"kind", "photos"},
        {"method", "verbal"},
        {"guardian", {{"name", "Fatma Yılmaz"}, {"relationship", "mother"}}}},
       "/guardian"},
  };
  for (const auto& [body, field] : refusals) {
    const HttpReply refused = client().send_json("POST", consents, body);
    ASSERT_EQ(refused.status, 422) << body.dump() << ": " << refused.body;
    EXPECT_EQ(refused.json()["errors"][0]["field"], field) << refused.body;
  }
  EXPECT_EQ(client().get(consents).json()["items"].size(), 2u);

  // Withdrawn once, from the time the patient said; a second withdrawal is refused.
  const std::string withdrawal = photos_path + "/withdrawal";
  const HttpReply too_early = client().send_json(
      "POST", withdrawal, {{"withdrawn_at", rfc3339_ago(std::chrono::hours(2))}});
  EXPECT_EQ(too_early.status, 422) << "before it was given: " << too_early.body;
  const HttpReply withdrawn =
      client().send_json("POST", withdrawal, {{"note", "No photos after all."}});
  ASSERT_EQ(withdrawn.status, 200) << withdrawn.body;
  EXPECT_FALSE(withdrawn.json()["in_force"].get<bool>());
  EXPECT_EQ(withdrawn.json()["withdrawal"]["note"], "No photos after all.");
  EXPECT_EQ(withdrawn.json()["withdrawal"]["recorded_by"], practitioner_id_);
  const HttpReply again = client().send_json("POST", withdrawal, json::object());
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_EQ(again.json()["type"], "urn:mesoclinic:problem:consent-already-withdrawn");
  EXPECT_EQ(client().get(photos_path).json()["withdrawal"]["note"], "No photos after all.");
  EXPECT_EQ(
      client().send_json("POST", consents + "/no-such-consent/withdrawal", json::object()).status,
      404);

  // The export carries the consents as they stand; an admin reads none of them.
  const json exported = client().get("/api/v1/patients/" + patient_ + "/export").json();
  ASSERT_EQ(exported["consents"].size(), 2u);
  EXPECT_FALSE(exported["consents"][0]["in_force"].get<bool>());
  EXPECT_TRUE(exported["consents"][1]["in_force"].get<bool>()) << exported["consents"].dump();
  EXPECT_EQ(admin_->get(consents).status, 403);
}

TEST_P(ConsentApiTest, AMinorConsentsThroughANamedGuardian) {
  json body = patient_body("Kaya", "Deniz");
  const auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  body["date_of_birth"] = format_iso_date(CalendarDate{today - std::chrono::days(15 * 365)});
  const std::string minor = create(body)["id"];
  const std::string consents = "/api/v1/patients/" + minor + "/consents";

  const HttpReply without =
      client().send_json("POST", consents, {{"kind", "contact"}, {"method", "signed_form"}});
  ASSERT_EQ(without.status, 422) << without.body;
  EXPECT_EQ(without.json()["errors"][0]["field"], "/guardian");
  const HttpReply half = client().send_json(
      "POST", consents,
      {{"kind", "contact"}, {"method", "signed_form"}, {"guardian", {{"name", "Ali Kaya"}}}});
  ASSERT_EQ(half.status, 422) << half.body;
  EXPECT_EQ(half.json()["errors"][0]["field"], "/guardian/relationship");
  const HttpReply given =
      client().send_json("POST", consents,
                         {{"kind", "contact"},
                          {"method", "signed_form"},
                          {"guardian", {{"name", "Ali Kaya"}, {"relationship", "father"}}}});
  ASSERT_EQ(given.status, 201) << given.body;
  EXPECT_EQ(given.json()["guardian"], json({{"name", "Ali Kaya"}, {"relationship", "father"}}));

  // A course for a minor: the agreement names the guardian who consents to the treatment.
  decide(minor, "guardian_consent");
  json course = agreed(plan(minor, future(14, 0)));
  const std::string courses = "/api/v1/patients/" + minor + "/courses";
  const HttpReply unnamed = client().send_json("POST", courses, course);
  ASSERT_EQ(unnamed.status, 422) << unnamed.body;
  EXPECT_EQ(unnamed.json()["errors"][0]["field"], "/agreement/guardian");
  course["agreement"]["guardian"] = {{"name", "Ali Kaya"}, {"relationship", "father"}};
  const HttpReply started = client().send_json("POST", courses, course);
  ASSERT_EQ(started.status, 201) << started.body;
  const json listed = client().get(consents).json()["items"];
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[1]["kind"], "treatment");
  EXPECT_EQ(listed[1]["course_id"], started.json()["id"]);
  EXPECT_EQ(listed[1]["method"], "signed_form");
  EXPECT_EQ(listed[1]["guardian"]["name"], "Ali Kaya");
}

TEST_P(ConsentApiTest, AWithdrawnTreatmentConsentStopsTheCourseAtTheChair) {
  const HttpReply started = client().send_json("POST", "/api/v1/patients/" + patient_ + "/courses",
                                               agreed(plan(patient_, future(14, 0))));
  ASSERT_EQ(started.status, 201) << started.body;
  const std::string course_id = started.json()["id"];
  const json listed = client().get("/api/v1/patients/" + patient_ + "/consents").json()["items"];
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0]["kind"], "treatment");
  EXPECT_EQ(listed[0]["course_id"], course_id);
  EXPECT_EQ(listed[0]["guardian"], nullptr);
  const std::string consent_id = listed[0]["id"];

  // As if the course had been agreed a week ago and its second session began two hours ago; the
  // patient withdrew three hours ago, so the first session (before) stands and the second does
  // not.
  tamper(database_url(), "UPDATE consents SET given_at = " + micros_ago(std::chrono::hours(168)) +
                             " WHERE id = '" + consent_id + "'");
  const std::string first = started.json()["sessions"][0]["id"];
  const std::string second = started.json()["sessions"][1]["id"];
  const auto began = [&](const std::string& appointment, std::chrono::hours ago) {
    const std::string start = micros_ago(ago);
    tamper(database_url(), "UPDATE appointments SET starts_at = " + start + ", ends_at = " + start +
                               " + 2700000000 WHERE id = '" + appointment + "'");
  };
  began(first, std::chrono::hours(26));
  began(second, std::chrono::hours(2));
  const HttpReply withdrawn = client().send_json(
      "POST", "/api/v1/patients/" + patient_ + "/consents/" + consent_id + "/withdrawal",
      {{"withdrawn_at", rfc3339_ago(std::chrono::hours(3))}, {"note", "Stopping the course."}});
  ASSERT_EQ(withdrawn.status, 200) << withdrawn.body;

  const std::string second_chart = "/api/v1/appointments/" + second + "/chart";
  ASSERT_EQ(put_as_read(client(), second_chart, chart_with(lot_, 1)).status, 200);
  const HttpReply refused =
      client().send_json("POST", second_chart + "/signature", {{"override_reason", "she agreed"}});
  ASSERT_EQ(refused.status, 409) << refused.body;
  EXPECT_EQ(refused.json()["type"], "urn:mesoclinic:problem:consent-withdrawn");
  EXPECT_EQ(refused.json()["consent_id"], consent_id);
  EXPECT_EQ(stock(lot_), "10") << "nothing taken from stock";
  EXPECT_EQ(client().get(second_chart).json()["status"], "draft");

  // The session given before the withdrawal is still documented.
  const std::string first_chart = "/api/v1/appointments/" + first + "/chart";
  ASSERT_EQ(put_as_read(client(), first_chart, chart_with(lot_, 1)).status, 200);
  const HttpReply signed_first =
      client().send_json("POST", first_chart + "/signature", json::object());
  ASSERT_EQ(signed_first.status, 200) << signed_first.body;
  EXPECT_EQ(stock(lot_), "9");
}

INSTANTIATE_TEST_SUITE_P(BothEngines, ConsentApiTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         engine_name);

}  // namespace
}  // namespace mesoclinic::testing
