// Two images of one marked site laid on each other by their hairs' exits (the follicles stay
// where they are between visits; the shafts are clipped anew or grow), and the exits matched
// one to one. Internal to trichometry: compare_visits and measure_growth build on it.
#pragma once

#include <array>
#include <utility>
#include <vector>

#include "core/result.h"
#include "trichometry/trichometry.h"

namespace mesoclinic::trichometry {

// A counted hair's exit.
struct Exit {
  std::size_t hair = 0;  // index into Analysis::hairs
  PixelPoint at;
  double direction = 0;  // radians, the way the shaft leaves its exit
};

// The exits of `analysis`'s counted hairs.
std::vector<Exit> exits_of(const Analysis& analysis);

struct Registration {
  // A follow-up pixel (x, y) lies at (a x + b y + c, d x + e y + f) in the baseline: {a..f}.
  std::array<double, 6> follow_up_to_baseline{};
  // Exits within 100 um (at least 6 pixels) of each other once registered, each once, anywhere
  // in the images:
  // indices into the baseline's and the follow-up's exits_of.
  std::vector<std::pair<std::size_t, std::size_t>> pairs;

  PixelPoint on_baseline(const PixelPoint& follow_up_point) const;
  PixelPoint on_follow_up(const PixelPoint& baseline_point) const;
};

// `follow_up` laid on `baseline`, given their exits (exits_of). kInvalidInput under
// "/follow_up" if either has too few hairs to register or too few agree once registered (the
// two do not show the same site).
Result<Registration> register_visits(const Analysis& baseline, const std::vector<Exit>& base_exits,
                                     const Analysis& follow_up,
                                     const std::vector<Exit>& follow_exits);

}  // namespace mesoclinic::trichometry
