// Reminders end to end: signing a session queues its aftercare milestones, tomorrow's
// appointment is noticed and announced, and both arrive at a real SMTP server (aiosmtpd, with
// STARTTLS and a login) and an SMS webhook on loopback, in the patient's language. Failures are
// retried or shown to staff, and killing the server in the middle of a send neither loses a
// reminder nor sends one twice.
#include <set>

#include "reminder_sinks.h"

namespace mesoclinic::testing {
namespace {

using nlohmann::json;

TEST_P(ReminderTest, AftercareBySmsAndTomorrowsAppointmentByEmailArriveInThePatientsLanguage) {
  start_sending({});
  // ChartTest's patient wants SMS in Turkish.
  const std::string turkish = suitable_patient("Şahin", "Gül");
  consent_to_contact(turkish);
  sign_session(turkish);
  json queued = reminders_of(turkish);
  ASSERT_EQ(queued.size(), 5u) << "one per restriction of the default aftercare rules";
  for (const auto& reminder : queued) {
    EXPECT_EQ(reminder["status"], "pending");
    EXPECT_EQ(reminder["kind"], "aftercare");
    EXPECT_EQ(reminder["channel"], "sms");
    EXPECT_EQ(reminder["recipient"], "+905321234567");
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(800));
  EXPECT_TRUE(arrived().empty()) << "nothing goes out before its day";

  make_due(turkish);
  const auto sms = wait_until([](const auto& m) { return m.size() >= 5; });
  ASSERT_EQ(sms.size(), 5u);
  std::set<std::string> keys;
  for (const auto& message : sms) {
    EXPECT_EQ(message["channel"], "sms");
    EXPECT_EQ(message["to"], "+905321234567");
    EXPECT_EQ(message["authorization"], "Bearer gateway-token");
    EXPECT_EQ(message["key"], message["id"]) << "the reminder id is the idempotency key";
    keys.insert(message["key"].get<std::string>());
  }
  const json sent = settled_reminders_of(turkish);
  for (const auto& reminder : sent) {
    EXPECT_EQ(reminder["status"], "sent") << reminder.dump();
    EXPECT_EQ(reminder["attempts"], 1);
    EXPECT_TRUE(keys.count(reminder["id"].get<std::string>())) << "each arrived once";
    if (reminder["body"].get<std::string>().find("yıka") != std::string::npos) {
      EXPECT_EQ(count(sms, "text", reminder["body"]), 1u);
    }
  }
  EXPECT_EQ(count(sms, "text", sent[0]["body"]), 1u);
  const bool washing_in_turkish = std::any_of(sms.begin(), sms.end(), [](const json& m) {
    return m["text"].get<std::string>().find("yıka") != std::string::npos;
  });
  EXPECT_TRUE(washing_in_turkish) << sms[0].dump();

  // An English patient with an appointment tomorrow hears about it by e-mail, over STARTTLS
  // with the clinic's login.
  const std::string english = email_patient("can.demir@example.org");
  appointment_in(english, 20);
  const json clinic = client().get("/api/v1/clinics").json()["items"][0];
  const std::string clinic_name = clinic["name"];
  const auto mail = wait_until([](const auto& m) { return m.size() >= 6; });
  ASSERT_EQ(mail.size(), 6u);
  const json& letter = mail.back();
  EXPECT_EQ(letter["channel"], "email");
  EXPECT_EQ(letter["to"], json::array({"can.demir@example.org"}));
  EXPECT_EQ(letter["from"], "reminders@clinic.example");
  EXPECT_TRUE(letter["tls"].get<bool>());
  EXPECT_TRUE(letter["authenticated"].get<bool>());
  EXPECT_EQ(letter["subject"], "Reminder: your appointment at " + clinic_name) << letter.dump();
  EXPECT_NE(letter["body"].get<std::string>().find("Dear Can Demir"), std::string::npos);
  EXPECT_NE(letter["body"].get<std::string>().find("call +442079460123"), std::string::npos)
      << "the clinic's phone from its contact";
  const json appointment_reminder = settled_reminders_of(english);
  ASSERT_EQ(appointment_reminder.size(), 1u);
  EXPECT_EQ(letter["message_id"],
            "<" + appointment_reminder[0]["id"].get<std::string>() + "@mesoclinic.reminder>");
  EXPECT_EQ(appointment_reminder[0]["kind"], "appointment");

  std::this_thread::sleep_for(std::chrono::milliseconds(600));
  EXPECT_EQ(arrived().size(), 6u) << "later passes queue nothing twice";

  const HttpReply exported = client().get("/api/v1/patients/" + turkish + "/export");
  ASSERT_EQ(exported.status, 200) << exported.body;
  EXPECT_EQ(exported.json()["reminders"].size(), 5u) << "the export holds what was sent";
}

// Two servers over one database, both sending (issue 16): each reminder goes out exactly once.
TEST_P(ReminderTest, TwoServersSendEachReminderOnce) {
  start_sending({});
  ServerProcess second(database_url(), {"--config", config_});
  std::vector<std::string> patients;
  for (int i = 0; i < 3; ++i) {
    patient_ = suitable_patient("Ikiz", "Hasta" + std::to_string(i));
    consent_to_contact(patient_);
    const std::string chart =
        "/api/v1/appointments/" + session_that_began(2 + 2 * i, 7 + 7 * i) + "/chart";
    ASSERT_EQ(client().send_json("PUT", chart, chart_body()).status, 200);
    ASSERT_EQ(client().send_json("POST", chart + "/signature", json::object()).status, 200);
    patients.push_back(patient_);
  }
  for (const auto& patient : patients) make_due(patient);
  const auto sms = wait_until([](const auto& m) { return m.size() >= 15; });
  // Two more polling rounds of both servers: nothing may follow.
  std::this_thread::sleep_for(std::chrono::milliseconds(600));
  const auto all = arrived();
  ASSERT_EQ(all.size(), 15u) << "five aftercare reminders for each of three patients";
  std::set<std::string> keys;
  for (const auto& message : all) keys.insert(message["key"].get<std::string>());
  EXPECT_EQ(keys.size(), 15u) << "a reminder was sent twice";
  for (const auto& patient : patients) {
    for (const auto& reminder : settled_reminders_of(patient)) {
      EXPECT_EQ(reminder["status"], "sent") << reminder.dump();
      EXPECT_EQ(reminder["attempts"], 1) << reminder.dump();
    }
  }
}

TEST_P(ReminderTest, FailuresAreRetriedAndPermanentOnesAreShownToStaffWhoCanRetry) {
  start_sending({"--fail-sms", "2", "--reject", "nobody@example.org"});
  sign_session(patient_);  // SMS, Turkish
  make_due(patient_);
  const json retried = settled_reminders_of(patient_);
  ASSERT_EQ(retried.size(), 5u);
  int attempts = 0;
  for (const auto& reminder : retried) {
    EXPECT_EQ(reminder["status"], "sent") << reminder.dump();
    attempts += reminder["attempts"].get<int>();
  }
  EXPECT_EQ(attempts, 7) << "two 503 replies cost two more attempts";

  const std::string unknown = email_patient("nobody@example.org");
  appointment_in(unknown, 20);
  const json failed = settled_reminders_of(unknown);
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0]["status"], "failed") << "a 550 is not retried";
  EXPECT_EQ(failed[0]["attempts"], 1);
  EXPECT_NE(failed[0]["last_error"].get<std::string>().find("550"), std::string::npos)
      << failed[0].dump();

  const HttpReply listed =
      client().get("/api/v1/clinics/" + clinic_id_ + "/reminders?status=failed");
  ASSERT_EQ(listed.status, 200) << listed.body;
  ASSERT_EQ(listed.json()["items"].size(), 1u);
  EXPECT_EQ(listed.json()["items"][0]["id"], failed[0]["id"]);
  EXPECT_EQ(client().get("/api/v1/clinics/" + clinic_id_ + "/reminders?status=lost").status, 422);

  const std::string id = failed[0]["id"];
  const HttpReply again =
      client().send_json("POST", "/api/v1/reminders/" + id + "/retry", json::object());
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.json()["status"], "pending");
  const json sent_one = retried[0];
  EXPECT_EQ(
      client()
          .send_json("POST", "/api/v1/reminders/" + sent_one["id"].get<std::string>() + "/retry",
                     json::object())
          .status,
      409)
      << "a sent reminder is not sent again";
  EXPECT_EQ(settled_reminders_of(unknown)[0]["attempts"], 1) << "refused again, counted afresh";
}

// The SMS gateway holds its reply to the first message; the server is killed while it waits.
// After the restart the interrupted message goes again with the same idempotency key, which
// the gateway recognises; every other reminder arrives once.
TEST_P(ReminderTest, AKilledServerResendsAnSmsWithItsKeyAndLosesNone) {
  start_sending({"--hang-sms-first"}, /*lease_s=*/8);
  sign_session(patient_);
  make_due(patient_);
  const auto first = wait_until([](const auto& m) { return !m.empty(); });
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(server().stop(SIGKILL), 128 + SIGKILL);
  restart();
  const json reminders = settled_reminders_of(patient_);
  ASSERT_EQ(reminders.size(), 5u);
  const auto messages = arrived();
  std::size_t accepted = 0;
  for (const auto& reminder : reminders) {
    EXPECT_EQ(reminder["status"], "sent") << reminder.dump();
    const std::string key = reminder["id"];
    std::size_t first_time = 0;
    for (const auto& message : messages) {
      if (message["key"] == key && !message["repeat"].get<bool>()) ++first_time;
    }
    EXPECT_EQ(first_time, 1u) << "reminder " << key << " arrived once";
    accepted += first_time;
  }
  EXPECT_EQ(accepted, 5u);
  EXPECT_EQ(count(messages, "key", first[0]["key"]), 2u) << "the interrupted one was repeated";
  EXPECT_EQ(messages.size(), 6u);
}

// A mail server that holds its reply to the first RCPT has nothing yet: after a kill the
// message is sent again and arrives once. One that holds its reply to a complete DATA has the
// message: it is never sent again, and staff see it as unconfirmed.
TEST_P(ReminderTest, AKilledServerSendsAnInterruptedMailOnlyIfTheMailServerCannotHaveIt) {
  start_sending({"--hang-rcpt-first"}, /*lease_s=*/8);
  const std::string patient = email_patient("elif@example.org");
  appointment_in(patient, 20);
  std::this_thread::sleep_for(std::chrono::seconds(1));
  ASSERT_EQ(reminders_of(patient).at(0)["status"], "sending");
  EXPECT_EQ(server().stop(SIGKILL), 128 + SIGKILL);
  restart();
  const json resent = settled_reminders_of(patient);
  ASSERT_EQ(resent.size(), 1u);
  EXPECT_EQ(resent[0]["status"], "sent") << resent[0].dump();
  EXPECT_EQ(resent[0]["attempts"], 2);
  EXPECT_EQ(arrived().size(), 1u) << "arrived once";

  sinks_.reset();
  fs::remove(record_);
  start_sending({"--hang-data-first"}, /*lease_s=*/8);
  const std::string second = email_patient("mert@example.org");
  appointment_in(second, 22);
  const auto handed = wait_until([](const auto& m) { return !m.empty(); });
  ASSERT_EQ(handed.size(), 1u);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(reminders_of(second).at(0)["status"], "handed_over");
  EXPECT_EQ(server().stop(SIGKILL), 128 + SIGKILL);
  restart();
  const json unconfirmed = settled_reminders_of(second);
  ASSERT_EQ(unconfirmed.size(), 1u);
  EXPECT_EQ(unconfirmed[0]["status"], "unconfirmed") << unconfirmed[0].dump();
  EXPECT_NE(unconfirmed[0]["last_error"].get<std::string>().find("may have arrived"),
            std::string::npos);
  std::this_thread::sleep_for(std::chrono::seconds(1));
  EXPECT_EQ(arrived().size(), 1u) << "not sent a second time";
}

// A mail server that takes the whole message and then falls silent may have kept it: the
// reminder is not sent again but shown as unconfirmed, without any crash.
TEST_P(ReminderTest, AMailServerSilentAfterTakingTheMessageGetsItOnlyOnce) {
  start_sending({"--hang-data-first"}, /*lease_s=*/8);
  const std::string patient = email_patient("deniz@example.org");
  appointment_in(patient, 20);
  const json settled = settled_reminders_of(patient);
  ASSERT_EQ(settled.size(), 1u);
  EXPECT_EQ(settled[0]["status"], "unconfirmed") << settled[0].dump();
  EXPECT_EQ(settled[0]["attempts"], 1);
  EXPECT_NE(settled[0]["last_error"].get<std::string>().find("did not confirm"), std::string::npos)
      << settled[0].dump();
  std::this_thread::sleep_for(std::chrono::seconds(1));
  EXPECT_EQ(arrived().size(), 1u) << "not sent a second time";
}

// A patient who switches from SMS to e-mail after signing gets the queued aftercare reminders
// by e-mail, at the new address; one who switches reminders off gets none.
TEST_P(ReminderTest, QueuedRemindersFollowThePatientsCurrentChannel) {
  start_sending({});
  sign_session(patient_);  // SMS
  const std::string target = "/api/v1/patients/" + patient_;
  const HttpReply changed = client().send_json(
      "PATCH", target, {{"reminder_channel", "email"}, {"email", "yeni@example.org"}},
      {{"If-Match", client().get(target).header("etag")}});
  ASSERT_EQ(changed.status, 200) << changed.body;
  make_due(patient_);
  const auto mail = wait_until([](const auto& m) { return m.size() >= 5; });
  ASSERT_EQ(mail.size(), 5u);
  for (const auto& message : mail) {
    EXPECT_EQ(message["channel"], "email");
    EXPECT_EQ(message["to"], json::array({"yeni@example.org"}));
  }
  for (const auto& reminder : settled_reminders_of(patient_)) {
    EXPECT_EQ(reminder["status"], "sent");
    EXPECT_EQ(reminder["channel"], "email");
    EXPECT_EQ(reminder["recipient"], "yeni@example.org");
  }

  // Another patient turns reminders off while theirs are queued: they are cancelled, not sent.
  const std::string quiet = email_patient("sessiz@example.org");
  sign_session(quiet, /*hours_ago=*/5);
  const std::string quiet_target = "/api/v1/patients/" + quiet;
  const HttpReply off =
      client().send_json("PATCH", quiet_target, {{"reminder_channel", "none"}},
                         {{"If-Match", client().get(quiet_target).header("etag")}});
  ASSERT_EQ(off.status, 200) << off.body;
  make_due(quiet);
  const json cancelled = settled_reminders_of(quiet);
  ASSERT_EQ(cancelled.size(), 5u);
  for (const auto& reminder : cancelled) {
    EXPECT_EQ(reminder["status"], "cancelled") << reminder.dump();
  }
  EXPECT_EQ(arrived().size(), 5u) << "nothing went to a patient who wants no reminders";
}

// Reminders go only to a patient who consents to be contacted: none is composed without the
// consent, whatever channel the patient chose, and withdrawing it cancels those waiting.
TEST_P(ReminderTest, RemindersGoOnlyWithConsentToContact) {
  start_sending({});
  const std::string consenting = patient_;  // sign_session() makes its patient the fixture's
  json body = patient_body("Aksoy", "Selin");
  body["email"] = "selin@example.org";
  body["reminder_channel"] = "email";
  const std::string unasked = create(body)["id"];
  decide(unasked);
  appointment_in(unasked, 20);
  sign_session(unasked, /*hours_ago=*/3);
  std::this_thread::sleep_for(std::chrono::milliseconds(800));
  EXPECT_TRUE(reminders_of(unasked).empty()) << "no consent to contact, no reminder";

  // The fixture's patient consented and signed: five aftercare reminders wait. Withdrawn, they
  // are cancelled and nothing is sent.
  sign_session(consenting);
  ASSERT_EQ(reminders_of(consenting).size(), 5u);
  const json consents =
      client().get("/api/v1/patients/" + consenting + "/consents").json()["items"];
  ASSERT_EQ(consents.size(), 1u);
  const HttpReply withdrawn =
      client().send_json("POST",
                         "/api/v1/patients/" + consenting + "/consents/" +
                             consents[0]["id"].get<std::string>() + "/withdrawal",
                         {{"note", "Asked by phone not to be messaged."}});
  ASSERT_EQ(withdrawn.status, 200) << withdrawn.body;
  EXPECT_FALSE(withdrawn.json()["in_force"].get<bool>());
  make_due(consenting);
  std::this_thread::sleep_for(std::chrono::milliseconds(800));
  for (const auto& reminder : reminders_of(consenting)) {
    EXPECT_EQ(reminder["status"], "cancelled") << reminder.dump();
  }
  EXPECT_TRUE(arrived().empty()) << "nothing went to a patient without consent to contact";
}

INSTANTIATE_TEST_SUITE_P(BothEngines, ReminderTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         engine_name);

}  // namespace
}  // namespace mesoclinic::testing
