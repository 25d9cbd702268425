// The store's door for replies kept for Idempotency-Key replays: a POST repeated with the same
// key gets the first reply again instead of doing the work twice. Part of store::Transaction
// (store.h); a caller that needs only this area can take a Replies&.
#pragma once

#include <optional>
#include <string>

#include "core/result.h"
#include "core/time.h"

namespace mesoclinic::store {

// A stored reply to a POST made with an Idempotency-Key, replayed when the same key comes again.
struct IdempotentReply {
  std::string scope;  // e.g. "POST /api/v1/patients": keys are unique per scope
  std::string key;
  std::string request_hash;  // hex SHA-256 of the request body
  int status = 0;
  std::string location;  // Location header of the original reply, may be empty
  std::string body;
  Instant created_at{};
};

// Every method fails with kUnavailable when the database cannot be reached and kInternal on an
// unexpected database error.
class Replies {
 public:
  virtual ~Replies() = default;

  // The reply stored for (scope, key), if any.
  virtual Result<std::optional<IdempotentReply>> find_idempotent_reply(const std::string& scope,
                                                                       const std::string& key) = 0;
  // Fails with kConflict if a reply for (scope, key) exists already (a concurrent duplicate).
  virtual Result<void> save_idempotent_reply(const IdempotentReply& reply) = 0;
};

}  // namespace mesoclinic::store
