// Test support: a small blocking HTTP/1.1 client over a real socket, keeping one keep-alive
// connection per client (reopened when the server closes it).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

namespace mesoclinic::testing {

struct HttpReply {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;

  // The body parsed as JSON (a discarded value if it is not JSON).
  nlohmann::json json() const { return nlohmann::json::parse(body, nullptr, false); }
  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
};

class HttpClient {
 public:
  explicit HttpClient(std::uint16_t port, std::string host = "127.0.0.1");
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Sends one request and reads the reply. `headers` with names differing only in case go out
  // as separate header lines. Throws std::runtime_error if no reply can be read
  // (connection refused, reset); a test expecting that should catch it.
  HttpReply request(const std::string& method, const std::string& target,
                    const std::string& body = {},
                    const std::map<std::string, std::string>& headers = {});

  HttpReply get(const std::string& target) { return request("GET", target); }

  // Sent with every later request unless a request sets the same header itself (a signed-in
  // client's Cookie, X-CSRF-Token and Origin). An empty value removes it.
  void set_header(const std::string& name, const std::string& value);
  // The Origin a browser on this server's own pages would send.
  std::string own_origin() const { return "http://" + host_ + ":" + std::to_string(port_); }
  // POST/PATCH with a JSON body and Content-Type: application/json.
  HttpReply send_json(const std::string& method, const std::string& target,
                      const nlohmann::json& body, std::map<std::string, std::string> headers = {});

 private:
  struct Connection;
  std::unique_ptr<Connection> connection_;
  std::string host_;
  std::uint16_t port_;
  std::map<std::string, std::string> default_headers_;
};

}  // namespace mesoclinic::testing
