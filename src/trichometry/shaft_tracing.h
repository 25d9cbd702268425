// From darkness to shafts: the pixels dark enough to be hair, thinned to centre lines, split
// where lines meet and joined again across each meeting by direction and width, so two crossing
// hairs come out as two shafts. Internal to trichometry.
#pragma once

#include <array>
#include <opencv2/core.hpp>
#include <vector>

namespace mesoclinic::trichometry {

// A shaft's centre line as traced, pixel by pixel from one end to the other.
struct TracedShaft {
  std::vector<cv::Point> centre_line;
  // Whether each end (front, back) is the shaft's own, rather than where it met other shafts
  // and no continuation was found: a shaft's exit or tip, not a piece of a crossing.
  std::array<bool, 2> free_end{false, false};
  // Where the line was joined across a meeting of shafts: the index in `centre_line` of the
  // first pixel past each, in order.
  std::vector<int> crossings;
};

// A short line thinning left sticking out of a shaft, taken off it: mostly the rounding of a wide
// shaft's end or side, but also the end of a hair that leaves the scalp against the shaft and
// merges with it (its exit is looked for at the spur's free end).
struct Spur {
  std::vector<cv::Point> line;  // from its free end to where it met the shaft
  int junction = -1;            // where it met the shaft: one id for each meeting place
};

// The shafts of a set of hair pixels, and the spurs taken off them.
struct Tracing {
  std::vector<TracedShaft> shafts;
  std::vector<Spur> spurs;
};

// The length of a line of pixels, each next to the one before (diagonal steps count sqrt 2).
double length_of(const std::vector<cv::Point>& line);

// The hair pixels (8-bit, 0 or 1) of the smoothed darkness: those clearly darker than the skin,
// and the fainter ones joined to them, but not those under 0.45 times as dark as the darkest
// within `halo_reach` pixels (a shaft's blurred edge, and the opening around its exit); and
// those of thin shafts standing out from the skin right beside them (a light vellus hair the
// skin's mottle hides from the bar for the rest); specks under `smallest_area` pixels are left
// out. Images are at least 64 pixels a side.
cv::Mat hair_pixels(const cv::Mat& smooth_darkness, double noise, int smallest_area,
                    int halo_reach);

// The shafts in `pixels`, whose distance to the nearest skin is `depth` (cv::distanceTransform).
Tracing trace_shafts(const cv::Mat& pixels, const cv::Mat& depth);

}  // namespace mesoclinic::trichometry
