#include "web/content.h"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

namespace mesoclinic::web {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// Calls `each` with every comma-separated element of a header value, trimmed, empty ones
// left out.
template <class Each>
void for_each_element(std::string_view value, Each&& each) {
  while (!value.empty()) {
    const auto comma = value.find(',');
    const std::string_view element = trim(value.substr(0, comma));
    if (!element.empty()) each(element);
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
}

// What Vite's output and the files of its public/ folder are made of.
constexpr std::array<std::pair<std::string_view, ContentType>, 23> kTypes = {{
    {"html", {"text/html; charset=utf-8", true}},
    {"htm", {"text/html; charset=utf-8", true}},
    {"js", {"text/javascript; charset=utf-8", true}},
    {"mjs", {"text/javascript; charset=utf-8", true}},
    {"css", {"text/css; charset=utf-8", true}},
    {"json", {"application/json", true}},
    {"map", {"application/json", true}},
    {"webmanifest", {"application/manifest+json", true}},
    {"txt", {"text/plain; charset=utf-8", true}},
    {"xml", {"application/xml", true}},
    {"svg", {"image/svg+xml", true}},
    {"ico", {"image/x-icon", true}},
    {"png", {"image/png", false}},
    {"jpg", {"image/jpeg", false}},
    {"jpeg", {"image/jpeg", false}},
    {"gif", {"image/gif", false}},
    {"webp", {"image/webp", false}},
    {"avif", {"image/avif", false}},
    {"woff2", {"font/woff2", false}},
    {"woff", {"font/woff", false}},
    {"ttf", {"font/ttf", true}},
    {"otf", {"font/otf", true}},
    {"wasm", {"application/wasm", true}},
}};

// True for a q parameter of zero ("q=0", "q=0.000"), which refuses the coding.
bool refused(std::string_view parameters) {
  while (!parameters.empty()) {
    const auto semicolon = parameters.find(';');
    const std::string parameter = lower(trim(parameters.substr(0, semicolon)));
    if (parameter.starts_with("q=")) {
      const std::string_view q = std::string_view(parameter).substr(2);
      return !q.empty() && q.find_first_not_of("0.") == std::string_view::npos;
    }
    if (semicolon == std::string_view::npos) break;
    parameters.remove_prefix(semicolon + 1);
  }
  return false;
}

}  // namespace

ContentType content_type_for(std::string_view file_name) {
  const auto slash = file_name.rfind('/');
  if (slash != std::string_view::npos) file_name.remove_prefix(slash + 1);
  const auto dot = file_name.rfind('.');
  if (dot != std::string_view::npos) {
    const std::string extension = lower(file_name.substr(dot + 1));
    for (const auto& [known, type] : kTypes) {
      if (extension == known) return type;
    }
  }
  return {"application/octet-stream", false};
}

std::optional<std::string> gzip(std::string_view bytes) {
  z_stream stream{};
  // 15 window bits plus 16: a gzip header and trailer around the deflate stream.
  if (deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) !=
      Z_OK) {
    return std::nullopt;
  }
  std::string out(deflateBound(&stream, static_cast<uLong>(bytes.size())), '\0');
  // zlib's interface is not const-correct; it only reads the input.
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  stream.avail_in = static_cast<uInt>(bytes.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const int result = deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  if (result != Z_STREAM_END) return std::nullopt;
  return out;
}

bool accepts_gzip(std::string_view accept_encoding) {
  std::optional<bool> named, any;
  for_each_element(accept_encoding, [&](std::string_view element) {
    const auto semicolon = element.find(';');
    const std::string coding = lower(trim(element.substr(0, semicolon)));
    const bool accepted =
        semicolon == std::string_view::npos || !refused(element.substr(semicolon + 1));
    if (coding == "gzip" || coding == "x-gzip") named = accepted;
    if (coding == "*") any = accepted;
  });
  return named.value_or(any.value_or(false));
}

bool none_match_names(std::string_view if_none_match, std::string_view etag) {
  const auto opaque = [](std::string_view tag) {
    if (tag.starts_with("W/")) tag.remove_prefix(2);
    return tag;
  };
  bool found = false;
  for_each_element(if_none_match, [&](std::string_view tag) {
    if (tag == "*" || opaque(tag) == opaque(etag)) found = true;
  });
  return found;
}

}  // namespace mesoclinic::web
