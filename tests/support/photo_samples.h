// Test support: images made for the photo tests with libvips itself (no fixtures to keep in the
// repository), the hostile ones crafted byte by byte, and what a stored image reveals when read
// back. No vips type leaves this header.
#pragma once

#include <cstdint>
#include <string>

namespace mesoclinic::testing {

// A JPEG of `width` x `height` whose EXIF holds a camera make, a GPS position and the given
// orientation tag (1: upright; 6: the camera was turned, display rotated 90 degrees clockwise).
std::string jpeg_from_camera(int width, int height, int orientation = 1);

// A JPEG whose embedded colour profile is not one (bytes no colour system can read).
std::string jpeg_with_broken_profile(int width, int height);

// A PNG of `width` x `height` with an alpha channel.
std::string png_with_alpha(int width, int height);

// A valid PNG signature and IHDR chunk (with its CRC) claiming `width` x `height` pixels, then a
// tiny IDAT and IEND: a header any decoder believes, over almost no data.
std::string png_claiming(std::uint32_t width, std::uint32_t height);

// What an image's bytes show when decoded again.
struct ImageFacts {
  bool decodes = false;
  int width = 0;
  int height = 0;
  std::string loader;     // "jpegload_buffer", ...
  bool has_exif = false;  // any EXIF block or field
  bool has_gps = false;   // any GPS field
  bool has_orientation = false;
  bool has_icc = false;
  bool has_xmp = false;
};
ImageFacts facts_of(const std::string& bytes);

}  // namespace mesoclinic::testing
