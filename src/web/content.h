// Private to web/: what a served file's bytes are (content type, compressibility), its gzip
// copy, and how requests' Accept-Encoding and If-None-Match headers are read.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mesoclinic::web {

struct ContentType {
  std::string_view media_type = {};  // the Content-Type value, with a charset for text
  bool compressible = false;         // text-like: worth a gzip copy
};

// The content type for a file name by its extension (case ignored);
// application/octet-stream, not compressible, for an extension not listed.
ContentType content_type_for(std::string_view file_name);

// `bytes` compressed as gzip (RFC 1952) at the best level, or nullopt if zlib fails.
std::optional<std::string> gzip(std::string_view bytes);

// True if an Accept-Encoding header value admits gzip (named, or "*", with a q above 0).
bool accepts_gzip(std::string_view accept_encoding);

// True if an If-None-Match header value names `etag` (weak comparison, as RFC 9110 says for
// this header) or is "*".
bool none_match_names(std::string_view if_none_match, std::string_view etag);

}  // namespace mesoclinic::web
