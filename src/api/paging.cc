#include "api/paging.h"

#include <sodium.h>

#include <charconv>

namespace mesoclinic::api {

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

std::optional<std::size_t> read_page_size(std::string_view value) {
  std::size_t limit = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), limit);
  if (ec != std::errc() || end != value.data() + value.size() || limit < 1 ||
      limit > kMaxPageSize) {
    return std::nullopt;
  }
  return limit;
}

Json page_json(Json items, std::optional<std::string> next_cursor) {
  return Json{{"items", std::move(items)},
              {"next_cursor", next_cursor ? Json(std::move(*next_cursor)) : Json(nullptr)}};
}

}  // namespace mesoclinic::api
