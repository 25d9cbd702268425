// A server stopped with SIGTERM in the middle of a burst of writes exits cleanly and keeps
// every write it acknowledged.
#include <signal.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "api_fixture.h"

namespace mesoclinic::testing {
namespace {

using ShutdownTest = ApiTest;

TEST_P(ShutdownTest, TermDuringAWriteBurstLosesNoAcknowledgedWrite) {
  std::mutex mutex;
  std::vector<std::string> acknowledged;
  std::atomic<int> failures_after_stop{0};
  std::atomic<bool> stopping{false};
  std::vector<std::thread> writers;
  const std::uint16_t port = server().port();
  for (int w = 0; w < 6; ++w) {
    writers.emplace_back([&, w] {
      HttpClient own(port);
      use_session(own);
      for (int i = 0; i < 100000; ++i) {
        try {
          const HttpReply reply = own.send_json(
              "POST", "/api/v1/patients",
              patient_body("Burst" + std::to_string(w), "Writer" + std::to_string(i)));
          if (reply.status == 201) {
            std::lock_guard lock(mutex);
            acknowledged.push_back(reply.json()["id"]);
          } else if (!stopping) {
            ADD_FAILURE() << "write refused before shutdown: " << reply.status << reply.body;
          }
        } catch (const std::exception&) {
          // The server has stopped accepting: the burst is over for this writer.
          if (!stopping) ADD_FAILURE() << "connection lost before shutdown";
          ++failures_after_stop;
          return;
        }
      }
    });
  }
  // Let the burst get going, then stop the server while writes are in flight.
  while (true) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    std::lock_guard lock(mutex);
    if (acknowledged.size() >= 100) break;
  }
  stopping = true;
  EXPECT_EQ(server().stop(SIGTERM), 0);
  for (auto& t : writers) t.join();
  EXPECT_GT(failures_after_stop.load(), 0);

  start_server();
  std::set<std::string> stored;
  for (const auto& p : all_patients()) stored.insert(p["id"].get<std::string>());
  std::size_t missing = 0;
  for (const auto& id : acknowledged) missing += stored.count(id) == 0;
  EXPECT_EQ(missing, 0u) << "of " << acknowledged.size() << " acknowledged writes";
  EXPECT_GE(stored.size(), acknowledged.size());
}

TEST_P(ShutdownTest, InterruptAlsoStopsCleanly) {
  create(patient_body());
  EXPECT_EQ(server().stop(SIGINT), 0);
  start_server();
  EXPECT_EQ(all_patients().size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(BothEngines, ShutdownTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         engine_name);

}  // namespace
}  // namespace mesoclinic::testing
