// /api/v1/session: signing in and out. A failed sign-in never says whether the username
// exists, and takes as long either way.
#include "api/access.h"
#include "api/json_body.h"
#include "api/routes.h"

namespace mesoclinic::api {
namespace {

std::string cookie_header(const std::string& token, std::chrono::seconds lifetime) {
  return std::string(kSessionCookie) + "=" + token +
         "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(lifetime.count());
}

Json describe(const Caller& caller) {
  return Json{{"user",
               {{"id", caller.user->id},
                {"username", caller.user->username},
                {"role", auth::to_string(caller.user->role)},
                {"clinic_ids", caller.clinic_ids}}},
              {"csrf_token", caller.csrf_token}};
}

// Records the failed attempt (under the name typed: it may belong to nobody) and refuses.
http::Response refused(const Gate& gate, const http::Request& request,
                       const std::string& username) {
  audit::Entry entry =
      audit_entry(request, Caller{}, "session.create", "session", "", "", audit::Outcome::kDenied);
  entry.username = username.substr(0, 64);
  auto audited = store::in_transaction(gate.store(), store::TransactionMode::kWrite,
                                       [&](auto& tx) { return tx.append_audit(entry); });
  if (!audited) return http::problem_from(audited.error());
  return http::problem(401, "Sign-in failed", "The username or the password is wrong.");
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
  auto user = store::in_transaction(store, store::TransactionMode::kRead, [&](auto& tx) {
    return tx.find_user_by_username(auth::normalize_username(*username));
  });
  if (!user) return http::problem_from(user.error());
  const std::string typed_name = auth::normalize_username(*username);
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
  response.with_header("Set-Cookie", cookie_header(token, gate.settings().absolute_timeout));
  return response;
}

http::Response sign_out(const Gate& gate, const Caller& caller) {
  auto ended = store::in_transaction(gate.store(), store::TransactionMode::kWrite, [&](auto& tx) {
    return tx.delete_session(caller.session_token_hash);
  });
  if (!ended) return http::problem_from(ended.error());
  http::Response response;
  response.status = 204;
  response.content_type.clear();
  response.with_header("Set-Cookie", cookie_header("", std::chrono::seconds(0)));
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
           [&gate](const http::Request&, const Caller& c) { return sign_out(gate, c); });
}

}  // namespace mesoclinic::api
