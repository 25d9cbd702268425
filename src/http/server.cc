// The Beast server: one io_context run by `threads` threads, one strand per connection. A
// handler runs on the connection's strand and may block (on the database); the other threads
// keep serving meanwhile.
#include <spdlog/spdlog.h>
#include <sys/resource.h>

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <cerrno>
#include <cstring>
#include <limits>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>
#include <unordered_map>

#include "core/ids.h"
#include "core/text.h"
#include "http/http.h"

namespace mesoclinic::http {
namespace {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;
using PlainStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

// Adds "request_id" to a problem+json body: every problem names the request, so a user quoting
// one also names the server's log lines about it. Other replies are left as they are.
void add_request_id(Response& response, const std::string& request_id) {
  if (response.content_type != "application/problem+json") return;
  auto body = nlohmann::json::parse(response.body, nullptr, false);
  if (!body.is_object()) return;
  body["request_id"] = request_id;
  response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Percent-decodes `text` (and '+' as a space in query strings). Fails on a malformed escape,
// an encoded NUL or bytes that are not UTF-8, which no legitimate client sends (and which a
// PostgreSQL query would refuse deep inside a handler, or the audit trail could not record).
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      const int high = hex_value(text[i + 1]), low = hex_value(text[i + 2]);
      if (high < 0 || low < 0 || (high == 0 && low == 0)) return std::nullopt;
      out += static_cast<char>(high * 16 + low);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out += ' ';
    } else {
      out += c;
    }
  }
  if (!is_valid_utf8(out)) return std::nullopt;
  return out;
}

// Splits a request target into a decoded path and decoded query parameters.
bool read_target(std::string_view target, Request& request) {
  const auto question = target.find('?');
  auto path = percent_decode(target.substr(0, question), false);
  if (!path || !path->starts_with('/')) return false;
  request.path = std::move(*path);
  if (question == std::string_view::npos) return true;
  std::string_view query = target.substr(question + 1);
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    const auto equals = pair.find('=');
    auto name = percent_decode(pair.substr(0, equals), true);
    auto value = percent_decode(
        equals == std::string_view::npos ? std::string_view() : pair.substr(equals + 1), true);
    if (!name || !value) return false;
    request.query.emplace(std::move(*name), std::move(*value));
  }
  return true;
}

// A client-supplied X-Request-Id is kept (it ties our log to a proxy's) if it is short and
// plain; anything else is replaced.
bool is_usable_request_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
  });
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// An address as the proxy list compares it: IPv4 peers on a dual-stack socket arrive as
// ::ffff:a.b.c.d.
std::optional<net::ip::address> parse_address(std::string_view text) {
  boost::system::error_code ec;
  auto address = net::ip::make_address(std::string(text), ec);
  if (ec) return std::nullopt;
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return net::ip::make_address_v4(net::ip::v4_mapped, address.to_v6());
  }
  return address;
}

bool is_trusted(const std::vector<net::ip::address>& proxies,
                const std::optional<net::ip::address>& address) {
  return address && std::find(proxies.begin(), proxies.end(), *address) != proxies.end();
}

// Behind trusted proxies the client is the rightmost X-Forwarded-For entry that is not one of
// them (entries further left were written by the client itself and prove nothing). Every
// X-Forwarded-For line counts, in order, as if joined by commas.
void apply_forwarding(const std::vector<net::ip::address>& proxies,
                      const bhttp::request_parser<bhttp::string_body>::value_type& header,
                      Request& request) {
  if (!is_trusted(proxies, parse_address(request.remote_address))) return;
  std::vector<std::string_view> hops;
  const auto lines = header.equal_range("X-Forwarded-For");
  for (auto line = lines.first; line != lines.second; ++line) {
    std::string_view rest(line->value().data(), line->value().size());
    while (true) {
      const auto comma = rest.find(',');
      hops.push_back(trim(rest.substr(0, comma)));
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  for (auto hop = hops.rbegin(); hop != hops.rend(); ++hop) {
    const auto address = parse_address(*hop);
    if (!address) break;  // garbage: keep the last address we could trust
    request.remote_address = address->to_string();
    if (!is_trusted(proxies, address)) break;
  }
  const auto proto = header["X-Forwarded-Proto"];
  if (trim(std::string_view(proto.data(), proto.size())) == "https") request.secure = true;
}

// What connections share with the server; kept alive by every connection, so a connection
// torn down late (when the io_context is destroyed) never touches a dead server.
struct Shared {
  ServerOptions options;
  const Router& router;
  Metrics& metrics;
  AccessLog access_log;
  std::size_t default_body_limit = RouteOptions{}.body_limit;
  std::optional<ssl::context> tls;  // set when the server speaks HTTPS
  std::vector<net::ip::address> trusted_proxies;

  std::mutex mutex;
  std::unordered_map<void*, std::function<void()>> idle_closers;  // by connection
  std::atomic<bool> stopping{false};
  std::atomic<bool> running{false};
  std::function<void()> on_drained;  // called when stopping and the last connection ends

  Shared(ServerOptions o, const Router& r, Metrics& m, AccessLog log)
      : options(std::move(o)), router(r), metrics(m), access_log(std::move(log)) {}
};

// One client connection, over plain TCP or TLS (`Stream` is PlainStream or TlsStream).
template <class Stream>
class Connection : public std::enable_shared_from_this<Connection<Stream>> {
  static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;
  using std::enable_shared_from_this<Connection<Stream>>::shared_from_this;
  using std::enable_shared_from_this<Connection<Stream>>::weak_from_this;

 public:
  Connection(tcp::socket socket, std::shared_ptr<Shared> shared)
      : stream_(make_stream(std::move(socket), *shared)), shared_(std::move(shared)) {
    beast::error_code ignored;
    const auto endpoint = tcp_layer().socket().remote_endpoint(ignored);
    remote_address_ = ignored ? std::string("unknown") : endpoint.address().to_string();
  }

  ~Connection() {
    bool drained = false;
    {
      std::lock_guard lock(shared_->mutex);
      shared_->idle_closers.erase(this);
      drained = shared_->stopping && shared_->idle_closers.empty();
    }
    if (drained && shared_->running && shared_->on_drained) shared_->on_drained();
  }

  void start() {
    {
      std::lock_guard lock(shared_->mutex);
      std::weak_ptr<Connection> weak = weak_from_this();
      shared_->idle_closers[this] = [weak] {
        if (auto self = weak.lock()) {
          net::post(self->stream_.get_executor(), [self] { self->close_if_idle(); });
        }
      };
    }
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->begin(); });
  }

 private:
  static Stream make_stream(tcp::socket socket, Shared& shared) {
    if constexpr (kTls) {
      return Stream(std::move(socket), *shared.tls);
    } else {
      return Stream(std::move(socket));
    }
  }

  beast::tcp_stream& tcp_layer() { return beast::get_lowest_layer(stream_); }

  // A TLS connection shakes hands first; a client that does not finish within the read
  // timeout is dropped.
  void begin() {
    if constexpr (kTls) {
      tcp_layer().expires_after(shared_->options.read_timeout);
      stream_.async_handshake(ssl::stream_base::server,
                              [self = shared_from_this()](beast::error_code ec) {
                                if (ec) return self->drop();
                                self->read_header();
                              });
    } else {
      read_header();
    }
  }

  // At shutdown. A TLS close sends close_notify and reads the reply, which must not overlap
  // the pending read: cancel that read and let on_header close once it has ended.
  void close_if_idle() {
    if (!waiting_for_request_) return;
    if constexpr (kTls) {
      tcp_layer().cancel();
    } else {
      close();
    }
  }

  void read_header() {
    if (shared_->stopping) return close();
    waiting_for_request_ = true;
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(shared_->options.header_limit));
    // No limit while the header is read: Beast would refuse a large Content-Length before we
    // know the route, and the limit is the route's (set in on_header).
    parser_->body_limit(std::numeric_limits<std::uint64_t>::max());
    tcp_layer().expires_after(shared_->options.idle_timeout);
    bhttp::async_read_header(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_header(ec); });
  }

  void on_header(beast::error_code ec) {
    waiting_for_request_ = false;
    started_ = Clock::now();
    if (ec == bhttp::error::header_limit) {
      return reply_early(431, "Request header too large",
                         "The request headers exceed " +
                             std::to_string(shared_->options.header_limit) + " bytes.");
    }
    if (ec == net::error::operation_aborted) return close();  // shutting down
    if (ec == bhttp::error::end_of_stream || ec == beast::error::timeout ||
        ec == net::error::connection_reset || ec == net::error::eof ||
        ec == ssl::error::stream_truncated) {
      return drop();  // the peer is gone or silent: nobody to say goodbye to
    }
    if (ec) return reply_early(400, "Malformed request", "The request is not valid HTTP/1.1.");

    const auto& header = parser_->get();
    request_ = Request{};
    request_.method = std::string(header.method_string());
    request_.remote_address = remote_address_;
    request_.secure = kTls;
    apply_forwarding(shared_->trusted_proxies, header, request_);
    const auto given_id = header["X-Request-Id"];
    const std::string_view given(given_id.data(), given_id.size());
    request_.request_id = is_usable_request_id(given) ? std::string(given) : random_hex(8);
    const auto raw_target = header.target();
    if (!read_target(std::string_view(raw_target.data(), raw_target.size()), request_)) {
      request_.path = std::string(raw_target.substr(0, 200));
      return reply_early(400, "Malformed request target",
                         "The path or query string is not correctly percent-encoded.");
    }
    match_ = shared_->router.match(request_.method, request_.path);
    const std::size_t limit =
        match_.route ? match_.route->options.body_limit : shared_->default_body_limit;
    if (const auto length = parser_->content_length(); length && *length > limit) {
      return reply_early(413, "Request body too large",
                         "The request body exceeds " + std::to_string(limit) + " bytes.");
    }
    body_limit_ = limit;
    parser_->body_limit(limit);
    if (parser_->is_done()) return handle();
    tcp_layer().expires_after(shared_->options.read_timeout);
    bhttp::async_read(stream_, buffer_, *parser_,
                      [self = shared_from_this()](beast::error_code read_ec, std::size_t) {
                        self->on_body(read_ec);
                      });
  }

  void on_body(beast::error_code ec) {
    if (ec == bhttp::error::body_limit) {
      return reply_early(413, "Request body too large",
                         "The request body exceeds " + std::to_string(body_limit_) + " bytes.");
    }
    if (ec == beast::error::timeout) {
      return reply_early(408, "Request timeout", "The request body arrived too slowly.");
    }
    if (ec) return drop();
    handle();
  }

  void handle() {
    auto& message = parser_->get();
    for (const auto& field : message) {
      std::string name(field.name_string());
      std::transform(name.begin(), name.end(), name.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      auto [it, inserted] = request_.headers.emplace(name, std::string(field.value()));
      if (!inserted) it->second += ", " + std::string(field.value());
    }
    request_.body = std::move(message.body());
    const bool keep_alive = message.keep_alive();

    Response response;
    if (match_.route) {
      request_.route = match_.route->pattern;
      request_.path_params = std::move(match_.params);
      response = guarded([&] { return match_.route->handler(request_); });
    } else if (const auto& fallback = shared_->router.fallback();
               !match_.path_known && fallback.answer) {
      bool answered = false;
      response = guarded([&] {
        auto answer = fallback.answer(request_);
        answered = answer.has_value();
        return answered ? std::move(*answer) : not_found();
      });
      if (answered) request_.route = fallback.name;
    } else if (match_.path_known) {
      std::string allowed;
      for (const auto& method : match_.allowed_methods) {
        allowed += (allowed.empty() ? "" : ", ") + method;
      }
      response = problem(405, "Method not allowed",
                         request_.method + " is not served here; use " + allowed + ".");
      response.with_header("Allow", allowed);
    } else {
      response = not_found();
    }
    send(std::move(response), keep_alive);
  }

  Response not_found() const {
    return problem(404, "Not found", "No resource lives at " + request_.path + ".");
  }

  // Runs a handler; an exception it throws becomes a 500 problem (logged with the request id).
  template <class Answer>
  Response guarded(Answer&& answer) {
    try {
      return answer();
    } catch (const std::exception& error) {
      return problem_from(Error{ErrorCode::kInternal,
                                "request " + request_.request_id + " " + request_.method + " " +
                                    request_.path + " threw: " + error.what(),
                                {}});
    }
  }

  // A reply to a request that could not be read fully: the connection closes after it, since
  // the rest of the stream cannot be trusted to start at a request boundary.
  void reply_early(int status, std::string_view title, const std::string& detail) {
    if (request_.request_id.empty()) request_.request_id = random_hex(8);
    if (request_.remote_address.empty()) request_.remote_address = remote_address_;
    send(problem(status, title, detail), /*keep_alive=*/false);
  }

  void send(Response response, bool keep_alive) {
    add_request_id(response, request_.request_id);
    const unsigned version = parser_ && parser_->is_header_done() ? parser_->get().version() : 11;
    reply_ = std::make_shared<bhttp::response<bhttp::string_body>>(
        static_cast<bhttp::status>(response.status), version == 10 ? 10 : 11);
    auto& reply = *reply_;
    if (!response.content_type.empty())
      reply.set(bhttp::field::content_type, response.content_type);
    for (const auto& [name, value] : response.headers) reply.insert(name, value);
    reply.set("X-Request-Id", request_.request_id);
    reply.set("X-Content-Type-Options", "nosniff");
    // For browsers that predate the policy's frame-ancestors: nothing of ours is ever framed.
    reply.set("X-Frame-Options", "DENY");
    // Strict by default; the web front end will be served from this origin only. A handler
    // serving a self-contained document (the handout's inline styles) sends its own policy.
    if (reply.find("Content-Security-Policy") == reply.end()) {
      reply.set("Content-Security-Policy",
                "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
    }
    reply.set("Referrer-Policy", "no-referrer");
    // Browsers that once reached us over HTTPS never fall back to plain HTTP for a year.
    if (request_.secure) reply.set(bhttp::field::strict_transport_security, "max-age=31536000");
    if (request_.path.starts_with("/api/")) reply.set(bhttp::field::cache_control, "no-store");
    reply.body() = std::move(response.body);
    reply.keep_alive(keep_alive && !shared_->stopping);
    reply.prepare_payload();
    // A HEAD reply says how long the GET's body would be (prepare_payload set that) but sends
    // none.
    if (request_.method == "HEAD") reply.body().clear();

    const auto duration = Clock::now() - started_;
    const std::string route = request_.route.empty() ? "unmatched" : request_.route;
    shared_->metrics.record(request_.method.empty() ? "-" : request_.method, route, response.status,
                            duration);
    if (shared_->access_log) {
      shared_->access_log(request_, response.status, reply.body().size(), duration);
    }

    tcp_layer().expires_after(shared_->options.write_timeout);
    bhttp::async_write(
        stream_, reply,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_write(ec); });
  }

  void on_write(beast::error_code ec) {
    const bool keep_alive = reply_->keep_alive();
    reply_.reset();
    request_ = Request{};
    if (ec) return drop();
    if (!keep_alive) return close();
    read_header();
  }

  // Ends the connection politely: TLS close_notify, then TCP. The peer's own close_notify is
  // waited for only briefly: a client that never answers must not hold up a shutdown.
  void close() {
    if constexpr (kTls) {
      tcp_layer().expires_after(std::min<std::chrono::milliseconds>(shared_->options.write_timeout,
                                                                    std::chrono::seconds(1)));
      stream_.async_shutdown([self = shared_from_this()](beast::error_code) { self->drop(); });
    } else {
      drop();
    }
  }

  void drop() {
    beast::error_code ignored;
    tcp_layer().socket().shutdown(tcp::socket::shutdown_send, ignored);
    tcp_layer().close();
  }

  Stream stream_;
  std::shared_ptr<Shared> shared_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::shared_ptr<bhttp::response<bhttp::string_body>> reply_;
  Request request_;
  Router::Match match_;
  std::string remote_address_;
  Clock::time_point started_;
  std::size_t body_limit_ = 0;
  bool waiting_for_request_ = false;
};

class BeastServer final : public Server {
 public:
  BeastServer(const ServerOptions& options, const Router& router, Metrics& metrics,
              AccessLog access_log)
      : shared_(std::make_shared<Shared>(options, router, metrics, std::move(access_log))),
        control_(net::make_strand(io_)),
        acceptor_(net::make_strand(io_)),
        accept_pause_(acceptor_.get_executor()),
        signals_(control_, SIGINT, SIGTERM),
        grace_timer_(control_) {}

  ~BeastServer() override {
    shared_->running = false;
    // Handlers still queued (a grace period ran out) are destroyed with the io_context; the
    // connections they hold only touch `shared_`, which they keep alive.
  }

  // Loads the certificate chain and key; TLS 1.2 at least, with OpenSSL's default ciphers.
  Result<void> load_tls() {
    const auto& options = shared_->options;
    if (options.tls_certificate_file.empty() && options.tls_private_key_file.empty()) return {};
    if (options.tls_certificate_file.empty() || options.tls_private_key_file.empty()) {
      return fail(ErrorCode::kInvalidInput,
                  "TLS needs both a certificate file and a private key file");
    }
    ssl::context context(ssl::context::tls_server);
    context.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                        ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 |
                        ssl::context::single_dh_use);
    beast::error_code ec;
    context.use_certificate_chain_file(options.tls_certificate_file, ec);
    if (ec) {
      return fail(ErrorCode::kInvalidInput, "cannot load the TLS certificate " +
                                                options.tls_certificate_file + ": " + ec.message());
    }
    context.use_private_key_file(options.tls_private_key_file, ssl::context::pem, ec);
    if (ec) {
      return fail(ErrorCode::kInvalidInput, "cannot load the TLS private key " +
                                                options.tls_private_key_file + ": " + ec.message());
    }
    if (SSL_CTX_check_private_key(context.native_handle()) != 1) {
      return fail(ErrorCode::kInvalidInput, "the TLS private key " + options.tls_private_key_file +
                                                " does not match the certificate");
    }
    shared_->tls.emplace(std::move(context));
    return {};
  }

  Result<void> parse_proxies() {
    for (const auto& text : shared_->options.trusted_proxies) {
      const auto address = parse_address(text);
      if (!address) {
        return fail(ErrorCode::kInvalidInput, "\"" + text + "\" is not an IP address");
      }
      shared_->trusted_proxies.push_back(*address);
    }
    return {};
  }

  Result<void> listen() {
    const auto& options = shared_->options;
    const std::string where = options.host + ":" + std::to_string(options.port);
    beast::error_code ec;
    tcp::resolver resolver(io_);
    const auto endpoints =
        resolver.resolve(options.host, std::to_string(options.port),
                         tcp::resolver::passive | tcp::resolver::numeric_service, ec);
    if (ec || endpoints.empty()) {
      return fail(ErrorCode::kUnavailable, "cannot resolve " + where + ": " + ec.message());
    }
    const tcp::endpoint endpoint = endpoints.begin()->endpoint();
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
    if (ec == net::error::address_in_use) {
      return fail(ErrorCode::kUnavailable, "the address " + where + " is already in use");
    }
    if (ec) return fail(ErrorCode::kUnavailable, "cannot listen on " + where + ": " + ec.message());
    port_ = acceptor_.local_endpoint().port();
    return {};
  }

  std::uint16_t port() const override { return port_; }

  void run() override {
    shared_->running = true;
    shared_->on_drained = [this] { net::post(control_, [this] { grace_timer_.cancel(); }); };
    signals_.async_wait([this](beast::error_code ec, int) {
      if (!ec) begin_shutdown();
    });
    accept();
    std::size_t threads = shared_->options.threads;
    if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
    std::vector<std::thread> workers;
    for (std::size_t i = 1; i < threads; ++i) workers.emplace_back([this] { io_.run(); });
    io_.run();
    for (auto& worker : workers) worker.join();
    shared_->running = false;
  }

  void stop() override {
    net::post(control_, [this] { begin_shutdown(); });
  }

 private:
  void accept() {
    acceptor_.async_accept(net::make_strand(io_), [this](beast::error_code ec, tcp::socket socket) {
      if (shared_->stopping || !acceptor_.is_open()) return;
      if (!ec && shared_->tls) {
        std::make_shared<Connection<TlsStream>>(std::move(socket), shared_)->start();
      } else if (!ec) {
        std::make_shared<Connection<PlainStream>>(std::move(socket), shared_)->start();
      } else if (ec != net::error::operation_aborted) {
        // Out of file descriptors and the like: say so, and try again in a moment rather than
        // at once, which would spin a core and flood the log until a connection closes.
        spdlog::warn("accepting a connection failed: {}", ec.message());
        accept_pause_.expires_after(std::chrono::milliseconds(100));
        accept_pause_.async_wait([this](beast::error_code waited) {
          if (!waited) accept();
        });
        return;
      }
      accept();
    });
  }

  // On the control strand: stop accepting, close idle keep-alive connections, let requests in
  // flight finish (their connections close after the reply), and give up after the grace time.
  void begin_shutdown() {
    if (shared_->stopping.exchange(true)) return;
    signals_.cancel();
    net::post(acceptor_.get_executor(), [this] {
      beast::error_code ignored;
      acceptor_.close(ignored);
      accept_pause_.cancel();
    });
    std::vector<std::function<void()>> closers;
    {
      std::lock_guard lock(shared_->mutex);
      for (const auto& [connection, closer] : shared_->idle_closers) closers.push_back(closer);
    }
    if (closers.empty()) return;
    grace_timer_.expires_after(shared_->options.shutdown_grace);
    grace_timer_.async_wait([this](beast::error_code ec) {
      if (ec) return;  // every connection finished in time
      spdlog::warn("shutdown grace period over; dropping the remaining connections");
      io_.stop();
    });
    for (const auto& closer : closers) closer();
  }

  net::io_context io_;
  std::shared_ptr<Shared> shared_;
  net::strand<net::io_context::executor_type> control_;
  tcp::acceptor acceptor_;
  net::steady_timer accept_pause_;  // on the acceptor's strand
  net::signal_set signals_;
  net::steady_timer grace_timer_;
  std::uint16_t port_ = 0;
};

}  // namespace

namespace {

// Each connection holds a file descriptor, and the usual soft limit (1,024) is far below what an
// idle crowd of clients can open: take the hard limit the system allows this process.
void allow_many_connections() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &limit) != 0) {
      spdlog::warn("could not raise the open file limit: {}", std::strerror(errno));
    }
  }
}

}  // namespace

Result<std::unique_ptr<Server>> Server::bind(const ServerOptions& options, const Router& router,
                                             Metrics& metrics, AccessLog access_log) {
  allow_many_connections();
  auto server = std::make_unique<BeastServer>(options, router, metrics, std::move(access_log));
  if (auto tls = server->load_tls(); !tls) return std::unexpected(tls.error());
  if (auto proxies = server->parse_proxies(); !proxies) return std::unexpected(proxies.error());
  if (auto listening = server->listen(); !listening) return std::unexpected(listening.error());
  return server;
}

}  // namespace mesoclinic::http
