// Private to api/: what the gate last read of each signed-in session and API token, so a busy
// user's requests do not each read their session, user and clinics again. An entry holds only
// while the store's accounts generation (Store::accounts_generation) stands where it was when
// the entry was read: any sign-out, deactivation, role, clinic or token change, by this server,
// another one or the command line, moves it on and every entry is read afresh.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "api/access.h"
#include "auth/auth.h"

namespace mesoclinic::api {

class SessionCache {
 public:
  struct Entry {
    Caller caller;
    std::optional<auth::Session> session;  // for a session cookie
    std::optional<auth::ApiToken> token;   // for an API token
    std::int64_t generation = 0;           // the accounts generation read before reading these
  };

  // The entry kept for `key` if it was read under `generation`.
  std::optional<Entry> find(const std::string& key, std::int64_t generation) const;
  void keep(const std::string& key, Entry entry);

 private:
  // Bounds memory under many sessions: past this many, everything is dropped and read again.
  static constexpr std::size_t kMaxEntries = 10'000;

  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace mesoclinic::api
