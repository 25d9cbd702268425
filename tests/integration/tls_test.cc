// HTTPS served by the binary itself (a certificate made with the openssl command, read back by
// curl as a real client), the listen-address rule, and addresses forwarded by a trusted proxy.
#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "api_fixture.h"
#include "direct_sql.h"
#include "http_client.h"
#include "server_process.h"

namespace mesoclinic::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Runs a shell command (our own, with paths we made) and returns its standard output.
std::string run(const std::string& command) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return out;
  std::array<char, 4096> buffer{};
  while (const std::size_t n = fread(buffer.data(), 1, buffer.size(), pipe))
    out.append(buffer.data(), n);
  pclose(pipe);
  return out;
}

class TlsTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (HasFatalFailure()) return;
    dir_ = fs::temp_directory_path() / ("mesoclinic-tls-" + std::to_string(getpid()));
    fs::create_directories(dir_);
    certificate_ = (dir_ / "cert.pem").string();
    key_ = (dir_ / "key.pem").string();
    run("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1"
        " -subj /CN=localhost -addext subjectAltName=IP:127.0.0.1,DNS:localhost -keyout " +
        key_ + " -out " + certificate_ + " 2>/dev/null");
    ASSERT_TRUE(fs::exists(certificate_) && fs::exists(key_)) << "openssl made no certificate";
  }
  void TearDown() override {
    fs::remove_all(dir_);
    ApiTest::TearDown();
  }

  std::string write_config(const std::string& server_lines) {
    const std::string path = (dir_ / "tls.toml").string();
    std::ofstream(path) << "[server]\naccess_log = \"off\"\n" << server_lines;
    return path;
  }

  // curl against the server, trusting our certificate only; -i puts headers in the output.
  std::string curl(const std::string& arguments) {
    return run("curl -sS -i --max-time 10 --cacert " + certificate_ + " " + arguments + " 2>&1");
  }

  fs::path dir_;
  std::string certificate_, key_;
};

TEST_P(TlsTest, ServesHttpsWithHstsAndASecureHostPrefixedCookie) {
  start_server({"--config", write_config("tls_certificate = \"" + certificate_ +
                                         "\"\ntls_private_key = \"" + key_ + "\"\n")});
  const std::string base = "https://127.0.0.1:" + std::to_string(server().port());
  const std::string health = curl(base + "/healthz");
  EXPECT_NE(health.find("HTTP/1.1 200"), std::string::npos) << health;
  EXPECT_NE(health.find("Strict-Transport-Security: max-age=31536000"), std::string::npos)
      << health;

  const std::string body =
      json{{"username", "dr.test"}, {"password", std::string(kPassword)}}.dump();
  const std::string signed_in = curl("-X POST -H 'Content-Type: application/json' --data '" + body +
                                     "' " + base + "/api/v1/session");
  ASSERT_NE(signed_in.find("HTTP/1.1 201"), std::string::npos) << signed_in;
  const auto cookie_at = signed_in.find("Set-Cookie: __Host-mesoclinic_session=");
  ASSERT_NE(cookie_at, std::string::npos) << signed_in;
  const std::string cookie_line =
      signed_in.substr(cookie_at, signed_in.find('\r', cookie_at) - cookie_at);
  EXPECT_NE(cookie_line.find("; Secure"), std::string::npos) << cookie_line;
  EXPECT_NE(cookie_line.find("HttpOnly"), std::string::npos) << cookie_line;
  const std::string cookie =
      cookie_line.substr(std::string("Set-Cookie: ").size(),
                         cookie_line.find(';') - std::string("Set-Cookie: ").size());
  const std::string who = curl("-H 'Cookie: " + cookie + "' " + base + "/api/v1/session");
  EXPECT_NE(who.find("HTTP/1.1 200"), std::string::npos) << who;
  EXPECT_NE(who.find("\"dr.test\""), std::string::npos) << who;

  // The plain cookie name means nothing over HTTPS, and plain HTTP gets no answer at all.
  const std::string plain_name = "mesoclinic_session=" + cookie.substr(cookie.find('=') + 1);
  EXPECT_NE(
      curl("-H 'Cookie: " + plain_name + "' " + base + "/api/v1/session").find("HTTP/1.1 401"),
      std::string::npos);
  EXPECT_EQ(
      curl("http://127.0.0.1:" + std::to_string(server().port()) + "/healthz").find("HTTP/1.1 200"),
      std::string::npos);
}

TEST_P(TlsTest, BadTlsFilesStopTheServerWithAClearMessage) {
  // --benchmark: the test cluster runs without fsync, which serve would refuse first.
  std::ofstream(dir_ / "garbage.pem") << "not a certificate\n";
  const CommandResult result = run_mesoclinic(
      {"serve", "--db", database_url(), "--benchmark", "--listen", "127.0.0.1:0", "--config",
       write_config("tls_certificate = \"" + (dir_ / "garbage.pem").string() +
                    "\"\ntls_private_key = \"" + key_ + "\"\n")});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("cannot load the TLS certificate"), std::string::npos) << result.err;

  const CommandResult half =
      run_mesoclinic({"serve", "--db", database_url(), "--benchmark", "--listen", "127.0.0.1:0",
                      "--config", write_config("tls_certificate = \"" + certificate_ + "\"\n")});
  EXPECT_EQ(half.exit_code, 1);
  EXPECT_NE(half.err.find("both a certificate file and a private key file"), std::string::npos)
      << half.err;
}

TEST_P(TlsTest, InsecureListenAllowsPlainHttpBeyondLoopbackOnRequest) {
  const CommandResult refused =
      run_mesoclinic({"serve", "--db", database_url(), "--listen", "0.0.0.0:0"});
  EXPECT_EQ(refused.exit_code, 1);
  ServerProcess behind_proxy(database_url(), {"--listen", "0.0.0.0:0", "--insecure-listen"});
  HttpClient http(behind_proxy.port());
  EXPECT_EQ(http.get("/healthz").status, 200);
}

// Failed sign-ins are throttled and audited per source address; behind a proxy that address
// must be the client's, taken only from a proxy we were told to trust.
TEST_P(TlsTest, ForwardedAddressesCountOnlyFromTrustedProxies) {
  const auto attempt = [&](const std::string& forwarded_for) {
    HttpClient http(server().port());
    return http.send_json("POST", "/api/v1/session",
                          {{"username", "dr.test"}, {"password", "wrong but long enough"}},
                          {{"X-Forwarded-For", forwarded_for}, {"X-Forwarded-Proto", "https"}});
  };
  const auto audited_address = [&] {
    return query_value(database_url(),
                       "SELECT source_address FROM audit_entries WHERE action = "
                       "'session.create' ORDER BY sequence DESC LIMIT 1");
  };
  // Untrusted: the header is the client's own claim and is ignored.
  EXPECT_EQ(attempt("203.0.113.7").status, 401);
  EXPECT_EQ(audited_address(), "127.0.0.1");

  start_server({"--config", write_config("trusted_proxies = [\"127.0.0.1\"]\n")});
  // The client may prepend anything; the proxy appends the address it saw.
  const HttpReply forwarded = attempt("198.51.100.1, 203.0.113.7");
  EXPECT_EQ(forwarded.status, 401);
  EXPECT_EQ(audited_address(), "203.0.113.7");
  // The proxy said the client used HTTPS: browsers get HSTS.
  EXPECT_EQ(forwarded.header("strict-transport-security"), "max-age=31536000");
  EXPECT_EQ(attempt("not an address").status, 401);
  EXPECT_EQ(audited_address(), "127.0.0.1");

  // A client's own X-Forwarded-For line comes first; the proxy adds its line after it.
  HttpClient http(server().port());
  EXPECT_EQ(
      http.send_json("POST", "/api/v1/session",
                     {{"username", "dr.test"}, {"password", "wrong but long enough"}},
                     {{"X-Forwarded-For", "198.51.100.66"}, {"x-forwarded-for", "203.0.113.9"}})
          .status,
      401);
  EXPECT_EQ(audited_address(), "203.0.113.9");
}

// Shutting down with an idle HTTPS keep-alive connection open closes it cleanly (TLS
// close_notify after the pending read is cancelled, never two reads at once).
TEST_P(TlsTest, StopsCleanlyWithAnIdleHttpsConnectionOpen) {
  start_server({"--config", write_config("tls_certificate = \"" + certificate_ +
                                         "\"\ntls_private_key = \"" + key_ + "\"\n")});
  namespace net = boost::asio;
  net::io_context io;
  net::ssl::context context(net::ssl::context::tls_client);
  context.load_verify_file(certificate_);
  net::ssl::stream<net::ip::tcp::socket> stream(io, context);
  stream.set_verify_mode(net::ssl::verify_peer);
  stream.next_layer().connect({net::ip::make_address("127.0.0.1"), server().port()});
  stream.handshake(net::ssl::stream_base::client);
  const std::string request = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  net::write(stream, net::buffer(request));
  std::string reply;
  boost::system::error_code ec;
  net::read_until(stream, net::dynamic_buffer(reply), "{\"status\":\"ok\"}", ec);
  ASSERT_FALSE(ec) << ec.message();
  EXPECT_TRUE(reply.starts_with("HTTP/1.1 200")) << reply;

  const auto asked = std::chrono::steady_clock::now();
  EXPECT_EQ(server().stop(SIGTERM), 0);
  EXPECT_LT(std::chrono::steady_clock::now() - asked, std::chrono::seconds(5));
  // The server said goodbye at the TLS level rather than just dropping the socket.
  std::string rest;
  net::read(stream, net::dynamic_buffer(rest), ec);
  EXPECT_EQ(ec, net::error::eof) << ec.message();
}

INSTANTIATE_TEST_SUITE_P(BothEngines, TlsTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         engine_name);

}  // namespace
}  // namespace mesoclinic::testing
