// trichometry::match_exits: the engine's counted exits laid against the true ones, hair by hair.
#include <algorithm>
#include <cmath>

#include "trichometry/synthetic.h"

namespace mesoclinic::trichometry {

std::vector<int> match_exits(const std::vector<TrueHair>& truth, const Analysis& analysis) {
  const double um = analysis.calibration.um_per_px;
  std::vector<bool> used(analysis.hairs.size(), false);
  std::vector<int> matched(truth.size(), -1);
  for (std::size_t t = 0; t < truth.size(); ++t) {
    if (!truth[t].counted) continue;
    const auto exit = truth[t].centre_line.front();
    // Within the shaft's width (of a thin one, 6 px), and the few pixels the line's end may lie
    // off the opening's centre.
    double nearest = std::max(6.0, truth[t].width_um / um) + 4;
    for (std::size_t i = 0; i < analysis.hairs.size(); ++i) {
      const auto& found = analysis.hairs[i];
      if (!found.counted || used[i]) continue;
      const double d =
          std::hypot(found.centre_line.front().x - exit.x, found.centre_line.front().y - exit.y);
      if (d < nearest) nearest = d, matched[t] = static_cast<int>(i);
    }
    if (matched[t] >= 0) used[static_cast<std::size_t>(matched[t])] = true;
  }
  return matched;
}

}  // namespace mesoclinic::trichometry
