// Private to api/: one way to page every list. A client sends `limit` (1..200, default 50) and
// the `cursor` of the previous page, and gets `items` and `next_cursor` (null on the last page).
// Cursors are opaque: base64url of the last item's sort key and id.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <utility>

#include "api/json_body.h"
#include "core/result.h"
#include "http/http.h"

namespace mesoclinic::api {

inline constexpr std::size_t kDefaultPageSize = 50;
inline constexpr std::size_t kMaxPageSize = 200;

struct PageRequest {
  std::size_t limit = kDefaultPageSize;
  std::optional<std::pair<std::string, std::string>> after;  // the last item seen: sort key, id
};

std::string encode_cursor(const std::string& sort_key, const std::string& id);
std::optional<std::pair<std::string, std::string>> decode_cursor(const std::string& cursor);

// One page as listed: {"items": [...], "next_cursor": cursor or null}.
Json page_json(Json items, std::optional<std::string> next_cursor);

// Reads `limit` and `cursor` if given (each at most once); the route reads its other parameters.
// kInvalidInput naming /limit or /cursor.
Result<PageRequest> read_page_request(const http::Request& request);

// One page of a list read whole (a clinic's rooms, a patient's courses: lists that stay short),
// in the order given, each item identified by its member `key`. The cursor holds the position
// and key of the last item given, so the next page starts after that item even if items before
// it came or went meanwhile.
Json page_of(Json items, const PageRequest& page, const char* key = "id");

}  // namespace mesoclinic::api
