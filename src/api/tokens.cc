// /api/v1/tokens: admins issue API tokens for integrations. The token itself is in the reply
// to its creation and nowhere else, ever; listing shows what each token is for and whether it
// is still in force.
#include "api/access.h"
#include "api/json_body.h"
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

http::Response create_token(store::Store& store, const http::Request& request,
                            const Caller& caller) {
  auto body = parse_json_object(request);
  if (!body) return body.error();
  FieldReader reader(*body);
  reader.refuse_unknown({"name", "role", "clinic_ids", "expires_at"},
                        {"id", "token", "created_by", "created_at", "revoked_at"});
  const auto name = reader.string("name", true);
  if (name && (name->empty() || name->size() > 200 || !is_valid_utf8(*name) ||
               has_control_characters(*name))) {
    reader.add_error("name", "must be 1 to 200 characters of plain text");
  }
  const auto role_name = reader.string("role", true);
  // A token that could make accounts and more tokens would outlive every safeguard on
  // passwords and sessions; administration needs a person signed in.
  auth::Role role = auth::Role::kReception;
  bool role_allowed = false;
  if (const auto parsed = role_name ? auth::parse_role(*role_name) : std::nullopt) {
    role = *parsed;
    role_allowed = role != auth::Role::kAdmin;
  }
  if (role_name && !role_allowed) {
    reader.add_error("role", "must be one of practitioner, reception, auditor");
  }
  const auto clinic_ids = read_own_clinic_ids(*body, reader, caller);
  const Instant created_at = now();
  std::optional<Instant> expires_at;
  if (const auto given = reader.string("expires_at", false, true)) {
    auto parsed = parse_rfc3339(*given);
    if (!parsed) {
      reader.add_error("expires_at", "must be an RFC 3339 time such as 2027-01-31T00:00:00Z");
    } else if (*parsed <= created_at) {
      reader.add_error("expires_at", "must be in the future");
    } else {
      expires_at = *parsed;
    }
  }
  if (!reader.errors().empty() || !name || !role_allowed) {
    return http::problem_from(
        Error{ErrorCode::kInvalidInput, "The request has invalid fields.", reader.errors()});
  }

  const std::string secret = auth::new_api_token();
  auth::ApiToken token;
  token.id = new_id();
  token.name = *name;
  token.role = role;
  token.token_hash = auth::token_hash(secret);
  token.created_by = caller.user->id;
  token.created_at = created_at;
  token.expires_at = expires_at;
  auto saved = store::in_transaction(
      store, store::TransactionMode::kWrite, [&](store::Transaction& tx) -> Result<void> {
        if (auto inserted = tx.insert_api_token(token, *clinic_ids); !inserted) return inserted;
        auto audited =
            tx.append_audit(audit_entry(request, caller, "token.create", "api_token", token.id));
        if (!audited) return std::unexpected(audited.error());
        return {};
      });
  if (!saved) return http::problem_from(saved.error());
  Json reply = to_json(token, *clinic_ids);
  reply["token"] = secret;
  return json_reply(201, reply).with_header("Location", "/api/v1/tokens/" + token.id);
}

http::Response list_tokens(store::Store& store, const http::Request&, const Caller& caller) {
  Json items = Json::array();
  auto listed = store::in_transaction(
      store, store::TransactionMode::kRead, [&](store::Transaction& tx) -> Result<void> {
        auto tokens = tx.list_api_tokens();
        if (!tokens) return std::unexpected(tokens.error());
        for (const auto& token : *tokens) {
          auto shared = clinics_shared_with(caller, tx.api_token_clinic_ids(token.id));
          if (!shared) return std::unexpected(shared.error());
          if (!shared->empty()) items.push_back(to_json(token, *shared));
        }
        return {};
      });
  if (!listed) return http::problem_from(listed.error());
  return json_reply(200, Json{{"items", std::move(items)}});
}

// Takes effect at the token's next request: nothing caches it.
http::Response revoke_token(store::Store& store, const http::Request& request,
                            const Caller& caller) {
  const std::string& id = request.path_params.at("id");
  auto done = store::in_transaction(
      store, store::TransactionMode::kWrite, [&](store::Transaction& tx) -> Result<void> {
        auto shared = clinics_shared_with(caller, tx.api_token_clinic_ids(id));
        if (!shared) return std::unexpected(shared.error());
        if (shared->empty()) return fail(ErrorCode::kNotFound, "No API token with this id.");
        if (auto revoked = tx.revoke_api_token(id, now()); !revoked) return revoked;
        auto audited =
            tx.append_audit(audit_entry(request, caller, "token.revoke", "api_token", id));
        if (!audited) return std::unexpected(audited.error());
        return {};
      });
  if (!done) return http::problem_from(done.error());
  http::Response response;
  response.status = 204;
  response.content_type.clear();
  return response;
}

}  // namespace

void add_token_routes(http::Router& router, const Gate& gate, const http::RouteOptions& limits) {
  store::Store& store = gate.store();
  gate.add(router, "POST", "/api/v1/tokens", with_store(store, create_token), limits);
  gate.add(router, "GET", "/api/v1/tokens", with_store(store, list_tokens), limits);
  gate.add(router, "DELETE", "/api/v1/tokens/{id}", with_store(store, revoke_token), limits);
}

}  // namespace mesoclinic::api
