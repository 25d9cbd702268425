// The staff web app (web/dist, built by Vite) served beside the API. Every file is read into
// memory once at start-up, so a request only looks a path up in a table and no filesystem path
// is ever built from one. Public by design: the sign-in page must load before anyone signs in.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "http/http.h"

namespace mesoclinic::web {

struct Options {
  // Paths at or under these are never the app's: an unknown one there gets the server's own
  // 404 problem, never index.html.
  std::vector<std::string> not_served = {"/api"};
  // Guards against a web_root that is not a built app (the whole disk, a home folder).
  std::size_t max_files = 5'000;
  std::size_t max_bytes = 64 * 1024 * 1024;
};

class AppFiles {
 public:
  // Reads every regular file under `root`, leaving out hidden files and folders (a name
  // starting with '.') and symbolic links, each with its content type, a strong ETag and, for
  // text that shrinks, a gzip copy. Fails with kInvalidInput and one line naming `root` if it
  // is not a readable folder, has no index.html, or holds more than the options allow.
  static Result<std::unique_ptr<AppFiles>> load(const std::string& root, Options options = {});

  virtual ~AppFiles() = default;

  // The reply to a request no API route matched, or nullopt where the app serves nothing (the
  // server then answers its 404 problem). /assets/NAME: that file, cached for a year as
  // immutable (Vite puts a content hash in the name). Any other file of the app: itself,
  // revalidated each time. Any other path whose last segment has no extension (a client-side
  // route): index.html, revalidated. Paths with "." or ".." segments, backslashes or control
  // characters are nullopt. A method other than GET and HEAD on a path the app serves is a 405
  // problem. Answers If-None-Match with 304 and Accept-Encoding: gzip with the gzip copy.
  virtual std::optional<http::Response> serve(const http::Request& request) const = 0;

  // How many files were read, and their bytes (uncompressed), for the start-up log.
  virtual std::size_t file_count() const = 0;
  virtual std::size_t byte_count() const = 0;
};

}  // namespace mesoclinic::web
