// Durability (issue 16): when the disk fails to sync a commit, the server stops at once instead
// of answering and going on; a restart recovers, and every write acknowledged before is there.
#include <cstdlib>
#include <fstream>

#include "api_fixture.h"
#include "direct_sql.h"

namespace mesoclinic::testing {
namespace {

// Sets an environment variable for the servers this test starts, and restores it after.
class ScopedEnvironment {
 public:
  ScopedEnvironment(const char* name, const std::string& value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    setenv(name, value.c_str(), 1);
  }
  ~ScopedEnvironment() {
    if (old_) {
      setenv(name_, old_->c_str(), 1);
    } else {
      unsetenv(name_);
    }
  }
  ScopedEnvironment(const ScopedEnvironment&) = delete;
  ScopedEnvironment& operator=(const ScopedEnvironment&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

TEST(DurabilityTest, AFailedSyncStopsTheServerAndARestartKeepsWhatWasAcknowledged) {
  const TestDatabase database(store::Engine::kSqlite);
  ASSERT_EQ(run_mesoclinic({"demo", "--db", database.url(), "--patients", "0", "--bare"}).exit_code,
            0);
  const CommandResult added = run_mesoclinic(
      {"user", "add", "--db", database.url(), "--role", "practitioner", "--username", "dr.disk"},
      std::string(ApiTest::kPassword) + "\n");
  ASSERT_EQ(added.exit_code, 0) << added.err;
  const std::string flag = database.file().string() + ".fail-sync";

  std::unique_ptr<ServerProcess> server;
  {
    // The ASan runtime would refuse a library preloaded ahead of it.
    const std::string asan = std::getenv("ASAN_OPTIONS") ? std::getenv("ASAN_OPTIONS") : "";
    ScopedEnvironment preload("LD_PRELOAD", FAIL_SYNC_LIBRARY);
    ScopedEnvironment order("ASAN_OPTIONS",
                            asan + (asan.empty() ? "" : ":") + "verify_asan_link_order=0");
    ScopedEnvironment switch_file("MESOCLINIC_FAIL_SYNC_FLAG", flag);
    server = std::make_unique<ServerProcess>(database.url());
  }
  HttpClient client(server->port());
  ASSERT_EQ(ApiTest::sign_in(client, "dr.disk").status, 201);
  const std::string clinic = client.get("/api/v1/clinics").json()["items"][0]["id"];
  const auto patient = [&](const std::string& family) {
    return client.send_json("POST", "/api/v1/patients",
                            {{"clinic_id", clinic},
                             {"family_name", family},
                             {"given_name", "Disk"},
                             {"date_of_birth", "1980-05-05"}});
  };
  const HttpReply kept = patient("Before");
  ASSERT_EQ(kept.status, 201) << kept.body;

  std::ofstream(flag) << "fail\n";
  int lost = 0;  // no reply at all: the server stopped before answering
  try {
    lost = patient("During").status;
  } catch (const std::runtime_error&) {
  }
  EXPECT_NE(lost / 100, 2) << "a write the disk did not keep was acknowledged";
  EXPECT_EQ(server->stop(0), 74) << "the server went on after its disk failed a sync";

  std::filesystem::remove(flag);
  ServerProcess restarted(database.url());
  HttpClient again(restarted.port());
  ASSERT_EQ(ApiTest::sign_in(again, "dr.disk").status, 201);
  const std::string id = kept.json()["id"];
  EXPECT_EQ(again.get("/api/v1/patients/" + id).status, 200);
  EXPECT_EQ(query_value(database.url(), "PRAGMA integrity_check"), "ok");
  const CommandResult verified = run_mesoclinic({"audit", "verify", "--db", database.url()});
  EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;
}

}  // namespace
}  // namespace mesoclinic::testing
