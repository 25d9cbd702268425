// The `mesoclinic` command as an operator uses it: clear one-line errors and non-zero exits
// for mistakes, and the maintenance subcommands doing what they promise.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "api_fixture.h"
#include "core/clinic_time.h"
#include "direct_sql.h"
#include "http_client.h"
#include "server_process.h"
#include "store/store.h"
#include "trichometry/synthetic.h"

namespace mesoclinic::testing {
namespace {

namespace fs = std::filesystem;

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("mesoclinic-cli-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string sqlite_url(const std::string& name) const {
    return "sqlite:" + (dir_ / name).string();
  }

  fs::path dir_;
};

int count_lines(const std::string& text) {
  return static_cast<int>(std::count(text.begin(), text.end(), '\n'));
}

TEST_F(CliTest, VersionPrintsTheVersion) {
  const CommandResult result = run_mesoclinic({"version"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_TRUE(result.out.starts_with("mesoclinic ")) << result.out;
}

TEST_F(CliTest, BadFlagsFailWithOneLine) {
  for (const std::vector<std::string>& args : {std::vector<std::string>{"serve", "--no-such-flag"},
                                               {"frobnicate"},
                                               {},
                                               {"serve", "--threads", "0"},
                                               {"demo"},
                                               {"serve", "--listen", "8080"},
                                               {"serve", "--listen", "127.0.0.1:99999"}}) {
    const CommandResult result = run_mesoclinic(args);
    EXPECT_NE(result.exit_code, 0);
    EXPECT_TRUE(result.err.starts_with("mesoclinic: ")) << result.err;
    EXPECT_EQ(count_lines(result.err), 1) << result.err;
  }
}

// The test cluster runs with fsync off: a clinic's server must not, unless told it is a benchmark.
TEST_F(CliTest, ServeRefusesAPostgresqlThatCouldLoseAcknowledgedWrites) {
  const TestDatabase database(store::Engine::kPostgres);
  const CommandResult refused =
      run_mesoclinic({"serve", "--db", database.url(), "--listen", "127.0.0.1:0"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_EQ(count_lines(refused.err), 1) << refused.err;
  EXPECT_NE(refused.err.find("fsync = off"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("--benchmark"), std::string::npos) << refused.err;
}

TEST_F(CliTest, UnreachableDatabaseFailsWithOneLine) {
  const CommandResult result = run_mesoclinic(
      {"serve", "--db", "postgresql://clinic:secret@127.0.0.1:1/nowhere?connect_timeout=2"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(count_lines(result.err), 1) << result.err;
  EXPECT_NE(result.err.find("cannot open database"), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find("secret"), std::string::npos) << "password leaked: " << result.err;

  const CommandResult no_dir =
      run_mesoclinic({"migrate", "--db", "sqlite:/proc/no/such/dir/clinic.db"});
  EXPECT_EQ(no_dir.exit_code, 1);
  EXPECT_EQ(count_lines(no_dir.err), 1) << no_dir.err;
}

TEST_F(CliTest, PortInUseFailsWithOneLine) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  ASSERT_EQ(listen(fd, 1), 0);
  socklen_t length = sizeof address;
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  const std::string listen_at = "127.0.0.1:" + std::to_string(ntohs(address.sin_port));

  const CommandResult result =
      run_mesoclinic({"serve", "--db", sqlite_url("clinic.db"), "--listen", listen_at});
  close(fd);
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(count_lines(result.err), 1) << result.err;
  EXPECT_NE(result.err.find("in use"), std::string::npos) << result.err;
}

TEST_F(CliTest, RefusesToListenBeyondLoopbackWithoutTls) {
  const CommandResult result =
      run_mesoclinic({"serve", "--db", sqlite_url("clinic.db"), "--listen", "0.0.0.0:0"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(count_lines(result.err), 1) << result.err;
  EXPECT_NE(result.err.find("without TLS"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("--insecure-listen"), std::string::npos) << result.err;
}

TEST_F(CliTest, ConfigFileIsCheckedAndFlagsOverrideIt) {
  const fs::path bad = dir_ / "bad.toml";
  std::ofstream(bad) << "[server]\nlisten = \"127.0.0.1:0\"\nthreds = 4\n";
  const CommandResult typo = run_mesoclinic({"serve", "--config", bad.string()});
  EXPECT_EQ(typo.exit_code, 1);
  EXPECT_NE(typo.err.find("server.threds"), std::string::npos) << typo.err;

  const fs::path broken = dir_ / "broken.toml";
  std::ofstream(broken) << "[server\n";
  const CommandResult syntax = run_mesoclinic({"serve", "--config", broken.string()});
  EXPECT_EQ(syntax.exit_code, 1);
  EXPECT_NE(syntax.err.find("line 1"), std::string::npos) << syntax.err;

  // The file names a database in a folder that cannot exist; the flag's database wins.
  const fs::path good = dir_ / "good.toml";
  std::ofstream(good) << "[database]\nurl = \"sqlite:/proc/nowhere/x.db\"\n"
                      << "[server]\naccess_log = \"off\"\n";
  ServerProcess server(sqlite_url("flag.db"), {"--config", good.string()});
  HttpClient client(server.port());
  EXPECT_EQ(client.get("/readyz").status, 200);
  EXPECT_TRUE(fs::exists(dir_ / "flag.db"));
  EXPECT_EQ(server.stop(SIGTERM), 0);
}

// A web root that holds no built app stops the server with one line saying what to do, before
// the database is touched; the config file's web_root is checked the same way.
TEST_F(CliTest, AWebRootWithoutTheBuiltAppRefusesToStart) {
  const fs::path dist = dir_ / "dist";
  fs::create_directories(dist / "assets");
  std::ofstream(dist / "assets" / "app-abc123.js") << "console.log(1);";
  const CommandResult flag = run_mesoclinic({"serve", "--db", sqlite_url("clinic.db"), "--listen",
                                             "127.0.0.1:0", "--web-root", dist.string()});
  EXPECT_EQ(flag.exit_code, 1);
  EXPECT_EQ(flag.err, "mesoclinic: web_root " + dist.string() +
                          " has no index.html: run scripts/setup to build the web app\n");
  EXPECT_FALSE(fs::exists(dir_ / "clinic.db"));

  const fs::path config = dir_ / "web.toml";
  std::ofstream(config) << "[server]\nweb_root = \"" << (dir_ / "nowhere").string() << "\"\n";
  const CommandResult file = run_mesoclinic({"serve", "--db", sqlite_url("clinic.db"), "--listen",
                                             "127.0.0.1:0", "--config", config.string()});
  EXPECT_EQ(file.exit_code, 1);
  EXPECT_EQ(count_lines(file.err), 1) << file.err;
  EXPECT_NE(file.err.find("web_root " + (dir_ / "nowhere").string() + " is not a folder"),
            std::string::npos)
      << file.err;

  const fs::path wrong_type = dir_ / "wrong.toml";
  std::ofstream(wrong_type) << "[server]\nweb_root = 1\n";
  const CommandResult typed = run_mesoclinic({"serve", "--config", wrong_type.string()});
  EXPECT_EQ(typed.exit_code, 1);
  EXPECT_NE(typed.err.find("server.web_root has the wrong type"), std::string::npos) << typed.err;
}

// Reminder settings that would put a password on the wire in clear text, or make sends outlive
// their claims, stop the server with one line saying why; the password file's content is
// never repeated.
TEST_F(CliTest, ReminderSettingsThatCannotBeSafeAreRefused) {
  std::ofstream(dir_ / "password") << "s3cret-mail-password\n";
  const fs::path clear = dir_ / "clear.toml";
  std::ofstream(clear) << "[email]\nsmtp_url = \"smtp://127.0.0.1:2525\"\n"
                       << "from_address = \"a@clinic.example\"\nstarttls = \"if_offered\"\n"
                       << "username = \"clinic\"\npassword_file = \""
                       << (dir_ / "password").string() << "\"\n";
  const CommandResult login = run_mesoclinic({"serve", "--db", sqlite_url("clinic.db"), "--listen",
                                              "127.0.0.1:0", "--config", clear.string()});
  EXPECT_EQ(login.exit_code, 1);
  EXPECT_EQ(count_lines(login.err), 1) << login.err;
  EXPECT_NE(login.err.find("starttls = \"required\""), std::string::npos) << login.err;
  EXPECT_EQ(login.err.find("s3cret"), std::string::npos) << login.err;

  const fs::path short_lease = dir_ / "lease.toml";
  std::ofstream(short_lease) << "[reminders]\nlease_s = 1\n";
  const CommandResult lease = run_mesoclinic({"serve", "--config", short_lease.string()});
  EXPECT_EQ(lease.exit_code, 1);
  EXPECT_NE(lease.err.find("reminders.lease_s"), std::string::npos) << lease.err;
}

TEST_F(CliTest, MigrateIsRepeatable) {
  const CommandResult first = run_mesoclinic({"migrate", "--db", sqlite_url("clinic.db")});
  const CommandResult second = run_mesoclinic({"migrate", "--db", sqlite_url("clinic.db")});
  EXPECT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(first.out, second.out);
}

std::vector<clinic::Patient> stored_patients(const std::string& url) {
  auto store = store::Store::open({url, 1, store::MigrationPolicy::kRequireCurrent, true});
  EXPECT_TRUE(store.has_value());
  auto tx = (*store)->begin(store::TransactionMode::kRead);
  store::PatientQuery query;
  query.limit = 100000;
  auto rows = (*tx)->list_patients(query);
  std::vector<clinic::Patient> patients;
  for (auto& row : *rows) patients.push_back(row.patient);
  return patients;
}

TEST_F(CliTest, DemoIsTheSameForTheSameSeed) {
  for (const char* name : {"a.db", "b.db", "c.db"}) {
    const std::string seed = std::string(name) == "c.db" ? "8" : "7";
    const CommandResult loaded =
        run_mesoclinic({"demo", "--db", sqlite_url(name), "--patients", "300", "--seed", seed});
    ASSERT_EQ(loaded.exit_code, 0) << loaded.err;
  }
  const auto a = stored_patients(sqlite_url("a.db"));
  EXPECT_EQ(a.size(), 300u);
  EXPECT_EQ(a, stored_patients(sqlite_url("b.db")));
  EXPECT_NE(a, stored_patients(sqlite_url("c.db")));

  const CommandResult again = run_mesoclinic({"demo", "--db", sqlite_url("a.db")});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.err.find("empty database"), std::string::npos) << again.err;
}

// The demo shows every part of the product, the worklist too: its first patient waits to be
// re-assessed, which reception sees on the clinic's list.
TEST_F(CliTest, TheDemoClinicHasSomethingOnItsWorklist) {
  const CommandResult loaded =
      run_mesoclinic({"demo", "--db", sqlite_url("demo.db"), "--patients", "20", "--staff"},
                     std::string(ApiTest::kPassword) + "\n");
  ASSERT_EQ(loaded.exit_code, 0) << loaded.err;
  ServerProcess server(sqlite_url("demo.db"));
  HttpClient client(server.port());
  ASSERT_EQ(ApiTest::sign_in(client, "front.desk").status, 201);
  std::vector<nlohmann::json> items;
  const nlohmann::json clinics = client.get("/api/v1/clinics").json();
  for (const auto& clinic : clinics["items"]) {
    const HttpReply listed =
        client.get("/api/v1/clinics/" + clinic["id"].get<std::string>() + "/worklist");
    ASSERT_EQ(listed.status, 200) << listed.body;
    const nlohmann::json page = listed.json();
    for (const auto& item : page["items"]) items.push_back(item);
  }
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0]["kind"], "reassess");
  EXPECT_EQ(items[0]["status"], "open");
  EXPECT_EQ(client.get("/api/v1/patients/" + items[0]["patient_id"].get<std::string>()).status,
            200);
  EXPECT_EQ(server.stop(SIGTERM), 0);
}

// With the staff loaded, the demo's London clinic is at work around the day it is loaded:
// courses part way through with dr.demir, sessions behind (attended, missed, charted and signed
// with their aftercare running) and ahead (booked this week, today too on a working day), and
// stock to watch. On both engines, since scripts/run and a clinic group's server load it alike.
class DemoAtWorkTest : public ::testing::TestWithParam<store::Engine> {};

TEST_P(DemoAtWorkTest, TheLondonClinicHasAWeekOfWorkAroundToday) {
  TestDatabase database(GetParam());
  const CommandResult loaded =
      run_mesoclinic({"demo", "--db", database.url(), "--patients", "60", "--seed", "3", "--staff"},
                     std::string(ApiTest::kPassword) + "\n");
  ASSERT_EQ(loaded.exit_code, 0) << loaded.err;
  ServerProcess server(database.url());
  HttpClient desk(server.port());
  ASSERT_EQ(ApiTest::sign_in(desk, "front.desk").status, 201);
  std::string london;
  const nlohmann::json clinics = desk.get("/api/v1/clinics").json();
  for (const auto& clinic : clinics["items"]) {
    if (clinic["time_zone"] == "Europe/London") london = clinic["id"];
  }
  ASSERT_FALSE(london.empty());
  const Instant loaded_at = now();
  const ClinicZone zone = ClinicZone::find("Europe/London").value();
  const LocalDateTime local_now = zone.to_local(loaded_at);
  const std::string today = format_iso_date(local_now.date);

  // Reception's week: today and the six days after it (the list's default).
  const HttpReply week = desk.get("/api/v1/clinics/" + london + "/appointments?limit=200");
  ASSERT_EQ(week.status, 200) << week.body;
  std::set<std::string> patients, days, hours;
  int today_count = 0, later_today = 0;
  const nlohmann::json appointments = week.json();
  for (const auto& appointment : appointments["items"]) {
    const std::string starts_at = appointment["starts"]["local"];
    patients.insert(appointment["patient_id"].get<std::string>());
    days.insert(starts_at.substr(0, 10));
    hours.insert(starts_at.substr(11, 2));
    if (starts_at.starts_with(today)) {
      ++today_count;
      const Instant start = parse_rfc3339(appointment["starts"]["utc"].get<std::string>()).value();
      if (appointment["status"] == "booked" && start > loaded_at) ++later_today;
    }
  }
  EXPECT_GE(patients.size(), 8u) << week.body;
  EXPECT_GE(days.size(), 3u) << week.body;
  EXPECT_GE(hours.size(), 4u) << week.body;
  // dr.demir works in London Monday to Friday; the clinic closes on its holidays.
  const nlohmann::json calendar = desk.get("/api/v1/clinics/" + london + "/calendar").json();
  bool closed_today = weekday_index(local_now.date) >= 5;
  for (const auto& closure : calendar["closures"]) closed_today |= closure["date"] == today;
  if (!closed_today) {
    EXPECT_GE(today_count, 2) << week.body;
    if (local_now.time_of_day < std::chrono::hours{17}) {
      EXPECT_GE(later_today, 1) << week.body;
    }
  }

  // Each of those patients is part way through a course: sessions given, sessions booked.
  HttpClient doctor(server.port());
  ASSERT_EQ(ApiTest::sign_in(doctor, "dr.demir").status, 201);
  int in_progress = 0, missed = 0, signed_charts = 0, recently_given = 0, running_aftercare = 0;
  for (const auto& patient : patients) {
    const HttpReply courses = desk.get("/api/v1/patients/" + patient + "/courses");
    ASSERT_EQ(courses.status, 200) << courses.body;
    const nlohmann::json listed = courses.json();
    for (const auto& course : listed["items"]) {
      int given = 0, booked = 0;
      for (const auto& session : course["sessions"]) {
        given += session["status"] == "attended" ? 1 : 0;
        booked += session["status"] == "booked" ? 1 : 0;
        missed += session["status"] == "missed" ? 1 : 0;
        if (session["status"] != "attended") continue;
        const Instant ended = parse_rfc3339(session["ends"]["utc"].get<std::string>()).value();
        recently_given += ended > loaded_at - std::chrono::days{4} ? 1 : 0;
        // A signed session's aftercare: what the patient must still avoid, and until when.
        const HttpReply aftercare =
            doctor.get("/api/v1/appointments/" + session["id"].get<std::string>() + "/aftercare");
        if (aftercare.status != 200) continue;
        const HttpReply chart =
            doctor.get("/api/v1/appointments/" + session["id"].get<std::string>() + "/chart");
        ASSERT_EQ(chart.status, 200) << chart.body;
        ++signed_charts;
        EXPECT_FALSE(chart.json()["signed_at"].is_null()) << chart.body;
        EXPECT_FALSE(chart.json()["lots"].empty()) << chart.body;
        const nlohmann::json plan = aftercare.json();
        for (const auto& restriction : plan["restrictions"]) {
          if (parse_rfc3339(restriction["until"]["utc"].get<std::string>()).value() > loaded_at) {
            ++running_aftercare;
            break;
          }
        }
      }
      if (given > 0 && booked > 0) ++in_progress;
    }
  }
  EXPECT_GE(in_progress, 8);
  EXPECT_GE(missed, 1);
  EXPECT_GE(signed_charts, 1);
  // Sessions given in the last four days (the healing period) were charted and signed, so the
  // patient is still under their aftercare (none after a long holiday closure).
  if (recently_given > 0) {
    EXPECT_GE(running_aftercare, 1);
  }

  // Stock to watch: lots expiring within the month, and a recalled one whose recipients are
  // found at once.
  const HttpReply lots = doctor.get("/api/v1/lots?clinic_id=" + london + "&limit=200");
  ASSERT_EQ(lots.status, 200) << lots.body;
  const std::string in_30_days = format_iso_date(add_days(local_now.date, 30));
  int expiring = 0;
  std::string recalled;
  const nlohmann::json shelves = lots.json();
  for (const auto& lot : shelves["items"]) {
    if (lot["recalled"] == true) recalled = lot["id"];
    if (lot["recalled"] == false && lot["expires_on"].get<std::string>() <= in_30_days) {
      ++expiring;
    }
  }
  EXPECT_GE(expiring, 1) << lots.body;
  ASSERT_FALSE(recalled.empty()) << lots.body;
  const HttpReply recipients = doctor.get("/api/v1/lots/" + recalled + "/recipients");
  ASSERT_EQ(recipients.status, 200) << recipients.body;
  EXPECT_FALSE(recipients.json()["items"].empty()) << recipients.body;
  EXPECT_EQ(server.stop(SIGTERM), 0);
}

INSTANTIATE_TEST_SUITE_P(BothEngines, DemoAtWorkTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         engine_name);

TEST_F(CliTest, BackupCopiesARunningDatabaseConsistently) {
  ASSERT_EQ(run_mesoclinic({"demo", "--db", sqlite_url("live.db"), "--patients", "50"}).exit_code,
            0);
  const CommandResult added = run_mesoclinic({"user", "add", "--db", sqlite_url("live.db"),
                                              "--role", "practitioner", "--username", "dr.backup"},
                                             std::string(ApiTest::kPassword) + "\n");
  ASSERT_EQ(added.exit_code, 0) << added.err;
  ServerProcess server(sqlite_url("live.db"));
  // Writes keep arriving while the backup runs.
  std::atomic<bool> done{false};
  std::thread writer([&] {
    HttpClient client(server.port());
    ASSERT_EQ(ApiTest::sign_in(client, "dr.backup").status, 201);
    const std::string clinic = client.get("/api/v1/clinics").json()["items"][0]["id"];
    while (!done) {
      client.send_json("POST", "/api/v1/patients",
                       {{"clinic_id", clinic},
                        {"family_name", "Backup"},
                        {"given_name", "Writer"},
                        {"date_of_birth", "1990-01-01"}});
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  const std::string copy = (dir_ / "copy.db").string();
  const CommandResult backup =
      run_mesoclinic({"backup", "--db", sqlite_url("live.db"), "--to", copy});
  done = true;
  writer.join();
  ASSERT_EQ(backup.exit_code, 0) << backup.err;
  EXPECT_FALSE(fs::exists(copy + ".partial"));
  const auto copied = stored_patients("sqlite:" + copy);
  EXPECT_GT(copied.size(), 50u);
  // One snapshot: each patient written through the API is in the copy with its audit entry, no
  // entry without its patient, and the chain is whole.
  EXPECT_EQ(
      query_value("sqlite:" + copy,
                  "SELECT COUNT(*) FROM audit_entries WHERE action = 'patient.create'"),
      query_value("sqlite:" + copy, "SELECT COUNT(*) FROM patients WHERE family_name = 'Backup'"));
  const CommandResult verified = run_mesoclinic({"audit", "verify", "--db", "sqlite:" + copy});
  EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;

  // The copy is a working database: a server starts on it and serves its patients.
  ServerProcess restored("sqlite:" + copy);
  HttpClient client(restored.port());
  ASSERT_EQ(ApiTest::sign_in(client, "dr.backup").status, 201);
  EXPECT_EQ(client.get("/api/v1/patients/" + copied.front().id).status, 200);

  const CommandResult overwrite =
      run_mesoclinic({"backup", "--db", sqlite_url("live.db"), "--to", copy});
  EXPECT_EQ(overwrite.exit_code, 1);
  EXPECT_NE(overwrite.err.find("exists"), std::string::npos);
  EXPECT_EQ(server.stop(SIGTERM), 0);
}

// `mesoclinic trichometry analyze` on a trichoscopy image: the figures, as text or JSON, the
// overlay written, and a refusal that says why with a failing exit.
TEST_F(CliTest, TrichometryAnalyzeMeasuresAnImageOrSaysWhyNot) {
  const auto image = trichometry::synthesize(4, {});
  const fs::path path = dir_ / "vertex.jpg";
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char*>(image.jpeg.data()),
             static_cast<std::streamsize>(image.jpeg.size()));
  const std::string um = std::to_string(image.calibration.um_per_px);
  const auto& t = image.target;
  const std::string target = std::to_string(t.left) + "," + std::to_string(t.top) + "," +
                             std::to_string(t.width) + "," + std::to_string(t.height);

  const CommandResult text = run_mesoclinic(
      {"trichometry", "analyze", path.string(), "--um-per-px", um, "--target", target});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("hairs counted"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("hairs/cm2"), std::string::npos) << text.out;

  const fs::path overlay = dir_ / "vertex-overlay.png";
  const CommandResult json =
      run_mesoclinic({"trichometry", "analyze", path.string(), "--um-per-px", um, "--target",
                      target, "--json", "--overlay", overlay.string()});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const auto parsed = nlohmann::json::parse(json.out);
  const int counted = parsed["figures"]["hair_count"];
  EXPECT_NEAR(counted, image.truth.hair_count, image.truth.hair_count / 10);
  EXPECT_EQ(text.out.find("hairs counted          " + std::to_string(counted) + " "), 0u)
      << "the text and the JSON tell the same count: " << text.out;
  EXPECT_EQ(std::count_if(parsed["hairs"].begin(), parsed["hairs"].end(),
                          [](const nlohmann::json& hair) { return hair["counted"] == true; }),
            counted);
  // The hairs to check first: as many in the text as the JSON marks less sure.
  const auto less_sure =
      std::count_if(parsed["hairs"].begin(), parsed["hairs"].end(), [](const nlohmann::json& hair) {
        return hair["counted"] == true && hair["less_sure"] == true;
      });
  EXPECT_GT(less_sure, 0);
  EXPECT_NE(text.out.find("check first            " + std::to_string(less_sure) +
                          " counted hairs the engine is less sure of"),
            std::string::npos)
      << text.out;
  ASSERT_TRUE(fs::exists(overlay));
  EXPECT_GT(fs::file_size(overlay), 10'000u);

  // Four times the calibration: the hairs would be a quarter of a millimetre wide.
  const CommandResult wrong =
      run_mesoclinic({"trichometry", "analyze", path.string(), "--um-per-px",
                      std::to_string(4 * image.calibration.um_per_px)});
  EXPECT_EQ(wrong.exit_code, 1);
  EXPECT_NE(wrong.err.find("not measured: um_per_px: gives hairs a typical width"),
            std::string::npos)
      << wrong.err;
  EXPECT_EQ(count_lines(wrong.err), 1) << wrong.err;
  const CommandResult missing =
      run_mesoclinic({"trichometry", "analyze", (dir_ / "none.jpg").string(), "--um-per-px", "5"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_EQ(count_lines(missing.err), 1) << missing.err;
  const CommandResult bad_target = run_mesoclinic(
      {"trichometry", "analyze", path.string(), "--um-per-px", um, "--target", "1,2,3"});
  EXPECT_NE(bad_target.exit_code, 0);
  EXPECT_NE(bad_target.err.find("LEFT,TOP,WIDTH,HEIGHT"), std::string::npos) << bad_target.err;
}

}  // namespace
}  // namespace mesoclinic::testing
