// The contract walked route by route over a clinic with something behind every route. The routes
// come from route_contract.h, so a route added there without a sample here fails rather than
// going untried:
// - every change of a versioned resource (PUT/PATCH/DELETE) needs If-Match: 428 without it, 412
//   with a stale one, and the problem names its request;
// - every POST that creates honours Idempotency-Key: retried with the same key and body it gets
//   the first reply again (marked replayed) instead of making a second record, and the same key
//   with another body is refused;
// - every list pages the same way: `limit` (at most 200) and `cursor` in, `next_cursor` out, and
//   walking the pages one item at a time gives the whole list once, in order.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "chart_fixture.h"
#include "clinic/suitability.h"
#include "photo_samples.h"
#include "route_contract.h"
#include "trichometry/synthetic.h"

namespace mesoclinic::testing {
namespace {

using nlohmann::json;

// One request that creates something at a route: who sends it, where, and what.
struct Sample {
  HttpClient* caller = nullptr;
  std::string path;
  std::string body;
  std::string content_type = "application/json";
};

class ContractWalkTest : public ChartTest {
 protected:
  // A patient with nothing recorded yet (a first history or assessment needs no If-Match).
  std::string fresh_patient(const std::string& given) {
    return create(patient_body("Tekrar", given))["id"].get<std::string>();
  }

  // The id of an open re-assess item on the clinic's worklist: a fresh patient decided "not now".
  std::string reassess_item(const std::string& given) {
    const std::string id = fresh_patient(given);
    decide(id, "not_now");
    const json listed =
        client().get("/api/v1/clinics/" + clinic_id_ + "/worklist?kind=reassess&limit=200").json();
    for (const auto& item : listed["items"]) {
      if (item["patient_id"] == id) return item["id"];
    }
    ADD_FAILURE() << "no re-assess item for " << given;
    return "";
  }

  // A decision on a fresh patient's proposal, as the practitioner reviews it.
  Sample decision_sample() {
    const std::string id = fresh_patient("Karar");
    record_assessment(id);
    const std::string base = "/api/v1/patients/" + id;
    const json proposal =
        client()
            .send_json("POST", base + "/suitability", {{"formulation_id", formulation_id_}})
            .json();
    json body = {{"outcome", proposal["proposed_outcome"]},
                 {"formulation_id", formulation_id_},
                 {"rule_set_version", proposal["rule_set"]["version"]},
                 {"medical_history_version", proposal["medical_history_version"]},
                 {"hair_assessment_version", proposal["hair_assessment_version"]}};
    return {&client(), base + "/decisions", body.dump()};
  }

  // A correction of a signed chart of a session that began `hours_ago` hours ago.
  Sample correction_sample(int hours_ago = 3) {
    const std::string session = session_that_began(hours_ago, 9);
    const std::string chart = "/api/v1/appointments/" + session + "/chart";
    EXPECT_EQ(put_as_read(client(), chart, chart_with(lot_, 1)).status, 200);
    const HttpReply signed_chart = client().send_json("POST", chart + "/signature", json::object());
    EXPECT_EQ(signed_chart.status, 200) << signed_chart.body;
    const json correction = {{"reason", "the vertex took more"}, {"chart", chart_with(lot_, 2)}};
    return {&client(), chart + "/corrections", correction.dump()};
  }

  // A photo of the fixture's patient, who consents to photos for it.
  Sample photo_sample() {
    const std::string patient = "/api/v1/patients/" + patient_;
    const HttpReply consent = client().send_json("POST", patient + "/consents",
                                                 {{"kind", "photos"}, {"method", "signed_form"}});
    EXPECT_EQ(consent.status, 201) << consent.body;
    return {&client(), patient + "/photos?view=front&time_point=baseline", jpeg_from_camera(64, 48),
            "image/jpeg"};
  }

  // A trichoscopy photo of the fixture's patient (who consents by photo_sample), to be measured.
  Sample trichometry_sample() {
    const auto image = trichometry::synthesize(4, {800, 600});
    const HttpReply uploaded = client().request(
        "POST",
        "/api/v1/patients/" + patient_ +
            "/photos?kind=trichoscopy&zone=vertex&time_point=baseline&um_per_pixel=" +
            std::to_string(image.calibration.um_per_px),
        std::string(image.jpeg.begin(), image.jpeg.end()), {{"Content-Type", "image/jpeg"}});
    EXPECT_EQ(uploaded.status, 201) << uploaded.body;
    return {&client(), "/api/v1/photos/" + uploaded.json().value("id", "") + "/trichometry",
            json::object().dump()};
  }

  // A sample for every create the contract covers; a route missing here fails the test.
  std::map<Route, Sample> samples() {
    const std::string clinic = "/api/v1/clinics/" + clinic_id_;
    const std::string product_id = admin_->get("/api/v1/products").json()["items"][0]["id"];
    const std::string history_patient = fresh_patient("Gecmis");
    const auto post = [](const std::string& path) { return Route{"POST", path}; };
    std::map<Route, Sample> samples;
    samples[post("/api/v1/users")] = {admin_.get(), "/api/v1/users",
                                      json{{"username", "idem.reception"},
                                           {"role", "reception"},
                                           {"password", kPassword},
                                           {"clinic_ids", {clinic_id_}}}
                                          .dump()};
    samples[post("/api/v1/patients")] = {&client(), "/api/v1/patients",
                                         patient_body("Tekrar", "Hasta").dump()};
    samples[post("/api/v1/patients/{id}/medical-history")] = {
        &client(), "/api/v1/patients/" + history_patient + "/medical-history",
        history_body().dump()};
    samples[post("/api/v1/patients/{id}/hair-assessment")] = {
        &client(), "/api/v1/patients/" + history_patient + "/hair-assessment",
        assessment_body().dump()};
    samples[post("/api/v1/patients/{id}/decisions")] = decision_sample();
    samples[post("/api/v1/patients/{id}/consents")] = {
        &client(), "/api/v1/patients/" + patient_ + "/consents",
        json{{"kind", "photos"}, {"method", "signed_form"}}.dump()};
    samples[post("/api/v1/patients/{id}/photos")] = photo_sample();
    samples[post("/api/v1/photos/{id}/trichometry")] = trichometry_sample();
    const HttpReply course = client().send_json("POST", "/api/v1/patients/" + patient_ + "/courses",
                                                agreed(plan(patient_, future(21, 1))));
    EXPECT_EQ(course.status, 201) << course.body;
    samples[post("/api/v1/courses/{id}/measurements")] = {
        &client(), "/api/v1/courses/" + course.json()["id"].get<std::string>() + "/measurements",
        json{{"time_point", "baseline"},
             {"measurements",
              {{{"measure", "hair_density"},
                {"value", 140},
                {"unit", "hairs/cm2"},
                {"zone", "vertex"},
                {"method", "trichoscopy"}}}}}
            .dump()};
    samples[post("/api/v1/formulations")] = {
        admin_.get(), "/api/v1/formulations",
        json{{"name", "Idempotent mix"},
             {"ingredients", {{{"substance", "zinc"}, {"amount_per_ml", 1}, {"unit", "mg"}}}}}
            .dump()};
    samples[post("/api/v1/protocols")] = {admin_.get(), "/api/v1/protocols",
                                          json{{"name", "Idempotent course"},
                                               {"formulation_id", formulation_id_},
                                               {"sessions", 6},
                                               {"interval_days", {7, 7, 7, 14, 14}},
                                               {"appointment_minutes", 45}}
                                              .dump()};
    samples[post("/api/v1/rule-sets")] = {admin_.get(), "/api/v1/rule-sets",
                                          std::string(clinic::default_rule_file()),
                                          "application/toml"};
    samples[post("/api/v1/products")] = {
        admin_.get(), "/api/v1/products",
        json{{"name", "Idempotent vial"}, {"formulation_id", formulation_id_}, {"vial_ml", 5}}
            .dump()};
    samples[post("/api/v1/clinics")] = {admin_.get(), "/api/v1/clinics",
                                        json{{"name", "Ponsonby Hair Clinic"},
                                             {"time_zone", "Pacific/Auckland"},
                                             {"currency", "NZD"},
                                             {"default_language", "en"}}
                                            .dump()};
    samples[post("/api/v1/clinics/{id}/rooms")] = {admin_.get(), clinic + "/rooms",
                                                   json{{"name", "Room 9"}}.dump()};
    samples[post("/api/v1/lots")] = {&client(), "/api/v1/lots",
                                     json{{"product_id", product_id},
                                          {"clinic_id", clinic_id_},
                                          {"number", "IDEM-1"},
                                          {"expires_on", future(365, 0)},
                                          {"quantity", 5}}
                                         .dump()};
    samples[post("/api/v1/patients/{id}/courses")] = {&client(),
                                                      "/api/v1/patients/" + patient_ + "/courses",
                                                      agreed(plan(patient_, future(14, 0))).dump()};
    samples[post("/api/v1/appointments")] = {&client(), "/api/v1/appointments",
                                             json{{"patient_id", patient_},
                                                  {"practitioner_id", practitioner_id_},
                                                  {"starts", {{"local", future(7, 3) + "T16:00"}}},
                                                  {"minutes", 45}}
                                                 .dump()};
    samples[post("/api/v1/appointments/{id}/chart/corrections")] = correction_sample();
    samples[post("/api/v1/clinics/{id}/worklist/{item_id}/closure")] = {
        &client(), clinic + "/worklist/" + reassess_item("Bekle") + "/closure",
        json{{"note", "Called her; she comes back in March."}}.dump()};
    return samples;
  }

  // Every create once, some twice, so that each list has at least two items to page through;
  // returns where each list is read, and by whom.
  std::map<Route, Sample> fill_every_list() {
    consent_to_contact(patient_);  // so that signing queues the aftercare reminders
    const std::map<Route, Sample> made = samples();
    // The second items first: a new rule set (one of the samples) makes every earlier decision
    // stale, after which nothing more is booked.
    const Sample& decision = made.at({"POST", "/api/v1/patients/{id}/decisions"});
    EXPECT_EQ(
        decision.caller
            ->request("POST", decision.path, decision.body, {{"Content-Type", "application/json"}})
            .status,
        201);
    correction_sample(6);  // a second session that used the lot, so the lot has two recipients
    const Sample& photo = made.at({"POST", "/api/v1/patients/{id}/photos"});
    EXPECT_EQ(
        photo.caller->request("POST", photo.path, photo.body, {{"Content-Type", "image/jpeg"}})
            .status,
        201);
    reassess_item("Bir");  // two items stay open on the worklist
    reassess_item("Iki");
    const HttpReply second_course =
        client().send_json("POST", "/api/v1/patients/" + patient_ + "/courses",
                           agreed(plan(patient_, future(150, 0))));
    EXPECT_EQ(second_course.status, 201) << second_course.body;
    for (const auto& [route, sample] : made) {
      const HttpReply reply = sample.caller->request("POST", sample.path, sample.body,
                                                     {{"Content-Type", sample.content_type}});
      EXPECT_TRUE(reply.status == 200 || reply.status == 201) << sample.path << ": " << reply.body;
    }
    const std::string patient = "/api/v1/patients/" + patient_;
    for (int i = 0; i < 2; ++i) {
      EXPECT_EQ(
          client().send_json("POST", patient + "/calendar-subscriptions", json::object()).status,
          201);
      EXPECT_EQ(admin_
                    ->send_json("POST", "/api/v1/tokens",
                                {{"name", "Booking kiosk " + std::to_string(i)},
                                 {"role", "reception"},
                                 {"clinic_ids", {clinic_id_}}})
                    .status,
                201);
    }
    add_user("auditor", "audit.walk", {clinic_id_});
    auditor_ = std::make_unique<HttpClient>(server().port());
    EXPECT_EQ(sign_in(*auditor_, "audit.walk").status, 201);

    const std::string clinic = "/api/v1/clinics/" + clinic_id_;
    const std::string lots = "/api/v1/lots";
    const auto get = [](const std::string& path) { return Route{"GET", path}; };
    std::map<Route, Sample> lists;
    lists[get("/api/v1/audit")] = {auditor_.get(), "/api/v1/audit", ""};
    lists[get("/api/v1/users")] = {admin_.get(), "/api/v1/users", ""};
    lists[get("/api/v1/tokens")] = {admin_.get(), "/api/v1/tokens", ""};
    lists[get("/api/v1/patients")] = {&client(), "/api/v1/patients", ""};
    lists[get("/api/v1/patients/{id}/decisions")] = {&client(), decision.path, ""};
    lists[get("/api/v1/patients/{id}/courses")] = {&client(), patient + "/courses", ""};
    lists[get("/api/v1/patients/{id}/appointments")] = {&client(), patient + "/appointments", ""};
    lists[get("/api/v1/patients/{id}/reminders")] = {&client(), patient + "/reminders", ""};
    lists[get("/api/v1/patients/{id}/calendar-subscriptions")] = {
        &client(), patient + "/calendar-subscriptions", ""};
    lists[get("/api/v1/patients/{id}/consents")] = {&client(), patient + "/consents", ""};
    lists[get("/api/v1/patients/{id}/photos")] = {&client(), patient + "/photos", ""};
    lists[get("/api/v1/formulations")] = {admin_.get(), "/api/v1/formulations", ""};
    lists[get("/api/v1/protocols")] = {admin_.get(), "/api/v1/protocols", ""};
    lists[get("/api/v1/rule-sets")] = {admin_.get(), "/api/v1/rule-sets", ""};
    lists[get("/api/v1/products")] = {admin_.get(), "/api/v1/products", ""};
    lists[get("/api/v1/clinics")] = {admin_.get(), "/api/v1/clinics", ""};
    lists[get("/api/v1/clinics/{id}/rooms")] = {admin_.get(), clinic + "/rooms", ""};
    lists[get("/api/v1/clinics/{id}/appointments")] = {
        &client(),
        clinic + "/appointments?from=" + plus_days(future(0, 0), -7) + "&to=" + future(60, 0), ""};
    lists[get("/api/v1/clinics/{id}/reminders")] = {&client(), clinic + "/reminders", ""};
    lists[get("/api/v1/clinics/{id}/worklist")] = {&client(), clinic + "/worklist", ""};
    lists[get("/api/v1/lots")] = {&client(), lots + "?clinic_id=" + clinic_id_, ""};
    lists[get("/api/v1/lots/{id}/recipients")] = {&client(), lots + "/" + lot_ + "/recipients", ""};
    return lists;
  }

  std::unique_ptr<HttpClient> auditor_;
};

// The route's path with its parameters filled from `ids` (keyed by the segment before each).
std::string fill(std::string pattern, const std::map<std::string, std::string>& ids) {
  for (const auto& [placeholder, value] : ids) {
    for (std::size_t at = pattern.find(placeholder); at != std::string::npos;
         at = pattern.find(placeholder)) {
      pattern.replace(at, placeholder.size(), value);
    }
  }
  return pattern;
}

TEST_P(ContractWalkTest, EveryConditionalChangeNeedsIfMatch) {
  const std::string clinic = "/api/v1/clinics/" + clinic_id_;
  // Something stored behind every route: the fixture's calendar, schedule, rooms and price, the
  // demo clinic's contact, and here aftercare rules and a draft chart (first saves, which need
  // no If-Match), and a measured trichoscopy photo.
  const HttpReply rules =
      admin_->send_json("PUT", clinic + "/aftercare-rules",
                        {{"rules", {{{"id", "no_washing"}, {"minimum_days", 3}}}}});
  ASSERT_EQ(rules.status, 200) << rules.body;
  const HttpReply outcome_settings = admin_->send_json(
      "PUT", clinic + "/outcome-settings",
      {{"responder",
        {{"measure", "hair_density"}, {"time_point", "end_of_course"}, {"min_percent", 12}}}});
  ASSERT_EQ(outcome_settings.status, 200) << outcome_settings.body;
  const std::string session = session_that_began(2, 10);
  const std::string chart = "/api/v1/appointments/" + session + "/chart";
  ASSERT_EQ(client().send_json("PUT", chart, chart_body()).status, 200);
  const std::string draft_etag = client().get(chart).header("etag");
  const std::string calendar_etag = admin_->get(clinic + "/calendar").header("etag");
  photo_sample();  // the patient's consent to photos, which a trichoscopy photo needs
  const Sample measuring = trichometry_sample();
  ASSERT_EQ(client().send_json("POST", measuring.path, json::object()).status, 201);
  const std::string measured = measuring.path.substr(0, measuring.path.rfind('/'));
  const std::string result_etag = client().get(measuring.path).header("etag");
  const std::map<std::string, std::string> ids = {
      {"/photos/{id}", measured.substr(std::string("/api/v1").size())},
      {"/patients/{id}", "/patients/" + patient_},
      {"/protocols/{id}", "/protocols/" + protocol_id_},
      {"/protocols/{protocol_id}", "/protocols/" + protocol_id_},
      {"/users/{id}",
       "/users/" + admin_->get("/api/v1/session").json()["user"]["id"].get<std::string>()},
      {"/formulations/{id}", "/formulations/" + formulation_id_},
      {"/products/{id}",
       "/products/" + admin_->get("/api/v1/products").json()["items"][0]["id"].get<std::string>()},
      {"/clinics/{id}", "/clinics/" + clinic_id_},
      {"/rooms/{room_id}",
       "/rooms/" + admin_->get(clinic + "/rooms").json()["items"][0]["id"].get<std::string>()},
      {"/practitioners/{user_id}", "/practitioners/" + practitioner_id_},
      {"/appointments/{id}", "/appointments/" + session}};
  for (const auto& [method, pattern] : routes_of(Kind::kConditionalChange)) {
    const std::string path = fill(pattern, ids);
    ASSERT_EQ(path.find('{'), std::string::npos) << "no resource to try " << pattern << " on";
    // Whichever of the two may make the change; the other's 403 would prove nothing.
    HttpClient& caller =
        client().send_json(method, path, json::object()).status == 403 ? *admin_ : client();
    const HttpReply refused = caller.send_json(method, path, json::object());
    EXPECT_EQ(refused.status, 428) << method << " " << path << ": " << refused.body;
    EXPECT_EQ(refused.json().value("type", ""), "urn:mesoclinic:problem:precondition-required");
    // The problem names its request, as the log does.
    EXPECT_EQ(refused.json().value("request_id", ""), refused.header("x-request-id"));
    const HttpReply stale =
        caller.send_json(method, path, json::object(), {{"If-Match", "\"999\""}});
    EXPECT_EQ(stale.status, 412) << method << " " << path << ": " << stale.body;
    EXPECT_EQ(stale.json().value("type", ""), "urn:mesoclinic:problem:stale-version");
  }
  // And nothing was changed by all of that.
  EXPECT_EQ(client().get("/api/v1/patients/" + patient_).header("etag"), "\"1\"");
  EXPECT_EQ(client().get(chart).header("etag"), draft_etag);
  EXPECT_EQ(admin_->get(clinic + "/calendar").header("etag"), calendar_etag);
  EXPECT_EQ(client().get(measuring.path).header("etag"), result_etag);
}

TEST_P(ContractWalkTest, EveryCreateReplaysItsFirstReplyForTheSameKey) {
  const std::vector<Route> creates = routes_of(Kind::kIdempotentCreate);
  ASSERT_FALSE(creates.empty());
  const std::map<Route, Sample> all = samples();
  int n = 0;
  for (const Route& route : creates) {
    const auto sample = all.find(route);
    if (sample == all.end()) {
      ADD_FAILURE() << route.second << " has no sample request in contract_walk_test.cc";
      continue;
    }
    const auto& [caller, path, body, content_type] = sample->second;
    const std::map<std::string, std::string> headers = {
        {"Content-Type", content_type}, {"Idempotency-Key", "contract-" + std::to_string(++n)}};
    const HttpReply first = caller->request("POST", path, body, headers);
    ASSERT_TRUE(first.status == 200 || first.status == 201) << path << ": " << first.body;
    EXPECT_TRUE(first.header("idempotent-replayed").empty()) << path;
    // The client lost the reply and retries: the same reply, nothing created twice.
    const HttpReply again = caller->request("POST", path, body, headers);
    EXPECT_EQ(again.status, first.status) << path << ": " << again.body;
    EXPECT_EQ(again.body, first.body) << path;
    EXPECT_EQ(again.header("location"), first.header("location")) << path;
    EXPECT_EQ(again.header("idempotent-replayed"), "true") << path;
    // The same key for another request is a client's mistake, not a replay.
    const HttpReply reused = caller->request("POST", path, body + "\n", headers);
    EXPECT_EQ(reused.status, 422) << path << ": " << reused.body;
    EXPECT_EQ(reused.json().value("type", ""), "urn:mesoclinic:problem:idempotency-key-reused")
        << path;
  }
}

TEST_P(ContractWalkTest, EveryListPagesWithLimitAndCursor) {
  const std::vector<Route> lists = routes_of(Kind::kPagedList);
  ASSERT_FALSE(lists.empty());
  const std::map<Route, Sample> where = fill_every_list();
  for (const Route& route : lists) {
    const auto found = where.find(route);
    if (found == where.end()) {
      ADD_FAILURE() << route.second << " has no sample list in contract_walk_test.cc";
      continue;
    }
    HttpClient& caller = *found->second.caller;
    const std::string& path = found->second.path;
    const std::string joiner = path.find('?') == std::string::npos ? "?" : "&";
    const HttpReply first = caller.get(path + joiner + "limit=1");
    ASSERT_EQ(first.status, 200) << path << ": " << first.body;
    ASSERT_EQ(first.json()["items"].size(), 1u) << path;
    ASSERT_TRUE(first.json()["next_cursor"].is_string()) << path << " has one item only";
    const std::string cursor = first.json()["next_cursor"];
    const HttpReply second = caller.get(path + joiner + "limit=1&cursor=" + cursor);
    ASSERT_EQ(second.status, 200) << path << ": " << second.body;
    ASSERT_EQ(second.json()["items"].size(), 1u) << path;
    EXPECT_NE(second.json()["items"][0], first.json()["items"][0]) << path;
    EXPECT_EQ(caller.get(path + joiner + "limit=100000").status, 422) << path;
    EXPECT_EQ(caller.get(path + joiner + "limit=0").status, 422) << path;
    EXPECT_EQ(caller.get(path + joiner + "cursor=not-ours").status, 422) << path;
    // The audit trail grows with every read of it, so only its first pages are compared.
    if (route.second == "/api/v1/audit") continue;
    // One item a page gives the whole list once, in the order of one page of all.
    const json whole = caller.get(path).json();
    ASSERT_TRUE(whole["next_cursor"].is_null()) << path;
    json walked = json::array();
    std::string next;
    for (int page = 0; page < 100; ++page) {
      const HttpReply reply =
          caller.get(path + joiner + "limit=1" + (next.empty() ? "" : "&cursor=" + next));
      ASSERT_EQ(reply.status, 200) << path << ": " << reply.body;
      const json page_read = reply.json();
      for (const auto& item : page_read["items"]) walked.push_back(item);
      if (page_read["next_cursor"].is_null()) break;
      next = page_read["next_cursor"];
    }
    EXPECT_EQ(walked, whole["items"]) << path;
  }
}

INSTANTIATE_TEST_SUITE_P(Engines, ContractWalkTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         engine_name);

}  // namespace
}  // namespace mesoclinic::testing
