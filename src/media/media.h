// Photos as files: an upload is checked (JPEG or PNG by its bytes, bounded in bytes and in
// pixels before anything is decoded), decoded whole, turned upright, stripped of every piece of
// metadata (EXIF, GPS, XMP, ICC), re-encoded as JPEG with a thumbnail made once, and kept in a
// folder under the SHA-256 of its bytes. libvips does the image work; no vips type leaves here.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "core/result.h"

namespace mesoclinic::media {

// A camera's JPEG is a few MB; a 24-megapixel PNG can reach ~20 MB. The HTTP route refuses a
// larger body before reading it (413); this module refuses it too, for callers without HTTP.
inline constexpr std::size_t kMaxPhotoBytes = 25 * 1024 * 1024;
// Checked from the header alone, so a small file claiming a huge image is never decoded.
// 50 megapixels holds every camera and trichoscope a clinic uses.
inline constexpr std::uint64_t kMaxPhotoPixels = 50'000'000;
inline constexpr int kThumbnailSide = 320;    // the long side, in pixels
inline constexpr int kJpegQuality = 90;       // of the stored original
inline constexpr int kThumbnailQuality = 80;  // a list of small pictures, not a clinical record

enum class ImageType { kJpeg, kPng };

// The type the bytes say they are (their magic number), whatever the upload was called.
std::optional<ImageType> image_type(std::string_view bytes);

// Why an upload is not a photo we keep; each is the client's to fix.
enum class RefusalKind {
  kNotAnImage,     // neither JPEG nor PNG
  kTooManyBytes,   // over kMaxPhotoBytes
  kTooManyPixels,  // over kMaxPhotoPixels by its header
  kUnreadable,     // truncated or corrupt: it does not decode whole
};

struct Refusal {
  RefusalKind kind = RefusalKind::kUnreadable;
  std::string detail;  // one sentence for the person who sent it
};

// An upload made fit to keep: upright, without metadata, as JPEG, with its thumbnail.
struct PreparedPhoto {
  ImageType received = ImageType::kJpeg;
  std::string image;      // the JPEG to keep
  std::string thumbnail;  // a JPEG at most kThumbnailSide on its long side
  int width = 0;          // of `image`, after orientation
  int height = 0;
};

using Preparation = std::variant<PreparedPhoto, Refusal>;

// Checks, decodes and re-encodes `bytes` (see the header comment): the prepared photo, or the
// Refusal of an upload that is not one. kInternal only if libvips cannot start or fails on an
// image it has just made. Thread-safe; starts libvips on first use.
Result<Preparation> prepare_photo(std::string_view bytes);

// A PNG of a stored photo (`jpeg`, as prepare_photo made it), `width` pixels wide or less (never
// enlarged), for documents whose renderer reads only PNG (the course report's cairo). Metadata
// stays stripped. kInvalidInput if `jpeg` does not decode as a JPEG; kInternal if libvips
// cannot start.
Result<std::string> png_rendition(std::string_view jpeg, int width);

// The SHA-256 of stored bytes as 64 lower-case hex digits: the name they are kept under.
std::string content_hash(std::string_view bytes);

// True for what content_hash returns (and nothing else can name a file here).
bool is_content_hash(std::string_view text);

// A folder of files named by their content hash (fanned out by its first two digits). Writes
// are durable before they return: a temporary file in the same folder, written and fsynced,
// renamed into place, and the folder fsynced. Storing the same bytes twice keeps one file.
// Thread-safe (and safe across processes sharing the folder).
class PhotoFiles {
 public:
  // Creates `root` if missing. kUnavailable if it cannot be created or written.
  static Result<PhotoFiles> open(std::filesystem::path root);

  // Stores `bytes` and returns their content hash. kUnavailable if the disk refuses.
  Result<std::string> put(std::string_view bytes) const;
  // The bytes stored under `hash`; kNotFound if there are none.
  Result<std::string> read(std::string_view hash) const;
  // Removes the file stored under `hash` (none is fine). kUnavailable if the disk refuses.
  Result<void> remove(std::string_view hash) const;
  // Whether a file is stored under `hash`.
  bool contains(std::string_view hash) const;

  const std::filesystem::path& root() const { return root_; }

 private:
  explicit PhotoFiles(std::filesystem::path root) : root_(std::move(root)) {}
  std::filesystem::path path_of(std::string_view hash) const;

  std::filesystem::path root_;
};

}  // namespace mesoclinic::media
