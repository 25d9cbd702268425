#include "documents/trichometry_json.h"

namespace mesoclinic::documents {
namespace {

const char* source_name(trichometry::HairSource source) {
  switch (source) {
    case trichometry::HairSource::kFound:
      return "found";
    case trichometry::HairSource::kRemovedByPractitioner:
      return "removed_by_practitioner";
    case trichometry::HairSource::kAddedByPractitioner:
      return "added_by_practitioner";
  }
  return "found";
}

}  // namespace

nlohmann::json trichometry_figures_json(const trichometry::Figures& f) {
  return {{"hair_count", f.hair_count},
          {"target_area_cm2", f.target_area_cm2},
          {"density_per_cm2", f.density_per_cm2},
          {"mean_diameter_um", f.mean_diameter_um},
          {"median_diameter_um", f.median_diameter_um},
          {"diameter_cv_percent", f.diameter_cv_percent},
          {"vellus_share_percent", f.vellus_share_percent},
          {"cumulative_thickness_mm_per_cm2", f.cumulative_thickness_mm_per_cm2}};
}

nlohmann::json trichometry_json(const trichometry::Analysis& analysis,
                                const trichometry::Settings& settings) {
  nlohmann::json hairs = nlohmann::json::array();
  for (const auto& hair : analysis.hairs) {
    hairs.push_back({{"exit", {hair.centre_line.front().x, hair.centre_line.front().y}},
                     {"end", {hair.centre_line.back().x, hair.centre_line.back().y}},
                     {"length_um", hair.length_um},
                     {"width_um", hair.width_um},
                     {"confidence", hair.confidence},
                     {"counted", hair.counted},
                     {"vellus", hair.vellus},
                     {"source", source_name(hair.source)}});
  }
  const auto& t = analysis.target;
  return {
      {"um_per_px", analysis.calibration.um_per_px},
      {"target_area", {{"left", t.left}, {"top", t.top}, {"width", t.width}, {"height", t.height}}},
      {"vellus_under_um", settings.vellus_under_um},
      {"figures", trichometry_figures_json(analysis.figures)},
      {"hairs", hairs}};
}

}  // namespace mesoclinic::documents
