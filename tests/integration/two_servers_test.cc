// Two `mesoclinic serve` processes over one database, sharing nothing else (issue 16): a session
// opened on one holds on the other, and its end, on either, is honoured by both at once; a
// booking race across both has exactly one winner; the audited reads of both form one chain.
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

INSTANTIATE_TEST_SUITE_P(BothEngines, TwoServersTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         engine_name);

}  // namespace
}  // namespace mesoclinic::testing
