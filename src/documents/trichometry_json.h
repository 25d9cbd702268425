// A trichometry analysis as JSON: the figures of the counted hairs and every hair seen, as the
// command line prints them; and the hairs and the practitioner's correction a stored result
// keeps.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/result.h"
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

// The hairs of an analysis as a stored result keeps them and the API shows them, in order (a
// correction names them by their place): [{"line": [[x, y], ...] (from the exit to the visible
// end, simplified to within half a pixel), "length_um", "width_um", "confidence", "counted",
// "vellus", "source"}].
nlohmann::json hairs_json(const std::vector<trichometry::Hair>& hairs);
// Read back; kInvalidInput under "/hairs/N/..." for a document that is not such a list.
Result<std::vector<trichometry::Hair>> read_hairs(const nlohmann::json& hairs);

// The same from the text a stored result keeps; kInvalidInput for text that is not such a list.
Result<std::vector<trichometry::Hair>> read_hairs_text(const std::string& text);

// A practitioner's correction: {"removed": [index, ...], "added": [{"exit": [x, y], "end":
// [x, y], "width_um"}]}; both lists may be empty.
nlohmann::json correction_json(const trichometry::Correction& correction);
// As sent (or as kept); problems under "/removed/N" and "/added/N/...". Whether the indices name
// counted hairs and the exits lie in the target area is trichometry::apply_correction's to say.
trichometry::Correction read_correction(const nlohmann::json& body,
                                        std::vector<FieldError>& errors);
// The same from the text a stored correction keeps; kInvalidInput for text that is not one.
Result<trichometry::Correction> read_correction_text(const std::string& text);

}  // namespace mesoclinic::documents
