// Courses through the API: the clinic calendar an admin keeps, a plan shown with its cost, the
// patient's agreement that books it, moving sessions, recording what happened, and the database
// refusing double bookings however many requests race for one slot.
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "chart_fixture.h"
#include "command_output.h"

namespace mesoclinic::testing {
namespace {

using nlohmann::json;
using std::chrono::days;
using std::chrono::sys_days;

TEST_P(CourseTest, APlanShownWithItsCostBecomesACourseOnlyWithTheAgreement) {
  const std::string patient = suitable_patient();
  const json proposal = plan(patient, future(14, 0));
  ASSERT_EQ(proposal["sessions"].size(), 8u) << proposal.dump();
  EXPECT_TRUE(proposal["complete"]);
  EXPECT_EQ(proposal["on_preferred_slot"], 8);
  EXPECT_EQ(proposal["cost_estimate"], json({{"minor_units", 96000}, {"currency", "GBP"}}));
  const std::vector<int> intervals = {7, 7, 7, 14, 14, 14, 14};
  for (std::size_t i = 0; i < 8; ++i) {
    const std::string starts = proposal["sessions"][i]["starts"]["local"];
    EXPECT_EQ(starts.substr(10), "T10:00") << "the preferred time, in clinic time";
    if (i > 0) {
      EXPECT_EQ(days_from(proposal["sessions"][i - 1]["starts"]["local"], starts),
                intervals[i - 1]);
    }
  }
  const std::string last = proposal["sessions"][7]["starts"]["local"];
  const CalendarDate last_day = parse_iso_date(last.substr(0, 10)).value();
  const auto months_later = [&](int months) {
    const auto month =
        std::chrono::year_month{last_day.year(), last_day.month()} + std::chrono::months{months};
    const CalendarDate day{month.year(), month.month(), last_day.day()};
    return format_iso_date(
        day.ok() ? day : CalendarDate{month.year() / month.month() / std::chrono::last});
  };
  EXPECT_EQ(proposal["recall"]["window_opens"], months_later(12));
  EXPECT_EQ(proposal["recall"]["window_closes"], months_later(18));
  EXPECT_EQ(proposal["recall"]["due"], proposal["recall"]["window_opens"]) << "month 12 by default";
  EXPECT_EQ(appointment_count(), "0") << "a plan books nothing";

  const std::string courses = "/api/v1/patients/" + patient + "/courses";
  json request = agreed(proposal);
  request["agreement"].erase("agreed");
  EXPECT_EQ(client().send_json("POST", courses, request).status, 422);
  request["agreement"]["agreed"] = false;
  EXPECT_EQ(client().send_json("POST", courses, request).status, 422);
  request = agreed(proposal);
  request["agreement"]["cost_shown"]["minor_units"] = 90000;
  const HttpReply stale = client().send_json("POST", courses, request);
  EXPECT_EQ(stale.status, 409) << stale.body;
  request = agreed(proposal);
  request["sessions"][3]["starts"] = {
      {"local",
       plus_days(request["sessions"][2]["starts"]["local"].get<std::string>().substr(0, 10), 3) +
           "T10:00"}};
  const HttpReply healing = client().send_json("POST", courses, request);
  EXPECT_EQ(healing.status, 422) << healing.body;
  EXPECT_NE(healing.body.find("/sessions/3/starts/local"), std::string::npos) << healing.body;
  EXPECT_EQ(appointment_count(), "0") << "a refused course books nothing";

  const HttpReply created = client().send_json("POST", courses, agreed(proposal));
  ASSERT_EQ(created.status, 201) << created.body;
  const json course = created.json();
  EXPECT_EQ(course["cost_estimate"], proposal["cost_estimate"]);
  EXPECT_EQ(course["agreement"]["method"], "signed_form");
  ASSERT_EQ(course["sessions"].size(), 8u);
  for (std::size_t i = 0; i < 8; ++i) {
    EXPECT_EQ(course["sessions"][i]["starts"]["local"], proposal["sessions"][i]["starts"]["local"]);
    EXPECT_EQ(course["sessions"][i]["status"], "booked");
  }
  EXPECT_EQ(course["recall"], proposal["recall"]);
  EXPECT_FALSE(course["gaps"]["flagged"]);
  EXPECT_EQ(appointment_count(), "8");

  // Agreeing twice to the same plan cannot book it twice.
  EXPECT_EQ(client().send_json("POST", courses, agreed(proposal)).status, 409);
  EXPECT_EQ(appointment_count(), "8");

  add_user("reception", "desk.test");
  HttpClient desk(server().port());
  ASSERT_EQ(sign_in(desk, "desk.test").status, 201);
  const HttpReply read = desk.get("/api/v1/courses/" + course["id"].get<std::string>());
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(read.json()["sessions"], course["sessions"]);
  const HttpReply week =
      desk.get("/api/v1/clinics/" + clinic_id_ + "/appointments?from=" +
               proposal["sessions"][0]["starts"]["local"].get<std::string>().substr(0, 10));
  ASSERT_EQ(week.status, 200) << week.body;
  const json sheet = week.json();
  EXPECT_EQ(sheet["items"].size(), 1u);
  // The day sheet names its people, for reception too.
  EXPECT_EQ(sheet["patients"],
            json::array({{{"id", patient}, {"family_name", "Yılmaz"}, {"given_name", "Ayşe"}}}));
  bool practitioner_named = false;
  for (const auto& each : sheet["practitioners"]) {
    practitioner_named |=
        each["id"] == practitioner_id_ && !each["username"].get<std::string>().empty();
  }
  EXPECT_TRUE(practitioner_named) << week.body;
  EXPECT_EQ(desk.send_json("POST", courses, agreed(proposal)).status, 403);

  // The patient's export carries the course and its appointments; erasure removes them.
  const json exported = client().get("/api/v1/patients/" + patient + "/export").json();
  ASSERT_EQ(exported["courses"].size(), 1u);
  EXPECT_EQ(exported["courses"][0]["sessions"], course["sessions"]);
  EXPECT_EQ(exported["appointments"].size(), 8u);
  ASSERT_EQ(
      client().send_json("POST", "/api/v1/patients/" + patient + "/erasure", json::object()).status,
      200);
  EXPECT_EQ(appointment_count(), "0");
  EXPECT_EQ(query_value(database_url(), "SELECT COUNT(*) FROM courses"), "0");
}

TEST_P(CourseTest, NoCourseWithoutAFavourableDecisionForItsFormulation) {
  const std::string id = create(patient_body("Kaya", "Ali"))["id"];
  const json proposal = plan(id, future(14, 0));
  const HttpReply refused =
      client().send_json("POST", "/api/v1/patients/" + id + "/courses", agreed(proposal));
  EXPECT_EQ(refused.status, 409) << refused.body;
  EXPECT_NE(refused.body.find("no suitability decision"), std::string::npos) << refused.body;
  EXPECT_EQ(appointment_count(), "0");
}

TEST_P(CourseTest, ANewHistoryAfterTheDecisionMeansScreeningAgain) {
  const std::string patient = suitable_patient();
  const json proposal = plan(patient, future(14, 0));
  // A new medical-history version (say, a pregnancy) after the decision.
  json history = history_body();
  history["pregnant_or_breastfeeding"] = true;
  const HttpReply saved =
      client().request("POST", "/api/v1/patients/" + patient + "/medical-history", history.dump(),
                       {{"Content-Type", "application/json"}, {"If-Match", "\"1\""}});
  ASSERT_EQ(saved.status, 201) << saved.body;
  const HttpReply refused =
      client().send_json("POST", "/api/v1/patients/" + patient + "/courses", agreed(proposal));
  EXPECT_EQ(refused.status, 409) << refused.body;
  EXPECT_NE(refused.body.find("screen the patient again"), std::string::npos) << refused.body;
  EXPECT_EQ(appointment_count(), "0");
}

TEST_P(CourseTest, AnIdempotencyKeyIsBoundToItsPatient) {
  const std::string first = suitable_patient("Birinci");
  const std::string second = suitable_patient("Ikinci");
  const json proposal = plan(first, future(14, 0));
  const std::map<std::string, std::string> key = {{"Content-Type", "application/json"},
                                                  {"Idempotency-Key", "course-0001"}};
  const std::string body = agreed(proposal).dump();
  const HttpReply created =
      client().request("POST", "/api/v1/patients/" + first + "/courses", body, key);
  ASSERT_EQ(created.status, 201) << created.body;
  const HttpReply again =
      client().request("POST", "/api/v1/patients/" + first + "/courses", body, key);
  EXPECT_EQ(again.status, 201);
  EXPECT_EQ(again.header("idempotent-replayed"), "true");
  EXPECT_EQ(again.json()["id"], created.json()["id"]);
  // The same key and body for another patient is another request: it is not the first
  // patient's course that comes back (here the slots are taken, so 409).
  const HttpReply other =
      client().request("POST", "/api/v1/patients/" + second + "/courses", body, key);
  EXPECT_EQ(other.status, 409) << other.body;
  EXPECT_EQ(other.body.find(created.json()["id"].get<std::string>()), std::string::npos);
  EXPECT_EQ(appointment_count(), "8");
}

TEST_P(CourseTest, MovingASessionMovesLaterOnesOnlyAsFarAsTheIntervalsRequire) {
  const std::string patient = suitable_patient();
  const json proposal = plan(patient, future(14, 0));
  const HttpReply created =
      client().send_json("POST", "/api/v1/patients/" + patient + "/courses", agreed(proposal));
  ASSERT_EQ(created.status, 201) << created.body;
  const json course = created.json();
  const auto session = [&](int number) { return course["sessions"][number - 1]; };

  // Session 2 three days later: session 3 (7 days after, tolerance 2) must follow by a day.
  const std::string moved_to =
      plus_days(session(2)["starts"]["local"].get<std::string>().substr(0, 10), 3) + "T10:00";
  const HttpReply moved = client().send_json(
      "POST", "/api/v1/appointments/" + session(2)["id"].get<std::string>() + "/reschedule",
      {{"starts", {{"local", moved_to}}}});
  ASSERT_EQ(moved.status, 200) << moved.body;
  const json changes = moved.json()["moved"];
  ASSERT_GE(changes.size(), 2u) << changes.dump();
  EXPECT_EQ(changes[0]["session_number"], 2);
  EXPECT_EQ(changes[0]["starts"]["local"], moved_to);
  EXPECT_EQ(changes[1]["session_number"], 3);
  EXPECT_EQ(days_from(moved_to, changes[1]["starts"]["local"]), 5)
      << "as early as the window allows";
  for (const auto& change : changes) EXPECT_NE(change["session_number"], 8) << changes.dump();

  // Into the healing period of session 1: refused, and nothing moves.
  const json before = client().get("/api/v1/courses/" + course["id"].get<std::string>()).json();
  const HttpReply too_soon = client().send_json(
      "POST", "/api/v1/appointments/" + session(2)["id"].get<std::string>() + "/reschedule",
      {{"starts",
        {{"local", plus_days(session(1)["starts"]["local"].get<std::string>().substr(0, 10), 2) +
                       "T10:00"}}}});
  EXPECT_EQ(too_soon.status, 409) << too_soon.body;
  EXPECT_NE(too_soon.body.find("healing period"), std::string::npos) << too_soon.body;
  EXPECT_EQ(client().get("/api/v1/courses/" + course["id"].get<std::string>()).json()["sessions"],
            before["sessions"]);

  // A Saturday is outside opening hours.
  const HttpReply weekend = client().send_json(
      "POST", "/api/v1/appointments/" + session(8)["id"].get<std::string>() + "/reschedule",
      {{"starts", {{"local", future(300, 5) + "T10:00"}}}});
  EXPECT_EQ(weekend.status, 409) << weekend.body;
}

TEST_P(CourseTest, CancelledAndMissedSessionsAreRecordedAndTooManyGapsFlagTheCourse) {
  const std::string patient = suitable_patient();
  const json proposal = plan(patient, future(14, 0));
  const json course =
      client()
          .send_json("POST", "/api/v1/patients/" + patient + "/courses", agreed(proposal))
          .json();
  const auto status = [&](int number, const std::string& value) {
    return client().send_json("POST",
                              "/api/v1/appointments/" +
                                  course["sessions"][number - 1]["id"].get<std::string>() +
                                  "/status",
                              {{"status", value}, {"note", "patient called"}});
  };
  const HttpReply early = status(1, "missed");
  EXPECT_EQ(early.status, 409) << "a session in the future cannot have been missed";
  for (int number : {2, 3, 4}) EXPECT_EQ(status(number, "cancelled").status, 200);
  EXPECT_EQ(status(2, "cancelled").status, 409) << "cancelled once only";
  EXPECT_EQ(status(5, "booked").status, 422);
  const json read = client().get("/api/v1/courses/" + course["id"].get<std::string>()).json();
  EXPECT_EQ(read["gaps"]["missed_or_cancelled"], 3);
  EXPECT_TRUE(read["gaps"]["flagged"]);
  EXPECT_EQ(read["sessions"][1]["status"], "cancelled");
  EXPECT_EQ(read["sessions"][1]["note"], "patient called");
  EXPECT_EQ(
      query_value(database_url(), "SELECT COUNT(*) FROM appointments WHERE status = 'cancelled'"),
      "3");
}

TEST_P(CourseTest, FiftyConcurrentRequestsForOneSlotBookExactlyOne) {
  constexpr int kRequests = 50;
  std::vector<std::string> patients;
  for (int i = 0; i < kRequests; ++i) {
    patients.push_back(suitable_patient("Hasta", std::string("N").append(std::to_string(i))));
  }
  const std::string slot = future(21, 1) + "T11:00";
  std::atomic<int> booked{0}, refused{0};
  std::vector<int> others;
  std::mutex others_mutex;
  std::vector<std::thread> threads;
  for (const auto& patient : patients) {
    threads.emplace_back([&, patient] {
      HttpClient http(server().port());
      use_session(http);
      const HttpReply reply = http.send_json("POST", "/api/v1/appointments",
                                             {{"patient_id", patient},
                                              {"practitioner_id", practitioner_id_},
                                              {"starts", {{"local", slot}}},
                                              {"minutes", 45}});
      if (reply.status == 201) {
        ++booked;
      } else if (reply.status == 409) {
        ++refused;
      } else {
        std::lock_guard lock(others_mutex);
        others.push_back(reply.status);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(booked, 1);
  EXPECT_EQ(refused, kRequests - 1);
  EXPECT_TRUE(others.empty()) << others.size() << " other replies";
  EXPECT_EQ(appointment_count(), "1");
}

// Bookings of one half hour with different practitioners, all at once: each is given a room of
// its own. (Each chose the first free room; without the calendar held while choosing, two
// choosing together on PostgreSQL both took Room 1 and one was refused with rooms to spare.)
TEST_P(CourseTest, ConcurrentBookingsOfOneHalfHourShareOutTheRooms) {
  constexpr int kBookings = 8;
  const std::string clinic = "/api/v1/clinics/" + clinic_id_;
  for (int room = 3; room <= kBookings; ++room) {
    ASSERT_EQ(
        admin_->send_json("POST", clinic + "/rooms", {{"name", "Room " + std::to_string(room)}})
            .status,
        201);
  }
  std::vector<std::string> practitioners{practitioner_id_}, patients;
  for (int i = 1; i < kBookings; ++i) {
    const std::string username = "dr.room" + std::to_string(i);
    add_user("practitioner", username, {clinic_id_});
    practitioners.push_back(
        query_value(database_url(), "SELECT id FROM users WHERE username = '" + username + "'"));
    ASSERT_EQ(put_as_read(*admin_, clinic + "/practitioners/" + practitioners.back() + "/schedule",
                          {{"working_hours", weekdays_nine_to_six()},
                           {"absences", nlohmann::json::array()}})
                  .status,
              200);
  }
  for (int i = 0; i < kBookings; ++i) {
    patients.push_back(suitable_patient("Oda", std::string("N").append(std::to_string(i))));
  }
  const std::string slot = future(21, 2) + "T14:30";
  std::vector<HttpReply> replies(kBookings);
  std::vector<std::thread> threads;
  for (int i = 0; i < kBookings; ++i) {
    threads.emplace_back([&, i] {
      HttpClient http(server().port());
      use_session(http);
      replies[i] = http.send_json("POST", "/api/v1/appointments",
                                  {{"patient_id", patients[i]},
                                   {"practitioner_id", practitioners[i]},
                                   {"starts", {{"local", slot}}},
                                   {"minutes", 30}});
    });
  }
  for (auto& thread : threads) thread.join();
  std::set<std::string> rooms;
  for (const auto& reply : replies) {
    EXPECT_EQ(reply.status, 201) << reply.body;
    if (reply.status == 201) rooms.insert(reply.json()["room_id"].get<std::string>());
  }
  EXPECT_EQ(rooms.size(), static_cast<std::size_t>(kBookings));
  EXPECT_EQ(appointment_count(), std::to_string(kBookings));
}

TEST_P(CourseTest, SingleAppointmentsRespectTheCalendarAndClockChanges) {
  const std::string patient = suitable_patient();
  // `starts` is the local time alone, or a whole ClinicTime.
  const auto book = [&](const json& starts, const json& extra = json::object()) {
    json body = {{"patient_id", patient},
                 {"practitioner_id", practitioner_id_},
                 {"starts", starts.is_string() ? json{{"local", starts}} : starts},
                 {"minutes", 30}};
    body.update(extra);
    return client().send_json("POST", "/api/v1/appointments", body);
  };
  EXPECT_EQ(book(plus_days(future(0, 2), -7) + "T10:00").status, 422) << "a day gone by";
  const HttpReply before_opening = book(future(10, 2) + "T08:30");
  EXPECT_EQ(before_opening.status, 409);
  EXPECT_EQ(before_opening.json()["type"], "urn:mesoclinic:problem:slot-unavailable");
  EXPECT_EQ(book(future(200, 2) + "T10:00").status, 409) << "the closure day";
  EXPECT_EQ(book(future(10, 2) + "T17:45").status, 409) << "runs past closing";
  EXPECT_EQ(book(future(10, 2) + "T25:00").status, 422);
  EXPECT_EQ(book(future(10, 2) + "T10:00", {{"minutes", 5}}).status, 422);
  EXPECT_EQ(book({{"local", future(10, 2) + "T10:00"}, {"utc_offset", "+99:00"}}).status, 422);
  const HttpReply flat = client().send_json("POST", "/api/v1/appointments",
                                            {{"patient_id", patient},
                                             {"practitioner_id", practitioner_id_},
                                             {"starts_at", future(10, 2) + "T10:00"},
                                             {"minutes", 30}});
  EXPECT_EQ(flat.status, 422) << "the flat field of old is not a start";
  EXPECT_NE(flat.body.find("\"/starts\""), std::string::npos) << flat.body;
  const HttpReply booked = book(future(10, 2) + "T10:00");
  ASSERT_EQ(booked.status, 201) << booked.body;
  EXPECT_EQ(booked.json()["starts"]["local"], future(10, 2) + "T10:00");
  const HttpReply busy = book(future(10, 2) + "T10:15");
  EXPECT_EQ(busy.status, 409) << "the patient is busy";
  EXPECT_EQ(busy.json()["type"], "urn:mesoclinic:problem:slot-unavailable");

  // The hour the clocks skip does not exist in the clinic's zone: the first demo clinic (by
  // name) is the London one.
  const json clinics = client().get("/api/v1/clinics").json();
  ASSERT_EQ(clinics["items"][0]["id"], clinic_id_);
  ASSERT_EQ(clinics["items"][0]["time_zone"], "Europe/London");
  const int next_year =
      static_cast<int>(
          CalendarDate{std::chrono::floor<days>(std::chrono::system_clock::now())}.year()) +
      1;
  CalendarDate last_sunday{std::chrono::year{next_year} / std::chrono::March /
                           std::chrono::Sunday[std::chrono::last]};
  const HttpReply skipped = book(format_iso_date(last_sunday) + "T01:30");
  EXPECT_EQ(skipped.status, 422) << skipped.body;
  EXPECT_NE(skipped.body.find("does not exist"), std::string::npos) << skipped.body;

  // The hour the clocks repeat needs its offset to say which; with it, the time is a real one
  // (and, at half past one at night, outside opening hours).
  const std::string repeated =
      format_iso_date(CalendarDate{std::chrono::year{next_year} / std::chrono::October /
                                   std::chrono::Sunday[std::chrono::last]}) +
      "T01:30";
  const HttpReply ambiguous = book(repeated);
  EXPECT_EQ(ambiguous.status, 422) << ambiguous.body;
  EXPECT_NE(ambiguous.body.find("\"/starts/local\""), std::string::npos) << ambiguous.body;
  EXPECT_EQ(book({{"local", repeated}, {"utc_offset", "+00:00"}}).status, 409);

  // A start sent back as a reply showed it books the same slot; its UTC instant must agree.
  const json shown = booked.json()["starts"];
  json elsewhere = shown;
  elsewhere["utc"] = future(10, 2) + "T13:00:00Z";  // three hours off in any offset London has
  const HttpReply disagrees = book(elsewhere);
  EXPECT_EQ(disagrees.status, 422) << disagrees.body;
  EXPECT_NE(disagrees.body.find("\"/starts/utc\""), std::string::npos) << disagrees.body;
  const HttpReply again = book(shown);
  EXPECT_EQ(again.status, 409) << "the slot it names is the patient's booked one";
  EXPECT_EQ(again.json()["type"], "urn:mesoclinic:problem:slot-unavailable");
}

TEST_P(CourseTest, CalendarSettingsAreValidatedWholeAndOnlyForRealPractitioners) {
  const std::string clinic = "/api/v1/clinics/" + clinic_id_;
  const json before = admin_->get(clinic + "/calendar").json();
  // Malformed members first (an unknown weekday, a time that is none), then the calendar's
  // own rules (overlapping ranges, a healing period of no days).
  json week = weekdays_nine_to_six();
  week["funday"] = json::array();
  week["tuesday"] = json::array({{{"from", "25:00"}, {"to", "26:00"}}});
  const HttpReply malformed = put_as_read(*admin_, clinic + "/calendar", {{"opening_hours", week}});
  ASSERT_EQ(malformed.status, 422) << malformed.body;
  for (const char* field : {"/opening_hours/funday", "/opening_hours/tuesday/0/from"}) {
    EXPECT_NE(malformed.body.find(std::string("\"") + field + "\""), std::string::npos)
        << field << " in " << malformed.body;
  }
  week = weekdays_nine_to_six();
  week["monday"].push_back({{"from", "17:00"}, {"to", "19:00"}});
  const HttpReply bad =
      put_as_read(*admin_, clinic + "/calendar", {{"opening_hours", week}, {"healing_days", 0}});
  ASSERT_EQ(bad.status, 422) << bad.body;
  for (const char* field : {"/opening_hours/monday", "/healing_days"}) {
    EXPECT_NE(bad.body.find(std::string("\"") + field + "\""), std::string::npos)
        << field << " in " << bad.body;
  }
  EXPECT_EQ(
      put_as_read(*admin_, clinic + "/calendar",
                  {{"opening_hours", weekdays_nine_to_six()}, {"time_zone", "Pacific/Auckland"}})
          .status,
      422);
  EXPECT_EQ(admin_->get(clinic + "/calendar").json(), before) << "a refused change changed it";
  EXPECT_EQ(before["healing_days"], 4);

  // Only a practitioner of this clinic has a schedule here.
  const json session = admin_->get("/api/v1/session").json();
  EXPECT_EQ(put_as_read(
                *admin_,
                clinic + "/practitioners/" + session["user"]["id"].get<std::string>() + "/schedule",
                {{"working_hours", weekdays_nine_to_six()}})
                .status,
            404);
  EXPECT_EQ(admin_->get("/api/v1/clinics/" + other_clinic_id_ + "/rooms").json()["items"].size(),
            0u);
  EXPECT_EQ(put_as_read(client(), clinic + "/calendar", {{"opening_hours", week}}).status, 403);
}

TEST_P(CourseTest, StockIsReceivedByLotAndExpiredOrRecalledLotsAreNotUsable) {
  const HttpReply product = admin_->send_json(
      "POST", "/api/v1/products",
      {{"name", "Biotin complex 5 ml"}, {"formulation_id", formulation_id_}, {"vial_ml", 5}});
  ASSERT_EQ(product.status, 201) << product.body;
  const json delivery = {{"product_id", product.json()["id"]},
                         {"clinic_id", clinic_id_},
                         {"number", "BX-2291"},
                         {"expires_on", future(365, 0)},
                         {"quantity", 20}};
  const HttpReply first = client().send_json("POST", "/api/v1/lots", delivery);
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_TRUE(first.json()["usable"]);
  json more = delivery;
  more["quantity"] = 10;
  const std::map<std::string, std::string> retried = {{"Content-Type", "application/json"},
                                                      {"Idempotency-Key", "delivery-77"}};
  const HttpReply second = client().request("POST", "/api/v1/lots", more.dump(), retried);
  ASSERT_EQ(second.status, 201) << second.body;
  // The same delivery sent again after a timeout does not count the vials twice.
  const HttpReply replayed = client().request("POST", "/api/v1/lots", more.dump(), retried);
  EXPECT_EQ(replayed.status, 201);
  EXPECT_EQ(replayed.json()["quantity"], 30);
  EXPECT_EQ(second.json()["id"], first.json()["id"]);
  EXPECT_EQ(second.json()["quantity"], 30);

  json expired = delivery;
  expired["number"] = "OLD-1";
  expired["expires_on"] = plus_days(future(0, 0), -30);
  EXPECT_EQ(client().send_json("POST", "/api/v1/lots", expired).status, 422);
  json relabelled = more;
  relabelled["expires_on"] = future(400, 0);
  EXPECT_EQ(client().send_json("POST", "/api/v1/lots", relabelled).status, 409);
  json elsewhere = delivery;
  elsewhere["clinic_id"] = other_clinic_id_;
  add_user("practitioner", "dr.only.first", {clinic_id_});
  HttpClient first_only(server().port());
  ASSERT_EQ(sign_in(first_only, "dr.only.first").status, 201);
  EXPECT_EQ(first_only.send_json("POST", "/api/v1/lots", elsewhere).status, 422);

  const std::string lot = first.json()["id"];
  const HttpReply recalled =
      client().send_json("POST", "/api/v1/lots/" + lot + "/recall", json::object());
  ASSERT_EQ(recalled.status, 200) << recalled.body;
  EXPECT_FALSE(recalled.json()["usable"]);
  EXPECT_EQ(recalled.json()["unusable_because"], "lot BX-2291 is recalled");
  EXPECT_EQ(client().send_json("POST", "/api/v1/lots", more).status, 409)
      << "no more stock into a recalled lot";
  const json listed = client().get("/api/v1/lots?clinic_id=" + clinic_id_).json();
  ASSERT_EQ(listed["items"].size(), 1u);
  EXPECT_EQ(listed["items"][0]["quantity"], 30);
}

TEST_P(ChartTest, SigningTakesStockIssuesAftercareAndIsFinalCorrectionsAreNewVersions) {
  const std::string session = session_that_began(2);
  const std::string chart = "/api/v1/appointments/" + session + "/chart";
  const HttpReply draft = put_as_read(client(), chart, chart_with(lot_, 2));
  ASSERT_EQ(draft.status, 200) << draft.body;
  EXPECT_EQ(draft.json()["status"], "draft");
  EXPECT_EQ(stock(lot_), "10") << "a draft takes no stock";

  const HttpReply signed_reply = client().send_json("POST", chart + "/signature", json::object());
  ASSERT_EQ(signed_reply.status, 200) << signed_reply.body;
  const json signed_chart = signed_reply.json()["chart"];
  EXPECT_EQ(signed_chart["status"], "signed");
  EXPECT_EQ(signed_chart["lots"][0]["number"], "BX-1");
  EXPECT_EQ(stock(lot_), "8");
  EXPECT_EQ(
      query_value(database_url(), "SELECT status FROM appointments WHERE id = '" + session + "'"),
      "attended");
  const json aftercare = signed_reply.json()["aftercare"];
  ASSERT_EQ(aftercare["restrictions"].size(), 5u);
  const json washing = aftercare["restrictions"][0];
  EXPECT_EQ(washing["rule_id"], "no_washing");
  const std::string ended = aftercare["session_end"]["local"];
  EXPECT_EQ(days_from(ended, washing["until"]["local"]), 3);
  EXPECT_EQ(washing["until"]["local"].get<std::string>().substr(10), ended.substr(10))
      << "the same wall-clock time, three days on";
  EXPECT_EQ(days_from(ended, washing["better_until"]["local"]), 4);
  EXPECT_EQ(client().get("/api/v1/appointments/" + session + "/aftercare").status, 200);

  // Signed is final: signing again or editing changes nothing.
  const HttpReply signed_again = client().send_json("POST", chart + "/signature", json::object());
  EXPECT_EQ(signed_again.status, 409);
  EXPECT_EQ(signed_again.json()["type"], "urn:mesoclinic:problem:chart-signed");
  const HttpReply edited = put_as_read(client(), chart, chart_with(lot_, 5));
  EXPECT_EQ(edited.status, 409);
  EXPECT_EQ(edited.json()["type"], "urn:mesoclinic:problem:chart-signed");
  EXPECT_EQ(stock(lot_), "8");

  const json recipients = client().get("/api/v1/lots/" + lot_ + "/recipients").json();
  ASSERT_EQ(recipients["items"].size(), 1u);
  EXPECT_EQ(recipients["items"][0]["patient_id"], patient_);
  EXPECT_EQ(recipients["items"][0]["vials"], 2);

  // A correction: one vial, not two. Stock follows the difference; both versions stay.
  EXPECT_EQ(
      client().send_json("POST", chart + "/corrections", {{"chart", chart_with(lot_, 1)}}).status,
      422)
      << "a correction needs its reason";
  const json correction = {{"reason", "one vial was drawn, not two"},
                           {"chart", chart_with(lot_, 1)}};
  const HttpReply corrected = client().send_json("POST", chart + "/corrections", correction,
                                                 {{"Idempotency-Key", "correction-1"}});
  ASSERT_EQ(corrected.status, 201) << corrected.body;
  EXPECT_EQ(corrected.json()["version"], 2);
  EXPECT_EQ(stock(lot_), "9");
  // The tablet lost the reply and sends it again: the same reply, no third version.
  const HttpReply retried = client().send_json("POST", chart + "/corrections", correction,
                                               {{"Idempotency-Key", "correction-1"}});
  EXPECT_EQ(retried.status, 201);
  EXPECT_EQ(retried.body, corrected.body);
  EXPECT_EQ(retried.header("idempotent-replayed"), "true");
  EXPECT_EQ(stock(lot_), "9");
  EXPECT_EQ(client().get(chart + "?version=1").json()["lots"][0]["vials"], 2);
  const json latest = client().get(chart).json();
  EXPECT_EQ(latest["lots"][0]["vials"], 1);
  EXPECT_EQ(latest["correction_reason"], "one vial was drawn, not two");
  EXPECT_EQ(client().get("/api/v1/lots/" + lot_ + "/recipients").json()["items"][0]["vials"], 1);

  // The patient's export holds both versions and the aftercare plan.
  const json exported = client().get("/api/v1/patients/" + patient_ + "/export").json();
  ASSERT_EQ(exported["appointments"].size(), 1u);
  ASSERT_EQ(exported["appointments"][0]["charts"].size(), 2u);
  EXPECT_EQ(exported["appointments"][0]["charts"][1]["correction_reason"],
            "one vial was drawn, not two");
  EXPECT_EQ(exported["appointments"][0]["aftercare"]["restrictions"].size(), 5u);
}

TEST_P(ChartTest, AnExpiredRecalledOrShortLotIsRefusedAndNothingChanges) {
  const std::string expired = receive("OLD-7", 5);
  tamper(database_url(), "UPDATE lots SET expires_on = '2020-01-31' WHERE id = '" + expired + "'");
  const std::string session = session_that_began(1);
  const std::string chart = "/api/v1/appointments/" + session + "/chart";
  const auto sign_with = [&](const std::string& lot, int vials) {
    EXPECT_EQ(put_as_read(client(), chart, chart_with(lot, vials)).status, 200);
    return client().send_json("POST", chart + "/signature", json::object());
  };
  const HttpReply refused = sign_with(expired, 1);
  EXPECT_EQ(refused.status, 409);
  EXPECT_NE(refused.body.find("lot OLD-7 expired on 2020-01-31"), std::string::npos)
      << refused.body;
  EXPECT_EQ(stock(expired), "5");
  EXPECT_EQ(client().get(chart).json()["status"], "draft");
  EXPECT_EQ(
      query_value(database_url(), "SELECT status FROM appointments WHERE id = '" + session + "'"),
      "booked");
  EXPECT_EQ(query_value(database_url(), "SELECT COUNT(*) FROM lot_uses"), "0");
  EXPECT_EQ(query_value(database_url(), "SELECT COUNT(*) FROM aftercare_plans"), "0");

  const HttpReply short_lot = sign_with(lot_, 11);
  EXPECT_EQ(short_lot.status, 409);
  EXPECT_NE(short_lot.body.find("has 10 vials left"), std::string::npos) << short_lot.body;
  ASSERT_EQ(client().send_json("POST", "/api/v1/lots/" + lot_ + "/recall", json::object()).status,
            200);
  const HttpReply recalled = sign_with(lot_, 1);
  EXPECT_EQ(recalled.status, 409);
  EXPECT_NE(recalled.body.find("is recalled"), std::string::npos) << recalled.body;
  EXPECT_EQ(stock(lot_), "10");
}

TEST_P(ChartTest, AFutureSessionCannotBeChartedAndANextSessionInsideHealingIsReported) {
  const HttpReply future_session =
      client().send_json("POST", "/api/v1/appointments",
                         {{"patient_id", patient_},
                          {"practitioner_id", practitioner_id_},
                          {"starts", {{"local", future(20, 1) + "T10:00"}}},
                          {"minutes", 30}});
  ASSERT_EQ(future_session.status, 201);
  EXPECT_EQ(put_as_read(
                client(),
                "/api/v1/appointments/" + future_session.json()["id"].get<std::string>() + "/chart",
                chart_body())
                .status,
            409);

  // Signed today; the next session in 2 days, inside the 4-day healing period.
  const std::string session = session_that_began(3, 9);
  const long long in_two_days =
      std::chrono::duration_cast<std::chrono::microseconds>(
          (std::chrono::system_clock::now() + std::chrono::hours(48)).time_since_epoch())
          .count();
  tamper(database_url(), "UPDATE appointments SET starts_at = " + std::to_string(in_two_days) +
                             ", ends_at = " + std::to_string(in_two_days + 1'800'000'000LL) +
                             " WHERE id = '" + future_session.json()["id"].get<std::string>() +
                             "'");
  const std::string chart = "/api/v1/appointments/" + session + "/chart";
  ASSERT_EQ(put_as_read(client(), chart, chart_body()).status, 200);
  const HttpReply signed_reply = client().send_json("POST", chart + "/signature", json::object());
  ASSERT_EQ(signed_reply.status, 200) << signed_reply.body;
  const json aftercare = signed_reply.json()["aftercare"];
  EXPECT_EQ(aftercare["next_session"]["id"], future_session.json()["id"]);
  EXPECT_TRUE(aftercare["next_session_conflict"].is_string()) << aftercare.dump();
}

// What Debian's python3-icalendar, a parser independent of ours, reads in a calendar file.
json read_back(const std::string& ics) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("mesoclinic-" + std::to_string(::getpid()) + "-calendar.ics");
  std::ofstream(path, std::ios::binary) << ics;
  const std::string command = "/usr/bin/python3 " MESOCLINIC_SOURCE_DIR
                              "/tests/integration/tools/read_ics.py " +
                              path.string();
  const std::string out = command_output(command);
  std::filesystem::remove(path);
  return json::parse(out.empty() ? "{}" : out);
}

TEST_P(ChartTest, TheCalendarFileReadsBackWithAnIndependentParser) {
  // A course of eight sessions (a clock change falls inside some courses' span) and a signed
  // session with its aftercare plan, all of one patient.
  patient_ = suitable_patient("Takvim");
  const json proposal = plan(patient_, future(14, 0));
  const HttpReply course =
      client().send_json("POST", "/api/v1/patients/" + patient_ + "/courses", agreed(proposal));
  ASSERT_EQ(course.status, 201) << course.body;
  const std::string session = session_that_began(2, 80);
  const std::string chart = "/api/v1/appointments/" + session + "/chart";
  ASSERT_EQ(put_as_read(client(), chart, chart_body()).status, 200);
  const HttpReply signed_reply = client().send_json("POST", chart + "/signature", json::object());
  ASSERT_EQ(signed_reply.status, 200) << signed_reply.body;

  const HttpReply file = client().get("/api/v1/patients/" + patient_ + "/calendar.ics");
  ASSERT_EQ(file.status, 200) << file.body;
  EXPECT_EQ(file.header("content-type"), "text/calendar; charset=utf-8");
  const json read = read_back(file.body);
  const std::string zone = client().get("/api/v1/clinics").json()["items"][0]["time_zone"];
  EXPECT_EQ(read["timezones"], json::array({zone}));

  // Every appointment is there at its instant and its clinic wall-clock time.
  std::map<std::string, json> events;
  for (const auto& event : read["events"]) events[event["uid"]] = event;
  const json appointments =
      client().get("/api/v1/patients/" + patient_ + "/appointments").json()["items"];
  ASSERT_EQ(appointments.size(), 9u);
  for (const auto& appointment : appointments) {
    const auto event = events.find(appointment["id"].get<std::string>() + "@mesoclinic");
    ASSERT_NE(event, events.end()) << appointment.dump();
    EXPECT_EQ(event->second["dtstart"]["tzid"], zone);
    EXPECT_EQ(event->second["dtstart"]["local"], appointment["starts"]["local"]);
    EXPECT_EQ(event->second["dtstart"]["utc"],
              appointment["starts"]["utc"].get<std::string>().substr(0, 16));
    EXPECT_EQ(event->second["dtend"]["utc"],
              appointment["ends"]["utc"].get<std::string>().substr(0, 16));
  }
  // And each restriction's end, at the time the aftercare plan gives.
  const json restrictions = signed_reply.json()["aftercare"]["restrictions"];
  ASSERT_EQ(restrictions.size(), 5u);
  for (const auto& restriction : restrictions) {
    const auto event =
        events.find(session + "-" + restriction["rule_id"].get<std::string>() + "@mesoclinic");
    ASSERT_NE(event, events.end()) << restriction.dump();
    EXPECT_EQ(event->second["dtstart"]["local"], restriction["until"]["local"]);
    EXPECT_EQ(event->second["dtstart"]["utc"],
              restriction["until"]["utc"].get<std::string>().substr(0, 16));
  }
  EXPECT_EQ(events.size(), 9u + 5u);
  // In the patient's language (Turkish here), from the catalogue.
  EXPECT_EQ(events[session + "-no_washing@mesoclinic"]["summary"],
            "Saçınızı yeniden yıkayabilirsiniz");
  EXPECT_EQ(events[session + "@mesoclinic"]["summary"], "Randevu");

  // The patient's app subscribes with a URL whose token is the only credential, until revoked.
  const std::string subscriptions = "/api/v1/patients/" + patient_ + "/calendar-subscriptions";
  const HttpReply subscribed = client().send_json("POST", subscriptions, json::object());
  ASSERT_EQ(subscribed.status, 201) << subscribed.body;
  const std::string feed = subscribed.json()["path"];
  HttpClient app(server().port());
  const HttpReply fetched = app.get(feed);
  ASSERT_EQ(fetched.status, 200) << fetched.body;
  EXPECT_EQ(read_back(fetched.body)["events"].size(), events.size());
  const std::string listed = client().get(subscriptions).body;
  EXPECT_EQ(listed.find(feed.substr(feed.rfind('/') + 1)), std::string::npos)
      << "the token is shown once, never listed";
  EXPECT_EQ(app.get(feed + "x").status, 404);
  const std::string id = subscribed.json()["id"];
  ASSERT_EQ(client().request("DELETE", subscriptions + "/" + id).status, 204);
  EXPECT_EQ(app.get(feed).status, 404) << "revoked: the URL stops at once";
  EXPECT_FALSE(client().get(subscriptions).json()["items"][0]["revoked_at"].is_null());

  // Each fetch is audited as a read of the patient's data by the subscription, not by a user;
  // a refused fetch leaves no entry.
  add_user("auditor", "audit.feed", {clinic_id_});
  HttpClient auditor(server().port());
  ASSERT_EQ(sign_in(auditor, "audit.feed").status, 201);
  const json trail = auditor.get("/api/v1/audit?action=calendar.feed").json();
  ASSERT_EQ(trail["items"].size(), 1u) << trail.dump();
  EXPECT_EQ(trail["items"][0]["username"], "calendar-subscription:" + id);
  EXPECT_EQ(trail["items"][0]["patient_id"], patient_);
  EXPECT_EQ(trail["items"][0]["resource_id"], id);
}

INSTANTIATE_TEST_SUITE_P(BothEngines, ChartTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         engine_name);

INSTANTIATE_TEST_SUITE_P(BothEngines, CourseTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         engine_name);

}  // namespace
}  // namespace mesoclinic::testing
