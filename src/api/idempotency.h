// Private to api/: POST with an Idempotency-Key. The first reply is stored in the same
// transaction as the change it reports, so a retried request (after a timeout or a crash)
// gets that reply again instead of creating a second record.
#pragma once

#include <functional>
#include <string>

#include "api/handler.h"
#include "http/http.h"
#include "store/store.h"

namespace mesoclinic::api {

// Runs `create` in the handler skeleton (a write transaction, its audit entries, the commit). With
// an Idempotency-Key header the reply is stored under (scope, key): the same key with the same body
// replays it (with header "Idempotent-Replayed: true"); the same key with another body gets 422; a
// malformed key 400. Replies are kept under the route and the request's concrete path.
http::Response create_idempotently(store::Store& store, const http::Request& request,
                                   const Caller& caller, const std::string& route_scope,
                                   const WorkHandler& create);

// Strong ETag for a record version, e.g. "\"3\"".
std::string etag_for(std::int64_t version);

// Reads If-Match against the current version: nullopt if it matches, otherwise the problem to
// send (428 when missing, 412 when stale).
std::optional<http::Response> check_if_match(const http::Request& request,
                                             std::int64_t current_version);
// The same against any current entity tag (with its quotes), e.g. a draft's.
std::optional<http::Response> check_if_match_tag(const http::Request& request,
                                                 const std::string& current);

}  // namespace mesoclinic::api
