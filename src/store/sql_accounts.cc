// Users, sessions, API tokens and the sign-in throttle (store/accounts.h) over SQL.
#include "store/sql_transaction.h"

namespace mesoclinic::store::internal {
namespace {

// Users and tokens keep "never" (active, no expiry, not revoked) as 0, not NULL.
Instant zero_if_none(const std::optional<Instant>& when) { return when.value_or(Instant{}); }
std::optional<Instant> none_if_zero(Instant when) {
  return when == Instant{} ? std::nullopt : std::optional(when);
}

struct UserRow {
  static constexpr std::string_view kSelect =
      "SELECT id, username, role, password_hash, created_at, deactivated_at, "
      "must_change_password, version FROM users";
  auth::User value;
  std::string role;
  Instant deactivated_at{};
  int must_change_password = 0;
  long long version = 0;
  void into(Query& query) {
    query.into(value.id, value.username, role, value.password_hash, value.created_at,
               deactivated_at, must_change_password, version);
  }
  Result<void> finish() {
    const auto parsed = auth::parse_role(role);
    if (!parsed) return fail(ErrorCode::kInternal, "the stored user " + value.id + " has no role");
    value.role = *parsed;
    value.deactivated_at = none_if_zero(deactivated_at);
    value.must_change_password = must_change_password != 0;
    value.version = version;
    return {};
  }
};

struct SessionRow {
  static constexpr std::string_view kSelect =
      "SELECT token_hash, user_id, csrf_token, created_at, last_seen_at, source_address FROM "
      "sessions";
  auth::Session value;
  void into(Query& query) {
    query.into(value.token_hash, value.user_id, value.csrf_token, value.created_at,
               value.last_seen_at, value.source_address);
  }
};

struct ApiTokenRow {
  static constexpr std::string_view kSelect =
      "SELECT id, name, role, token_hash, created_by, created_at, expires_at, revoked_at FROM "
      "api_tokens";
  auth::ApiToken value;
  std::string role;
  Instant expires_at{}, revoked_at{};
  void into(Query& query) {
    query.into(value.id, value.name, role, value.token_hash, value.created_by, value.created_at,
               expires_at, revoked_at);
  }
  Result<void> finish() {
    const auto parsed = auth::parse_role(role);
    if (!parsed) return fail(ErrorCode::kInternal, "the stored token " + value.id + " has no role");
    value.role = *parsed;
    value.expires_at = none_if_zero(expires_at);
    value.revoked_at = none_if_zero(revoked_at);
    return {};
  }
};

// The clinics a user or a token may see.
struct ClinicIdRow {
  std::string value;
  void into(Query& query) { query.into(value); }
};
struct UserClinicRow : ClinicIdRow {
  static constexpr std::string_view kSelect = "SELECT clinic_id FROM user_clinics";
};
struct TokenClinicRow : ClinicIdRow {
  static constexpr std::string_view kSelect = "SELECT clinic_id FROM api_token_clinics";
};

struct UserIdRow {
  static constexpr std::string_view kSelect = "SELECT id FROM users";
  std::string value;
  void into(Query& query) { query.into(value); }
};

struct SignInFailuresRow {
  static constexpr std::string_view kSelect = "SELECT failures, locked_until FROM sign_in_failures";
  std::pair<int, Instant> value;
  void into(Query& query) { query.into(value.first, value.second); }
};

// Links `clinic_ids` to the owner in `table` (user_clinics or api_token_clinics; our own names,
// never input). Throws what SOCI throws.
void link_clinics(soci::session& session, std::string_view table, std::string_view owner_column,
                  const std::string& owner_id, const std::vector<std::string>& clinic_ids) {
  for (const auto& clinic_id : clinic_ids) {
    Query link(session);
    link.bind({{"owner_id", owner_id}, {"clinic_id", clinic_id}});
    link.run("INSERT INTO " + std::string(table) + " (" + std::string(owner_column) +
             ", clinic_id) VALUES (:owner_id, :clinic_id)");
  }
}

}  // namespace

Result<void> SqlTransaction::insert_user(const auth::User& user,
                                         const std::vector<std::string>& clinic_ids) {
  return guarded("saving a user", [&]() -> Result<void> {
    if (count_where("users", "username", user.username) > 0) {
      return fail(ErrorCode::kNameTaken, "the username " + user.username + " is taken");
    }
    for (const auto& clinic_id : clinic_ids) {
      if (!exists("clinics", clinic_id)) return invalid({{"/clinic_ids", "names no clinic"}});
    }
    run("INSERT INTO users (id, username, role, password_hash, created_at, deactivated_at, "
        "must_change_password, version) VALUES (:id, :username, :role, :password_hash, "
        ":created_at, :deactivated_at, :must_change_password, :version)",
        {{"id", user.id},
         {"username", user.username},
         {"role", std::string(auth::to_string(user.role))},
         {"password_hash", user.password_hash},
         {"created_at", user.created_at},
         {"deactivated_at", zero_if_none(user.deactivated_at)},
         {"must_change_password", static_cast<long long>(user.must_change_password ? 1 : 0)},
         {"version", static_cast<long long>(user.version)}});
    link_clinics(session_, "user_clinics", "user_id", user.id, clinic_ids);
    return {};
  });
}

Result<std::optional<auth::User>> SqlTransaction::find_user_by_username(
    const std::string& username) {
  return one<UserRow>("reading a user", "username = :username", {{"username", username}});
}

Result<std::optional<auth::User>> SqlTransaction::find_user(const std::string& id) {
  return one<UserRow>("reading a user", "id = :id", {{"id", id}});
}

Result<std::vector<auth::User>> SqlTransaction::list_users() {
  return rows<UserRow>("listing users", "1 = 1 ORDER BY username");
}

Result<void> SqlTransaction::update_password_hash(const std::string& user_id,
                                                  const std::string& password_hash) {
  return write("updating a password",
               "UPDATE users SET password_hash = :password_hash WHERE id = :id",
               {{"password_hash", password_hash}, {"id", user_id}});
}

Result<std::vector<std::string>> SqlTransaction::user_clinic_ids(const std::string& user_id) {
  return rows<UserClinicRow>("reading a user's clinics", "user_id = :id ORDER BY clinic_id",
                             {{"id", user_id}});
}

Result<void> SqlTransaction::update_user(const auth::User& user, std::int64_t expected_version) {
  return guarded("updating a user", [&]() -> Result<void> {
    const long long changed =
        run("UPDATE users SET role = :role, password_hash = :password_hash, deactivated_at = "
            ":deactivated_at, must_change_password = :must_change_password, version = :version "
            "WHERE id = :id AND version = :expected_version",
            {{"role", std::string(auth::to_string(user.role))},
             {"password_hash", user.password_hash},
             {"deactivated_at", zero_if_none(user.deactivated_at)},
             {"must_change_password", static_cast<long long>(user.must_change_password ? 1 : 0)},
             {"version", static_cast<long long>(user.version)},
             {"id", user.id},
             {"expected_version", static_cast<long long>(expected_version)}});
    if (changed == 1) return {};
    if (!exists("users", user.id)) return fail(ErrorCode::kNotFound, "No user with this id.");
    return fail(ErrorCode::kPreconditionFailed,
                "The account was changed by someone else meanwhile; read it again.");
  });
}

Result<void> SqlTransaction::replace_user_clinics(const std::string& user_id,
                                                  const std::vector<std::string>& clinic_ids) {
  return guarded("changing a user's clinics", [&]() -> Result<void> {
    for (const auto& clinic_id : clinic_ids) {
      if (!exists("clinics", clinic_id)) return invalid({{"/clinic_ids", "names no clinic"}});
    }
    run("DELETE FROM user_clinics WHERE user_id = :user_id", {{"user_id", user_id}});
    link_clinics(session_, "user_clinics", "user_id", user_id, clinic_ids);
    return {};
  });
}

Result<void> SqlTransaction::add_user_clinic(const std::string& user_id,
                                             const std::string& clinic_id) {
  return guarded("adding a clinic to a user", [&]() -> Result<void> {
    if (!exists("users", user_id) || !exists("clinics", clinic_id)) {
      return fail(ErrorCode::kInvalidInput, "no such user or clinic");
    }
    // Both engines take the same ON CONFLICT DO NOTHING.
    run("INSERT INTO user_clinics (user_id, clinic_id) VALUES (:user_id, :clinic_id) ON CONFLICT "
        "DO NOTHING",
        {{"user_id", user_id}, {"clinic_id", clinic_id}});
    return {};
  });
}

Result<std::vector<std::string>> SqlTransaction::lock_active_admins() {
  // SQLite has no FOR UPDATE and needs none: its writers take turns (BEGIN IMMEDIATE). On
  // PostgreSQL a second transaction waits here for the first to commit, then sees its change.
  const std::string lock = engine_ == Engine::kPostgres ? " FOR UPDATE" : "";
  return rows<UserIdRow>("reading the active admins",
                         "role = :role AND deactivated_at = 0 ORDER BY id" + lock,
                         {{"role", std::string(auth::to_string(auth::Role::kAdmin))}});
}

Result<void> SqlTransaction::insert_session(const auth::Session& session) {
  return write("saving a session",
               "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, "
               "source_address) VALUES (:token_hash, :user_id, :csrf_token, :created_at, "
               ":last_seen_at, :source_address)",
               {{"token_hash", session.token_hash},
                {"user_id", session.user_id},
                {"csrf_token", session.csrf_token},
                {"created_at", session.created_at},
                {"last_seen_at", session.last_seen_at},
                {"source_address", session.source_address}});
}

Result<std::optional<auth::Session>> SqlTransaction::find_session(const std::string& token_hash) {
  return one<SessionRow>("reading a session", "token_hash = :token_hash",
                         {{"token_hash", token_hash}});
}

Result<void> SqlTransaction::touch_session(const std::string& token_hash, Instant when) {
  return write("refreshing a session",
               "UPDATE sessions SET last_seen_at = :when WHERE token_hash = :token_hash",
               {{"when", when}, {"token_hash", token_hash}});
}

Result<void> SqlTransaction::delete_session(const std::string& token_hash) {
  return write("ending a session", "DELETE FROM sessions WHERE token_hash = :token_hash",
               {{"token_hash", token_hash}});
}

Result<std::int64_t> SqlTransaction::delete_sessions_of_user(const std::string& user_id) {
  auto ended = execute("ending a user's sessions", "DELETE FROM sessions WHERE user_id = :user_id",
                       {{"user_id", user_id}});
  if (!ended) return std::unexpected(ended.error());
  return static_cast<std::int64_t>(*ended);
}

Result<std::int64_t> SqlTransaction::delete_other_sessions(const std::string& user_id,
                                                           const std::string& kept_token_hash) {
  auto ended = execute("ending a user's other sessions",
                       "DELETE FROM sessions WHERE user_id = :user_id AND token_hash <> :kept",
                       {{"user_id", user_id}, {"kept", kept_token_hash}});
  if (!ended) return std::unexpected(ended.error());
  return static_cast<std::int64_t>(*ended);
}

Result<void> SqlTransaction::insert_api_token(const auth::ApiToken& token,
                                              const std::vector<std::string>& clinic_ids) {
  return guarded("saving an API token", [&]() -> Result<void> {
    for (const auto& clinic_id : clinic_ids) {
      if (!exists("clinics", clinic_id)) return invalid({{"/clinic_ids", "names no clinic"}});
    }
    run("INSERT INTO api_tokens (id, name, role, token_hash, created_by, created_at, "
        "expires_at, revoked_at) VALUES (:id, :name, :role, :token_hash, :created_by, "
        ":created_at, :expires_at, :revoked_at)",
        {{"id", token.id},
         {"name", token.name},
         {"role", std::string(auth::to_string(token.role))},
         {"token_hash", token.token_hash},
         {"created_by", token.created_by},
         {"created_at", token.created_at},
         {"expires_at", zero_if_none(token.expires_at)},
         {"revoked_at", zero_if_none(token.revoked_at)}});
    link_clinics(session_, "api_token_clinics", "token_id", token.id, clinic_ids);
    return {};
  });
}

Result<std::optional<auth::ApiToken>> SqlTransaction::find_api_token_by_hash(
    const std::string& token_hash) {
  return one<ApiTokenRow>("reading an API token", "token_hash = :token_hash",
                          {{"token_hash", token_hash}});
}

Result<std::vector<auth::ApiToken>> SqlTransaction::list_api_tokens() {
  return rows<ApiTokenRow>("listing API tokens", "1 = 1 ORDER BY created_at DESC, id");
}

Result<std::vector<std::string>> SqlTransaction::api_token_clinic_ids(const std::string& token_id) {
  return rows<TokenClinicRow>("reading an API token's clinics", "token_id = :id ORDER BY clinic_id",
                              {{"id", token_id}});
}

Result<void> SqlTransaction::revoke_api_token(const std::string& id, Instant when) {
  return write("revoking an API token",
               "UPDATE api_tokens SET revoked_at = :when WHERE id = :id AND revoked_at = 0",
               {{"when", when}, {"id", id}});
}

Result<std::int64_t> SqlTransaction::revoke_api_tokens_issued_by(const std::string& user_id,
                                                                 Instant when) {
  auto revoked = execute("revoking a user's API tokens",
                         "UPDATE api_tokens SET revoked_at = :when WHERE created_by = :user_id "
                         "AND revoked_at = 0",
                         {{"when", when}, {"user_id", user_id}});
  if (!revoked) return std::unexpected(revoked.error());
  return static_cast<std::int64_t>(*revoked);
}

Result<std::pair<int, Instant>> SqlTransaction::find_sign_in_failures(const std::string& key) {
  auto found =
      one<SignInFailuresRow>("reading sign-in failures", "throttle_key = :key", {{"key", key}});
  if (!found) return std::unexpected(found.error());
  return found->value_or(std::pair{0, Instant{}});
}

Result<void> SqlTransaction::save_sign_in_failures(const std::string& key, int failures,
                                                   Instant locked_until) {
  return guarded("saving sign-in failures", [&]() -> Result<void> {
    run("DELETE FROM sign_in_failures WHERE throttle_key = :key", {{"key", key}});
    run("INSERT INTO sign_in_failures (throttle_key, failures, locked_until) "
        "VALUES (:key, :failures, :locked_until)",
        {{"key", key},
         {"failures", static_cast<long long>(failures)},
         {"locked_until", locked_until}});
    return {};
  });
}

Result<void> SqlTransaction::clear_sign_in_failures(const std::string& key) {
  return write("clearing sign-in failures",
               "DELETE FROM sign_in_failures WHERE throttle_key = :key", {{"key", key}});
}

}  // namespace mesoclinic::store::internal
