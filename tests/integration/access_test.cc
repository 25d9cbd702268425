// Who may do what: every route the router serves, walked with every role, with no sign-in and
// with a user of another clinic; sign-in, CSRF, session fixation and expiry.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "api/api.h"
#include "api_fixture.h"
#include "auth/auth.h"
#include "clinic/suitability.h"
#include "direct_sql.h"
#include "http/http.h"
#include "photo_samples.h"

namespace mesoclinic::testing {
namespace {

using nlohmann::json;

// Every (method, pattern) the server registers, read from a router built in-process.
std::vector<std::pair<std::string, std::string>> served_routes() {
  const auto dir =
      std::filesystem::temp_directory_path() / ("mesoclinic-routes-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto store = store::Store::open({"sqlite:" + (dir / "routes.db").string(), 1});
  EXPECT_TRUE(store.has_value());
  http::Router router;
  http::Metrics metrics;
  const auto routes = api::add_routes(router, **store, metrics);
  std::vector<std::pair<std::string, std::string>> served;
  for (const auto& route : router.routes()) served.emplace_back(route.method, route.pattern);
  store->reset();
  std::filesystem::remove_all(dir);
  return served;
}

// The expected outcome per identity, written out independently of src/api/access.cc. The last
// column is an API token issued for the reception role of the first clinic.
struct Expected {
  int anonymous, admin, practitioner, reception, auditor, other_clinic, reception_token;
};

const std::map<std::pair<std::string, std::string>, Expected>& expectations() {
  static const std::map<std::pair<std::string, std::string>, Expected> table = {
      {{"GET", "/healthz"}, {200, 200, 200, 200, 200, 200, 200}},
      {{"GET", "/readyz"}, {200, 200, 200, 200, 200, 200, 200}},
      {{"GET", "/metrics"}, {200, 200, 200, 200, 200, 200, 200}},
      // Wrong password on purpose: the sign-in route is public and refuses it alike for all.
      {{"POST", "/api/v1/session"}, {401, 401, 401, 401, 401, 401, 401}},
      {{"GET", "/api/v1/session"}, {401, 200, 200, 200, 200, 200, 200}},
      // A token is not a session to sign out of.
      {{"DELETE", "/api/v1/session"}, {401, 204, 204, 204, 204, 204, 409}},
      // Walked with a new password too short to keep: anyone signed in gets as far as the
      // policy; a token has no password.
      {{"PUT", "/api/v1/session/password"}, {401, 422, 422, 422, 422, 422, 409}},
      {{"GET", "/api/v1/clinics"}, {401, 200, 200, 200, 200, 200, 200}},
      {{"POST", "/api/v1/clinics"}, {401, 201, 403, 403, 403, 403, 403}},
      {{"GET", "/api/v1/clinics/{id}"}, {401, 200, 200, 200, 200, 404, 200}},
      {{"PATCH", "/api/v1/clinics/{id}"}, {401, 200, 403, 403, 403, 403, 403}},
      {{"GET", "/api/v1/clinics/{id}/protocols/{protocol_id}/price"},
       {401, 200, 200, 200, 200, 404, 200}},
      {{"PUT", "/api/v1/clinics/{id}/protocols/{protocol_id}/price"},
       {401, 200, 403, 403, 403, 403, 403}},
      {{"GET", "/api/v1/clinics/{id}/contact"}, {401, 200, 200, 200, 200, 404, 200}},
      {{"PUT", "/api/v1/clinics/{id}/contact"}, {401, 200, 403, 403, 403, 403, 403}},
      {{"GET", "/api/v1/patients"}, {401, 403, 200, 200, 200, 200, 200}},
      {{"POST", "/api/v1/patients"}, {401, 403, 201, 201, 403, 422, 201}},
      {{"GET", "/api/v1/patients/{id}"}, {401, 403, 200, 200, 200, 404, 200}},
      {{"PATCH", "/api/v1/patients/{id}"}, {401, 403, 200, 200, 403, 404, 200}},
      {{"DELETE", "/api/v1/patients/{id}"}, {401, 403, 204, 403, 403, 404, 403}},
      {{"GET", "/api/v1/patients/{id}/export"}, {401, 403, 200, 403, 403, 404, 403}},
      {{"POST", "/api/v1/patients/{id}/erasure"}, {401, 403, 200, 403, 403, 404, 403}},
      {{"GET", "/api/v1/audit"}, {401, 403, 403, 403, 200, 403, 403}},
      {{"POST", "/api/v1/users"}, {401, 201, 403, 403, 403, 403, 403}},
      {{"GET", "/api/v1/users"}, {401, 200, 403, 403, 403, 403, 403}},
      // {id} is a patient's id here, which names no user or token: the admin gets 404.
      {{"DELETE", "/api/v1/users/{id}/sessions"}, {401, 404, 403, 403, 403, 403, 403}},
      {{"GET", "/api/v1/users/{id}"}, {401, 404, 403, 403, 403, 403, 403}},
      {{"PATCH", "/api/v1/users/{id}"}, {401, 404, 403, 403, 403, 403, 403}},
      {{"POST", "/api/v1/users/{id}/password-reset"}, {401, 404, 403, 403, 403, 403, 403}},
      {{"POST", "/api/v1/patients/{id}/medical-history"}, {401, 403, 201, 403, 403, 404, 403}},
      {{"GET", "/api/v1/patients/{id}/medical-history"}, {401, 403, 200, 403, 200, 404, 403}},
      {{"POST", "/api/v1/patients/{id}/hair-assessment"}, {401, 403, 201, 403, 403, 404, 403}},
      {{"GET", "/api/v1/patients/{id}/hair-assessment"}, {401, 403, 200, 403, 200, 404, 403}},
      {{"POST", "/api/v1/patients/{id}/suitability"}, {401, 403, 200, 403, 403, 404, 403}},
      {{"POST", "/api/v1/patients/{id}/decisions"}, {401, 403, 201, 403, 403, 404, 403}},
      {{"GET", "/api/v1/patients/{id}/decisions"}, {401, 403, 200, 403, 200, 404, 403}},
      {{"POST", "/api/v1/formulations"}, {401, 201, 403, 403, 403, 403, 403}},
      {{"GET", "/api/v1/formulations"}, {401, 200, 200, 403, 200, 200, 403}},
      // {id} is a patient's id here, which names no formulation or rule set.
      {{"GET", "/api/v1/formulations/{id}"}, {401, 404, 404, 403, 404, 404, 403}},
      {{"PATCH", "/api/v1/formulations/{id}"}, {401, 404, 403, 403, 403, 403, 403}},
      {{"POST", "/api/v1/protocols"}, {401, 201, 403, 403, 403, 403, 403}},
      // {id} is the patient's id here, which names no protocol.
      {{"PATCH", "/api/v1/protocols/{id}"}, {401, 404, 403, 403, 403, 403, 403}},
      {{"POST", "/api/v1/protocols/{id}/retirement"}, {401, 404, 403, 403, 403, 403, 403}},
      {{"GET", "/api/v1/protocols"}, {401, 200, 200, 200, 200, 200, 200}},
      {{"GET", "/api/v1/protocols/{id}"}, {401, 404, 404, 404, 404, 404, 404}},
      {{"POST", "/api/v1/rule-sets"}, {401, 201, 403, 403, 403, 403, 403}},
      {{"GET", "/api/v1/rule-sets"}, {401, 200, 200, 403, 200, 200, 403}},
      {{"GET", "/api/v1/rule-sets/{id}"}, {401, 404, 404, 403, 404, 404, 403}},
      // Clinic routes are walked with the first clinic's id, which dr.b cannot see.
      {{"GET", "/api/v1/clinics/{id}/calendar"}, {401, 200, 200, 200, 200, 404, 200}},
      {{"PUT", "/api/v1/clinics/{id}/calendar"}, {401, 200, 403, 403, 403, 403, 403}},
      {{"POST", "/api/v1/clinics/{id}/rooms"}, {401, 201, 403, 403, 403, 403, 403}},
      {{"GET", "/api/v1/clinics/{id}/rooms"}, {401, 200, 200, 200, 200, 404, 200}},
      // {room_id} is a patient's id here, which names no room.
      {{"GET", "/api/v1/clinics/{id}/rooms/{room_id}"}, {401, 404, 404, 404, 404, 404, 404}},
      {{"PATCH", "/api/v1/clinics/{id}/rooms/{room_id}"}, {401, 404, 403, 403, 403, 403, 403}},
      {{"GET", "/api/v1/clinics/{id}/practitioners/{user_id}/schedule"},
       {401, 200, 200, 200, 200, 404, 200}},
      {{"PUT", "/api/v1/clinics/{id}/practitioners/{user_id}/schedule"},
       {401, 200, 403, 403, 403, 403, 403}},
      {{"POST", "/api/v1/products"}, {401, 201, 403, 403, 403, 403, 403}},
      {{"GET", "/api/v1/products"}, {401, 200, 200, 403, 200, 200, 403}},
      // {id} is a patient's id here, which names no product.
      {{"GET", "/api/v1/products/{id}"}, {401, 404, 404, 403, 404, 404, 403}},
      {{"PATCH", "/api/v1/products/{id}"}, {401, 404, 403, 403, 403, 403, 403}},
      // dr.b may receive stock, but not onto the first clinic's shelves.
      {{"POST", "/api/v1/lots"}, {401, 201, 201, 403, 403, 422, 403}},
      {{"GET", "/api/v1/lots"}, {401, 200, 200, 403, 200, 404, 403}},
      {{"GET", "/api/v1/lots/{id}"}, {401, 404, 404, 403, 404, 404, 403}},
      {{"POST", "/api/v1/lots/{id}/recall"}, {401, 404, 404, 403, 403, 404, 403}},
      {{"POST", "/api/v1/patients/{id}/course-plans"}, {401, 403, 200, 403, 403, 404, 403}},
      // The fresh patient has no suitability decision, so the practitioner gets 409.
      {{"POST", "/api/v1/patients/{id}/courses"}, {401, 403, 409, 403, 403, 404, 403}},
      {{"GET", "/api/v1/patients/{id}/courses"}, {401, 403, 200, 200, 200, 404, 200}},
      {{"GET", "/api/v1/courses/{id}"}, {401, 403, 404, 404, 404, 404, 404}},
      // Nor can a single appointment be booked for them (409 decision-missing) once let in.
      {{"POST", "/api/v1/appointments"}, {401, 403, 409, 409, 403, 422, 409}},
      {{"GET", "/api/v1/clinics/{id}/appointments"}, {401, 403, 200, 200, 200, 404, 200}},
      {{"GET", "/api/v1/patients/{id}/appointments"}, {401, 403, 200, 200, 200, 404, 200}},
      {{"POST", "/api/v1/appointments/{id}/reschedule"}, {401, 403, 404, 404, 403, 404, 404}},
      {{"POST", "/api/v1/appointments/{id}/status"}, {401, 403, 404, 404, 403, 404, 404}},
      {{"GET", "/api/v1/appointments/{id}/chart"}, {401, 403, 404, 403, 404, 404, 403}},
      {{"PUT", "/api/v1/appointments/{id}/chart"}, {401, 403, 404, 403, 403, 404, 403}},
      {{"POST", "/api/v1/appointments/{id}/chart/signature"}, {401, 403, 404, 403, 403, 404, 403}},
      {{"POST", "/api/v1/appointments/{id}/chart/corrections"},
       {401, 403, 404, 403, 403, 404, 403}},
      {{"GET", "/api/v1/appointments/{id}/aftercare"}, {401, 403, 404, 404, 404, 404, 404}},
      {{"GET", "/api/v1/appointments/{id}/handout"}, {401, 403, 404, 404, 404, 404, 404}},
      {{"GET", "/api/v1/lots/{id}/recipients"}, {401, 403, 404, 403, 404, 404, 403}},
      {{"GET", "/api/v1/patients/{id}/calendar.ics"}, {401, 403, 200, 200, 403, 404, 200}},
      {{"POST", "/api/v1/patients/{id}/calendar-subscriptions"},
       {401, 403, 201, 201, 403, 404, 201}},
      {{"GET", "/api/v1/patients/{id}/calendar-subscriptions"},
       {401, 403, 200, 200, 200, 404, 200}},
      // {subscription_id} is the patient's id here, which names no subscription.
      {{"DELETE", "/api/v1/patients/{id}/calendar-subscriptions/{subscription_id}"},
       {401, 403, 404, 404, 403, 404, 404}},
      // {token} is the patient's id: no such calendar, for anyone.
      {{"GET", "/calendar/{token}"}, {404, 404, 404, 404, 404, 404, 404}},
      {{"GET", "/api/v1/patients/{id}/reminders"}, {401, 403, 200, 200, 200, 404, 200}},
      {{"GET", "/api/v1/clinics/{id}/reminders"}, {401, 403, 200, 200, 200, 404, 200}},
      // {id} is the patient's id here, which names no reminder.
      {{"POST", "/api/v1/reminders/{id}/retry"}, {401, 403, 404, 404, 403, 404, 404}},
      {{"GET", "/api/v1/clinics/{id}/aftercare-rules"}, {401, 200, 200, 200, 200, 404, 200}},
      {{"PUT", "/api/v1/clinics/{id}/aftercare-rules"}, {401, 200, 403, 403, 403, 403, 403}},
      {{"GET", "/api/v1/clinics/{id}/outcome-settings"}, {401, 200, 200, 200, 200, 404, 200}},
      {{"PUT", "/api/v1/clinics/{id}/outcome-settings"}, {401, 200, 403, 403, 403, 403, 403}},
      // Aggregates only: admins and practitioners of the clinic.
      {{"GET", "/api/v1/clinics/{id}/analytics"}, {401, 200, 200, 403, 403, 404, 403}},
      // Outcomes are clinical findings: practitioners and auditors (no such course here: 404).
      {{"POST", "/api/v1/courses/{id}/measurements"}, {401, 403, 404, 403, 403, 404, 403}},
      {{"GET", "/api/v1/courses/{id}/outcomes"}, {401, 403, 404, 403, 404, 404, 403}},
      {{"GET", "/api/v1/courses/{id}/report"}, {401, 403, 404, 403, 404, 404, 403}},
      // Consents: reception and practitioners record and withdraw them, auditors read them.
      // {consent_id} is the patient's id here, which names no consent.
      {{"POST", "/api/v1/patients/{id}/consents"}, {401, 403, 201, 201, 403, 404, 201}},
      {{"GET", "/api/v1/patients/{id}/consents"}, {401, 403, 200, 200, 200, 404, 200}},
      {{"GET", "/api/v1/patients/{id}/consents/{consent_id}"}, {401, 403, 404, 404, 404, 404, 404}},
      {{"POST", "/api/v1/patients/{id}/consents/{consent_id}/withdrawal"},
       {401, 403, 404, 404, 403, 404, 404}},
      // Photos are clinical: practitioners take and read them, auditors read them, reception
      // and admins see none. The patient consented to photos; {id} of /photos/ is the
      // patient's id, which names no photo.
      {{"POST", "/api/v1/patients/{id}/photos"}, {401, 403, 201, 403, 403, 404, 403}},
      {{"GET", "/api/v1/patients/{id}/photos"}, {401, 403, 200, 403, 200, 404, 403}},
      {{"GET", "/api/v1/photos/{id}"}, {401, 403, 404, 403, 404, 404, 403}},
      {{"GET", "/api/v1/photos/{id}/image"}, {401, 403, 404, 403, 404, 404, 403}},
      {{"GET", "/api/v1/photos/{id}/thumbnail"}, {401, 403, 404, 403, 404, 404, 403}},
      // Trichometry as the photo: practitioners measure, auditors read.
      {{"POST", "/api/v1/photos/{id}/trichometry"}, {401, 403, 404, 403, 403, 404, 403}},
      {{"GET", "/api/v1/photos/{id}/trichometry"}, {401, 403, 404, 403, 404, 404, 403}},
      {{"GET", "/api/v1/photos/{id}/trichometry/overlay"}, {401, 403, 404, 403, 404, 404, 403}},
      {{"PUT", "/api/v1/photos/{id}/trichometry/correction"}, {401, 403, 404, 403, 403, 404, 403}},
      {{"GET", "/api/v1/photos/{id}/trichometry/change"}, {401, 403, 404, 403, 404, 404, 403}},
      {{"GET", "/api/v1/photos/{id}/trichometry/growth"}, {401, 403, 404, 403, 404, 404, 403}},
      {{"POST", "/api/v1/photos/{id}/trichometry/growth"}, {401, 403, 404, 403, 403, 404, 403}},
      {{"POST", "/api/v1/photos/{id}/trichometry/acceptance"}, {401, 403, 404, 403, 403, 404, 403}},
      // The worklist: reception and practitioners work it, auditors read it, admins see no
      // patient data. {item_id} is the patient's id here, which names no item.
      {{"GET", "/api/v1/clinics/{id}/worklist"}, {401, 403, 200, 200, 200, 404, 200}},
      {{"POST", "/api/v1/clinics/{id}/worklist/{item_id}/closure"},
       {401, 403, 404, 404, 403, 404, 404}},
      {{"POST", "/api/v1/tokens"}, {401, 201, 403, 403, 403, 403, 403}},
      {{"GET", "/api/v1/tokens"}, {401, 200, 403, 403, 403, 403, 403}},
      {{"DELETE", "/api/v1/tokens/{id}"}, {401, 404, 403, 403, 403, 403, 403}},
  };
  return table;
}

class AccessTest : public ApiTest {
 protected:
  // What the calendar routes are walked with: the first clinic open on weekdays with a room,
  // dr.a working there, a protocol and a product.
  struct CalendarSetUp {
    json calendar;
    json schedule;
    std::string formulation_id, product_id, protocol_id;
    std::string a_weekday_ahead;  // a Wednesday some weeks from now
  };

  CalendarSetUp set_up_calendar(const std::string& admin, const std::string& practitioner_id) {
    CalendarSetUp setup;
    HttpClient http(server().port());
    EXPECT_EQ(sign_in(http, admin).status, 201);
    json week = json::object();
    for (const char* day : {"monday", "tuesday", "wednesday", "thursday", "friday"}) {
      week[day] = json::array({{{"from", "09:00"}, {"to", "20:00"}}});
    }
    setup.calendar = {{"opening_hours", week}, {"healing_days", 4}};
    setup.schedule = {{"working_hours", week}};
    const std::string clinic = "/api/v1/clinics/" + clinic_id_;
    EXPECT_EQ(put_as_read(http, clinic + "/calendar", setup.calendar).status, 200);
    EXPECT_EQ(http.send_json("POST", clinic + "/rooms", {{"name", "Room 1"}}).status, 201);
    EXPECT_EQ(put_as_read(http, clinic + "/practitioners/" + practitioner_id + "/schedule",
                          setup.schedule)
                  .status,
              200);
    setup.formulation_id = http.get("/api/v1/formulations").json()["items"][0]["id"];
    setup.product_id =
        http.send_json(
                "POST", "/api/v1/products",
                {{"name", "Walk vial"}, {"formulation_id", setup.formulation_id}, {"vial_ml", 5}})
            .json()["id"];
    setup.protocol_id = http.send_json("POST", "/api/v1/protocols",
                                       {{"name", "Walk course"},
                                        {"formulation_id", setup.formulation_id},
                                        {"sessions", 8},
                                        {"interval_days", {7, 7, 7, 14, 14, 14, 14}},
                                        {"appointment_minutes", 45}})
                            .json()["id"];
    EXPECT_EQ(put_as_read(http, clinic + "/protocols/" + setup.protocol_id + "/price",
                          {{"price_per_session", {{"minor_units", 12000}, {"currency", "GBP"}}}})
                  .status,
              201);
    auto day = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()) +
               std::chrono::days(28);
    while (std::chrono::weekday(day) != std::chrono::Wednesday) day += std::chrono::days(1);
    setup.a_weekday_ahead = format_iso_date(CalendarDate{day});
    return setup;
  }

  // A fresh patient of the first clinic, made by dr.test, with history and assessment.
  json fresh_patient() {
    json patient = create(patient_body("Gizlidir", "Hasta"));
    record_assessment(patient["id"]);
    return patient;
  }
};

TEST_P(AccessTest, EveryRouteWithEveryRoleNoSignInAndAnotherClinic) {
  const std::vector<std::string> identities = {"",        "admin.a", "dr.a", "desk.a",
                                               "audit.a", "dr.b",    "token"};
  add_user("admin", "admin.a", {clinic_id_});
  const std::string token = issue_token("admin.a", "reception");
  add_user("practitioner", "dr.a", {clinic_id_});
  add_user("reception", "desk.a", {clinic_id_});
  add_user("auditor", "audit.a", {clinic_id_});
  add_user("practitioner", "dr.b", {other_clinic_id_});

  const std::string dr_a =
      query_value(database_url(), "SELECT id FROM users WHERE username = 'dr.a'");
  const CalendarSetUp calendar = set_up_calendar("admin.a", dr_a);

  for (const auto& [method, pattern] : served_routes()) {
    const auto expected = expectations().find({method, pattern});
    ASSERT_NE(expected, expectations().end())
        << method << " " << pattern << " has no expected outcome in this test: add one";
    const int statuses[] = {expected->second.anonymous,      expected->second.admin,
                            expected->second.practitioner,   expected->second.reception,
                            expected->second.auditor,        expected->second.other_clinic,
                            expected->second.reception_token};
    for (std::size_t i = 0; i < identities.size(); ++i) {
      SCOPED_TRACE(method + " " + pattern + " as " +
                   (identities[i].empty() ? "nobody" : identities[i]));
      const json patient = fresh_patient();
      const std::string id = patient["id"];
      HttpClient http(server().port());
      if (identities[i] == "token") {
        http.set_header("Authorization", "Bearer " + token);
      } else if (!identities[i].empty()) {
        ASSERT_EQ(sign_in(http, identities[i]).status, 201);
      }
      std::string target = pattern;
      const bool clinic_route = pattern.starts_with("/api/v1/clinics/{id}");
      if (auto at = target.find("{id}"); at != std::string::npos) {
        target.replace(at, 4, clinic_route ? clinic_id_ : id);
      }
      if (auto at = target.find("{user_id}"); at != std::string::npos) target.replace(at, 9, dr_a);
      if (auto at = target.find("{protocol_id}"); at != std::string::npos) {
        target.replace(at, 13, calendar.protocol_id);
      }
      for (const std::string other :
           {"{subscription_id}", "{token}", "{room_id}", "{item_id}", "{consent_id}"}) {
        if (auto at = target.find(other); at != std::string::npos) {
          target.replace(at, other.size(), id);
        }
      }
      if (method == "GET" && pattern == "/api/v1/lots") target += "?clinic_id=" + clinic_id_;
      std::string body;
      std::map<std::string, std::string> headers;
      if (method == "POST" && pattern == "/api/v1/session") {
        // A different unknown name each time, so the attempts stay under the lockout.
        body = json{{"username", "nobody." + std::to_string(i)},
                    {"password", "not the password at all"}}
                   .dump();
        headers["Content-Type"] = "application/json";
      } else if (method == "POST" && pattern == "/api/v1/users") {
        body = json{{"username", "new.colleague"},
                    {"role", "reception"},
                    {"password", "a long enough password"}}
                   .dump();
        headers["Content-Type"] = "application/json";
      } else if (method == "PUT" && pattern == "/api/v1/session/password") {
        body = json{{"current_password", kPassword}, {"new_password", "short"}}.dump();
        headers["Content-Type"] = "application/json";
      } else if (method == "PATCH" && pattern == "/api/v1/users/{id}") {
        body = json{{"role", "reception"}}.dump();
        headers = {{"Content-Type", "application/merge-patch+json"}, {"If-Match", "\"1\""}};
      } else if (method == "POST" && pattern.ends_with("/password-reset")) {
        body = json{{"password", "a long enough password"}}.dump();
        headers["Content-Type"] = "application/json";
      } else if (method == "POST" && pattern == "/api/v1/tokens") {
        body = json{{"name", "booking site"}, {"role", "reception"}}.dump();
        headers["Content-Type"] = "application/json";
      } else if (method == "POST" && pattern.ends_with("/medical-history")) {
        body = history_body().dump();
        headers = {{"Content-Type", "application/json"}, {"If-Match", "\"1\""}};
      } else if (method == "POST" && pattern.ends_with("/hair-assessment")) {
        body = assessment_body().dump();
        headers = {{"Content-Type", "application/json"}, {"If-Match", "\"1\""}};
      } else if (method == "POST" && pattern.ends_with("/decisions")) {
        const json proposal =
            client()
                .send_json("POST", "/api/v1/patients/" + id + "/suitability", json::object())
                .json();
        body = json{{"outcome", "suitable"},
                    {"rule_set_version", proposal["rule_set"]["version"]},
                    {"medical_history_version", proposal["medical_history_version"]},
                    {"hair_assessment_version", proposal["hair_assessment_version"]}}
                   .dump();
        headers["Content-Type"] = "application/json";
      } else if (method == "POST" && pattern == "/api/v1/formulations") {
        body =
            json{{"name", "Biotin complex " + std::to_string(i)},
                 {"ingredients", {{{"substance", "biotin"}, {"amount_per_ml", 5}, {"unit", "mg"}}}}}
                .dump();
        headers["Content-Type"] = "application/json";
      } else if (method == "POST" && pattern == "/api/v1/protocols") {
        const json formulations = client().get("/api/v1/formulations").json();
        body = json{
            {"name", "Standard course " + std::to_string(i)},
            {"formulation_id", formulations["items"][0]["id"]},
            {"sessions", 8},
            {"interval_days", {7, 7, 7, 14, 14, 14, 14}},
            {"appointment_minutes",
             45}}.dump();
        headers["Content-Type"] = "application/json";
      } else if (pattern.ends_with("/calendar") && method == "PUT") {
        body = calendar.calendar.dump();
        headers = {{"Content-Type", "application/json"}, {"If-Match", "*"}};
      } else if (pattern.ends_with("/schedule") && method == "PUT") {
        body = calendar.schedule.dump();
        headers = {{"Content-Type", "application/json"}, {"If-Match", "*"}};
      } else if (method == "POST" && pattern.ends_with("/rooms")) {
        body = json{{"name", "Room " + std::to_string(i + 10)}}.dump();
        headers["Content-Type"] = "application/json";
      } else if (method == "POST" && pattern == "/api/v1/products") {
        body = json{
            {"name", "Vial " + std::to_string(i)},
            {"formulation_id", calendar.formulation_id},
            {"vial_ml",
             5}}.dump();
        headers["Content-Type"] = "application/json";
      } else if (method == "POST" && pattern == "/api/v1/lots") {
        body = json{
            {"product_id", calendar.product_id},
            {"clinic_id", clinic_id_},
            {"number", "L-" + std::to_string(i)},
            {"expires_on", calendar.a_weekday_ahead},
            {"quantity",
             5}}.dump();
        headers["Content-Type"] = "application/json";
      } else if (method == "POST" && pattern.ends_with("/course-plans")) {
        body = json{{"protocol_id", calendar.protocol_id}, {"start_date", calendar.a_weekday_ahead}}
                   .dump();
        headers["Content-Type"] = "application/json";
      } else if (method == "POST" && pattern.ends_with("/courses")) {
        body = json{{"protocol_id", calendar.protocol_id},
                    {"sessions",
                     {{{"number", 1},
                       {"starts", {{"local", calendar.a_weekday_ahead + "T10:00"}}},
                       {"practitioner_id", dr_a}}}},
                    {"agreement",
                     {{"agreed", true},
                      {"method", "verbal"},
                      {"cost_shown", {{"minor_units", 96000}, {"currency", "GBP"}}}}}}
                   .dump();
        headers["Content-Type"] = "application/json";
      } else if (method == "POST" && pattern == "/api/v1/appointments") {
        // A different hour for each identity, so only the slot's own rules decide.
        body = json{
            {"patient_id", id},
            {"practitioner_id", dr_a},
            {"starts", {{"local", calendar.a_weekday_ahead + "T1" + std::to_string(i) + ":00"}}},
            {"minutes",
             30}}.dump();
        headers["Content-Type"] = "application/json";
      } else if (method == "POST" && pattern == "/api/v1/clinics") {
        body = json{
            {"name", "Ponsonby Hair Clinic"},
            {"time_zone", "Pacific/Auckland"},
            {"currency", "NZD"},
            {"default_language",
             "en"}}.dump();
        headers["Content-Type"] = "application/json";
      } else if (method == "PATCH" && pattern == "/api/v1/clinics/{id}") {
        body = json{{"name", "Marylebone Hair Studio"}}.dump();
        headers = {{"Content-Type", "application/json"}, {"If-Match", "*"}};
      } else if (method == "PUT" && pattern.ends_with("/price")) {
        body = json{{"price_per_session", {{"minor_units", 13000}, {"currency", "GBP"}}}}.dump();
        headers = {{"Content-Type", "application/json"}, {"If-Match", "*"}};
      } else if (method == "PATCH" && pattern == "/api/v1/protocols/{id}") {
        body = json{{"technique", "nappage"}}.dump();
        headers = {{"Content-Type", "application/json"}, {"If-Match", "*"}};
      } else if (method == "POST" && pattern.ends_with("/retirement")) {
        body = "{}";
        headers["Content-Type"] = "application/json";
      } else if (pattern.ends_with("/contact") && method == "PUT") {
        body = json{{"phone", "+44 20 7946 0999"}, {"email", "desk@example.org"}}.dump();
        headers = {{"Content-Type", "application/json"}, {"If-Match", "*"}};
      } else if (pattern.ends_with("/aftercare-rules") && method == "PUT") {
        body = json{{"rules", {{{"id", "no_washing"}, {"minimum_days", 3}}}}}.dump();
        headers = {{"Content-Type", "application/json"}, {"If-Match", "*"}};
      } else if (pattern.ends_with("/outcome-settings") && method == "PUT") {
        body = json{{"responder",
                     {{"measure", "hair_density"},
                      {"time_point", "end_of_course"},
                      {"min_percent", 10}}}}
                   .dump();
        headers = {{"Content-Type", "application/json"}, {"If-Match", "*"}};
      } else if (method == "POST" && pattern.ends_with("/measurements")) {
        body = json{{"time_point", "baseline"},
                    {"measurements",
                     {{{"measure", "hair_density"},
                       {"value", 150},
                       {"unit", "hairs/cm2"},
                       {"zone", "vertex"},
                       {"method", "trichoscopy"}}}}}
                   .dump();
        headers["Content-Type"] = "application/json";
      } else if (pattern.ends_with("/chart") && method == "PUT") {
        body = chart_body().dump();
        headers = {{"Content-Type", "application/json"}, {"If-Match", "*"}};
      } else if (method == "POST" && pattern.ends_with("/corrections")) {
        body = json{{"reason", "volume misread"}, {"chart", chart_body()}}.dump();
        headers["Content-Type"] = "application/json";
      } else if (method == "POST" && pattern.ends_with("/calendar-subscriptions")) {
        body = "{}";
        headers["Content-Type"] = "application/json";
      } else if (method == "POST" && pattern.ends_with("/signature")) {
        body = "{}";
        headers["Content-Type"] = "application/json";
      } else if (method == "POST" && pattern.ends_with("/reschedule")) {
        body = json{{"starts", {{"local", calendar.a_weekday_ahead + "T10:00"}}}}.dump();
        headers["Content-Type"] = "application/json";
      } else if (method == "POST" && pattern.ends_with("/status")) {
        body = json{{"status", "cancelled"}}.dump();
        headers["Content-Type"] = "application/json";
      } else if (method == "POST" && pattern.ends_with("/recall")) {
        body = "{}";
        headers["Content-Type"] = "application/json";
      } else if (method == "POST" && pattern == "/api/v1/rule-sets") {
        body = std::string(clinic::default_rule_file());
        headers["Content-Type"] = "application/toml";
      } else if (method == "POST" && pattern.ends_with("/suitability")) {
        body = "{}";
        headers["Content-Type"] = "application/json";
      } else if (method == "POST" && pattern == "/api/v1/patients/{id}/consents") {
        body = json{{"kind", "contact"}, {"method", "verbal"}}.dump();
        headers["Content-Type"] = "application/json";
      } else if (method == "POST" && pattern == "/api/v1/patients/{id}/photos") {
        const HttpReply consent = client().send_json("POST", "/api/v1/patients/" + id + "/consents",
                                                     {{"kind", "photos"}, {"method", "verbal"}});
        ASSERT_EQ(consent.status, 201) << consent.body;
        target += "?view=front&time_point=baseline";
        body = jpeg_from_camera(64, 48);
        headers["Content-Type"] = "image/jpeg";
      } else if (method == "POST" && pattern.ends_with("/withdrawal")) {
        body = "{}";
        headers["Content-Type"] = "application/json";
      } else if (method == "POST" && pattern.ends_with("/closure")) {
        body = json{{"note", "Called the patient."}}.dump();
        headers["Content-Type"] = "application/json";
      } else if (method == "POST" && pattern.ends_with("/erasure")) {
        body = "{}";
        headers["Content-Type"] = "application/json";
      } else if (method == "POST") {
        body = patient_body("Yeni", "Hasta").dump();
        headers["Content-Type"] = "application/json";
      } else if (method == "PATCH" && !pattern.starts_with("/api/v1/patients/")) {
        // The catalogue (formulations, products, rooms): a rename.
        body = R"({"name": "Renamed"})";
        headers = {{"Content-Type", "application/merge-patch+json"}, {"If-Match", "\"1\""}};
      } else if (method == "PATCH") {
        body = R"({"given_name": "Değişti"})";
        headers = {{"Content-Type", "application/merge-patch+json"}, {"If-Match", "\"1\""}};
      } else if (method == "DELETE" && pattern != "/api/v1/session") {
        headers["If-Match"] = "\"1\"";
      }
      const HttpReply reply = http.request(method, target, body, headers);
      EXPECT_EQ(reply.status, statuses[i]) << reply.body;
      if (reply.status >= 400) {
        // A refusal carries a problem document and nothing of the patient.
        EXPECT_EQ(reply.header("content-type"), "application/problem+json");
        EXPECT_EQ(reply.body.find("Gizlidir"), std::string::npos) << reply.body;
        EXPECT_EQ(reply.body.find(id), std::string::npos) << reply.body;
      }
      if (method == "GET" && pattern == "/api/v1/patients" && reply.status == 200 &&
          identities[i] == "dr.b") {
        EXPECT_TRUE(reply.json()["items"].empty()) << "another clinic's patients leaked";
      }
    }
  }
}

TEST_P(AccessTest, CookieWritesNeedTheCsrfTokenAndOurOrigin) {
  const json patient = fresh_patient();
  const std::string target = "/api/v1/patients/" + patient["id"].get<std::string>();
  const std::map<std::string, std::string> patch = {
      {"Content-Type", "application/merge-patch+json"}, {"If-Match", "\"1\""}};

  client().set_header("X-CSRF-Token", "");
  EXPECT_EQ(client().request("PATCH", target, R"({"given_name": "X"})", patch).status, 403);
  use_session(client());
  client().set_header("Origin", "http://evil.example");
  EXPECT_EQ(client().request("PATCH", target, R"({"given_name": "X"})", patch).status, 403);
  client().set_header("Origin", "");
  EXPECT_EQ(client().request("PATCH", target, R"({"given_name": "X"})", patch).status, 403);
  EXPECT_EQ(client().get(target).json()["version"], 1) << "a refused change changed something";

  use_session(client());
  EXPECT_EQ(client().request("PATCH", target, R"({"given_name": "X"})", patch).status, 200);
}

TEST_P(AccessTest, ApiTokensActInTheirRoleUntilRevokedAndAreShownOnce) {
  add_user("admin", "admin.a", {clinic_id_});
  HttpClient admin(server().port());
  ASSERT_EQ(sign_in(admin, "admin.a").status, 201);
  const HttpReply issued = admin.send_json(
      "POST", "/api/v1/tokens",
      {{"name", "lab results import"}, {"role", "practitioner"}, {"clinic_ids", {clinic_id_}}});
  ASSERT_EQ(issued.status, 201) << issued.body;
  const json created = issued.json();
  const std::string token = created["token"];
  const std::string token_id = created["id"];
  EXPECT_TRUE(token.starts_with("mct_"));
  EXPECT_GE(token.size(), 4u + 43u) << "fewer than 256 bits of token";

  // Listed without the secret; stored only as a hash.
  const HttpReply listed = admin.get("/api/v1/tokens");
  ASSERT_EQ(listed.status, 200);
  EXPECT_EQ(listed.body.find(token), std::string::npos);
  EXPECT_NE(listed.body.find("lab results import"), std::string::npos);
  EXPECT_EQ(query_value(database_url(), "SELECT COUNT(*) FROM api_tokens WHERE token_hash = '" +
                                            auth::token_hash(token) + "'"),
            "1");

  // The token works without cookie, CSRF token or Origin, in its role and clinic.
  HttpClient integration(server().port());
  integration.set_header("Authorization", "Bearer " + token);
  const json patient = fresh_patient();
  const std::string target = "/api/v1/patients/" + patient["id"].get<std::string>();
  EXPECT_EQ(integration.get(target).status, 200);
  EXPECT_EQ(integration.request("DELETE", target, "", {{"If-Match", "\"1\""}}).status, 204)
      << "a practitioner token may do what a practitioner may";
  EXPECT_EQ(integration.get("/api/v1/audit").status, 403);
  EXPECT_EQ(integration.get("/api/v1/tokens").status, 403);
  // Its reads are audited under the token's id.
  EXPECT_EQ(query_value(database_url(), "SELECT COUNT(*) FROM audit_entries WHERE user_id = '" +
                                            token_id + "' AND action = 'patient.read'"),
            "1");

  // A wrong token, another scheme, or a cookie alongside a bad token: no way in.
  HttpClient forged(server().port());
  forged.set_header("Authorization", "Bearer mct_" + std::string(43, 'A'));
  EXPECT_EQ(forged.get("/api/v1/patients").status, 401);
  forged.set_header("Authorization", "Basic " + token);
  EXPECT_EQ(forged.get("/api/v1/patients").status, 401);
  use_session(forged);
  forged.set_header("Authorization", "Bearer not-a-token");
  EXPECT_EQ(forged.get("/api/v1/patients").status, 401);
  // A proxy's Basic credentials next to the session cookie leave the session in charge.
  forged.set_header("Authorization", "Basic dXNlcjpwYXNz");
  EXPECT_EQ(forged.get("/api/v1/patients").status, 200);

  // Revoked: refused at its very next request.
  EXPECT_EQ(admin.request("DELETE", "/api/v1/tokens/" + token_id).status, 204);
  const HttpReply after = integration.get("/api/v1/patients");
  EXPECT_EQ(after.status, 401);
  EXPECT_EQ(after.header("www-authenticate"), "Bearer");
  const json relisted = admin.get("/api/v1/tokens").json();
  ASSERT_EQ(relisted["items"].size(), 1u);
  EXPECT_TRUE(relisted["items"][0]["revoked_at"].is_string());
}

TEST_P(AccessTest, ApiTokensCannotAdministerOrOutliveTheirExpiry) {
  add_user("admin", "admin.a", {clinic_id_});
  HttpClient admin(server().port());
  ASSERT_EQ(sign_in(admin, "admin.a").status, 201);
  const HttpReply admin_token =
      admin.send_json("POST", "/api/v1/tokens", {{"name", "too much"}, {"role", "admin"}});
  EXPECT_EQ(admin_token.status, 422);
  const HttpReply past = admin.send_json(
      "POST", "/api/v1/tokens",
      {{"name", "stale"}, {"role", "auditor"}, {"expires_at", "2020-01-01T00:00:00Z"}});
  EXPECT_EQ(past.status, 422);
  const HttpReply elsewhere = admin.send_json(
      "POST", "/api/v1/tokens",
      {{"name", "other clinic"}, {"role", "auditor"}, {"clinic_ids", {other_clinic_id_}}});
  EXPECT_EQ(elsewhere.status, 422);
  EXPECT_EQ(query_value(database_url(), "SELECT COUNT(*) FROM api_tokens"), "0")
      << "a refused token was stored";

  const std::string soon = format_rfc3339(now() + std::chrono::seconds(2));
  const HttpReply issued =
      admin.send_json("POST", "/api/v1/tokens",
                      {{"name", "short lived"}, {"role", "auditor"}, {"expires_at", soon}});
  ASSERT_EQ(issued.status, 201) << issued.body;
  HttpClient integration(server().port());
  integration.set_header("Authorization", "Bearer " + issued.json()["token"].get<std::string>());
  EXPECT_EQ(integration.get("/api/v1/audit").status, 200);
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  EXPECT_EQ(integration.get("/api/v1/audit").status, 401);
}

std::string cookie_of(const HttpReply& reply) {
  const std::string cookie = reply.header("set-cookie");
  return cookie.substr(0, cookie.find(';'));
}

TEST_P(AccessTest, SignInIssuesANewTokenAndRetiresTheOneTheBrowserHad) {
  HttpClient http(server().port());
  const HttpReply first = sign_in(http, "dr.test");
  ASSERT_EQ(first.status, 201);
  EXPECT_NE(first.header("set-cookie").find("HttpOnly"), std::string::npos);
  EXPECT_NE(first.header("set-cookie").find("SameSite=Strict"), std::string::npos);
  const HttpReply second = sign_in(http, "dr.test");  // arrives with the first cookie
  ASSERT_EQ(second.status, 201);
  EXPECT_NE(cookie_of(first), cookie_of(second));

  HttpClient planted(server().port());
  planted.set_header("Cookie", cookie_of(first));
  EXPECT_EQ(planted.get("/api/v1/session").status, 401);
  EXPECT_EQ(http.get("/api/v1/session").status, 200);
}

TEST_P(AccessTest, IdleSessionsExpire) {
  const std::filesystem::path config =
      std::filesystem::temp_directory_path() / ("mesoclinic-idle-" + std::to_string(::getpid()));
  std::ofstream(config) << "[server]\naccess_log = \"off\"\n[sessions]\nidle_timeout_s = 1\n";
  start_server({"--config", config.string()});
  HttpClient http(server().port());
  ASSERT_EQ(sign_in(http, "dr.test").status, 201);
  EXPECT_EQ(http.get("/api/v1/session").status, 200);
  std::this_thread::sleep_for(std::chrono::milliseconds(2200));
  EXPECT_EQ(http.get("/api/v1/session").status, 401);
  std::filesystem::remove(config);
}

TEST_P(AccessTest, FailedSignInsDoNotSayWhetherTheUserExists) {
  HttpClient http(server().port());
  const HttpReply unknown = sign_in(http, "nobody.here", "some long password");
  const HttpReply wrong = sign_in(http, "dr.test", "some long password");
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(unknown.json()["detail"], wrong.json()["detail"]);
  EXPECT_TRUE(unknown.header("set-cookie").empty());
}

TEST_P(AccessTest, RepeatedFailuresLockTheAccountForAGrowingWhile) {
  HttpClient http(server().port());
  for (int i = 0; i < auth::kFreeAttemptsPerAccount; ++i) {
    EXPECT_EQ(sign_in(http, "dr.test", "guess number " + std::to_string(i)).status, 401);
  }
  // Locked now: even the right password is not checked.
  const HttpReply locked = sign_in(http, "dr.test");
  EXPECT_EQ(locked.status, 429) << locked.body;
  EXPECT_EQ(locked.header("retry-after"), "1");
  // An unknown account locks exactly alike, so the reply says nothing about existence.
  for (int i = 0; i < auth::kFreeAttemptsPerAccount; ++i) sign_in(http, "no.such.user", "x");
  EXPECT_EQ(sign_in(http, "no.such.user", "x").status, 429);

  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  EXPECT_EQ(sign_in(http, "dr.test").status, 201);
  // Success clears the account's count: the next mistake is an ordinary 401.
  HttpClient other(server().port());
  EXPECT_EQ(sign_in(other, "dr.test", "one more wrong guess").status, 401);

  add_user("auditor", "audit.lock", {clinic_id_});
  HttpClient auditor(server().port());
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  ASSERT_EQ(sign_in(auditor, "audit.lock").status, 201);
  const json trail = auditor.get("/api/v1/audit?action=session.lockout").json();
  ASSERT_EQ(trail["items"].size(), 2u) << trail.dump();
  EXPECT_EQ(trail["items"][0]["username"], "dr.test");
  EXPECT_EQ(trail["items"][1]["username"], "no.such.user");
}

TEST_P(AccessTest, ManyFailuresFromOneAddressPauseEveryAccountFromIt) {
  HttpClient http(server().port());
  for (int i = 0; i < auth::kFreeAttemptsPerAddress; ++i) {
    EXPECT_EQ(sign_in(http, "sprayed." + std::to_string(i), "Winter2026!").status, 401);
  }
  EXPECT_EQ(sign_in(http, "dr.test").status, 429);
}

TEST_P(AccessTest, AdminsManageAccountsOfTheirOwnClinics) {
  add_user("admin", "admin.a", {clinic_id_});
  HttpClient admin(server().port());
  ASSERT_EQ(sign_in(admin, "admin.a").status, 201);
  const HttpReply made = admin.send_json(
      "POST", "/api/v1/users",
      {{"username", "Desk.New"}, {"role", "reception"}, {"password", "a long enough password"}});
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(made.json()["username"], "desk.new");
  EXPECT_EQ(made.json()["clinic_ids"], json::array({clinic_id_}));
  EXPECT_FALSE(made.json().contains("password_hash"));

  const HttpReply weak =
      admin.send_json("POST", "/api/v1/users",
                      {{"username", "desk.two"}, {"role", "reception"}, {"password", "short"}});
  EXPECT_EQ(weak.status, 422);
  const HttpReply elsewhere = admin.send_json("POST", "/api/v1/users",
                                              {{"username", "desk.three"},
                                               {"role", "reception"},
                                               {"password", "a long enough password"},
                                               {"clinic_ids", {other_clinic_id_}}});
  EXPECT_EQ(elsewhere.status, 422);

  HttpClient desk(server().port());
  ASSERT_EQ(sign_in(desk, "desk.new", "a long enough password").status, 201);
  const std::string id = made.json()["id"];
  const HttpReply revoked = admin.request("DELETE", "/api/v1/users/" + id + "/sessions");
  ASSERT_EQ(revoked.status, 200) << revoked.body;
  EXPECT_EQ(revoked.json()["ended_sessions"], 1);
  EXPECT_EQ(desk.get("/api/v1/session").status, 401);
}

TEST_P(AccessTest, SignOutEndsTheSession) {
  HttpClient http(server().port());
  ASSERT_EQ(sign_in(http, "dr.test").status, 201);
  EXPECT_EQ(http.request("DELETE", "/api/v1/session").status, 204);
  EXPECT_EQ(http.get("/api/v1/session").status, 401);
  EXPECT_EQ(http.get("/api/v1/patients").status, 401);
}

INSTANTIATE_TEST_SUITE_P(BothEngines, AccessTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         engine_name);

}  // namespace
}  // namespace mesoclinic::testing
