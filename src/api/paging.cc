#include "api/paging.h"

#include <sodium.h>

#include <algorithm>
#include <charconv>

namespace mesoclinic::api {
namespace {

std::string key_of(const Json& item, const char* key) {
  if (!item.is_object() || !item.contains(key)) return {};
  const Json& value = item[key];
  return value.is_string() ? value.get<std::string>() : value.dump();
}

// Where the page after `after` starts: just past the item it names, looked for at the position
// the cursor recorded first; if that item is gone, at the recorded position.
std::size_t start_of(const Json& items, const std::pair<std::string, std::string>& after,
                     const char* key) {
  std::size_t position = 0;
  const std::string& recorded = after.first;
  std::from_chars(recorded.data(), recorded.data() + recorded.size(), position);
  if (position > 0 && position <= items.size() &&
      key_of(items[position - 1], key) == after.second) {
    return position;
  }
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (key_of(items[i], key) == after.second) return i + 1;
  }
  return std::min(position, items.size());
}

}  // namespace

std::string encode_cursor(const std::string& sort_key, const std::string& id) {
  const std::string raw = Json{{"k", sort_key}, {"i", id}}.dump();
  std::string out(sodium_base64_ENCODED_LEN(raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                  '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()),
                    raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(out.find('\0'));
  return out;
}

std::optional<std::pair<std::string, std::string>> decode_cursor(const std::string& cursor) {
  if (cursor.size() > 1024) return std::nullopt;
  std::string raw(cursor.size(), '\0');
  std::size_t length = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(raw.data()), raw.size(), cursor.c_str(),
                        cursor.size(), nullptr, &length, nullptr,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0) {
    return std::nullopt;
  }
  raw.resize(length);
  const Json parsed = Json::parse(raw, nullptr, false);
  if (!parsed.is_object() || !parsed.contains("k") || !parsed.contains("i") ||
      !parsed["k"].is_string() || !parsed["i"].is_string()) {
    return std::nullopt;
  }
  return std::pair{parsed["k"].get<std::string>(), parsed["i"].get<std::string>()};
}

Json page_json(Json items, std::optional<std::string> next_cursor) {
  return Json{{"items", std::move(items)},
              {"next_cursor", next_cursor ? Json(std::move(*next_cursor)) : Json(nullptr)}};
}

Result<PageRequest> read_page_request(const http::Request& request) {
  PageRequest page;
  std::vector<FieldError> errors;
  for (const char* name : {"limit", "cursor"}) {
    const std::string field = std::string("/") + name;
    const auto value = request.query_param(name);
    if (!value) continue;
    if (request.query.count(name) > 1) {
      errors.push_back({field, "may be given only once"});
    } else if (field == "/limit") {
      std::size_t limit = 0;
      const auto [end, ec] = std::from_chars(value->data(), value->data() + value->size(), limit);
      if (ec != std::errc() || end != value->data() + value->size() || limit < 1 ||
          limit > kMaxPageSize) {
        errors.push_back({field, "must be a whole number from 1 to 200"});
      } else {
        page.limit = limit;
      }
    } else if (auto cursor = decode_cursor(*value)) {
      page.after = std::move(cursor);
    } else {
      errors.push_back({field, "is not a cursor this server gave out"});
    }
  }
  if (!errors.empty()) return invalid(std::move(errors), "The query has invalid parameters.");
  return page;
}

Json page_of(Json items, const PageRequest& page, const char* key) {
  const std::size_t start = page.after ? start_of(items, *page.after, key) : 0;
  const std::size_t end = std::min(items.size(), start + page.limit);
  std::optional<std::string> next;
  if (end < items.size()) next = encode_cursor(std::to_string(end), key_of(items[end - 1], key));
  Json slice = Json::array();
  for (std::size_t i = start; i < end; ++i) slice.push_back(std::move(items[i]));
  return page_json(std::move(slice), std::move(next));
}

}  // namespace mesoclinic::api
