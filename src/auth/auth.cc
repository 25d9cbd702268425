#include "auth/auth.h"

#include <sodium.h>

#include <algorithm>
#include <array>

#include "core/ids.h"
#include "core/text.h"

namespace mesoclinic::auth {
namespace {

// OWASP's argon2id minimum: 19 MiB of memory, 2 iterations, 1 lane (libsodium's only).
constexpr unsigned long long kOpsLimit = 2;
constexpr std::size_t kMemLimit = 19 * 1024 * 1024;

constexpr std::array<std::pair<Role, std::string_view>, 4> kRoleNames = {{
    {Role::kAdmin, "admin"},
    {Role::kPractitioner, "practitioner"},
    {Role::kReception, "reception"},
    {Role::kAuditor, "auditor"},
}};

}  // namespace

std::string_view to_string(Role role) {
  for (const auto& [value, name] : kRoleNames) {
    if (value == role) return name;
  }
  return "reception";
}

std::optional<Role> parse_role(std::string_view text) {
  for (const auto& [value, name] : kRoleNames) {
    if (name == text) return value;
  }
  return std::nullopt;
}

std::string normalize_username(std::string_view typed) {
  std::string name;
  for (const char c : typed) {
    name += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return name;
}

Result<void> check_username(std::string_view username) {
  const bool ok =
      username.size() >= 3 && username.size() <= 64 &&
      std::all_of(username.begin(), username.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
      });
  if (ok) return {};
  return invalid({{"/username", "must be 3 to 64 characters of a-z, 0-9, '.', '_' or '-'"}});
}

Result<void> check_password_policy(std::string_view password, std::string_view username) {
  if (!is_valid_utf8(password)) return invalid({{"/password", "must be valid UTF-8 text"}});
  const std::size_t length = code_point_count(password);
  if (length < kMinPasswordLength) {
    return invalid({{"/password", "must be at least 12 characters; a few unrelated words work"}});
  }
  if (length > kMaxPasswordLength) {
    return invalid({{"/password", "must be at most 128 characters"}});
  }
  if (normalize_username(password) == username) {
    return invalid({{"/password", "must not be the username"}});
  }
  if (auto reason = why_guessable(password, username)) {
    return invalid({{"/password", "is too easy to guess: it " + *reason +
                                      "; a few unrelated words work better"}});
  }
  return {};
}

Result<User> make_user(std::string_view username, Role role, std::string_view password,
                       std::string id, Instant created_at) {
  User user{std::move(id), normalize_username(username), role, {}, created_at};
  std::vector<FieldError> errors;
  if (auto ok = check_username(user.username); !ok) errors = ok.error().fields;
  if (auto ok = check_password_policy(password, user.username); !ok) {
    errors.insert(errors.end(), ok.error().fields.begin(), ok.error().fields.end());
  }
  if (!errors.empty()) return invalid(std::move(errors));
  auto hash = hash_password(password);
  if (!hash) return std::unexpected(hash.error());
  user.password_hash = std::move(*hash);
  return user;
}

Result<std::string> hash_password(std::string_view password) {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), kOpsLimit, kMemLimit,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return fail(ErrorCode::kInternal, "not enough memory to hash a password");
  }
  return std::string(out);
}

bool verify_password(std::string_view password, const std::string& stored_hash) {
  return crypto_pwhash_str_verify(stored_hash.c_str(), password.data(), password.size()) == 0;
}

bool needs_rehash(const std::string& stored_hash) {
  return crypto_pwhash_str_needs_rehash(stored_hash.c_str(), kOpsLimit, kMemLimit) != 0;
}

void verify_dummy_password(std::string_view password) {
  static const std::string dummy = hash_password("a password nobody has").value_or("");
  verify_password(password, dummy);
}

std::chrono::seconds lockout_after(int consecutive_failures, int free_attempts) {
  constexpr std::chrono::seconds kLongest{15 * 60};
  if (consecutive_failures < free_attempts) return std::chrono::seconds{0};
  const int doublings = std::min(consecutive_failures - free_attempts, 10);
  return std::min(kLongest, std::chrono::seconds{1LL << doublings});
}

std::string new_api_token() { return std::string(kApiTokenPrefix) + new_token(); }

std::string new_token() {
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  char out[sodium_base64_ENCODED_LEN(sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(out, sizeof out, bytes, sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return out;
}

std::string token_hash(std::string_view token) { return sha256_hex(token); }

bool secrets_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace mesoclinic::auth
