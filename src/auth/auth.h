// Who may sign in and how: roles, users, password hashing and policy, session tokens. Pure
// values and functions (libsodium for the cryptography); storage and HTTP live elsewhere.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/time.h"

namespace mesoclinic::auth {

// The roles of DOMAIN.md "People and permissions".
enum class Role { kAdmin, kPractitioner, kReception, kAuditor };

std::string_view to_string(Role role);
std::optional<Role> parse_role(std::string_view text);

struct User {
  std::string id;
  std::string username;  // stored in lower case; sign-in ignores case
  Role role = Role::kReception;
  std::string password_hash;  // argon2id string from hash_password()
  Instant created_at{};
  // When an admin deactivated the account: it signs in no more, but stays, so the audit trail
  // and the charts it signed still name it.
  std::optional<Instant> deactivated_at{};
  // Set by an admin's password reset: until its owner picks a new password, their session may
  // only do that, read who is signed in, and sign out.
  bool must_change_password = false;
  std::int64_t version = 1;  // the account's ETag; every change adds one

  bool active() const { return !deactivated_at; }
  friend bool operator==(const User&, const User&) = default;
};

// A signed-in browser or client. Only the hash of the bearer token is ever stored.
struct Session {
  std::string token_hash;
  std::string user_id;
  std::string csrf_token;
  Instant created_at{};
  Instant last_seen_at{};
  std::string source_address;
};

// A credential for an integration (a lab system, a booking site): it acts in one role for the
// clinics it was given, with no password and no session. Shown once when created; only its
// hash is stored.
struct ApiToken {
  std::string id;
  std::string name;  // what it is for, e.g. "lab results import"
  Role role = Role::kReception;
  std::string token_hash;
  std::string created_by;  // the admin's user id
  Instant created_at{};
  std::optional<Instant> expires_at;
  std::optional<Instant> revoked_at;

  bool in_force(Instant at) const { return !revoked_at && (!expires_at || at < *expires_at); }
};

// API tokens start with this, so a leaked one is recognisable to secret scanners and people.
inline constexpr std::string_view kApiTokenPrefix = "mct_";
// A fresh API token (kApiTokenPrefix and 256 random bits); store only token_hash() of it.
std::string new_api_token();

inline constexpr std::size_t kMinPasswordLength = 12;   // code points
inline constexpr std::size_t kMaxPasswordLength = 128;  // code points

// Usernames are 3 to 64 characters of a-z, 0-9, '.', '_', '-' (after lower-casing).
std::string normalize_username(std::string_view typed);
Result<void> check_username(std::string_view username);

// Length limits, no composition rules, and not guessable (see why_guessable). Fails with
// kInvalidInput and a /password field error.
Result<void> check_password_policy(std::string_view password, std::string_view username);

// Why an attacker would guess `password` early (a listed common password, also with digits or
// symbols around it, look-alike characters or repeated; a repeated or sequential pattern; the
// username or the name of this system), or nullopt if none of that holds. `username` is
// already normalised.
std::optional<std::string> why_guessable(std::string_view password, std::string_view username);

// A new account: checks the username and the password policy (field errors /username,
// /password) and hashes the password. `id` and `created_at` are the caller's to give.
Result<User> make_user(std::string_view username, Role role, std::string_view password,
                       std::string id, Instant created_at);

// argon2id with at least 19 MiB of memory and 2 passes. Fails with kInternal if out of memory.
Result<std::string> hash_password(std::string_view password);
// Constant-time check of `password` against a stored hash.
bool verify_password(std::string_view password, const std::string& stored_hash);
// True if `stored_hash` was made with weaker limits than hash_password() uses now.
bool needs_rehash(const std::string& stored_hash);
// Burns the same time as a verify, for sign-in attempts with an unknown username.
void verify_dummy_password(std::string_view password);

// Sign-in throttling: a few free attempts, then a lock that doubles with each further failure,
// up to 15 minutes. Counted per account (guessing one password) and per source address
// (trying many accounts), the latter with more free attempts since a clinic's staff may share
// one address.
inline constexpr int kFreeAttemptsPerAccount = 5;
inline constexpr int kFreeAttemptsPerAddress = 20;
std::chrono::seconds lockout_after(int consecutive_failures, int free_attempts);

// A fresh random bearer token (256 bits, base64url) and the hash under which it is stored.
std::string new_token();
std::string token_hash(std::string_view token);
// Constant-time equality, for comparing secrets such as CSRF tokens.
bool secrets_equal(std::string_view a, std::string_view b);

}  // namespace mesoclinic::auth
