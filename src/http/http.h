// The HTTP edge: a keep-alive HTTP/1.1 server with explicit limits, a router of path
// patterns, and the plain request/response values handlers see. Handlers never see sockets
// or Boost types; the server never sees clinic rules.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace mesoclinic::http {

struct Request {
  std::string method;  // "GET", "POST", ...
  std::string path;    // decoded path without the query, e.g. "/api/v1/patients/abc"
  std::multimap<std::string, std::string> query;  // decoded query parameters
  std::map<std::string, std::string> headers;     // lower-case names; repeated ones joined by ", "
  std::string body;
  std::string remote_address;  // the client's, as a trusted proxy forwarded it if there is one
  bool secure = false;         // arrived over TLS (ours, or a trusted proxy's)
  std::string request_id;
  std::map<std::string, std::string> path_params;  // from "{name}" segments of the route
  std::string route;  // the matched pattern, e.g. "/api/v1/patients/{id}"

  // The header's value, if present (`name` in lower case).
  std::optional<std::string> header(std::string_view name) const;
  // The first value of a query parameter, if present.
  std::optional<std::string> query_param(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers

  Response& with_header(std::string name, std::string value);
};

using Handler = std::function<Response(const Request&)>;

struct RouteOptions {
  std::size_t body_limit = 1024 * 1024;  // bytes; a larger body gets 413 before the handler runs
};

// Maps (method, path pattern) to handlers. Patterns are literal segments and "{name}" segments
// that match one non-empty segment. Add every route before the server starts.
class Router {
 public:
  struct Route {
    std::string method;
    std::string pattern;
    Handler handler;
    RouteOptions options;
  };

  void add(std::string method, std::string pattern, Handler handler, RouteOptions options = {});

  // The route for a request, with its path parameters filled in; nullopt if no pattern matches
  // the path. If the path matches but not the method, `method_allowed` is set false.
  struct Match {
    const Route* route = nullptr;
    std::map<std::string, std::string> params;
    bool path_known = false;
    std::vector<std::string> allowed_methods;  // when path_known but the method is not served
  };
  Match match(std::string_view method, std::string_view path) const;

  // Every route, in the order added (the OpenAPI test walks these).
  const std::vector<Route>& routes() const { return routes_; }

  // What answers a request whose path no route matches (the web app's files), outside the
  // route table. `answer` returns nullopt for a path it does not serve either; the server then
  // answers its own 404 problem, as it does for every unmatched path when there is no fallback.
  struct Fallback {
    std::string name = {};  // its label in the metrics, e.g. "web app"
    std::function<std::optional<Response>(const Request&)> answer = {};
  };
  void set_fallback(Fallback fallback) { fallback_ = std::move(fallback); }
  const Fallback& fallback() const { return fallback_; }

 private:
  std::vector<Route> routes_;
  Fallback fallback_;
};

// An RFC 9457 problem+json reply. `fields` become an "errors" array of {"field", "message"}.
Response problem(int status, std::string_view title, std::string_view detail,
                 const std::vector<FieldError>& fields = {});

// Maps a domain or store error to its problem reply (kInvalidInput -> 422 etc.).
Response problem_from(const Error& error);

// Counters and a latency histogram in Prometheus text format. Thread-safe.
class Metrics {
 public:
  Metrics();
  ~Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  void record(std::string_view method, std::string_view route, int status,
              std::chrono::nanoseconds duration);
  // Extra gauges appended to the exposition, e.g. the database pool (name -> value).
  void set_gauge_source(std::function<std::vector<std::pair<std::string, double>>()> source);
  std::string render() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;  // 0 picks a free port (see Server::port())
  std::size_t threads = 0;    // 0 means one per core
  std::size_t header_limit = 16 * 1024;
  std::chrono::milliseconds read_timeout{30'000};  // for a whole request once it has started
  std::chrono::milliseconds idle_timeout{60'000};  // between keep-alive requests
  std::chrono::milliseconds write_timeout{30'000};
  std::chrono::milliseconds shutdown_grace{10'000};  // in-flight requests get this long to finish
  // PEM files; both set: the server speaks only HTTPS (and sends HSTS). Both empty: plain HTTP.
  std::string tls_certificate_file;  // the certificate chain, server certificate first
  std::string tls_private_key_file;
  // Peers (reverse proxies) whose X-Forwarded-For and X-Forwarded-Proto are believed: the
  // request's address becomes the nearest forwarded address that is not itself a trusted proxy.
  std::vector<std::string> trusted_proxies;
};

// Writes one access-log line per request (method, target, status, bytes, duration, request id,
// remote address). Never the body, never headers (they may carry credentials).
using AccessLog = std::function<void(const Request&, int status, std::size_t bytes,
                                     std::chrono::nanoseconds duration)>;

class Server {
 public:
  // Binds and listens; fails with kUnavailable (and a one-line message) if the address is in
  // use or cannot be bound, kInvalidInput if the TLS files cannot be loaded. Serving starts
  // with run().
  static Result<std::unique_ptr<Server>> bind(const ServerOptions& options, const Router& router,
                                              Metrics& metrics, AccessLog access_log);
  virtual ~Server() = default;

  // The port actually bound (useful when options.port was 0).
  virtual std::uint16_t port() const = 0;

  // Serves on `threads` worker threads until stop() or SIGTERM/SIGINT; then stops accepting,
  // lets in-flight requests finish (up to shutdown_grace), closes idle connections and returns.
  virtual void run() = 0;

  // Asks run() to shut down gracefully; safe from any thread.
  virtual void stop() = 0;
};

}  // namespace mesoclinic::http
