// The server over real loopback sockets: limits, error replies, keep-alive and shutdown.
#include <gtest/gtest.h>

#include <boost/asio.hpp>
#include <future>
#include <thread>

#include "http/http.h"
#include "http_client.h"

namespace mesoclinic::http {
namespace {

using testing::HttpClient;
using testing::HttpReply;

// Sends raw bytes and returns everything the server answers until it closes the connection.
std::string raw_exchange(std::uint16_t port, const std::string& bytes) {
  namespace net = boost::asio;
  net::io_context io;
  net::ip::tcp::socket socket(io);
  socket.connect({net::ip::make_address("127.0.0.1"), port});
  net::write(socket, net::buffer(bytes));
  std::string answer;
  boost::system::error_code ec;
  char chunk[4096];
  for (;;) {
    const std::size_t n = socket.read_some(net::buffer(chunk), ec);
    answer.append(chunk, n);
    if (ec) break;
  }
  return answer;
}

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.add("GET", "/hello/{name}", [this](const Request& request) {
      ++calls_;
      Response response;
      response.body = "hello " + request.path_params.at("name") + " " +
                      request.query_param("greeting").value_or("-");
      response.content_type = "text/plain";
      return response;
    });
    router_.add(
        "POST", "/echo",
        [](const Request& request) {
          Response response;
          response.body = request.body;
          return response;
        },
        RouteOptions{.body_limit = 16});
    router_.add("GET", "/api/v1/slow", [this](const Request&) {
      slow_started_.set_value();
      std::this_thread::sleep_for(std::chrono::milliseconds(400));
      Response response;
      response.body = "{\"done\":true}";
      return response;
    });
    router_.add("GET", "/boom",
                [](const Request&) -> Response { throw std::runtime_error("handler bug"); });
  }

  void TearDown() override {
    if (server_) server_->stop();
    if (thread_.joinable()) thread_.join();
  }

  void start(ServerOptions options = {}) {
    options.port = 0;
    options.threads = 2;
    auto bound = Server::bind(
        options, router_, metrics_,
        [this](const Request& request, int status, std::size_t, std::chrono::nanoseconds) {
          std::lock_guard lock(log_mutex_);
          log_.push_back(request.method + " " + request.path + " " + std::to_string(status));
        });
    ASSERT_TRUE(bound) << bound.error().message;
    server_ = std::move(*bound);
    thread_ = std::thread([this] { server_->run(); });
  }

  std::uint16_t port() const { return server_->port(); }

  Router router_;
  Metrics metrics_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
  std::atomic<int> calls_{0};
  std::promise<void> slow_started_;
  std::mutex log_mutex_;
  std::vector<std::string> log_;
};

TEST_F(ServerTest, ServesRoutesWithDecodedPathAndQueryOverOneKeepAliveConnection) {
  start();
  HttpClient client(port());
  for (int i = 0; i < 3; ++i) {
    const HttpReply reply = client.get("/hello/J%C3%BCrgen?greeting=guten+tag");
    EXPECT_EQ(reply.status, 200);
    EXPECT_EQ(reply.body, "hello Jürgen guten tag");
    EXPECT_EQ(reply.header("x-content-type-options"), "nosniff");
    EXPECT_EQ(reply.header("referrer-policy"), "no-referrer");
    EXPECT_NE(reply.header("content-security-policy").find("frame-ancestors 'none'"),
              std::string::npos);
    EXPECT_EQ(reply.header("x-request-id").size(), 16u);
  }
  EXPECT_EQ(calls_.load(), 3);
  const std::string metrics = metrics_.render();
  EXPECT_NE(metrics.find("route=\"/hello/{name}\",status=\"200\"} 3"), std::string::npos)
      << metrics;
  std::lock_guard lock(log_mutex_);
  ASSERT_EQ(log_.size(), 3u);
  EXPECT_EQ(log_[0], "GET /hello/Jürgen 200");
}

TEST_F(ServerTest, KeepsAPlainClientRequestId) {
  start();
  HttpClient client(port());
  EXPECT_EQ(
      client.request("GET", "/hello/a", "", {{"X-Request-Id", "proxy-42"}}).header("x-request-id"),
      "proxy-42");
  EXPECT_NE(client.request("GET", "/hello/a", "", {{"X-Request-Id", "bad id\twith tab"}})
                .header("x-request-id"),
            "bad id\twith tab");
}

TEST_F(ServerTest, AnswersUnknownPathsAndMethodsWithProblems) {
  start();
  HttpClient client(port());
  const HttpReply missing = client.get("/nowhere");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.header("content-type"), "application/problem+json");
  EXPECT_EQ(missing.json()["status"], 404);

  const HttpReply wrong = client.request("DELETE", "/hello/x");
  EXPECT_EQ(wrong.status, 405);
  EXPECT_EQ(wrong.header("allow"), "GET");
}

TEST_F(ServerTest, AFallbackAnswersOnlyPathsNoRouteMatches) {
  router_.set_fallback({"pages", [](const Request& request) -> std::optional<Response> {
                          if (request.path != "/page") return std::nullopt;
                          Response response;
                          response.content_type = "text/html; charset=utf-8";
                          response.body = "<p>" + request.method + "</p>";
                          return response;
                        }});
  start();
  HttpClient client(port());
  const HttpReply page = client.get("/page");
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.body, "<p>GET</p>");
  EXPECT_EQ(page.header("x-frame-options"), "DENY");
  // What the fallback does not serve is the server's own 404; a known path keeps its 405.
  const HttpReply missing = client.get("/nowhere");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.header("content-type"), "application/problem+json");
  EXPECT_EQ(client.request("DELETE", "/hello/x").status, 405);
  EXPECT_EQ(client.get("/hello/x").body, "hello x -");
  const std::string metrics = metrics_.render();
  EXPECT_NE(metrics.find("route=\"pages\",status=\"200\"} 1"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("route=\"unmatched\",status=\"404\"} 1"), std::string::npos) << metrics;
}

TEST_F(ServerTest, HeadGetsTheLengthOfTheBodyButNoBody) {
  router_.set_fallback({"pages", [](const Request& request) -> std::optional<Response> {
                          Response response;
                          response.content_type = "text/plain";
                          response.body = request.method + " body";
                          return response;
                        }});
  start();
  // On the wire: the header says 9 bytes (what the handler made) and nothing follows it.
  const std::string answer =
      raw_exchange(port(), "HEAD /page HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 200")) << answer;
  EXPECT_NE(answer.find("Content-Length: 9\r\n"), std::string::npos) << answer;
  EXPECT_TRUE(answer.ends_with("\r\n\r\n")) << answer;
  // The connection stays usable for the next request.
  HttpClient client(port());
  EXPECT_EQ(client.request("HEAD", "/page").header("content-length"), "9");
  EXPECT_EQ(client.get("/page").body, "GET body");
}

TEST_F(ServerTest, RefusesBodiesOverTheRouteLimitBeforeTheHandlerRuns) {
  start();
  HttpClient client(port());
  EXPECT_EQ(client.request("POST", "/echo", "0123456789").body, "0123456789");
  const HttpReply refused = client.request("POST", "/echo", std::string(17, 'x'));
  EXPECT_EQ(refused.status, 413);
  EXPECT_EQ(refused.json()["title"], "Request body too large");
  // A chunked body has no length up front; it is cut off at the limit all the same.
  const std::string answer =
      raw_exchange(port(),
                   "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                   "20\r\n" +
                       std::string(32, 'y') + "\r\n0\r\n\r\n");
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 413")) << answer;
}

TEST_F(ServerTest, RefusesOversizedHeadersAndMalformedRequests) {
  start();
  const std::string big_header =
      "GET /hello/a HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(17 * 1024, 'a') + "\r\n\r\n";
  EXPECT_TRUE(raw_exchange(port(), big_header).starts_with("HTTP/1.1 431")) << "header limit";
  EXPECT_TRUE(raw_exchange(port(), "NONSENSE\r\n\r\n").starts_with("HTTP/1.1 400"));
  EXPECT_TRUE(raw_exchange(port(), "GET /hello/%zz HTTP/1.1\r\nHost: x\r\n\r\n")
                  .starts_with("HTTP/1.1 400"));
  EXPECT_TRUE(raw_exchange(port(), "GET /hello/a%00b HTTP/1.1\r\nHost: x\r\n\r\n")
                  .starts_with("HTTP/1.1 400"));
  // The server is still serving after all that.
  HttpClient client(port());
  EXPECT_EQ(client.get("/hello/b").status, 200);
}

TEST_F(ServerTest, AHandlerExceptionBecomesA500AndTheServerCarriesOn) {
  start();
  HttpClient client(port());
  const HttpReply reply = client.get("/boom");
  EXPECT_EQ(reply.status, 500);
  EXPECT_EQ(reply.body.find("handler bug"), std::string::npos);
  EXPECT_EQ(client.get("/hello/c").status, 200);
}

TEST_F(ServerTest, ApiRepliesAreNotCached) {
  start();
  HttpClient client(port());
  EXPECT_EQ(client.get("/api/v1/slow").header("cache-control"), "no-store");
  EXPECT_EQ(client.get("/hello/a").header("cache-control"), "");
}

TEST_F(ServerTest, StopLetsTheRequestInFlightFinishAndClosesIdleConnections) {
  start();
  HttpClient idle(port());
  ASSERT_EQ(idle.get("/hello/a").status, 200);  // leaves a keep-alive connection open

  auto slow_started = slow_started_.get_future();
  auto in_flight = std::async(std::launch::async, [this] {
    HttpClient client(port());
    return client.get("/api/v1/slow");
  });
  slow_started.wait();
  const auto stop_asked = std::chrono::steady_clock::now();
  server_->stop();
  const HttpReply reply = in_flight.get();
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body, "{\"done\":true}");
  EXPECT_EQ(reply.header("connection"), "close");
  thread_.join();  // run() returns once the last connection is done
  EXPECT_LT(std::chrono::steady_clock::now() - stop_asked, std::chrono::seconds(5));
  EXPECT_THROW(HttpClient(port()).get("/hello/a"), std::runtime_error);
}

TEST_F(ServerTest, APortInUseIsAClearError) {
  start();
  ServerOptions options;
  options.port = port();
  auto second = Server::bind(options, router_, metrics_, nullptr);
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(second.error().message.find("in use"), std::string::npos) << second.error().message;
}

}  // namespace
}  // namespace mesoclinic::http
