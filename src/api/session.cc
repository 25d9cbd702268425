// /api/v1/session: signing in and out, and changing one's own password. A failed sign-in never
// says whether the username exists, and takes as long either way.
#include "api/access.h"
#include "api/documents.h"
#include "api/handler.h"
#include "api/json_body.h"
#include "api/routes.h"
#include "practice/staff.h"

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
                {"clinic_ids", caller.clinic_ids},
                {"must_change_password", caller.user->must_change_password}}},
              {"csrf_token", caller.csrf_token}};
}

// Throttling keys: one per account name typed (existing or not) and one per source address.
std::string account_key(const std::string& username) { return "user:" + username; }
std::string address_key(const http::Request& request) {
  return "address:" + request.remote_address;
}

// Records a failed password check by `caller` (nobody yet at sign-in) as a denied `action`
// under `username` (typed at sign-in: it may belong to nobody), and counts it against the
// account and the address. Hand-written rather than in the handler skeleton: the denied entry
// and the counts must commit although the reply is a failure, and the skeleton rolls back every
// reply of 400 or more.
Result<void> record_failure(const Gate& gate, const http::Request& request, const Caller& caller,
                            const std::string& username, std::string action) {
  audit::Entry entry =
      audit_entry(request, caller, std::move(action), "session", "", "", audit::Outcome::kDenied);
  entry.username = username;
  const Instant current = now();
  return store::in_transaction(
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
}

// A failed sign-in: the same reply whether the username or the password was wrong.
http::Response refused(const Gate& gate, const http::Request& request,
                       const std::string& username) {
  if (auto saved = record_failure(gate, request, Caller{}, username, "session.create"); !saved) {
    return http::problem_from(saved.error());
  }
  return http::problem(401, "Sign-in failed", "The username or the password is wrong.");
}

// The right password for a deactivated account. Said plainly, since only someone who knows the
// password learns it, and that is the former colleague who should ask an admin rather than
// retry. Not counted as a failure; audited by hand as a denied sign-in, as in `refused`.
http::Response deactivated(const Gate& gate, const http::Request& request, const auth::User& user) {
  audit::Entry entry =
      audit_entry(request, Caller{}, "session.create", "session", "", "", audit::Outcome::kDenied);
  entry.user_id = user.id;
  entry.username = user.username;
  entry.role = auth::to_string(user.role);
  auto audited = store::in_transaction(gate.store(), store::TransactionMode::kWrite,
                                       [&](auto& tx) { return tx.append_audit(entry); });
  if (!audited) return http::problem_from(audited.error());
  return http::problem(403, "Account deactivated",
                       "This account has been deactivated; an admin can tell you why.");
}

// While the account or the address is locked, no password is even checked. The reply is the
// same whether or not the account exists. Hand-written for the same reason as `refused`: the
// denied entry commits with a 429 reply.
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

// The username and password of a sign-in request.
Result<std::pair<std::string, std::string>> read_credentials(const Json& body) {
  std::vector<FieldError> errors;
  Members members(body, "", errors);
  members.refuse_unknown({"username", "password"});
  const auto username = members.string("username", true);
  const auto password = members.string("password", true);
  if (!errors.empty()) return invalid(std::move(errors));
  return std::pair{*username, *password};
}

// The account with the name typed, if any. A read of its own ahead of the sign-in's other
// transactions: a refusal and a lockout must commit their audit entries although the request
// fails, which the handler skeleton (it rolls back every failed reply) cannot express.
Result<std::optional<auth::User>> find_account(store::Store& store, const std::string& typed,
                                               const std::string& typed_name) {
  return store::in_transaction(store, store::TransactionMode::kRead,
                               [&](store::Transaction& tx) -> Result<std::optional<auth::User>> {
                                 if (typed.size() > typed_name.size())
                                   return std::nullopt;  // was cut: nobody
                                 return tx.find_user_by_username(typed_name);
                               });
}

// A new token at every sign-in, and the session the browser came with (if any) ends: a token
// planted before sign-in is worth nothing after it.
http::Response start_session(const Gate& gate, const http::Request& request, const auth::User& user,
                             const std::string& password, const std::string& typed_name) {
  const std::string token = auth::new_token();
  const Instant current = now();
  auth::Session session{auth::token_hash(token), user.id, auth::new_token(), current, current,
                        request.remote_address};
  Caller caller;
  caller.user = user;
  caller.csrf_token = session.csrf_token;
  return handle(gate.store(), request, caller, store::TransactionMode::kWrite,
                [&](Work& work) -> Result<http::Response> {
                  store::Transaction& tx = work.tx;
                  if (const auto old = session_cookie(request)) {
                    if (auto ended = tx.delete_session(auth::token_hash(*old)); !ended) {
                      return std::unexpected(ended.error());
                    }
                  }
                  if (auto inserted = tx.insert_session(session); !inserted) {
                    return std::unexpected(inserted.error());
                  }
                  if (auto cleared = tx.clear_sign_in_failures(account_key(typed_name)); !cleared) {
                    return std::unexpected(cleared.error());
                  }
                  work.audit("session.create", "session");
                  if (auth::needs_rehash(user.password_hash)) {
                    auto rehashed = auth::hash_password(password);
                    if (!rehashed) return std::unexpected(rehashed.error());
                    if (auto updated = tx.update_password_hash(user.id, *rehashed); !updated) {
                      return std::unexpected(updated.error());
                    }
                  }
                  auto clinics = tx.user_clinic_ids(user.id);
                  if (!clinics) return std::unexpected(clinics.error());
                  caller.clinic_ids = std::move(*clinics);
                  http::Response response = json_reply(201, describe(caller));
                  response.with_header(
                      "Set-Cookie",
                      cookie_header(request, token, gate.settings().absolute_timeout));
                  return response;
                });
}

http::Response sign_in(const Gate& gate, const http::Request& request) {
  auto body = parse_json_object(request);
  if (!body) return body.error();
  auto credentials = read_credentials(*body);
  if (!credentials) return http::problem_from(credentials.error());
  const auto& [username, password] = *credentials;
  // Usernames are at most 64 characters, so a longer one names nobody; cut it so a huge
  // name cannot become a huge throttling key or audit row.
  const std::string typed_name = auth::normalize_username(username.substr(0, 64));
  auto user = find_account(gate.store(), username, typed_name);
  if (!user) return http::problem_from(user.error());
  if (auto paused = locked_out(gate, request, typed_name)) return *paused;
  if (!*user) {
    auth::verify_dummy_password(password);
    return refused(gate, request, typed_name);
  }
  if (!auth::verify_password(password, (*user)->password_hash)) {
    return refused(gate, request, typed_name);
  }
  if (!(*user)->active()) return deactivated(gate, request, **user);
  return start_session(gate, request, **user, password, typed_name);
}

// A token has no password and no session to end.
http::Response not_a_session() {
  return http::problem(409, "Not a session",
                       "This request used an API token, not a session; an admin revokes tokens "
                       "with DELETE /api/v1/tokens/{id}.");
}

http::Response sign_out(const Gate& gate, const http::Request& request, const Caller& caller) {
  if (caller.by_api_token) return not_a_session();
  return handle(gate.store(), request, caller, store::TransactionMode::kWrite,
                [&](Work& work) -> Result<http::Response> {
                  if (auto ended = work.tx.delete_session(caller.session_token_hash); !ended) {
                    return std::unexpected(ended.error());
                  }
                  http::Response response;
                  response.status = 204;
                  response.content_type.clear();
                  response.with_header("Set-Cookie",
                                       cookie_header(request, "", std::chrono::seconds(0)));
                  return response;
                });
}

// The current and the new password of a password change; the new one meets the policy and
// differs from the current one.
Result<std::pair<std::string, std::string>> read_password_change(const Json& body,
                                                                 const std::string& username) {
  std::vector<FieldError> errors;
  Members members(body, "", errors);
  members.refuse_unknown({"current_password", "new_password"});
  const auto current = members.string("current_password", true);
  const auto replacement = members.string("new_password", true);
  if (replacement) {
    if (current && *current == *replacement) {
      members.error("new_password", "must differ from the current password");
    } else if (auto allowed = auth::check_password_policy(*replacement, username); !allowed) {
      for (const auto& field : allowed.error().fields) members.error("new_password", field.message);
    }
  }
  if (!errors.empty()) return invalid(std::move(errors));
  return std::pair{*current, *replacement};
}

// The signed-in user replaces their password (also the temporary one an admin set), proving
// they know the current one: a session left open on a shared computer cannot lock its owner
// out. Wrong guesses count towards the same lock as failed sign-ins. Every other session of
// the user ends; this one stays.
http::Response change_password(const Gate& gate, const http::Request& request,
                               const Caller& caller) {
  if (caller.by_api_token) return not_a_session();
  auto body = parse_json_object(request);
  if (!body) return body.error();
  const auth::User& user = *caller.user;
  auto asked = read_password_change(*body, user.username);
  if (!asked) return http::problem_from(asked.error());
  const auto& [current, replacement] = *asked;
  if (auto paused = locked_out(gate, request, user.username)) return *paused;
  if (!auth::verify_password(current, user.password_hash)) {
    if (auto saved =
            record_failure(gate, request, caller, user.username, "session.password.change");
        !saved) {
      return http::problem_from(saved.error());
    }
    return http::problem(403, "Wrong current password",
                         "The current password is wrong; the password was not changed.");
  }
  auto hash = auth::hash_password(replacement);
  if (!hash) return http::problem_from(hash.error());
  return handle(
      gate.store(), request, caller, store::TransactionMode::kWrite,
      [&](Work& work) -> Result<http::Response> {
        auto changed =
            practice::change_own_password(work.tx, user, *hash, caller.session_token_hash);
        if (!changed) return std::unexpected(changed.error());
        if (auto cleared = work.tx.clear_sign_in_failures(account_key(user.username)); !cleared) {
          return std::unexpected(cleared.error());
        }
        work.audit("session.password.change", "user", user.id);
        http::Response response;
        response.status = 204;
        response.content_type.clear();
        return response;
      });
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
  gate.add(router, "PUT", path + "/password", [&gate](const http::Request& r, const Caller& c) {
    return change_password(gate, r, c);
  });
}

}  // namespace mesoclinic::api
