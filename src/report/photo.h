// Private to report/: standard photos on a printed page. The photos arrive as PNG (see
// ReportPhoto); cairo reads them, and a photo it cannot read becomes a framed note.
#pragma once

#include <string>
#include <string_view>

#include "report/typeset.h"

namespace mesoclinic::report {

constexpr int kMaxPhotoSide = 4096;  // pixels: far above a print rendition, well below harm

// The photo as a cairo image, or null when the bytes are not a PNG cairo reads or the PNG's
// header claims more than kMaxPhotoSide pixels a side (checked before decoding).
typeset::Surface decode_png(std::string_view png);

// The photo scaled to fit inside (x, y, width, height), centred, with a thin frame; without a
// photo, the frame with `note` in it.
void draw_photo(cairo_t* cr, cairo_surface_t* photo, const std::string& note, double x, double y,
                double width, double height);

// The height a photo takes at `width` keeping its proportions (`fallback` without one).
double photo_height(cairo_surface_t* photo, double width, double fallback);

}  // namespace mesoclinic::report
