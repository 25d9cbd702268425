// Private to api/: how paged lists page (docs/openapi.yaml: `limit` and `cursor` in,
// `next_cursor` out). A cursor is opaque to clients: the sort key and id of the last row shown,
// so the next page starts after it even when rows are added meanwhile.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "api/json_body.h"

namespace mesoclinic::api {

inline constexpr std::size_t kDefaultPageSize = 50;
inline constexpr std::size_t kMaxPageSize = 200;

// The cursor after the row with `sort_key` and `id` (base64url of both).
std::string encode_cursor(const std::string& sort_key, const std::string& id);
// The sort key and id a cursor of encode_cursor holds; nullopt for anything else.
std::optional<std::pair<std::string, std::string>> decode_cursor(const std::string& cursor);

// A `limit` query value: a whole number from 1 to kMaxPageSize; nullopt for anything else.
std::optional<std::size_t> read_page_size(std::string_view value);
// The field error message for a `limit` read_page_size refused.
inline constexpr std::string_view kPageSizeRule = "must be a whole number from 1 to 200";

// One page as listed: {"items": [...], "next_cursor": cursor or null}.
Json page_json(Json items, std::optional<std::string> next_cursor);

}  // namespace mesoclinic::api
