#include <filesystem>
#include <fstream>
#include <map>

#include "core/ids.h"
#include "web/content.h"
#include "web/web.h"

namespace mesoclinic::web {
namespace {

namespace fs = std::filesystem;

// The app's pages load everything from this origin: Vite bundles scripts, styles and fonts
// into files (nothing inline), images may also be data: or blob: URLs the app makes itself,
// and nothing may frame the pages or post their forms elsewhere.
constexpr std::string_view kPagePolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'";
// Vite names every file under assets/ by a hash of its content: a new build is new names.
constexpr std::string_view kImmutable = "public, max-age=31536000, immutable";
// index.html (which names the current assets) and the root files keep their names across
// builds: the browser asks each time, and a matching ETag makes that a 304.
constexpr std::string_view kRevalidate = "no-cache";

struct Variant {
  std::string bytes = {};
  std::string etag = {};
};

struct File {
  ContentType type = {};
  Variant plain = {};
  std::optional<Variant> gzipped = {};  // only for text that shrinks
};

// A strong ETag: the first 128 bits of the SHA-256 of the bytes sent.
std::string etag_of(std::string_view bytes) {
  return "\"" + sha256_hex(bytes).substr(0, 32) + "\"";
}

// False for a path no file of the app can have: "." or ".." segments, backslashes, control
// characters. (Lookups never touch the disk; this keeps such paths from getting index.html.)
bool is_plain(std::string_view path) {
  for (const char c : path) {
    if (c == '\\' || static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return false;
  }
  while (!path.empty()) {
    path.remove_prefix(1);  // the '/'
    const std::string_view segment = path.substr(0, path.find('/'));
    if (segment == "." || segment == "..") return false;
    path.remove_prefix(segment.size());
  }
  return true;
}

bool has_extension(std::string_view path) {
  return path.substr(path.rfind('/') + 1).find('.') != std::string_view::npos;
}

Result<std::string> read_whole(const fs::path& path, std::uintmax_t size) {
  std::ifstream in(path, std::ios::binary);
  std::string bytes(static_cast<std::size_t>(size), '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!in || in.gcount() != static_cast<std::streamsize>(bytes.size())) {
    return fail(ErrorCode::kInvalidInput, "cannot read " + path.string());
  }
  return bytes;
}

class LoadedFiles final : public AppFiles {
 public:
  explicit LoadedFiles(Options options) : options_(std::move(options)) {}

  void add(std::string path, std::string bytes) {
    File file;
    file.type = content_type_for(path);
    if (file.type.compressible) {
      if (auto compressed = gzip(bytes); compressed && compressed->size() < bytes.size()) {
        file.gzipped = Variant{*compressed, etag_of(*compressed)};
      }
    }
    bytes_ += bytes.size();
    file.plain.etag = etag_of(bytes);
    file.plain.bytes = std::move(bytes);
    files_.insert_or_assign(std::move(path), std::move(file));
  }

  std::optional<http::Response> serve(const http::Request& request) const override {
    const std::string& path = request.path;
    for (const auto& prefix : options_.not_served) {
      if (path == prefix || path.starts_with(prefix + "/")) return std::nullopt;
    }
    if (!is_plain(path)) return std::nullopt;
    const bool asset = path.starts_with("/assets/");
    const File* file = find(path == "/" ? "/index.html" : path);
    if (!file && !asset && !has_extension(path)) file = find("/index.html");
    if (!file) return std::nullopt;
    if (request.method != "GET" && request.method != "HEAD") {
      return http::problem(405, "Method not allowed",
                           request.method + " is not served here; use GET or HEAD.")
          .with_header("Allow", "GET, HEAD");
    }
    return reply(*file, asset ? kImmutable : kRevalidate, request);
  }

  std::size_t file_count() const override { return files_.size(); }
  std::size_t byte_count() const override { return bytes_; }
  const Options& options() const { return options_; }

 private:
  const File* find(std::string_view path) const {
    const auto it = files_.find(path);
    return it == files_.end() ? nullptr : &it->second;
  }

  static http::Response reply(const File& file, std::string_view cache,
                              const http::Request& request) {
    http::Response response;
    response.content_type = std::string(file.type.media_type);
    response.with_header("Cache-Control", std::string(cache));
    if (file.type.media_type.starts_with("text/html")) {
      response.with_header("Content-Security-Policy", std::string(kPagePolicy));
    }
    const bool compressed =
        file.gzipped && accepts_gzip(request.header("accept-encoding").value_or(""));
    if (file.gzipped) response.with_header("Vary", "Accept-Encoding");
    const Variant& variant = compressed ? *file.gzipped : file.plain;
    response.with_header("ETag", variant.etag);
    if (const auto tags = request.header("if-none-match");
        tags && none_match_names(*tags, variant.etag)) {
      response.status = 304;
      response.content_type.clear();
      return response;
    }
    if (compressed) response.with_header("Content-Encoding", "gzip");
    response.body = variant.bytes;
    return response;
  }

  Options options_;
  std::map<std::string, File, std::less<>> files_;  // by URL path, e.g. "/assets/index-3f2a.js"
  std::size_t bytes_ = 0;
};

}  // namespace

Result<std::unique_ptr<AppFiles>> AppFiles::load(const std::string& root, Options options) {
  const fs::path folder(root);
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) {
    return fail(ErrorCode::kInvalidInput, "web_root " + root + " is not a folder");
  }
  if (!fs::is_regular_file(fs::symlink_status(folder / "index.html", ec))) {
    return fail(ErrorCode::kInvalidInput,
                "web_root " + root + " has no index.html: run scripts/setup to build the web app");
  }
  auto files = std::make_unique<LoadedFiles>(std::move(options));
  const auto too_much = [&](const std::string& what) {
    return fail(ErrorCode::kInvalidInput, "web_root " + root + " holds more than " + what +
                                              ": is it the folder of the built web app?");
  };
  fs::recursive_directory_iterator it(folder, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const fs::path& path = it->path();
    // symlink_status does not follow a link: a link (to a file or a folder) is left out, so
    // nothing outside web_root is read.
    const auto status = it->symlink_status(ec);
    if (ec) break;
    if (path.filename().string().starts_with('.')) {
      if (fs::is_directory(status)) it.disable_recursion_pending();
      continue;
    }
    if (!fs::is_regular_file(status)) continue;
    const auto size = it->file_size(ec);
    if (ec) break;
    if (files->file_count() >= files->options().max_files) {
      return too_much(std::to_string(files->options().max_files) + " files");
    }
    if (size > files->options().max_bytes - files->byte_count()) {
      return too_much(std::to_string(files->options().max_bytes) + " bytes");
    }
    auto bytes = read_whole(path, size);
    if (!bytes) return fail(ErrorCode::kInvalidInput, "web_root: " + bytes.error().message);
    files->add("/" + path.lexically_relative(folder).generic_string(), std::move(*bytes));
  }
  if (ec)
    return fail(ErrorCode::kInvalidInput, "cannot read web_root " + root + ": " + ec.message());
  return files;
}

}  // namespace mesoclinic::web
