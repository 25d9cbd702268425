// trichometry::apply_correction: the practitioner's word over the engine's, figures recomputed
// with the same definitions.
#include <cmath>
#include <set>
#include <string>

#include "trichometry/figures.h"
#include "trichometry/trichometry.h"

namespace mesoclinic::trichometry {

Result<Analysis> apply_correction(const Analysis& automatic, const Correction& correction,
                                  const Settings& settings) {
  std::vector<FieldError> problems;
  Analysis corrected = automatic;
  std::set<std::size_t> seen;
  for (std::size_t i = 0; i < correction.removed.size(); ++i) {
    const std::size_t index = correction.removed[i];
    const std::string at = "/removed/" + std::to_string(i);
    if (index >= corrected.hairs.size() || !corrected.hairs[index].counted) {
      problems.push_back({at, "is not a counted hair of this analysis"});
    } else if (!seen.insert(index).second) {
      problems.push_back({at, "names a hair already removed"});
    } else {
      corrected.hairs[index].counted = false;
      corrected.hairs[index].source = HairSource::kRemovedByPractitioner;
    }
  }
  const double um = automatic.calibration.um_per_px;
  for (std::size_t i = 0; i < correction.added.size(); ++i) {
    const AddedHair& added = correction.added[i];
    const std::string at = "/added/" + std::to_string(i);
    if (!inside(automatic.target, added.exit)) {
      problems.push_back({at + "/exit", "must lie inside the target area"});
      continue;
    }
    if (!(added.width_um >= kNarrowestMarkUm && added.width_um <= kWidestMarkUm)) {
      problems.push_back({at + "/width_um", "must be between 5 and 200 micrometres"});
      continue;
    }
    Hair hair;
    hair.centre_line = {added.exit, added.end};
    hair.length_um = std::hypot(added.end.x - added.exit.x, added.end.y - added.exit.y) * um;
    hair.width_um = added.width_um;
    hair.confidence = 1;
    hair.counted = true;
    hair.source = HairSource::kAddedByPractitioner;
    corrected.hairs.push_back(std::move(hair));
  }
  if (!problems.empty()) return invalid(std::move(problems), "The correction has invalid fields.");
  // Vellus by these settings, for the added hairs and any the automatic run judged by others.
  std::vector<double> widths;
  for (auto& hair : corrected.hairs) {
    hair.vellus = hair.width_um < settings.vellus_under_um;
    if (hair.counted) widths.push_back(hair.width_um);
  }
  corrected.figures = figures_of(widths, automatic.figures.target_area_cm2, settings);
  return corrected;
}

}  // namespace mesoclinic::trichometry
