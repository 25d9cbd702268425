// Hostile connections (issue 16): thousands of idle connections and clients that trickle their
// request leave the server answering everyone else, in bounded memory.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "api_fixture.h"

namespace mesoclinic::testing {
namespace {

using Clock = std::chrono::steady_clock;

// An open TCP connection to 127.0.0.1:port, or -1.
int connect_to(std::uint16_t port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

// The process's resident memory in MB, from /proc.
double resident_mb(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(status, line);) {
    if (line.starts_with("VmRSS:")) return std::stod(line.substr(6)) / 1024.0;
  }
  return -1;
}

class HostileConnectionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(
        run_mesoclinic({"demo", "--db", database_.url(), "--patients", "0", "--bare"}).exit_code,
        0);
  }
  TestDatabase database_{store::Engine::kSqlite};
};

TEST_F(HostileConnectionsTest, TenThousandIdleConnectionsLeaveTheServerAnsweringInBoundedMemory) {
  constexpr int kIdle = 10'000;
  rlimit limit{};
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &limit), 0);
  limit.rlim_cur = limit.rlim_max;
  ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &limit), 0);
  ASSERT_GT(limit.rlim_cur, static_cast<rlim_t>(kIdle + 500))
      << "this machine allows a process too few open files for the test";

  ServerProcess server(database_.url());
  HttpClient client(server.port());
  ASSERT_EQ(client.get("/healthz").status, 200);
  const double before = resident_mb(server.pid());
  std::vector<int> idle;
  idle.reserve(kIdle);
  for (int i = 0; i < kIdle; ++i) {
    const int fd = connect_to(server.port());
    ASSERT_GE(fd, 0) << "connection " << i << " refused";
    idle.push_back(fd);
  }
  // A tenth of them start a request and never finish its header (slow loris).
  for (int i = 0; i < kIdle; i += 10) {
    const std::string part = "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ";
    ASSERT_EQ(send(idle[i], part.data(), part.size(), MSG_NOSIGNAL),
              static_cast<ssize_t>(part.size()));
  }
  std::this_thread::sleep_for(std::chrono::seconds(1));

  // Everyone else is still served, promptly.
  HttpClient newcomer(server.port());
  const auto asked = Clock::now();
  EXPECT_EQ(newcomer.get("/healthz").status, 200);
  EXPECT_EQ(newcomer.get("/readyz").status, 200);
  EXPECT_LT(Clock::now() - asked, std::chrono::seconds(2));
  const double during = resident_mb(server.pid());
  EXPECT_LT(during - before, 200.0)
      << "each idle connection cost " << (during - before) * 1024 / kIdle << " KB";
  RecordProperty("idle_connections_extra_mb", std::to_string(during - before));

  for (const int fd : idle) close(fd);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_EQ(HttpClient(server.port()).get("/healthz").status, 200);
  EXPECT_EQ(server.stop(SIGTERM), 0);
}

TEST_F(HostileConnectionsTest, AClientTricklingItsRequestIsCutOffAtTheTimeout) {
  const std::string config = database_.file().string() + ".toml";
  std::ofstream(config) << "[server]\naccess_log = \"off\"\nlog_level = \"warn\"\n"
                        << "idle_timeout_ms = 1000\nread_timeout_ms = 1000\n";
  ServerProcess server(database_.url(), {"--config", config});
  const int fd = connect_to(server.port());
  ASSERT_GE(fd, 0);
  const std::string request = "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: abcdefghijklmnop";
  const auto started = Clock::now();
  bool cut_off = false;
  // One byte every 200 ms: the header would take 12 s; the server must not wait for it.
  for (const char byte : request) {
    if (send(fd, &byte, 1, MSG_NOSIGNAL) != 1) {
      cut_off = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    char reply[256];
    const ssize_t got = recv(fd, reply, sizeof reply, MSG_DONTWAIT);
    if (got == 0) {
      cut_off = true;
      break;
    }
  }
  close(fd);
  EXPECT_TRUE(cut_off) << "the server waited for the whole trickled header";
  EXPECT_LT(Clock::now() - started, std::chrono::seconds(4));
  EXPECT_EQ(HttpClient(server.port()).get("/healthz").status, 200);
}

}  // namespace
}  // namespace mesoclinic::testing
