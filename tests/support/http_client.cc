#include "http_client.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <stdexcept>

namespace mesoclinic::testing {

namespace beast = boost::beast;
namespace asio = boost::asio;

namespace {

// Appends one reply to this process's file in the folder named by the environment variable
// MESOCLINIC_REPLY_LOG_DIR (ctest sets it for the integration tests only: other tests serve
// routes of their own), for ReplyContract.Validate to check against docs/openapi.yaml.
void record_reply(const std::string& method, const std::string& target, const HttpReply& reply) {
  const char* folder = std::getenv("MESOCLINIC_REPLY_LOG_DIR");
  if (folder == nullptr || *folder == '\0') return;
  static std::mutex mutex;
  const std::scoped_lock lock(mutex);
  const std::filesystem::path dir = folder;
  std::error_code ignored;
  std::filesystem::create_directories(dir, ignored);
  std::string test;
  if (const auto* info = ::testing::UnitTest::GetInstance()->current_test_info()) {
    test = std::string(info->test_suite_name()) + "." + info->name();
  }
  const nlohmann::json line = {{"test", test},
                               {"method", method},
                               {"path", target.substr(0, target.find('?'))},
                               {"status", reply.status},
                               {"content_type", reply.header("content-type")},
                               {"location", reply.header("location")},
                               {"body", reply.body}};
  std::ofstream out(dir / (std::to_string(::getpid()) + ".jsonl"), std::ios::app);
  out << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

}  // namespace

struct HttpClient::Connection {
  asio::io_context io;
  beast::tcp_stream stream{io};
  beast::flat_buffer buffer;
  bool open = false;
};

HttpClient::HttpClient(std::uint16_t port, std::string host)
    : connection_(std::make_unique<Connection>()), host_(std::move(host)), port_(port) {}

HttpClient::~HttpClient() = default;

HttpReply HttpClient::request(const std::string& method, const std::string& target,
                              const std::string& body,
                              const std::map<std::string, std::string>& headers) {
  // One retry on a fresh connection: a keep-alive connection the server has closed since the
  // last request fails on first use.
  for (int attempt = 0; attempt < 2; ++attempt) {
    Connection& c = *connection_;
    try {
      if (!c.open) {
        c.stream.socket().close();
        c.buffer.clear();
        asio::ip::tcp::endpoint endpoint(asio::ip::make_address(host_), port_);
        c.stream.connect(endpoint);
        c.open = true;
      }
      beast::http::request<beast::http::string_body> req;
      req.method_string(method);
      req.target(target);
      req.version(11);
      req.set(beast::http::field::host, host_ + ":" + std::to_string(port_));
      for (const auto& [name, value] : default_headers_) req.set(name, value);
      // A request's own header replaces a default of the same name; names that differ only
      // in case are sent as separate lines (as proxies chaining X-Forwarded-For do).
      for (const auto& [name, value] : headers) {
        if (default_headers_.contains(name)) {
          req.set(name, value);
        } else {
          req.insert(name, value);
        }
      }
      if (!body.empty() || method == "POST" || method == "PATCH" || method == "PUT") {
        req.body() = body;
        req.prepare_payload();
      }
      c.stream.expires_after(std::chrono::seconds(30));
      beast::http::write(c.stream, req);
      beast::http::response_parser<beast::http::string_body> parser;
      parser.body_limit(64 * 1024 * 1024);
      // A reply to HEAD has the GET's Content-Length but no body to wait for.
      parser.skip(method == "HEAD");
      beast::http::read(c.stream, c.buffer, parser);
      auto& res = parser.get();
      HttpReply reply;
      reply.status = static_cast<int>(res.result_int());
      for (const auto& field : res) {
        std::string name(field.name_string());
        for (char& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        reply.headers[name] = std::string(field.value());
      }
      reply.body = res.body();
      record_reply(method, target, reply);
      if (!res.keep_alive()) {
        c.open = false;
        beast::error_code ignored;
        c.stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
      }
      return reply;
    } catch (const std::exception& error) {
      c.open = false;
      if (attempt == 1)
        throw std::runtime_error(std::string("HTTP request failed: ") + error.what());
    }
  }
  throw std::runtime_error("unreachable");
}

HttpReply HttpClient::send_json(const std::string& method, const std::string& target,
                                const nlohmann::json& body,
                                std::map<std::string, std::string> headers) {
  headers.emplace("Content-Type", "application/json");
  return request(method, target, body.dump(), headers);
}

void HttpClient::set_header(const std::string& name, const std::string& value) {
  if (value.empty()) {
    default_headers_.erase(name);
  } else {
    default_headers_[name] = value;
  }
}

}  // namespace mesoclinic::testing
