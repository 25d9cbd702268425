// /api/v1/session: signing in and out. A failed sign-in never says whether the username
// exists, and takes as long either way.
#include "api/access.h"
#include "api/json_body.h"
#include "api/routes.h"

namespace mesoclinic::api {
namespace {

std::string cookie_header(const http::Request& request, const std::string& token,
                          std::chrono::seconds lifetime) {
  return std::string(request.secure ? kSecureSessionCookie : kSessionCookie) + "=" + token +
         "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(lifetime.count()) +
         (request.secure ? "; Secure" : "");
}

Json describe(const Caller& caller) {
  return Json{{"user",
               {{"id", caller.user->id},
                {"username", caller.user->username},
                {"role", auth::to_string(caller.user->role)},
                {"clinic_ids", caller.clinic_ids}}},
              {"csrf_token", caller.csrf_token}};
}

// Throttling keys: one per account name typed (existing or not) and one per source address.
std::string account_key(const std::string& username) { return "user:" + username; }
std::string address_key(const http::Request& request) {
  return "address:" + request.remote_address;
}

// Records the failed attempt (under the name typed: it may belong to nobody), counts it against
// the account and the address, and refuses.
http::Response refused(const Gate& gate, const http::Request& request,
                       const std::string& username) {
  audit::Entry entry =
      audit_entry(request, Caller{}, "session.create", "session", "", "", audit::Outcome::kDenied);
  entry.username = username;
  const Instant current = now();
  auto saved = store::in_transaction(
      gate.store(), store::TransactionMode::kWrite, [&](store::Transaction& tx) -> Result<void> {
        for (const auto& [key, free] :
             {std::pair{account_key(username), auth::kFreeAttemptsPerAccount},
              std::pair{address_key(request), auth::kFreeAttemptsPerAddress}}) {
          auto found = tx.find_sign_in_failures(key);
          if (!found) return std::unexpected(found.error());
          const int failures = found->first + 1;
          const Instant until = current + auth::lockout_after(failures, free);
          if (auto stored = tx.save_sign_in_failures(key, failures, until); !stored) {
            return stored;
          }
        }
        auto audited = tx.append_audit(entry);
        if (!audited) return std::unexpected(audited.error());
        return {};
      });
  if (!saved) return http::problem_from(saved.error());
  return http::problem(401, "Sign-in failed", "The username or the password is wrong.");
}

// While the account or the address is locked, no password is even checked. The reply is the
// same whether or not the account exists.
std::optional<http::Response> locked_out(const Gate& gate, const http::Request& request,
                                         const std::string& username) {
  const Instant current = now();
  Instant until = current;
  auto read = store::in_transaction(
      gate.store(), store::TransactionMode::kRead, [&](store::Transaction& tx) -> Result<void> {
        for (const auto& key : {account_key(username), address_key(request)}) {
          auto found = tx.find_sign_in_failures(key);
          if (!found) return std::unexpected(found.error());
          until = std::max(until, found->second);
        }
        return {};
      });
  if (!read) return http::problem_from(read.error());
  if (until <= current) return std::nullopt;
  audit::Entry entry =
      audit_entry(request, Caller{}, "session.lockout", "session", "", "", audit::Outcome::kDenied);
  entry.username = username;
  auto audited = store::in_transaction(gate.store(), store::TransactionMode::kWrite,
                                       [&](auto& tx) { return tx.append_audit(entry); });
  if (!audited) return http::problem_from(audited.error());
  const auto wait = std::chrono::ceil<std::chrono::seconds>(until - current);
  http::Response response =
      http::problem(429, "Too many failed sign-ins",
                    "Sign-in is paused for this account or address; try again in " +
                        std::to_string(wait.count()) + " s.");
  response.with_header("Retry-After", std::to_string(wait.count()));
  return response;
}

http::Response sign_in(const Gate& gate, const http::Request& request) {
  auto body = parse_json_object(request);
  if (!body) return body.error();
  FieldReader reader(*body);
  reader.refuse_unknown({"username", "password"}, {});
  const auto username = reader.string("username", true);
  const auto password = reader.string("password", true);
  if (!reader.errors().empty()) {
    return http::problem_from(
        Error{ErrorCode::kInvalidInput, "The request has invalid fields.", reader.errors()});
  }
  store::Store& store = gate.store();
  // Usernames are at most 64 characters, so a longer one names nobody; cut it so a huge
  // name cannot become a huge throttling key or audit row.
  const std::string typed_name = auth::normalize_username(username->substr(0, 64));
  auto user =
      store::in_transaction(store, store::TransactionMode::kRead,
                            [&](store::Transaction& tx) -> Result<std::optional<auth::User>> {
                              if (username->size() > typed_name.size())
                                return std::nullopt;  // was cut: nobody
                              return tx.find_user_by_username(typed_name);
                            });
  if (!user) return http::problem_from(user.error());
  if (auto paused = locked_out(gate, request, typed_name)) return *paused;
  if (!*user) {
    auth::verify_dummy_password(*password);
    return refused(gate, request, typed_name);
  }
  if (!auth::verify_password(*password, (*user)->password_hash)) {
    return refused(gate, request, typed_name);
  }

  // A new token at every sign-in, and the session the browser came with (if any) ends: a
  // token planted before sign-in is worth nothing after it.
  const std::string token = auth::new_token();
  const Instant current = now();
  auth::Session session{auth::token_hash(token), (*user)->id, auth::new_token(), current, current,
                        request.remote_address};
  Caller caller;
  caller.user = **user;
  caller.csrf_token = session.csrf_token;
  auto saved = store::in_transaction(
      store, store::TransactionMode::kWrite, [&](store::Transaction& tx) -> Result<void> {
        if (const auto old = session_cookie(request)) {
          if (auto ended = tx.delete_session(auth::token_hash(*old)); !ended) return ended;
        }
        if (auto inserted = tx.insert_session(session); !inserted) return inserted;
        if (auto cleared = tx.clear_sign_in_failures(account_key(typed_name)); !cleared) {
          return cleared;
        }
        auto audited = tx.append_audit(audit_entry(request, caller, "session.create", "session"));
        if (!audited) return std::unexpected(audited.error());
        if (auth::needs_rehash((*user)->password_hash)) {
          auto rehashed = auth::hash_password(*password);
          if (!rehashed) return std::unexpected(rehashed.error());
          if (auto updated = tx.update_password_hash((*user)->id, *rehashed); !updated) {
            return updated;
          }
        }
        auto clinics = tx.user_clinic_ids((*user)->id);
        if (!clinics) return std::unexpected(clinics.error());
        caller.clinic_ids = std::move(*clinics);
        return {};
      });
  if (!saved) return http::problem_from(saved.error());
  http::Response response = json_reply(201, describe(caller));
  response.with_header("Set-Cookie",
                       cookie_header(request, token, gate.settings().absolute_timeout));
  return response;
}

http::Response sign_out(const Gate& gate, const http::Request& request, const Caller& caller) {
  if (caller.by_api_token) {
    return http::problem(409, "Not a session",
                         "This request used an API token, not a session; an admin revokes tokens "
                         "with DELETE /api/v1/tokens/{id}.");
  }
  auto ended = store::in_transaction(gate.store(), store::TransactionMode::kWrite, [&](auto& tx) {
    return tx.delete_session(caller.session_token_hash);
  });
  if (!ended) return http::problem_from(ended.error());
  http::Response response;
  response.status = 204;
  response.content_type.clear();
  response.with_header("Set-Cookie", cookie_header(request, "", std::chrono::seconds(0)));
  return response;
}

}  // namespace

void add_session_routes(http::Router& router, const Gate& gate) {
  const std::string path = "/api/v1/session";
  gate.add(router, "POST", path,
           [&gate](const http::Request& r, const Caller&) { return sign_in(gate, r); });
  gate.add(router, "GET", path,
           [](const http::Request&, const Caller& c) { return json_reply(200, describe(c)); });
  gate.add(router, "DELETE", path,
           [&gate](const http::Request& r, const Caller& c) { return sign_out(gate, r, c); });
}

}  // namespace mesoclinic::api
