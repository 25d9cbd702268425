// An upload made fit to keep, with libvips. The order matters: the magic number and the byte
// count are checked before vips sees anything, the pixel count from the header before a pixel
// is decoded, and only then is the image decoded whole (a truncated or corrupt file fails
// there, not later in a thumbnail or a report).
#include <glib.h>
#include <vips/vips.h>

#include "media/media.h"

namespace mesoclinic::media {
namespace {

// Owns one reference to a vips image.
class Image {
 public:
  Image() = default;
  ~Image() {
    if (image_) g_object_unref(image_);
  }
  Image(const Image&) = delete;
  Image& operator=(const Image&) = delete;
  VipsImage** out() { return &image_; }
  VipsImage* get() const { return image_; }
  VipsImage* operator->() const { return image_; }

 private:
  VipsImage* image_ = nullptr;
};

// Owns a buffer vips allocated (a saved JPEG).
class Saved {
 public:
  Saved() = default;
  ~Saved() { g_free(data_); }
  Saved(const Saved&) = delete;
  Saved& operator=(const Saved&) = delete;
  void** data() { return &data_; }
  std::size_t* size() { return &size_; }
  void* bytes() const { return data_; }
  std::size_t length() const { return size_; }
  std::string text() const { return std::string(static_cast<const char*>(data_), size_); }

 private:
  void* data_ = nullptr;
  std::size_t size_ = 0;
};

// Vips repeats as a warning, tile by tile, the error it then returns; the caller reports that
// once, in its own words, so the warnings would only flood the server's log.
void drop_warning(const gchar*, GLogLevelFlags, const gchar*, gpointer) {}

bool vips_started() {
  static const bool started = [] {
    if (VIPS_INIT("mesoclinic") != 0) return false;
    // One thread per photo: the server already runs requests in parallel, and this bounds the
    // CPU and memory one upload can take.
    vips_concurrency_set(1);
    // No operation cache: it would keep decoded patient images in memory after their request.
    vips_cache_set_max(0);
    g_log_set_handler("VIPS", G_LOG_LEVEL_WARNING, drop_warning, nullptr);
    return true;
  }();
  return started;
}

// Vips keeps one error buffer for the whole process; what it says goes nowhere (the caller
// words its own refusal), so it is only cleared.
void forget_vips_error() { vips_error_clear(); }

Refusal unreadable() {
  forget_vips_error();
  return {RefusalKind::kUnreadable,
          "The image could not be read whole: the file is truncated or corrupt."};
}

// Opens the image for one pass from top to bottom: this reads the header only, so the size is
// known before any pixel is decoded. Decoding fails at the first error, truncation included.
int open_sequential(std::string_view bytes, ImageType type, Image& image) {
  void* data = const_cast<char*>(bytes.data());  // vips reads it; it never writes to it
  if (type == ImageType::kJpeg) {
    return vips_jpegload_buffer(data, bytes.size(), image.out(), "access", VIPS_ACCESS_SEQUENTIAL,
                                "fail_on", VIPS_FAIL_ON_WARNING, nullptr);
  }
  return vips_pngload_buffer(data, bytes.size(), image.out(), "access", VIPS_ACCESS_SEQUENTIAL,
                             "fail_on", VIPS_FAIL_ON_WARNING, nullptr);
}

// The decoded image in sRGB: a photo with its own colour profile (Adobe RGB, a CMYK scan) keeps
// its colours once the profile is stripped. Without a profile it is taken as sRGB already; with
// one lcms cannot read, it is kept as it is (the pixels decoded; only the tint may shift) rather
// than refused.
void to_srgb(VipsImage* decoded, Image& srgb) {
  if (vips_image_get_typeof(decoded, VIPS_META_ICC_NAME) != 0 &&
      vips_icc_transform(decoded, srgb.out(), "srgb", "embedded", TRUE, nullptr) == 0) {
    return;
  }
  forget_vips_error();
  g_object_ref(decoded);
  *srgb.out() = decoded;
}

Result<Preparation> decode_and_encode(std::string_view bytes, ImageType type) {
  Image opened;
  if (open_sequential(bytes, type, opened) != 0) return Preparation(unreadable());
  const auto pixels =
      static_cast<std::uint64_t>(opened->Xsize) * static_cast<std::uint64_t>(opened->Ysize);
  if (pixels > kMaxPhotoPixels) {
    return Preparation(Refusal{RefusalKind::kTooManyPixels,
                               "The image is " + std::to_string(opened->Xsize) + " x " +
                                   std::to_string(opened->Ysize) + " pixels; at most " +
                                   std::to_string(kMaxPhotoPixels / 1'000'000) +
                                   " megapixels are accepted."});
  }
  // Decoded whole into memory (bounded by the pixel limit): a turn by 90 degrees needs every
  // row, and any decoding error surfaces here.
  Image decoded;
  *decoded.out() = vips_image_new_memory();
  if (vips_image_write(opened.get(), decoded.get()) != 0) return Preparation(unreadable());
  Image upright;
  if (vips_autorot(decoded.get(), upright.out(), nullptr) != 0) return Preparation(unreadable());
  Image srgb;
  to_srgb(upright.get(), srgb);
  PreparedPhoto prepared;
  prepared.received = type;
  Saved image;
  // strip: no EXIF (GPS, camera serial, times), XMP, IPTC or ICC profile survives. An alpha
  // channel, which JPEG cannot hold, is flattened by the saver.
  if (vips_jpegsave_buffer(srgb.get(), image.data(), image.size(), "Q", kJpegQuality, "strip", TRUE,
                           nullptr) != 0) {
    return Preparation(unreadable());
  }
  prepared.image = image.text();
  prepared.width = srgb->Xsize;
  prepared.height = srgb->Ysize;
  // From the JPEG just made, so the decoder can shrink while it loads (several times faster
  // than shrinking the decoded image).
  Image small;
  Saved thumbnail;
  if (vips_thumbnail_buffer(image.bytes(), image.length(), small.out(), kThumbnailSide, "height",
                            kThumbnailSide, nullptr) != 0 ||
      vips_jpegsave_buffer(small.get(), thumbnail.data(), thumbnail.size(), "Q", kThumbnailQuality,
                           "strip", TRUE, nullptr) != 0) {
    forget_vips_error();
    return fail(ErrorCode::kInternal, "a thumbnail of a photo just encoded could not be made");
  }
  prepared.thumbnail = thumbnail.text();
  return Preparation(std::move(prepared));
}

}  // namespace

std::optional<ImageType> image_type(std::string_view bytes) {
  static constexpr std::string_view kJpeg = "\xFF\xD8\xFF";
  static constexpr std::string_view kPng = "\x89PNG\r\n\x1A\n";
  if (bytes.starts_with(kJpeg)) return ImageType::kJpeg;
  if (bytes.starts_with(kPng)) return ImageType::kPng;
  return std::nullopt;
}

Result<std::string> png_rendition(std::string_view jpeg, int width) {
  if (image_type(jpeg) != ImageType::kJpeg || width < 1) {
    return fail(ErrorCode::kInvalidInput, "not a stored photo or not a width");
  }
  if (!vips_started()) return fail(ErrorCode::kInternal, "libvips could not be started");
  Image small;
  Saved png;
  // The height bound is generous so that the width decides; shrinking while the JPEG loads.
  if (vips_thumbnail_buffer(const_cast<char*>(jpeg.data()), jpeg.size(), small.out(), width,
                            "height", width * 8, "size", VIPS_SIZE_DOWN, nullptr) != 0 ||
      vips_pngsave_buffer(small.get(), png.data(), png.size(), "strip", TRUE, nullptr) != 0) {
    forget_vips_error();
    return fail(ErrorCode::kInvalidInput, "the stored photo does not decode");
  }
  return png.text();
}

Result<Preparation> prepare_photo(std::string_view bytes) {
  const auto type = image_type(bytes);
  if (!type) {
    return Preparation(
        Refusal{RefusalKind::kNotAnImage, "The file is neither a JPEG nor a PNG image."});
  }
  if (bytes.size() > kMaxPhotoBytes) {
    return Preparation(Refusal{
        RefusalKind::kTooManyBytes,
        "The image is larger than " + std::to_string(kMaxPhotoBytes / (1024 * 1024)) + " MB."});
  }
  if (!vips_started()) return fail(ErrorCode::kInternal, "libvips could not be started");
  return decode_and_encode(bytes, *type);
}

}  // namespace mesoclinic::media
