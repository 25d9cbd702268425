// Private to api/: reading JSON request bodies strictly, so a malformed or hostile body is
// refused with field-level problems before any rule or query runs.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "http/http.h"

namespace mesoclinic::api {

using Json = nlohmann::json;

// Parses a request body that must be a JSON object sent as application/json (or, when
// `accept_merge_patch`, application/merge-patch+json). Fails with a ready problem reply:
// 415 for another media type, 400 for malformed JSON or invalid UTF-8, 422 if not an object.
std::expected<Json, http::Response> parse_json_object(const http::Request& request,
                                                      bool accept_merge_patch = false);

// Whether the request's Content-Type names `type` (case aside, parameters ignored).
bool is_media_type(const http::Request& request, std::string_view type);

// A whole number of at least `min` written in plain decimal (a query parameter, a path
// segment); nullopt for anything else.
std::optional<std::int64_t> whole_number(std::string_view text, std::int64_t min = 0);

// A JSON reply with the given status.
http::Response json_reply(int status, const Json& body);

// An RFC 9457 problem reply (its type derived from `title`, as http::problem does) with
// `members` added to it as extension members, e.g. the conflicts a refusal names.
http::Response problem_with(int status, std::string_view title, std::string_view detail,
                            const Json& members);

}  // namespace mesoclinic::api
