// Fixtures shared by the integration tests that need a clinic calendar, a protocol and signed
// session charts: CourseTest (calendar, rooms, a practitioner's hours, a protocol) and ChartTest
// (a product in stock and a patient whose sessions are charted).
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "api_fixture.h"
#include "direct_sql.h"

namespace mesoclinic::testing {

// A date `ahead` days from today (UTC), moved forward to the next `weekday` (0 = Monday).
inline std::string future(int ahead, int weekday) {
  std::chrono::sys_days day =
      std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()) +
      std::chrono::days(ahead);
  while ((std::chrono::weekday(day).iso_encoding() - 1) != static_cast<unsigned>(weekday)) {
    day += std::chrono::days(1);
  }
  return format_iso_date(CalendarDate{day});
}

inline std::string plus_days(const std::string& date, int count) {
  return format_iso_date(
      CalendarDate{std::chrono::sys_days{parse_iso_date(date).value()} + std::chrono::days(count)});
}

inline int days_from(const std::string& a, const std::string& b) {
  return static_cast<int>((std::chrono::sys_days{parse_iso_date(b.substr(0, 10)).value()} -
                           std::chrono::sys_days{parse_iso_date(a.substr(0, 10)).value()})
                              .count());
}

inline nlohmann::json weekdays_nine_to_six() {
  nlohmann::json week = nlohmann::json::object();
  for (const char* day : {"monday", "tuesday", "wednesday", "thursday", "friday"}) {
    week[day] = nlohmann::json::array({{{"from", "09:00"}, {"to", "18:00"}}});
  }
  return week;
}

class CourseTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (HasFatalFailure()) return;
    add_user("admin", "admin.test");
    admin_ = std::make_unique<HttpClient>(server().port());
    ASSERT_EQ(sign_in(*admin_, "admin.test").status, 201);
    practitioner_id_ = client().get("/api/v1/session").json()["user"]["id"];
    const std::string clinic = "/api/v1/clinics/" + clinic_id_;
    const HttpReply calendar =
        put_as_read(*admin_, clinic + "/calendar",
                    {{"opening_hours", weekdays_nine_to_six()},
                     {"closures", {{{"date", future(200, 2)}, {"reason", "staff training"}}}},
                     {"healing_days", 4}});
    ASSERT_EQ(calendar.status, 200) << calendar.body;
    for (const char* room : {"Room 1", "Room 2"}) {
      const HttpReply added = admin_->send_json("POST", clinic + "/rooms", {{"name", room}});
      ASSERT_EQ(added.status, 201) << added.body;
    }
    const HttpReply schedule = put_as_read(
        *admin_, clinic + "/practitioners/" + practitioner_id_ + "/schedule",
        {{"working_hours", weekdays_nine_to_six()}, {"absences", nlohmann::json::array()}});
    ASSERT_EQ(schedule.status, 200) << schedule.body;
    formulation_id_ = admin_->get("/api/v1/formulations").json()["items"][0]["id"];
    const HttpReply protocol = admin_->send_json("POST", "/api/v1/protocols",
                                                 {{"name", "Standard course"},
                                                  {"formulation_id", formulation_id_},
                                                  {"sessions", 8},
                                                  {"interval_days", {7, 7, 7, 14, 14, 14, 14}},
                                                  {"tolerance_days", 2},
                                                  {"appointment_minutes", 45}});
    ASSERT_EQ(protocol.status, 201) << protocol.body;
    protocol_id_ = protocol.json()["id"];
    // The first clinic (Marylebone, London) charges in pounds.
    const HttpReply price =
        put_as_read(*admin_, clinic + "/protocols/" + protocol_id_ + "/price",
                    {{"price_per_session", {{"minor_units", 12000}, {"currency", "GBP"}}}});
    ASSERT_EQ(price.status, 201) << price.body;
  }

  // Screens the patient for the protocol's formulation and records the decision `outcome`
  // (a course, a single appointment and a signature at the chair each need a favourable one).
  void decide(const std::string& id, const std::string& outcome = "suitable") {
    record_assessment(id);
    const nlohmann::json proposal =
        client()
            .send_json("POST", "/api/v1/patients/" + id + "/suitability",
                       {{"formulation_id", formulation_id_}})
            .json();
    nlohmann::json body = {{"outcome", outcome},
                           {"formulation_id", formulation_id_},
                           {"rule_set_version", proposal["rule_set"]["version"]},
                           {"medical_history_version", proposal["medical_history_version"]},
                           {"hair_assessment_version", proposal["hair_assessment_version"]}};
    if (outcome != proposal["proposed_outcome"]) body["override_reason"] = "decided for the test";
    if (outcome == "not_now") {
      body["reassess"] = "after the test";
      body["reassess_on"] = future(90, 0);
    }
    const HttpReply decided =
        client().send_json("POST", "/api/v1/patients/" + id + "/decisions", body);
    EXPECT_EQ(decided.status, 201) << decided.body;
  }

  // A patient screened and decided suitable for the protocol's formulation.
  std::string suitable_patient(const std::string& family = "Yılmaz",
                               const std::string& given = "Ayşe") {
    const std::string id = create(patient_body(family, given))["id"];
    decide(id);
    return id;
  }

  nlohmann::json plan(const std::string& patient, const std::string& start) {
    const HttpReply planned = client().send_json(
        "POST", "/api/v1/patients/" + patient + "/course-plans",
        {{"protocol_id", protocol_id_},
         {"start_date", start},
         {"preferences",
          {{"weekdays", {"tuesday"}}, {"times", {{{"from", "10:00"}, {"to", "11:00"}}}}}}});
    EXPECT_EQ(planned.status, 200) << planned.body;
    return planned.json();
  }

  // The course request for a plan the patient agreed to: each session's start sent back as
  // the plan showed it (a whole ClinicTime).
  static nlohmann::json agreed(const nlohmann::json& plan) {
    nlohmann::json sessions = nlohmann::json::array();
    for (const auto& session : plan["sessions"]) {
      sessions.push_back({{"number", session["number"]},
                          {"starts", session["starts"]},
                          {"practitioner_id", session["practitioner_id"]}});
    }
    return {{"protocol_id", plan["protocol"]["id"]},
            {"preferences", plan["preferences"]},
            {"sessions", sessions},
            {"agreement",
             {{"agreed", true}, {"method", "signed_form"}, {"cost_shown", plan["cost_estimate"]}}}};
  }

  std::string appointment_count() {
    return query_value(database_url(), "SELECT COUNT(*) FROM appointments");
  }

  std::unique_ptr<HttpClient> admin_;
  std::string practitioner_id_;
  std::string formulation_id_;
  std::string protocol_id_;
};

// Session charts (issue 6): a session that has begun is charted, signed once, corrected by
// new versions; signing takes the lots' stock and issues the aftercare plan.
class ChartTest : public CourseTest {
 protected:
  void SetUp() override {
    CourseTest::SetUp();
    if (HasFatalFailure()) return;
    const HttpReply product = admin_->send_json(
        "POST", "/api/v1/products",
        {{"name", "Biotin complex 5 ml"}, {"formulation_id", formulation_id_}, {"vial_ml", 5}});
    ASSERT_EQ(product.status, 201) << product.body;
    lot_ = receive("BX-1", 10);
    patient_ = suitable_patient();
  }

  std::string receive(const std::string& number, int vials) {
    const HttpReply lot = client().send_json(
        "POST", "/api/v1/lots",
        {{"product_id", admin_->get("/api/v1/products").json()["items"][0]["id"]},
         {"clinic_id", clinic_id_},
         {"number", number},
         {"expires_on", future(365, 0)},
         {"quantity", vials}});
    EXPECT_EQ(lot.status, 201) << lot.body;
    return lot.json()["id"];
  }

  // An appointment booked for a future day, then moved into the past behind the server's back
  // (as if that day had come): it began `hours_ago` hours ago and lasted 45 minutes.
  std::string session_that_began(int hours_ago, int future_day = 7) {
    const HttpReply booked =
        client().send_json("POST", "/api/v1/appointments",
                           {{"patient_id", patient_},
                            {"practitioner_id", practitioner_id_},
                            {"starts", {{"local", future(future_day, 1) + "T16:00"}}},
                            {"minutes", 45}});
    EXPECT_EQ(booked.status, 201) << booked.body;
    const std::string id = booked.json()["id"];
    const long long start =
        std::chrono::duration_cast<std::chrono::microseconds>(
            (std::chrono::system_clock::now() - std::chrono::hours(hours_ago)).time_since_epoch())
            .count();
    tamper(database_url(), "UPDATE appointments SET starts_at = " + std::to_string(start) +
                               ", ends_at = " + std::to_string(start + 45LL * 60 * 1'000'000) +
                               " WHERE id = '" + id + "'");
    return id;
  }

  std::string stock(const std::string& lot) {
    return query_value(database_url(), "SELECT quantity FROM lots WHERE id = '" + lot + "'");
  }

  nlohmann::json chart_with(const std::string& lot, int vials) {
    nlohmann::json chart = chart_body();
    chart["lots"] = {{{"lot_id", lot}, {"vials", vials}}};
    return chart;
  }

  std::string lot_;
  std::string patient_;
};

}  // namespace mesoclinic::testing
