// Measuring across a shaft: the darkness profile perpendicular to its centre line, averaged
// along it, and the width that profile implies once the lens's blur is known. Internal to
// trichometry.
#pragma once

#include <opencv2/core.hpp>
#include <optional>
#include <vector>

namespace mesoclinic::trichometry {

struct ShaftProfile {
  double peak = 0;             // darkness at the middle, above the skin beside it
  double area = 0;             // darkness summed across, in pixels: width times true darkness
  double half_peak_width = 0;  // between the outermost points at half the peak, in pixels
  double edge_blur = 0;        // the edges' spread as a Gaussian's sigma, in pixels
};

// The mean profile across `centre_line` (its ends left out) in `darkness`; nothing if the
// shaft is too short to measure across. `rough_width` (pixels) sizes the window. A
// `short_stretch` (a hair's stretch between its exit and the shaft it runs into, or a thick hair
// clipped to a stub) is measured on its middle, down to 6 pixels long.
std::optional<ShaftProfile> profile_across(const cv::Mat& darkness,
                                           const std::vector<cv::Point>& centre_line,
                                           double rough_width, bool short_stretch = false);

// The shaft's width in pixels: an opaque band blurred by a Gaussian of `blur` pixels. Wide
// shafts by their half-peak width (a light reflex along the middle does not change it); thin
// ones, whose peak the blur lowers, by the ratio of peak to area, which fixes the width; one
// sharper than any band so blurred (a thin shaft less blurred than the wide ones the blur was
// measured on) by its area over its peak, as if not blurred.
double width_of(const ShaftProfile& profile, double blur);

}  // namespace mesoclinic::trichometry
