// Follow-ups that happen, through the real server on both engines: a "not now" decision, a signed
// chart with an adverse event to follow up, a finished course and a reminder that fails for good
// each put an item on the clinic's worklist; the course's recall invites the patient only if they
// consent to be contacted. Staff list the items (filtered, paged, audited) and close each once
// with a note; admins and other clinics see none of it.
#include "reminder_sinks.h"

namespace mesoclinic::testing {
namespace {

using nlohmann::json;

class WorklistApiTest : public ReminderTest {
 protected:
  std::string worklist_path() const { return "/api/v1/clinics/" + clinic_id_ + "/worklist"; }

  json listed(const std::string& query = "", HttpClient* as = nullptr) {
    const HttpReply reply = (as ? *as : client()).get(worklist_path() + query);
    EXPECT_EQ(reply.status, 200) << reply.body;
    return reply.json();
  }

  // A patient decided "not now", to be re-assessed on `reassess_on`; returns the decision.
  json not_now(const std::string& patient_id, const std::string& reassess_on) {
    record_assessment(patient_id);
    const std::string base = "/api/v1/patients/" + patient_id;
    const json proposal = client().send_json("POST", base + "/suitability", json::object()).json();
    json body = {{"outcome", "not_now"},
                 {"reassess", "after her exams"},
                 {"reassess_on", reassess_on},
                 {"rule_set_version", proposal["rule_set"]["version"]},
                 {"medical_history_version", proposal["medical_history_version"]},
                 {"hair_assessment_version", proposal["hair_assessment_version"]}};
    if (proposal["proposed_outcome"] != "not_now") body["override_reason"] = "Wants to wait.";
    const HttpReply decided = client().send_json("POST", base + "/decisions", body);
    EXPECT_EQ(decided.status, 201) << decided.body;
    return decided.json();
  }

  HttpReply close(const std::string& item_id, const json& body,
                  const std::map<std::string, std::string>& headers = {},
                  HttpClient* as = nullptr) {
    return (as ? *as : client())
        .send_json("POST", worklist_path() + "/" + item_id + "/closure", body, headers);
  }

  std::unique_ptr<HttpClient> signed_in(const std::string& username) {
    auto http = std::make_unique<HttpClient>(server().port());
    EXPECT_EQ(sign_in(*http, username).status, 201);
    return http;
  }

  // A course agreed for `patient`, every session cancelled but the last, which is moved behind
  // the server's back to `hours_ago` hours ago (as if its day had come) and charted and signed:
  // the course is over. Returns the course as it stands.
  json finish_a_course(const std::string& patient, int hours_ago) {
    const HttpReply started = client().send_json("POST", "/api/v1/patients/" + patient + "/courses",
                                                 agreed(plan(patient, future(14, 1))));
    EXPECT_EQ(started.status, 201) << started.body;
    const json course = started.json();
    const json& sessions = course["sessions"];
    for (std::size_t i = 0; i + 1 < sessions.size(); ++i) {
      const std::string id = sessions[i]["id"];
      const HttpReply cancelled = client().send_json(
          "POST", "/api/v1/appointments/" + id + "/status", {{"status", "cancelled"}});
      EXPECT_EQ(cancelled.status, 200) << cancelled.body;
    }
    const json recalls = listed("?kind=recall");
    for (const auto& item : recalls["items"]) {
      EXPECT_NE(item["course_id"], course["id"]) << "the last session is still to come";
    }
    const std::string last = sessions.back()["id"];
    const auto micros = [](auto instant) {
      return std::to_string(
          std::chrono::duration_cast<std::chrono::microseconds>(instant.time_since_epoch())
              .count());
    };
    const auto start = std::chrono::system_clock::now() - std::chrono::hours(hours_ago);
    tamper(database_url(), "UPDATE appointments SET starts_at = " + micros(start) +
                               ", ends_at = " + micros(start + std::chrono::minutes(45)) +
                               " WHERE id = '" + last + "'");
    const std::string chart = "/api/v1/appointments/" + last + "/chart";
    EXPECT_EQ(client().send_json("PUT", chart, chart_body()).status, 200);
    const HttpReply signature = client().send_json("POST", chart + "/signature", json::object());
    EXPECT_EQ(signature.status, 200) << signature.body;
    return client().get("/api/v1/courses/" + course["id"].get<std::string>()).json();
  }

  json recall_invitations(const std::string& patient) {
    json invitations = json::array();
    for (const auto& reminder : reminders_of(patient)) {
      if (reminder["kind"] == "recall") invitations.push_back(reminder);
    }
    return invitations;
  }
};

TEST_P(WorklistApiTest, ANotNowDecisionIsReassessedFromTheWorklistAndClosedOnce) {
  const std::string patient = create(patient_body("Aksoy", "Selin"))["id"];
  const std::string day = future(60, 2);
  const json decision = not_now(patient, day);
  EXPECT_EQ(decision["reassess_on"], day);

  const json page = listed();
  ASSERT_EQ(page["items"].size(), 1u) << page.dump();
  EXPECT_TRUE(page["next_cursor"].is_null());
  const json item = page["items"][0];
  EXPECT_EQ(item["kind"], "reassess");
  EXPECT_EQ(item["patient_id"], patient);
  EXPECT_TRUE(item["course_id"].is_null());
  EXPECT_EQ(item["source"], json({{"type", "decision"}, {"id", decision["id"]}}));
  EXPECT_EQ(item["due_by"], day);
  EXPECT_EQ(item["status"], "open");
  EXPECT_NE(item["detail"].get<std::string>().find(day), std::string::npos);
  EXPECT_EQ(item["detail"].get<std::string>().find("exams"), std::string::npos)
      << "no clinical words on the list reception reads";
  EXPECT_NE(query_value(database_url(),
                        "SELECT COUNT(*) FROM audit_entries WHERE action = 'worklist.list' AND "
                        "patient_id = '" +
                            patient + "'"),
            "0")
      << "reading the list is a read of the patient's data";

  const std::string id = item["id"];
  const HttpReply blank = close(id, {{"note", "   "}});
  EXPECT_EQ(blank.status, 422);
  EXPECT_EQ(blank.json()["errors"][0]["field"], "/note");
  EXPECT_EQ(close(id, json::object()).status, 422) << "a note is required";
  EXPECT_EQ(close("no-such-item", {{"note", "Done."}}).status, 404);

  const json note = {{"note", "Called her; re-assessment booked."}};
  const HttpReply closed = close(id, note, {{"Idempotency-Key", "close-1"}});
  ASSERT_EQ(closed.status, 200) << closed.body;
  EXPECT_EQ(closed.json()["status"], "closed");
  EXPECT_EQ(closed.json()["closing_note"], "Called her; re-assessment booked.");
  EXPECT_EQ(closed.json()["closed_by"], client().get("/api/v1/session").json()["user"]["id"]);
  const HttpReply replayed = close(id, note, {{"Idempotency-Key", "close-1"}});
  EXPECT_EQ(replayed.status, 200);
  EXPECT_EQ(replayed.body, closed.body);
  EXPECT_EQ(replayed.header("idempotent-replayed"), "true");
  const HttpReply again = close(id, {{"note", "Called her again."}});
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(again.json()["type"], "urn:mesoclinic:problem:worklist-item-closed");

  EXPECT_TRUE(listed()["items"].empty()) << "open items by default";
  const json closed_items = listed("?status=closed")["items"];
  ASSERT_EQ(closed_items.size(), 1u);
  EXPECT_EQ(closed_items[0], closed.json());

  // The export carries the patient's items; erasure takes them.
  const HttpReply exported = client().get("/api/v1/patients/" + patient + "/export");
  ASSERT_EQ(exported.status, 200);
  EXPECT_EQ(exported.json()["worklist_items"], json::array({closed.json()}));
  ASSERT_EQ(
      client().send_json("POST", "/api/v1/patients/" + patient + "/erasure", json::object()).status,
      200);
  EXPECT_EQ(query_value(database_url(),
                        "SELECT COUNT(*) FROM worklist_items WHERE patient_id = '" + patient + "'"),
            "0");
}

TEST_P(WorklistApiTest, AnAdverseEventToFollowUpIsOnTheListOnceTheChartIsSigned) {
  const std::string session = session_that_began(2);
  const std::string chart = "/api/v1/appointments/" + session + "/chart";
  json charted = chart_body();
  const std::string follow_up = future(7, 0);
  charted["adverse_events"] = {{{"kind", "haematoma"},
                                {"severity", "mild"},
                                {"action_taken", "cold compress"},
                                {"follow_up_on", follow_up}}};
  ASSERT_EQ(client().send_json("PUT", chart, charted).status, 200);
  EXPECT_TRUE(listed()["items"].empty()) << "a draft asks nothing of anyone yet";
  ASSERT_EQ(client().send_json("POST", chart + "/signature", json::object()).status, 200);
  json items = listed("?kind=adverse_follow_up")["items"];
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0]["due_by"], follow_up);
  EXPECT_EQ(items[0]["patient_id"], patient_);
  EXPECT_EQ(items[0]["source"], json({{"type", "appointment"}, {"id", session}}));
  EXPECT_EQ(items[0]["detail"].get<std::string>().find("haematoma"), std::string::npos);

  // A correction that adds a follow-up day adds its item; the first stays.
  const std::string later = future(21, 0);
  charted["adverse_events"].push_back({{"kind", "infection"},
                                       {"severity", "moderate"},
                                       {"action_taken", "antibiotic ointment"},
                                       {"follow_up_on", later}});
  const HttpReply corrected = client().send_json(
      "POST", chart + "/corrections", {{"reason", "infection reported"}, {"chart", charted}});
  ASSERT_EQ(corrected.status, 201) << corrected.body;
  items = listed("?kind=adverse_follow_up")["items"];
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0]["due_by"], follow_up);
  EXPECT_EQ(items[1]["due_by"], later);
  EXPECT_TRUE(listed("?kind=recall")["items"].empty()) << "a single appointment has no recall";
}

// The course ends with its last session signed: the recall falls due when the window opens (the
// date the course shows), and the patient, who consents to be contacted, is invited by SMS in
// Turkish. Another patient who never consented is recalled too, but by the clinic: no message.
TEST_P(WorklistApiTest, AFinishedCourseIsRecalledAndInvitesOnlyAPatientWhoConsented) {
  const json course = finish_a_course(patient_, 2);
  json recalls = listed("?kind=recall")["items"];
  ASSERT_EQ(recalls.size(), 1u);
  EXPECT_EQ(recalls[0]["patient_id"], patient_);
  EXPECT_EQ(recalls[0]["course_id"], course["id"]);
  EXPECT_EQ(recalls[0]["source"], json({{"type", "course"}, {"id", course["id"]}}));
  EXPECT_EQ(recalls[0]["due_by"], course["recall"]["window_opens"]);
  EXPECT_NE(recalls[0]["detail"].get<std::string>().find("An invitation goes to the patient"),
            std::string::npos)
      << recalls[0].dump();
  const json invitations = recall_invitations(patient_);
  ASSERT_EQ(invitations.size(), 1u);
  EXPECT_EQ(invitations[0]["status"], "pending");
  EXPECT_EQ(invitations[0]["channel"], "sms");
  EXPECT_EQ(invitations[0]["recipient"], "+905321234567");
  EXPECT_EQ(invitations[0]["due"]["local"], course["recall"]["due"].get<std::string>() + "T09:00")
      << "on the recall day's morning, clinic time";
  EXPECT_NE(invitations[0]["body"].get<std::string>().find("bakım"), std::string::npos)
      << "in the patient's language";

  json body = patient_body("Aksoy", "Selin");
  const std::string unasked = create(body)["id"];
  decide(unasked);
  const json second = finish_a_course(unasked, 5);
  recalls = listed("?kind=recall")["items"];
  ASSERT_EQ(recalls.size(), 2u);
  const json& theirs = recalls[0]["patient_id"] == unasked ? recalls[0] : recalls[1];
  EXPECT_EQ(theirs["course_id"], second["id"]);
  EXPECT_NE(theirs["detail"].get<std::string>().find("invite them yourselves"), std::string::npos)
      << theirs.dump();
  EXPECT_TRUE(recall_invitations(unasked).empty()) << "no consent to contact, no invitation";
}

// A reminder the mail server refuses for good (550) is on the worklist at once, through the real
// sender; staff close it once they have dealt with it.
TEST_P(WorklistApiTest, AReminderThatFailsForGoodIsOnTheWorklist) {
  start_sending({"--reject", "nobody@example.org"});
  const std::string unknown = email_patient("nobody@example.org");
  appointment_in(unknown, 20);
  const json failed = settled_reminders_of(unknown);
  ASSERT_EQ(failed.size(), 1u);
  ASSERT_EQ(failed[0]["status"], "failed") << failed[0].dump();
  const json items = listed("?kind=reminder_failed")["items"];
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0]["patient_id"], unknown);
  EXPECT_EQ(items[0]["source"], json({{"type", "reminder"}, {"id", failed[0]["id"]}}));
  EXPECT_TRUE(items[0]["course_id"].is_null());
  const std::string detail = items[0]["detail"];
  EXPECT_NE(detail.find("nobody@example.org"), std::string::npos) << detail;
  EXPECT_NE(detail.find("550"), std::string::npos) << detail;
  EXPECT_EQ(close(items[0]["id"].get<std::string>(), {{"note", "Asked for a new address."}}).status,
            200);
  EXPECT_TRUE(listed("?kind=reminder_failed")["items"].empty());
}

TEST_P(WorklistApiTest, TheListFiltersAndPagesDueFirst) {
  const std::vector<std::string> days = {future(90, 3), future(30, 3), future(60, 3)};
  const std::vector<std::string> names = {"Elif", "Zeynep", "Gül"};
  for (std::size_t i = 0; i < days.size(); ++i) {
    not_now(create(patient_body("Kaya", names[i]))["id"], days[i]);
  }
  const json first = listed("?kind=reassess&limit=2");
  ASSERT_EQ(first["items"].size(), 2u);
  EXPECT_EQ(first["items"][0]["due_by"], days[1]);
  EXPECT_EQ(first["items"][1]["due_by"], days[2]);
  ASSERT_TRUE(first["next_cursor"].is_string());
  const json second =
      listed("?kind=reassess&limit=2&cursor=" + first["next_cursor"].get<std::string>());
  ASSERT_EQ(second["items"].size(), 1u);
  EXPECT_EQ(second["items"][0]["due_by"], days[0]);
  EXPECT_TRUE(second["next_cursor"].is_null());
  EXPECT_EQ(listed("?due_by=" + days[2])["items"].size(), 2u) << "due on or before the day";
  EXPECT_EQ(listed("?kind=recall")["items"].size(), 0u);
  EXPECT_EQ(listed("?status=closed")["items"].size(), 0u);

  for (const auto& [query, field] :
       std::vector<std::pair<std::string, std::string>>{{"?kind=everything", "/kind"},
                                                        {"?status=done", "/status"},
                                                        {"?due_by=tomorrow", "/due_by"},
                                                        {"?limit=0", "/limit"},
                                                        {"?limit=201", "/limit"},
                                                        {"?cursor=not-ours", "/cursor"},
                                                        {"?kind=recall&kind=reassess", "/kind"},
                                                        {"?patient=x", "/patient"}}) {
    const HttpReply refused = client().get(worklist_path() + query);
    EXPECT_EQ(refused.status, 422) << query;
    EXPECT_EQ(refused.json()["errors"][0]["field"], field) << query << ": " << refused.body;
  }
}

// Reception works the list as practitioners do; auditors read it; admins, who see no patient
// data, and staff of another clinic see nothing of it.
TEST_P(WorklistApiTest, ReceptionWorksTheListAdminsAndOtherClinicsDoNot) {
  not_now(create(patient_body("Kaya", "Elif"))["id"], future(30, 3));
  add_user("reception", "desk.test", {clinic_id_});
  add_user("auditor", "audit.test", {clinic_id_});
  add_user("practitioner", "dr.other", {other_clinic_id_});
  const auto desk = signed_in("desk.test");
  const auto auditor = signed_in("audit.test");
  const auto other = signed_in("dr.other");

  const json items = listed("", desk.get())["items"];
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(listed("", auditor.get())["items"], items);
  EXPECT_EQ(admin_->get(worklist_path()).status, 403);
  EXPECT_EQ(admin_->get(worklist_path()).json()["type"], "urn:mesoclinic:problem:not-allowed");
  EXPECT_EQ(other->get(worklist_path()).status, 404);

  const std::string id = items[0]["id"];
  const json note = {{"note", "Booked."}};
  EXPECT_EQ(close(id, note, {}, auditor.get()).status, 403);
  EXPECT_EQ(close(id, note, {}, admin_.get()).status, 403);
  EXPECT_EQ(close(id, note, {}, other.get()).status, 404);
  const HttpReply closed = close(id, note, {}, desk.get());
  ASSERT_EQ(closed.status, 200) << closed.body;
  EXPECT_EQ(closed.json()["closed_by"], desk->get("/api/v1/session").json()["user"]["id"]);
}

INSTANTIATE_TEST_SUITE_P(BothEngines, WorklistApiTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         engine_name);

}  // namespace
}  // namespace mesoclinic::testing
