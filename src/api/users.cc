// /api/v1/users: admins manage staff accounts of their own clinics.
#include "api/access.h"
#include "api/documents.h"
#include "api/handler.h"
#include "api/json_body.h"
#include "api/routes.h"
#include "core/ids.h"

namespace mesoclinic::api {
namespace {

Json to_json(const auth::User& user, const std::vector<std::string>& clinic_ids) {
  return Json{{"id", user.id},
              {"username", user.username},
              {"role", auth::to_string(user.role)},
              {"clinic_ids", clinic_ids},
              {"created_at", format_rfc3339(user.created_at)}};
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
  return handle(store, request, caller, store::TransactionMode::kWrite,
                [&](Work& work) -> Result<http::Response> {
                  if (auto inserted = work.tx.insert_user(*user, *clinic_ids); !inserted) {
                    return std::unexpected(inserted.error());
                  }
                  work.audit("user.create", "user", user->id);
                  return json_reply(201, to_json(*user, *clinic_ids))
                      .with_header("Location", "/api/v1/users/" + user->id);
                });
}

http::Response list_users(store::Store& store, const http::Request& request, const Caller& caller) {
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
                  return json_reply(200, Json{{"items", std::move(items)}});
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
  gate.add(router, "DELETE", "/api/v1/users/{id}/sessions", with_store(store, revoke_sessions),
           limits);
}

}  // namespace mesoclinic::api
