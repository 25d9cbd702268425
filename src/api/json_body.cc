#include "api/json_body.h"

#include <algorithm>
#include <charconv>

#include "core/text.h"

namespace mesoclinic::api {
namespace {

// Deeper nesting than this is never a real clinic record; refusing it early keeps hostile
// bodies from costing stack or memory.
constexpr int kMaxDepth = 32;

std::string_view media_type(const http::Request& request) {
  static const std::string kEmpty;
  auto it = request.headers.find("content-type");
  std::string_view value = it == request.headers.end() ? std::string_view(kEmpty) : it->second;
  value = value.substr(0, value.find(';'));
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  return value;
}

bool iequals(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

}  // namespace

bool is_media_type(const http::Request& request, std::string_view type) {
  return iequals(media_type(request), type);
}

std::expected<Json, http::Response> parse_json_object(const http::Request& request,
                                                      bool accept_merge_patch) {
  const std::string_view type = media_type(request);
  if (!iequals(type, "application/json") &&
      !(accept_merge_patch && iequals(type, "application/merge-patch+json"))) {
    return std::unexpected(http::problem(
        415, "Unsupported media type",
        accept_merge_patch ? "Send the body as application/json or application/merge-patch+json."
                           : "Send the body as application/json."));
  }
  if (!is_valid_utf8(request.body)) {
    return std::unexpected(
        http::problem(400, "Malformed body", "The request body is not valid UTF-8."));
  }
  bool too_deep = false;
  const auto limit_depth = [&too_deep](int depth, Json::parse_event_t, Json&) {
    if (depth > kMaxDepth) too_deep = true;
    return !too_deep;
  };
  Json parsed = Json::parse(request.body, limit_depth, /*allow_exceptions=*/false);
  if (too_deep) {
    return std::unexpected(
        http::problem(400, "Malformed body", "The JSON body is nested too deeply."));
  }
  if (parsed.is_discarded()) {
    return std::unexpected(
        http::problem(400, "Malformed body", "The request body is not valid JSON."));
  }
  if (!parsed.is_object()) {
    return std::unexpected(
        http::problem(422, "Invalid request", "The request body must be a JSON object."));
  }
  return parsed;
}

std::optional<std::int64_t> whole_number(std::string_view text, std::int64_t min) {
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < min) return std::nullopt;
  return value;
}

http::Response json_reply(int status, const Json& body) {
  http::Response response;
  response.status = status;
  response.content_type = "application/json";
  response.body = body.dump(-1, ' ', false, Json::error_handler_t::replace);
  return response;
}

http::Response problem_with(int status, std::string_view title, std::string_view detail,
                            const Json& members) {
  http::Response response = http::problem(status, title, detail);
  Json body = Json::parse(response.body);
  body.update(members);
  response.body = body.dump(-1, ' ', false, Json::error_handler_t::replace);
  return response;
}

}  // namespace mesoclinic::api
