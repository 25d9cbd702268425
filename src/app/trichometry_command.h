// `mesoclinic trichometry analyze`: the hairs of a calibrated trichoscopy image counted and
// measured from the command line, the figures printed (or as JSON) and the overlay written.
#pragma once

#include <optional>
#include <string>

#include "trichometry/trichometry.h"

namespace mesoclinic::app {

struct TrichometryRequest {
  std::string image_path;
  trichometry::Calibration calibration;
  trichometry::TargetArea target;  // empty: the whole image
  trichometry::Settings settings;
  bool json = false;
  std::optional<std::string> overlay_path;
};

// Parses "LEFT,TOP,WIDTH,HEIGHT" (pixels); nothing if it is not four numbers.
std::optional<trichometry::TargetArea> parse_target_area(const std::string& text);

// Prints the figures on standard output and writes the overlay if asked; returns the exit
// status: 0 measured, 1 refused or unreadable (the reason on standard error).
int analyze_trichoscopy_image(const TrichometryRequest& request);

}  // namespace mesoclinic::app
