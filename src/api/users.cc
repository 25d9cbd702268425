// /api/v1/users: admins manage staff accounts of their own clinics: make them, change their
// role and clinics, reset a forgotten password, deactivate them. Admins see accounts, never
// patient data.
#include "api/access.h"
#include "api/documents.h"
#include "api/handler.h"
#include "api/idempotency.h"
#include "api/json_body.h"
#include "api/paging.h"
#include "api/routes.h"
#include "core/ids.h"
#include "practice/staff.h"

namespace mesoclinic::api {
namespace {

Json to_json(const auth::User& user, const std::vector<std::string>& clinic_ids) {
  return Json{{"id", user.id},
              {"username", user.username},
              {"role", auth::to_string(user.role)},
              {"clinic_ids", clinic_ids},
              {"created_at", format_rfc3339(user.created_at)},
              {"active", user.active()},
              {"deactivated_at",
               user.deactivated_at ? Json(format_rfc3339(*user.deactivated_at)) : Json(nullptr)},
              {"must_change_password", user.must_change_password},
              {"version", user.version}};
}

// One account with its ETag, showing only the clinics the admin shares with it.
http::Response user_reply(int status, const auth::User& user,
                          const std::vector<std::string>& clinic_ids) {
  http::Response response = json_reply(status, to_json(user, clinic_ids));
  response.with_header("ETag", etag_for(user.version));
  return response;
}

// The account with `id` and the clinics the admin shares with it, if it shares any; kNotFound
// otherwise, as for an unknown id.
Result<std::pair<auth::User, std::vector<std::string>>> find_managed_user(store::Transaction& tx,
                                                                          const Caller& admin,
                                                                          const std::string& id) {
  auto shared = clinics_shared_with(admin, tx.user_clinic_ids(id));
  if (!shared) return std::unexpected(shared.error());
  auto user = tx.find_user(id);
  if (!user) return std::unexpected(user.error());
  if (shared->empty() || !*user) return fail(ErrorCode::kNotFound, "No user with this id.");
  return std::pair{std::move(**user), std::move(*shared)};
}

// The refusals of practice::StaffRefusal, each a problem type of its own.
http::Response refusal_reply(practice::StaffRefusal why) {
  switch (why) {
    case practice::StaffRefusal::kDeactivated:
      return http::problem(409, "Account deactivated",
                           "This account is deactivated and changes no more; its history stays. "
                           "Make a new account if the person returns.");
    case practice::StaffRefusal::kLastActiveAdmin:
      break;
  }
  return http::problem(409, "Last active admin",
                       "This would leave no active admin to manage accounts; make another "
                       "account an admin first.");
}

http::Response create_user(store::Store& store, const http::Request& request,
                           const Caller& caller) {
  auto body = parse_json_object(request);
  if (!body) return body.error();
  std::vector<FieldError> errors;
  Members members(*body, "", errors);
  members.refuse_unknown({"username", "role", "password", "clinic_ids"}, {"id", "created_at"});
  const auto username = members.name("username", true);
  const auto role_name = members.string("role", true);
  const auto password = members.string("password", true);
  const auto role = role_name ? auth::parse_role(*role_name) : std::nullopt;
  if (role_name && !role) {
    members.error("role", "must be one of admin, practitioner, reception, auditor");
  }
  const auto clinic_ids = read_own_clinic_ids(*body, members, caller);
  if (!errors.empty()) return http::problem_from(invalid(std::move(errors)).error());
  auto user = auth::make_user(*username, *role, *password, new_id(), now());
  if (!user) return http::problem_from(user.error());
  return create_idempotently(
      store, request, caller, "POST /api/v1/users", [&](Work& work) -> Result<http::Response> {
        if (auto inserted = work.tx.insert_user(*user, *clinic_ids); !inserted) {
          return std::unexpected(inserted.error());
        }
        work.audit("user.create", "user", user->id);
        return json_reply(201, to_json(*user, *clinic_ids))
            .with_header("Location", "/api/v1/users/" + user->id);
      });
}

http::Response list_users(store::Store& store, const http::Request& request, const Caller& caller) {
  const auto page = read_page_request(request);
  if (!page) return http::problem_from(page.error());
  return handle(store, request, caller, store::TransactionMode::kRead,
                [&](Work& work) -> Result<http::Response> {
                  auto users = work.tx.list_users();
                  if (!users) return std::unexpected(users.error());
                  Json items = Json::array();
                  for (const auto& user : *users) {
                    auto shared = clinics_shared_with(caller, work.tx.user_clinic_ids(user.id));
                    if (!shared) return std::unexpected(shared.error());
                    if (!shared->empty()) items.push_back(to_json(user, *shared));
                  }
                  return json_reply(200, page_of(std::move(items), *page));
                });
}

// Signs a user out everywhere (a lost laptop, a colleague who left).
http::Response revoke_sessions(store::Store& store, const http::Request& request,
                               const Caller& caller) {
  const std::string& id = request.path_params.at("id");
  return handle(store, request, caller, store::TransactionMode::kWrite,
                [&](Work& work) -> Result<http::Response> {
                  auto shared = clinics_shared_with(caller, work.tx.user_clinic_ids(id));
                  if (!shared) return std::unexpected(shared.error());
                  if (shared->empty()) return fail(ErrorCode::kNotFound, "No user with this id.");
                  auto count = work.tx.delete_sessions_of_user(id);
                  if (!count) return std::unexpected(count.error());
                  work.audit("user.sessions.revoke", "user", id);
                  return json_reply(200, Json{{"ended_sessions", *count}});
                });
}

http::Response get_user(store::Store& store, const http::Request& request, const Caller& caller) {
  return handle(store, request, caller, store::TransactionMode::kRead,
                [&](Work& work) -> Result<http::Response> {
                  auto found = find_managed_user(work.tx, caller, request.path_params.at("id"));
                  if (!found) return std::unexpected(found.error());
                  return user_reply(200, found->first, found->second);
                });
}

// A merge patch of role, clinic_ids and active (only false: deactivation is for good).
Result<practice::AccountChange> read_account_change(const Json& body, const Caller& caller) {
  std::vector<FieldError> errors;
  Members members(body, "", errors);
  members.refuse_unknown({"role", "clinic_ids", "active"},
                         {"id", "username", "created_at", "deactivated_at", "must_change_password",
                          "version", "password"});
  practice::AccountChange change;
  if (const auto role_name = members.string("role", false)) {
    change.role = auth::parse_role(*role_name);
    if (!change.role)
      members.error("role", "must be one of admin, practitioner, reception, auditor");
  }
  if (members.has("clinic_ids")) change.clinic_ids = read_own_clinic_ids(body, members, caller);
  if (members.has("active")) {
    const Json& active = body["active"];
    if (!active.is_boolean() || active.get<bool>()) {
      members.error("active", "can only be false: a deactivated account stays deactivated");
    } else {
      change.deactivate = true;
    }
  }
  if (!errors.empty()) return invalid(std::move(errors));
  return change;
}

http::Response update_user(store::Store& store, const http::Request& request,
                           const Caller& caller) {
  auto body = parse_json_object(request, /*accept_merge_patch=*/true);
  if (!body) return body.error();
  auto change = read_account_change(*body, caller);
  if (!change) return http::problem_from(change.error());
  return handle(store, request, caller, store::TransactionMode::kWrite,
                [&](Work& work) -> Result<http::Response> {
                  auto found = find_managed_user(work.tx, caller, request.path_params.at("id"));
                  if (!found) return std::unexpected(found.error());
                  const auth::User& user = found->first;
                  if (auto refused = check_if_match(request, user.version)) return *refused;
                  // The admin names only their own clinics; the account keeps those the admin
                  // cannot see.
                  if (change->clinic_ids) {
                    auto all = work.tx.user_clinic_ids(user.id);
                    if (!all) return std::unexpected(all.error());
                    for (const auto& id : *all) {
                      if (!caller.sees_clinic(id)) change->clinic_ids->push_back(id);
                    }
                    std::sort(change->clinic_ids->begin(), change->clinic_ids->end());
                  }
                  auto outcome = practice::change_account(work.tx, user, *change, now());
                  if (!outcome) return std::unexpected(outcome.error());
                  if (outcome->refused) return refusal_reply(*outcome->refused);
                  if (outcome->user.version == user.version)
                    return user_reply(200, user, found->second);
                  work.audit(change->deactivate ? "user.deactivate" : "user.update", "user",
                             user.id);
                  auto shared = clinics_shared_with(caller, work.tx.user_clinic_ids(user.id));
                  if (!shared) return std::unexpected(shared.error());
                  return user_reply(200, outcome->user, *shared);
                });
}

// An admin gives a temporary password to someone who forgot theirs; they must replace it at
// their next sign-in, and every session of theirs ends now.
http::Response reset_password(store::Store& store, const http::Request& request,
                              const Caller& caller) {
  auto body = parse_json_object(request);
  if (!body) return body.error();
  std::vector<FieldError> errors;
  Members members(*body, "", errors);
  members.refuse_unknown({"password"});
  const auto password = members.string("password", true);
  if (!errors.empty()) return http::problem_from(invalid(std::move(errors)).error());
  // Hashed before the transaction: the hash takes a while, and writers take turns.
  auto hash = auth::hash_password(*password);
  if (!hash) return http::problem_from(hash.error());
  return handle(store, request, caller, store::TransactionMode::kWrite,
                [&](Work& work) -> Result<http::Response> {
                  auto found = find_managed_user(work.tx, caller, request.path_params.at("id"));
                  if (!found) return std::unexpected(found.error());
                  const auth::User& user = found->first;
                  if (auto allowed = auth::check_password_policy(*password, user.username);
                      !allowed) {
                    return std::unexpected(allowed.error());
                  }
                  auto outcome = practice::reset_password(work.tx, user, *hash);
                  if (!outcome) return std::unexpected(outcome.error());
                  if (outcome->refused) return refusal_reply(*outcome->refused);
                  work.audit("user.password.reset", "user", user.id);
                  return user_reply(200, outcome->user, found->second);
                });
}

}  // namespace

Result<std::vector<std::string>> clinics_shared_with(const Caller& admin,
                                                     Result<std::vector<std::string>> clinic_ids) {
  if (!clinic_ids) return clinic_ids;
  std::erase_if(*clinic_ids, [&](const std::string& id) { return !admin.sees_clinic(id); });
  return clinic_ids;
}

std::optional<std::vector<std::string>> read_own_clinic_ids(const Json& body, Members& members,
                                                            const Caller& caller) {
  if (!members.has("clinic_ids")) return caller.clinic_ids;
  const Json& given = body["clinic_ids"];
  if (!given.is_array() || given.empty()) {
    members.error("clinic_ids", "must be a non-empty array of clinic ids");
    return std::nullopt;
  }
  std::vector<std::string> clinic_ids;
  for (const Json& id : given) {
    if (!id.is_string() || !caller.sees_clinic(id.get<std::string>())) {
      members.error("clinic_ids", "names a clinic that is not yours");
      return std::nullopt;
    }
    clinic_ids.push_back(id.get<std::string>());
  }
  std::sort(clinic_ids.begin(), clinic_ids.end());
  clinic_ids.erase(std::unique(clinic_ids.begin(), clinic_ids.end()), clinic_ids.end());
  return clinic_ids;
}

void add_user_routes(http::Router& router, const Gate& gate, const http::RouteOptions& limits) {
  store::Store& store = gate.store();
  gate.add(router, "POST", "/api/v1/users", with_store(store, create_user), limits);
  gate.add(router, "GET", "/api/v1/users", with_store(store, list_users), limits);
  gate.add(router, "GET", "/api/v1/users/{id}", with_store(store, get_user), limits);
  gate.add(router, "PATCH", "/api/v1/users/{id}", with_store(store, update_user), limits);
  gate.add(router, "POST", "/api/v1/users/{id}/password-reset", with_store(store, reset_password),
           limits);
  gate.add(router, "DELETE", "/api/v1/users/{id}/sessions", with_store(store, revoke_sessions),
           limits);
}

}  // namespace mesoclinic::api
