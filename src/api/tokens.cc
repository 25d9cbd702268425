// /api/v1/tokens: admins issue API tokens for integrations. The token itself is in the reply
// to its creation and nowhere else, ever; listing shows what each token is for and whether it
// is still in force.
#include "api/access.h"
#include "api/documents.h"
#include "api/handler.h"
#include "api/json_body.h"
#include "api/paging.h"
#include "api/routes.h"
#include "core/ids.h"
#include "core/text.h"

namespace mesoclinic::api {
namespace {

Json to_json(const auth::ApiToken& token, const std::vector<std::string>& clinic_ids) {
  const auto optional_time = [](const std::optional<Instant>& when) {
    return when ? Json(format_rfc3339(*when)) : Json(nullptr);
  };
  return Json{{"id", token.id},
              {"name", token.name},
              {"role", auth::to_string(token.role)},
              {"clinic_ids", clinic_ids},
              {"created_by", token.created_by},
              {"created_at", format_rfc3339(token.created_at)},
              {"expires_at", optional_time(token.expires_at)},
              {"revoked_at", optional_time(token.revoked_at)}};
}

// A token as the request asks for it, before its secret is made.
Result<std::pair<auth::ApiToken, std::vector<std::string>>> read_token(const Json& body,
                                                                       const Caller& caller,
                                                                       Instant created_at) {
  std::vector<FieldError> errors;
  Members members(body, "", errors);
  members.refuse_unknown({"name", "role", "clinic_ids", "expires_at"},
                         {"id", "token", "created_by", "created_at", "revoked_at"});
  const auto name = members.name("name", true);
  if (name && (name->empty() || name->size() > 200 || !is_valid_utf8(*name) ||
               has_control_characters(*name))) {
    members.error("name", "must be 1 to 200 characters of plain text");
  }
  const auto role_name = members.string("role", true);
  // A token that could make accounts and more tokens would outlive every safeguard on
  // passwords and sessions; administration needs a person signed in.
  auth::Role role = auth::Role::kReception;
  bool role_allowed = false;
  if (const auto parsed = role_name ? auth::parse_role(*role_name) : std::nullopt) {
    role = *parsed;
    role_allowed = role != auth::Role::kAdmin;
  }
  if (role_name && !role_allowed) {
    members.error("role", "must be one of practitioner, reception, auditor");
  }
  auto clinic_ids = read_own_clinic_ids(body, members, caller);
  std::optional<Instant> expires_at;
  if (const auto given = members.string("expires_at", false, true)) {
    auto parsed = parse_rfc3339(*given);
    if (!parsed) {
      members.error("expires_at", "must be an RFC 3339 time such as 2027-01-31T00:00:00Z");
    } else if (*parsed <= created_at) {
      members.error("expires_at", "must be in the future");
    } else {
      expires_at = *parsed;
    }
  }
  if (!errors.empty() || !name || !role_allowed) return invalid(std::move(errors));
  auth::ApiToken token;
  token.name = *name;
  token.role = role;
  token.created_at = created_at;
  token.expires_at = expires_at;
  return std::pair{std::move(token), std::move(*clinic_ids)};
}

http::Response create_token(store::Store& store, const http::Request& request,
                            const Caller& caller) {
  auto body = parse_json_object(request);
  if (!body) return body.error();
  auto asked = read_token(*body, caller, now());
  if (!asked) return http::problem_from(asked.error());
  auto& [token, clinic_ids] = *asked;
  const std::string secret = auth::new_api_token();
  token.id = new_id();
  token.token_hash = auth::token_hash(secret);
  token.created_by = caller.user->id;
  return handle(store, request, caller, store::TransactionMode::kWrite,
                [&](Work& work) -> Result<http::Response> {
                  if (auto inserted = work.tx.insert_api_token(token, clinic_ids); !inserted) {
                    return std::unexpected(inserted.error());
                  }
                  work.audit("token.create", "api_token", token.id);
                  Json reply = to_json(token, clinic_ids);
                  reply["token"] = secret;
                  // No Location: a token is never read back by id (its secret is shown this once);
                  // it appears in GET /api/v1/tokens.
                  return json_reply(201, reply);
                });
}

http::Response list_tokens(store::Store& store, const http::Request& request,
                           const Caller& caller) {
  const auto page = read_page_request(request);
  if (!page) return http::problem_from(page.error());
  return handle(store, request, caller, store::TransactionMode::kRead,
                [&](Work& work) -> Result<http::Response> {
                  auto tokens = work.tx.list_api_tokens();
                  if (!tokens) return std::unexpected(tokens.error());
                  Json items = Json::array();
                  for (const auto& token : *tokens) {
                    auto shared =
                        clinics_shared_with(caller, work.tx.api_token_clinic_ids(token.id));
                    if (!shared) return std::unexpected(shared.error());
                    if (!shared->empty()) items.push_back(to_json(token, *shared));
                  }
                  return json_reply(200, page_of(std::move(items), *page));
                });
}

// Takes effect at the token's next request: nothing caches it.
http::Response revoke_token(store::Store& store, const http::Request& request,
                            const Caller& caller) {
  const std::string& id = request.path_params.at("id");
  return handle(store, request, caller, store::TransactionMode::kWrite,
                [&](Work& work) -> Result<http::Response> {
                  auto shared = clinics_shared_with(caller, work.tx.api_token_clinic_ids(id));
                  if (!shared) return std::unexpected(shared.error());
                  if (shared->empty()) {
                    return fail(ErrorCode::kNotFound, "No API token with this id.");
                  }
                  if (auto revoked = work.tx.revoke_api_token(id, now()); !revoked) {
                    return std::unexpected(revoked.error());
                  }
                  work.audit("token.revoke", "api_token", id);
                  http::Response response;
                  response.status = 204;
                  response.content_type.clear();
                  return response;
                });
}

}  // namespace

void add_token_routes(http::Router& router, const Gate& gate, const http::RouteOptions& limits) {
  store::Store& store = gate.store();
  gate.add(router, "POST", "/api/v1/tokens", with_store(store, create_token), limits);
  gate.add(router, "GET", "/api/v1/tokens", with_store(store, list_tokens), limits);
  gate.add(router, "DELETE", "/api/v1/tokens/{id}", with_store(store, revoke_token), limits);
}

}  // namespace mesoclinic::api
