// The store's door for who may sign in and how: users and their clinics, sessions, API tokens
// and the sign-in throttle. Part of store::Transaction (store.h); a caller that needs only this
// area can take an Accounts&.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "auth/auth.h"
#include "core/result.h"
#include "core/time.h"

namespace mesoclinic::store {

// Every method fails with kUnavailable when the database cannot be reached and kInternal on an
// unexpected database error.
class Accounts {
 public:
  virtual ~Accounts() = default;

  // Fails with kConflict if the username is taken, kInvalidInput if a clinic does not exist.
  virtual Result<void> insert_user(const auth::User& user,
                                   const std::vector<std::string>& clinic_ids) = 0;
  // `username` already normalised (auth::normalize_username).
  virtual Result<std::optional<auth::User>> find_user_by_username(const std::string& username) = 0;
  virtual Result<std::optional<auth::User>> find_user(const std::string& id) = 0;
  // Every user, by username.
  virtual Result<std::vector<auth::User>> list_users() = 0;
  virtual Result<void> update_password_hash(const std::string& user_id,
                                            const std::string& password_hash) = 0;
  // The clinics whose patients the user may see, sorted.
  virtual Result<std::vector<std::string>> user_clinic_ids(const std::string& user_id) = 0;
  // Saves the role, password hash, must_change_password, deactivated_at and version of `user`
  // (username and created_at never change) if the stored version is still `expected_version`;
  // fails with kNotFound if there is no such user, kPreconditionFailed if it changed meanwhile.
  virtual Result<void> update_user(const auth::User& user, std::int64_t expected_version) = 0;
  // Makes `clinic_ids` the user's clinics; fails with kInvalidInput if a clinic does not exist.
  virtual Result<void> replace_user_clinics(const std::string& user_id,
                                            const std::vector<std::string>& clinic_ids) = 0;
  // The ids of the active admins, sorted, locked until the transaction ends: two admins
  // demoting or deactivating each other at once cannot both see the other still active.
  virtual Result<std::vector<std::string>> lock_active_admins() = 0;
  // Lets the user work in one more clinic (nothing changes if they do already); kInvalidInput
  // if the user or the clinic does not exist.
  virtual Result<void> add_user_clinic(const std::string& user_id,
                                       const std::string& clinic_id) = 0;

  virtual Result<void> insert_session(const auth::Session& session) = 0;
  virtual Result<std::optional<auth::Session>> find_session(const std::string& token_hash) = 0;
  virtual Result<void> touch_session(const std::string& token_hash, Instant when) = 0;
  virtual Result<void> delete_session(const std::string& token_hash) = 0;
  // Signs the user out everywhere; returns how many sessions ended.
  virtual Result<std::int64_t> delete_sessions_of_user(const std::string& user_id) = 0;
  // Signs the user out everywhere but the session stored under `kept_token_hash`; returns how
  // many sessions ended.
  virtual Result<std::int64_t> delete_other_sessions(const std::string& user_id,
                                                     const std::string& kept_token_hash) = 0;

  // Fails with kInvalidInput if a clinic does not exist.
  virtual Result<void> insert_api_token(const auth::ApiToken& token,
                                        const std::vector<std::string>& clinic_ids) = 0;
  // Revoked and expired tokens are found too; the caller checks in_force().
  virtual Result<std::optional<auth::ApiToken>> find_api_token_by_hash(
      const std::string& token_hash) = 0;
  // Every token, newest first.
  virtual Result<std::vector<auth::ApiToken>> list_api_tokens() = 0;
  // The clinics whose patients the token may see, sorted.
  virtual Result<std::vector<std::string>> api_token_clinic_ids(const std::string& token_id) = 0;
  // Marks the token revoked at `when` (a token revoked already keeps its first time).
  virtual Result<void> revoke_api_token(const std::string& id, Instant when) = 0;
  // Revokes at `when` every token in force that `user_id` issued; returns how many.
  virtual Result<std::int64_t> revoke_api_tokens_issued_by(const std::string& user_id,
                                                           Instant when) = 0;

  // Consecutive failed sign-ins under `key` and until when it is locked (0 and the epoch if
  // none).
  virtual Result<std::pair<int, Instant>> find_sign_in_failures(const std::string& key) = 0;
  virtual Result<void> save_sign_in_failures(const std::string& key, int failures,
                                             Instant locked_until) = 0;
  virtual Result<void> clear_sign_in_failures(const std::string& key) = 0;
};

}  // namespace mesoclinic::store
