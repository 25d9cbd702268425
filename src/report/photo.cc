#include "report/photo.h"

#include <algorithm>
#include <cstring>

namespace mesoclinic::report {
namespace {

struct Reader {
  std::string_view rest;
};

cairo_status_t read_from(void* closure, unsigned char* data, unsigned int length) {
  auto* reader = static_cast<Reader*>(closure);
  if (reader->rest.size() < length) return CAIRO_STATUS_READ_ERROR;
  std::memcpy(data, reader->rest.data(), length);
  reader->rest.remove_prefix(length);
  return CAIRO_STATUS_SUCCESS;
}

// A big-endian 32-bit number at `at`.
std::uint32_t number_at(std::string_view bytes, std::size_t at) {
  std::uint32_t value = 0;
  for (std::size_t i = 0; i < 4; ++i) {
    value = value << 8 | static_cast<unsigned char>(bytes[at + i]);
  }
  return value;
}

}  // namespace

typeset::Surface decode_png(std::string_view png) {
  // The signature, then the IHDR chunk: length, "IHDR", width, height.
  if (png.size() < 24 || png.substr(0, 8) != "\x89PNG\r\n\x1a\n" || png.substr(12, 4) != "IHDR") {
    return nullptr;
  }
  if (number_at(png, 16) > kMaxPhotoSide || number_at(png, 20) > kMaxPhotoSide) return nullptr;
  Reader reader{png};
  typeset::Surface photo(cairo_image_surface_create_from_png_stream(read_from, &reader));
  if (cairo_surface_status(photo.get()) != CAIRO_STATUS_SUCCESS) return nullptr;
  return photo;
}

double photo_height(cairo_surface_t* photo, double width, double fallback) {
  if (!photo) return fallback;
  const int pixels_wide = cairo_image_surface_get_width(photo);
  const int pixels_high = cairo_image_surface_get_height(photo);
  if (pixels_wide <= 0 || pixels_high <= 0) return fallback;
  return width * pixels_high / pixels_wide;
}

void draw_photo(cairo_t* cr, cairo_surface_t* photo, const std::string& note, double x, double y,
                double width, double height) {
  cairo_save(cr);
  double frame_x = x;
  double frame_y = y;
  double frame_width = width;
  double frame_height = height;
  if (photo) {
    const double pixels_wide = cairo_image_surface_get_width(photo);
    const double pixels_high = cairo_image_surface_get_height(photo);
    const double scale = std::min(width / pixels_wide, height / pixels_high);
    frame_width = pixels_wide * scale;
    frame_height = pixels_high * scale;
    frame_x = x + (width - frame_width) / 2;
    frame_y = y + (height - frame_height) / 2;
    cairo_save(cr);
    cairo_translate(cr, frame_x, frame_y);
    cairo_scale(cr, scale, scale);
    cairo_set_source_surface(cr, photo, 0, 0);
    cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
    cairo_paint(cr);
    cairo_restore(cr);
  } else {
    typeset::Layout layout =
        typeset::make_layout(cr, note, typeset::Style::kSmall, width - 16, typeset::Align::kCentre);
    cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
    typeset::draw(cr, layout.get(), x + 8, y + (height - typeset::height_of(layout.get())) / 2);
  }
  cairo_set_source_rgb(cr, 0.6, 0.6, 0.6);
  cairo_set_line_width(cr, 0.6);
  cairo_rectangle(cr, frame_x, frame_y, frame_width, frame_height);
  cairo_stroke(cr);
  cairo_restore(cr);
}

}  // namespace mesoclinic::report
