// Reminders leaving for real: tools/reminder_sinks.py (an SMTP server with STARTTLS and a login,
// and an SMS webhook, on loopback) and ReminderTest, a ChartTest whose server sends reminders to
// them, with helpers to make reminders due and to wait for what arrives. Shared by the reminder
// tests and the worklist's (a reminder that fails for good is an item for staff).
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "chart_fixture.h"
#include "direct_sql.h"

namespace mesoclinic::testing {

namespace fs = std::filesystem;

inline const std::string kTools = std::string(MESOCLINIC_SOURCE_DIR) + "/tests/integration/tools";

// tools/reminder_sinks.py as a child process: an SMTP server and a webhook receiver that write
// what arrives, one JSON line per message, to `record`.
class ReminderSinks {
 public:
  ReminderSinks(const fs::path& record, const std::vector<std::string>& options) {
    std::vector<std::string> args = {"/usr/bin/python3", kTools + "/reminder_sinks.py", "--record",
                                     record.string()};
    args.insert(args.end(), options.begin(), options.end());
    int out[2];
    if (pipe(out) != 0) throw std::runtime_error("pipe failed");
    pid_ = fork();
    if (pid_ == 0) {
      dup2(out[1], STDOUT_FILENO);
      close(out[0]);
      close(out[1]);
      std::vector<char*> argv;
      for (auto& arg : args) argv.push_back(arg.data());
      argv.push_back(nullptr);
      execv(argv[0], argv.data());
      _exit(127);
    }
    close(out[1]);
    std::string line;
    char c = 0;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
      pollfd pfd{out[0], POLLIN, 0};
      if (poll(&pfd, 1, 200) <= 0) continue;
      if (read(out[0], &c, 1) != 1 || c == '\n') break;
      line.push_back(c);
    }
    close(out[0]);
    if (std::sscanf(line.c_str(), "smtp=%d webhook=%d", &smtp_port_, &webhook_port_) != 2) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
      throw std::runtime_error("the reminder sinks did not start: \"" + line + "\"");
    }
  }
  ~ReminderSinks() {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  int smtp_port() const { return smtp_port_; }
  int webhook_port() const { return webhook_port_; }

 private:
  pid_t pid_ = -1;
  int smtp_port_ = 0;
  int webhook_port_ = 0;
};

class ReminderTest : public ChartTest {
 protected:
  using json = nlohmann::json;

  void SetUp() override {
    ChartTest::SetUp();
    if (HasFatalFailure()) return;
    folder_ = fs::temp_directory_path() / ("mesoclinic-reminders-" + std::to_string(getpid()) +
                                           "-" + std::to_string(counter_++));
    fs::create_directories(folder_);
    record_ = folder_ / "arrived.jsonl";
    // A certificate for 127.0.0.1, so the server can require STARTTLS and check whom it talks to.
    const std::string make_certificate =
        "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 -addext "
        "subjectAltName=IP:127.0.0.1 -keyout " +
        (folder_ / "key.pem").string() + " -out " + (folder_ / "cert.pem").string() +
        " 2>/dev/null";
    ASSERT_EQ(std::system(make_certificate.c_str()), 0);
    std::ofstream(folder_ / "smtp-password") << "m4il-s3cret\n";
    std::ofstream(folder_ / "sms-token") << "gateway-token\n";
    consent_to_contact(patient_);
  }

  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(folder_, ignored);
  }

  // Starts the sinks with `options` and restarts the server sending to them: STARTTLS required,
  // a login whose password comes from a file, polling every 200 ms, claims expiring after
  // `lease_s` seconds, a first retry after one second.
  void start_sending(const std::vector<std::string>& options, int lease_s = 30) {
    std::vector<std::string> all = {"--tls", (folder_ / "cert.pem").string(),
                                    (folder_ / "key.pem").string(), "--auth", "clinic:m4il-s3cret"};
    all.insert(all.end(), options.begin(), options.end());
    sinks_ = std::make_unique<ReminderSinks>(record_, all);
    const fs::path config = folder_ / "serve.toml";
    std::ofstream(config) << "[server]\naccess_log = \"off\"\nlog_level = \"error\"\n"
                          << "[reminders]\npoll_interval_ms = 200\nlease_s = " << lease_s
                          << "\nfirst_retry_s = 1\nmax_attempts = 4\n"
                          << "[email]\nsmtp_url = \"smtp://127.0.0.1:" << sinks_->smtp_port()
                          << "\"\nfrom_address = \"reminders@clinic.example\"\n"
                          << "from_name = \"Moda Saç Kliniği\"\nstarttls = \"required\"\n"
                          << "username = \"clinic\"\npassword_file = \""
                          << (folder_ / "smtp-password").string() << "\"\nca_file = \""
                          << (folder_ / "cert.pem").string() << "\"\n"
                          << "[sms]\nwebhook_url = \"http://127.0.0.1:" << sinks_->webhook_port()
                          << "/sms\"\ntoken_file = \"" << (folder_ / "sms-token").string()
                          << "\"\n";
    config_ = config.string();
    restart();
  }

  void restart() {
    start_server({"--config", config_});
    admin_ = std::make_unique<HttpClient>(server().port());
    ASSERT_EQ(sign_in(*admin_, "admin.test").status, 201);
  }

  // Every message recorded so far.
  std::vector<json> arrived() const {
    std::vector<json> messages;
    std::ifstream in(record_);
    for (std::string line; std::getline(in, line);) {
      if (!line.empty()) messages.push_back(json::parse(line));
    }
    return messages;
  }

  // Waits up to 30 s until `done(arrived())`; returns what arrived by then.
  template <class Done>
  std::vector<json> wait_until(Done done) const {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    auto messages = arrived();
    while (!done(messages) && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      messages = arrived();
    }
    return messages;
  }

  json reminders_of(const std::string& patient, const std::string& query = "") {
    const HttpReply reply = client().get("/api/v1/patients/" + patient + "/reminders" + query);
    EXPECT_EQ(reply.status, 200) << reply.body;
    return reply.json()["items"];
  }

  // Waits up to 30 s until every reminder of `patient` has left the queue (sent, failed, ...).
  json settled_reminders_of(const std::string& patient) {
    json items;
    for (int i = 0; i < 300; ++i) {
      items = reminders_of(patient);
      bool settled = !items.empty();
      for (const auto& item : items) {
        settled = settled && item["status"] != "pending" && item["status"] != "sending" &&
                  item["status"] != "handed_over";
      }
      if (settled) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return items;
  }

  // Signs a chart for a session that began `hours_ago` hours ago: its aftercare reminders are
  // queued.
  void sign_session(const std::string& patient, int hours_ago = 2) {
    patient_ = patient;
    const std::string chart = "/api/v1/appointments/" + session_that_began(hours_ago) + "/chart";
    ASSERT_EQ(client().send_json("PUT", chart, chart_body()).status, 200);
    const HttpReply signed_reply = client().send_json("POST", chart + "/signature", json::object());
    ASSERT_EQ(signed_reply.status, 200) << signed_reply.body;
  }

  // Makes the patient's queued reminders due now, as if their day had come.
  void make_due(const std::string& patient) {
    tamper(database_url(), "UPDATE reminders SET next_attempt_at = 0 WHERE patient_id = '" +
                               patient + "' AND status = 'pending'");
  }

  std::string email_patient(const std::string& address, const std::string& language = "en") {
    json body = patient_body("Demir", "Can");
    body["email"] = address;
    body["reminder_channel"] = "email";
    body["preferred_language"] = language;
    const std::string id = create(body)["id"];
    decide(id);
    consent_to_contact(id);
    return id;
  }

  // A booking moved to start `hours` hours from now (its day-before reminder is due at once).
  std::string appointment_in(const std::string& patient, int hours) {
    const HttpReply booked = client().send_json("POST", "/api/v1/appointments",
                                                {{"patient_id", patient},
                                                 {"practitioner_id", practitioner_id_},
                                                 {"starts", {{"local", future(9, 1) + "T11:00"}}},
                                                 {"minutes", 30}});
    EXPECT_EQ(booked.status, 201) << booked.body;
    const std::string id = booked.json()["id"];
    const long long start =
        std::chrono::duration_cast<std::chrono::microseconds>(
            (std::chrono::system_clock::now() + std::chrono::hours(hours)).time_since_epoch())
            .count();
    tamper(database_url(), "UPDATE appointments SET starts_at = " + std::to_string(start) +
                               ", ends_at = " + std::to_string(start + 30LL * 60 * 1'000'000) +
                               " WHERE id = '" + id + "'");
    return id;
  }

  static std::size_t count(const std::vector<json>& messages, const std::string& field,
                           const std::string& value) {
    return static_cast<std::size_t>(
        std::count_if(messages.begin(), messages.end(),
                      [&](const json& m) { return m.value(field, "") == value; }));
  }

  static inline int counter_ = 0;
  fs::path folder_;
  fs::path record_;
  std::string config_;
  std::unique_ptr<ReminderSinks> sinks_;
};

}  // namespace mesoclinic::testing
