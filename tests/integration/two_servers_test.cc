// Two `mesoclinic serve` processes over one database, sharing nothing else (issue 16): a session
// opened on one holds on the other, and its end, on either, is honoured by both at once; a
// booking race across both has exactly one winner; the audited reads of both form one chain;
// started together, they run each migration once.
#include <future>
#include <latch>
#include <thread>

#include "chart_fixture.h"
#include "direct_sql.h"

namespace mesoclinic::testing {
namespace {

class TwoServersTest : public CourseTest {
 protected:
  void SetUp() override {
    CourseTest::SetUp();
    if (HasFatalFailure()) return;
    second_ = std::make_unique<ServerProcess>(database_url());
  }

  // A client of the second server carrying dr.test's session from the first.
  std::unique_ptr<HttpClient> on_second_server() {
    auto http = std::make_unique<HttpClient>(second_->port());
    use_session(*http);
    return http;
  }

  std::unique_ptr<ServerProcess> second_;
};

TEST_P(TwoServersTest, ASessionHoldsOnBothAndItsEndOnEitherIsHonouredByBothAtOnce) {
  const std::string patient = "/api/v1/patients/" + create(patient_body())["id"].get<std::string>();
  auto second = on_second_server();
  // Read twice on each: the second read may come from what a server kept of the session.
  for (int i = 0; i < 2; ++i) {
    ASSERT_EQ(client().get(patient).status, 200);
    ASSERT_EQ(second->get(patient).status, 200);
  }
  ASSERT_EQ(client().request("DELETE", "/api/v1/session").status, 204);
  EXPECT_EQ(second->get(patient).status, 401) << "the second server kept a signed-out session";
  EXPECT_EQ(client().get(patient).status, 401);

  // The other way round, by an admin on the second server ending every session of the user.
  HttpClient again(server().port());
  ASSERT_EQ(sign_in(again, "dr.test").status, 201);
  ASSERT_EQ(again.get(patient).status, 200);
  ASSERT_EQ(again.get(patient).status, 200);
  HttpClient admin(second_->port());
  ASSERT_EQ(sign_in(admin, "admin.test").status, 201);
  const HttpReply ended =
      admin.request("DELETE", "/api/v1/users/" + practitioner_id_ + "/sessions");
  ASSERT_EQ(ended.status, 200) << ended.body;
  EXPECT_EQ(again.get(patient).status, 401) << "the first server kept a revoked session";

  // Every read above is in the one audit chain, whichever server wrote it.
  EXPECT_EQ(query_value(database_url(),
                        "SELECT COUNT(*) FROM audit_entries WHERE action = "
                        "'patient.read'"),
            "6");
  const CommandResult verified = run_mesoclinic({"audit", "verify", "--db", database_url()});
  EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;
}

TEST_P(TwoServersTest, ABookingRaceAcrossBothServersHasExactlyOneWinner) {
  std::vector<std::string> patients;
  for (const char* family : {"Birinci", "Ikinci", "Ucuncu", "Dorduncu"}) {
    patients.push_back(suitable_patient(family, "Hasta"));
  }
  const std::string slot = future(9, 1) + "T10:00";
  constexpr int kAttempts = 16;
  std::vector<int> statuses(kAttempts);
  std::vector<std::thread> bookers;
  for (int i = 0; i < kAttempts; ++i) {
    bookers.emplace_back([&, i] {
      HttpClient http(i % 2 == 0 ? server().port() : second_->port());
      use_session(http);
      statuses[i] = http.send_json("POST", "/api/v1/appointments",
                                   {{"patient_id", patients[i % patients.size()]},
                                    {"practitioner_id", practitioner_id_},
                                    {"starts", {{"local", slot}}},
                                    {"minutes", 30}})
                        .status;
    });
  }
  for (auto& booker : bookers) booker.join();
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 201), 1);
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 409), kAttempts - 1);
  EXPECT_EQ(appointment_count(), "1");
}

// Two servers started at the same moment on an empty database: both serve, and each migration
// ran once.
class TwoServersStartingTest : public ::testing::TestWithParam<store::Engine> {};

TEST_P(TwoServersStartingTest, MigrationsRunOnceWhenBothStartTogether) {
  const TestDatabase database(GetParam());
  std::unique_ptr<ServerProcess> servers[2];
  std::string failures[2];
  std::latch started(2);
  std::promise<void> finished;
  const std::shared_future<void> test_done = finished.get_future().share();
  std::thread starters[2];
  for (int i = 0; i < 2; ++i) {
    starters[i] = std::thread([&, i] {
      try {
        servers[i] = std::make_unique<ServerProcess>(database.url());
      } catch (const std::exception& error) {
        failures[i] = error.what();
      }
      started.count_down();
      // A server dies with the thread that started it (PR_SET_PDEATHSIG): this one stays until
      // the test is over, and stops its server itself.
      test_done.wait();
      servers[i].reset();
    });
  }
  started.wait();
  // However the checks below end, the starters are released and joined.
  struct Release {
    std::promise<void>& finished;
    std::thread (&starters)[2];
    ~Release() {
      finished.set_value();
      for (auto& starter : starters) starter.join();
    }
  } release{finished, starters};
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(failures[i], "") << "server " << i << " did not start";
    if (servers[i]) {
      EXPECT_EQ(HttpClient(servers[i]->port()).get("/readyz").status, 200);
    }
  }
  EXPECT_EQ(query_value(database.url(),
                        "SELECT COUNT(*) - COUNT(DISTINCT version) FROM "
                        "schema_migrations"),
            "0");
  EXPECT_EQ(query_value(database.url(), "SELECT COUNT(*) FROM account_changes"), "1")
      << "a migration's INSERT ran twice";
}

INSTANTIATE_TEST_SUITE_P(BothEngines, TwoServersStartingTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         engine_name);

INSTANTIATE_TEST_SUITE_P(BothEngines, TwoServersTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         engine_name);

}  // namespace
}  // namespace mesoclinic::testing
