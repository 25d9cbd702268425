// A trichometry analysis as JSON: the figures of the counted hairs and every hair seen, as the
// command line prints them (and the API will store them).
#pragma once

#include <nlohmann/json.hpp>

#include "trichometry/trichometry.h"

namespace mesoclinic::documents {

// {"hair_count", "target_area_cm2", "density_per_cm2", "mean_diameter_um",
// "median_diameter_um", "diameter_cv_percent", "vellus_share_percent",
// "cumulative_thickness_mm_per_cm2"}.
nlohmann::json trichometry_figures_json(const trichometry::Figures& figures);

// {"um_per_px", "target_area": {"left", "top", "width", "height"}, "vellus_under_um",
// "figures", "hairs": [{"exit": [x, y], "end": [x, y], "length_um", "width_um", "confidence",
// "counted", "vellus", "source": "found", "removed_by_practitioner" or
// "added_by_practitioner"}]}.
nlohmann::json trichometry_json(const trichometry::Analysis& analysis,
                                const trichometry::Settings& settings);

}  // namespace mesoclinic::documents
