#include "photo_samples.h"

#include <vips/vips.h>
#include <zlib.h>

#include <stdexcept>
#include <string_view>

namespace mesoclinic::testing {
namespace {

void start_vips() {
  static const bool started = VIPS_INIT("photo_samples") == 0;
  if (!started) throw std::runtime_error("libvips did not start");
}

// Owns one reference to a vips image; throws when an operation failed.
struct Image {
  VipsImage* image = nullptr;
  ~Image() {
    if (image) g_object_unref(image);
  }
  VipsImage** out() { return &image; }
};

void check(int result, const char* doing) {
  if (result != 0) {
    const std::string why = vips_error_buffer();
    vips_error_clear();
    throw std::runtime_error(std::string(doing) + ": " + why);
  }
}

// Something like a photo: smooth gradients with a little noise, so JPEG sizes are realistic.
void scene(int width, int height, Image& out) {
  Image xyz, noise, sum;
  check(vips_xyz(xyz.out(), width, height, nullptr), "xyz");
  check(vips_gaussnoise(noise.out(), width, height, "sigma", 8.0, nullptr), "noise");
  Image x, y;
  check(vips_extract_band(xyz.image, x.out(), 0, nullptr), "band");
  check(vips_extract_band(xyz.image, y.out(), 1, nullptr), "band");
  Image red, green, blue, joined;
  const double scale_x = 255.0 / width, scale_y = 255.0 / height;
  check(vips_linear1(x.image, red.out(), scale_x, 0, nullptr), "linear");
  check(vips_linear1(y.image, green.out(), scale_y, 0, nullptr), "linear");
  check(vips_add(red.image, noise.image, blue.out(), nullptr), "add");
  VipsImage* bands[] = {red.image, green.image, blue.image};
  check(vips_bandjoin(bands, joined.out(), 3, nullptr), "bandjoin");
  check(vips_cast_uchar(joined.image, out.out(), nullptr), "cast");
}

std::string saved(void* data, std::size_t size) {
  std::string bytes(static_cast<const char*>(data), size);
  g_free(data);
  return bytes;
}

void chunk(std::string& png, std::string_view type, std::string_view data) {
  const auto put32 = [&png](std::uint32_t value) {
    for (int shift = 24; shift >= 0; shift -= 8) png.push_back(static_cast<char>(value >> shift));
  };
  put32(static_cast<std::uint32_t>(data.size()));
  std::string body = std::string(type) + std::string(data);
  png += body;
  put32(static_cast<std::uint32_t>(
      crc32(0, reinterpret_cast<const Bytef*>(body.data()), static_cast<uInt>(body.size()))));
}

}  // namespace

std::string jpeg_from_camera(int width, int height, int orientation) {
  start_vips();
  Image pixels, tagged;
  scene(width, height, pixels);
  check(vips_copy(pixels.image, tagged.out(), nullptr), "copy");
  // vips writes exif-ifd fields into the EXIF block it saves.
  vips_image_set_string(tagged.image, "exif-ifd0-Make", "ClinicCam");
  vips_image_set_string(tagged.image, "exif-ifd3-GPSLatitudeRef", "N");
  vips_image_set_string(tagged.image, "exif-ifd3-GPSLatitude", "41/1 0/1 30/1");
  vips_image_set_string(tagged.image, "exif-ifd3-GPSLongitudeRef", "E");
  vips_image_set_string(tagged.image, "exif-ifd3-GPSLongitude", "28/1 58/1 0/1");
  vips_image_set_int(tagged.image, VIPS_META_ORIENTATION, orientation);
  void* data = nullptr;
  std::size_t size = 0;
  check(vips_jpegsave_buffer(tagged.image, &data, &size, "Q", 92, nullptr), "jpegsave");
  return saved(data, size);
}

std::string jpeg_with_broken_profile(int width, int height) {
  start_vips();
  Image pixels;
  scene(width, height, pixels);
  void* data = nullptr;
  std::size_t size = 0;
  check(vips_jpegsave_buffer(pixels.image, &data, &size, "strip", TRUE, nullptr), "jpegsave");
  std::string jpeg = saved(data, size);
  // An APP2 ICC_PROFILE segment (chunk 1 of 1) right after the start of image, as cameras write
  // it, holding bytes that are no profile (vips itself refuses to write such a one).
  const std::string profile =
      std::string("ICC_PROFILE\0", 12) + "\x01\x01" + "this is not an ICC profile at all";
  const std::size_t length = profile.size() + 2;
  std::string segment = "\xFF\xE2";
  segment.push_back(static_cast<char>(length >> 8));
  segment.push_back(static_cast<char>(length & 0xFF));
  return jpeg.insert(2, segment + profile);
}

std::string png_with_alpha(int width, int height) {
  start_vips();
  Image pixels, alpha;
  scene(width, height, pixels);
  check(vips_bandjoin_const1(pixels.image, alpha.out(), 200, nullptr), "alpha");
  void* data = nullptr;
  std::size_t size = 0;
  check(vips_pngsave_buffer(alpha.image, &data, &size, nullptr), "pngsave");
  return saved(data, size);
}

std::string png_claiming(std::uint32_t width, std::uint32_t height) {
  std::string png = "\x89PNG\r\n\x1A\n";
  std::string header;
  for (const std::uint32_t value : {width, height}) {
    for (int shift = 24; shift >= 0; shift -= 8)
      header.push_back(static_cast<char>(value >> shift));
  }
  header += std::string("\x08\x02\x00\x00\x00", 5);  // 8-bit RGB, no interlace
  chunk(png, "IHDR", header);
  const std::string row(64, '\0');
  Bytef packed[128];
  uLongf packed_size = sizeof packed;
  compress(packed, &packed_size, reinterpret_cast<const Bytef*>(row.data()), row.size());
  chunk(png, "IDAT", std::string_view(reinterpret_cast<const char*>(packed), packed_size));
  chunk(png, "IEND", "");
  return png;
}

ImageFacts facts_of(const std::string& bytes) {
  start_vips();
  ImageFacts facts;
  Image image;
  image.image = vips_image_new_from_buffer(bytes.data(), bytes.size(), "", nullptr);
  // Decoded whole, not only its header.
  double ignored = 0;
  if (image.image == nullptr || vips_avg(image.image, &ignored, nullptr) != 0) {
    vips_error_clear();
    return facts;
  }
  facts.decodes = true;
  facts.width = image.image->Xsize;
  facts.height = image.image->Ysize;
  const char* loader = nullptr;
  if (vips_image_get_string(image.image, "vips-loader", &loader) == 0) facts.loader = loader;
  gchar** fields = vips_image_get_fields(image.image);
  for (gchar** field = fields; *field; ++field) {
    const std::string_view name = *field;
    if (name == VIPS_META_EXIF_NAME || name.starts_with("exif-")) facts.has_exif = true;
    if (name.starts_with("exif-ifd3-")) facts.has_gps = true;
    if (name == VIPS_META_ORIENTATION) facts.has_orientation = true;
    if (name == VIPS_META_ICC_NAME) facts.has_icc = true;
    if (name == VIPS_META_XMP_NAME) facts.has_xmp = true;
  }
  g_strfreev(fields);
  return facts;
}

}  // namespace mesoclinic::testing
