// Where a traced and measured shaft's hair leaves the scalp: which end of it shows the hair's
// follicle opening, by the rules docs/trichometry.md (step 6) gives and measures; and whether a
// shaft too short to measure along is a hair's stretch from its exit. Internal to trichometry.
#pragma once

#include <array>
#include <opencv2/core.hpp>
#include <vector>

#include "trichometry/shaft_profile.h"
#include "trichometry/shaft_tracing.h"

namespace mesoclinic::trichometry {

// A traced shaft measured across.
struct Measured {
  std::vector<cv::Point> centre_line;
  std::array<bool, 2> free_end{};
  std::vector<int> crossings;  // as TracedShaft's
  ShaftProfile profile;
  double width_px = 0;
  double rough_width_px = 0;   // the hair pixels' width, blur and all
  bool short_stretch = false;  // kept as an exit_stretch: measured across its middle only
};

// Which end of a shaft is its hair's exit (0: its line's front, 1: its back, -1: neither in
// view), and how sure that is (0.3 to 1).
struct Exit {
  int end = -1;
  double sureness = 1;
};

// Whether `p` lies so near the image's edge that a shaft ending there runs on out of view.
bool at_border(const cv::Point& p, const cv::Size& size);

// Which end of a measured shaft its hair leaves the scalp by. Its exit is an end with an opening
// around it: a free end (not where it met other shafts, nor the image's edge), or of two free
// ends the one its opening shows around more. A shaft whose ends both meet other shafts counts
// where an opening clearly lies around one of them; a tip whose other end meets another shaft
// leaves the scalp there, if no bare skin lies around that end. A shaft with no such end is a
// hair whose exit is out of view (or a piece of one a crossing split): seen, not counted.
Exit exit_of(const Measured& shaft, const cv::Mat& darkness, const cv::Mat& shaft_mask);

// Whether a shaft too short to be told from a mark (kLeastElongation, kShortestShaftUm) is a
// hair's: its line at least half as long as it is wide (thinning leaves a round mark none), with
// a clear opening around one end. Either the stretch of a hair between its exit and the shaft it
// runs into (one free end; the opening measured for the width of the shape it joins, which may
// hide the rest of its shaft), or a thick hair clipped to a stub (both ends free, the opening
// lying around one of them only: an empty opening or a speck is dark all round alike).
bool exit_stretch(const TracedShaft& traced, double length, double rough_width,
                  const cv::Mat& depth, const cv::Mat& darkness, const cv::Mat& shaft_mask);

}  // namespace mesoclinic::trichometry
