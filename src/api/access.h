// Private to api/: who is calling, and whether they may. Every route is registered through
// Gate::add, which looks the route up in the one permission table (access.cc) and refuses to
// start the server for a route the table does not name: access is denied by default.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit.h"
#include "auth/auth.h"
#include "http/http.h"
#include "store/store.h"

namespace mesoclinic::api {

struct SessionSettings {
  std::chrono::seconds idle_timeout{30 * 60};
  std::chrono::seconds absolute_timeout{12 * 60 * 60};
};

// The signed-in user behind a request (none on public routes). An API token acts as a user
// of its own: `user` then holds the token's id, "token:<name>" and its role, which is what the
// audit trail records.
struct Caller {
  std::optional<auth::User> user;
  std::vector<std::string> clinic_ids;  // the clinics whose data the user may see
  std::string session_token_hash;       // empty unless signed in with the session cookie
  std::string csrf_token;               // the session's, for GET /api/v1/session to hand out
  bool by_api_token = false;            // authenticated by an Authorization: Bearer token

  bool sees_clinic(const std::string& clinic_id) const;
};

using SecuredHandler = std::function<http::Response(const http::Request&, const Caller&)>;

// Over HTTPS the cookie carries the __Host- prefix, which browsers accept only with Secure,
// Path=/ and no Domain: no plain-HTTP page or sibling subdomain can set or overwrite it.
inline constexpr std::string_view kSessionCookie = "mesoclinic_session";
inline constexpr std::string_view kSecureSessionCookie = "__Host-mesoclinic_session";
inline constexpr std::string_view kCsrfHeader = "x-csrf-token";

class SessionCache;  // session_cache.h

class Gate {
 public:
  Gate(store::Store& store, SessionSettings settings);
  ~Gate();
  Gate(const Gate&) = delete;
  Gate& operator=(const Gate&) = delete;

  // Registers `handler` behind the permission table's rule for (method, pattern). Throws
  // std::logic_error if the table has no rule for it.
  void add(http::Router& router, const std::string& method, const std::string& pattern,
           SecuredHandler handler, http::RouteOptions options = {}) const;

  // The caller behind the request's Authorization: Bearer API token or, without one, its
  // session cookie, if that is valid and current. Refreshes a session's idle clock (at most
  // once a minute, to spare the disk).
  Result<std::optional<Caller>> authenticate(const http::Request& request) const;

  const SessionSettings& settings() const { return settings_; }
  store::Store& store() const { return store_; }

 private:
  Result<std::optional<Caller>> authenticate_token(const std::string& token) const;
  Result<std::optional<Caller>> authenticate_session(const http::Request& request) const;

  store::Store& store_;
  SessionSettings settings_;
  std::unique_ptr<SessionCache> sessions_;
};

// An audit entry for this request by this caller (time, user, role, address, request id).
audit::Entry audit_entry(const http::Request& request, const Caller& caller, std::string action,
                         std::string resource_type, std::string resource_id = {},
                         std::string patient_id = {},
                         audit::Outcome outcome = audit::Outcome::kAllowed);

// The session token from the request's Cookie header, if any (the __Host- cookie over HTTPS,
// the plain one otherwise).
std::optional<std::string> session_cookie(const http::Request& request);

// The token of an "Authorization: Bearer <token>" header: nullopt without one or for another
// scheme, an empty string for "Bearer" with nothing after it (which never authenticates).
std::optional<std::string> bearer_token(const http::Request& request);

}  // namespace mesoclinic::api
