#include "clinic/trichometry.h"

#include <cmath>

namespace mesoclinic::clinic {

std::vector<OutcomeMeasurement> trichoscopy_measurements(const HairFigures& figures,
                                                         const Photo& photo) {
  std::vector<std::pair<Measure, double>> values = {
      {Measure::kHairDensity, figures.density_per_cm2}};
  // With no hair counted there is no diameter to speak of, nor a share of fine ones.
  if (figures.hair_count > 0) {
    values.insert(values.end(), {{Measure::kMeanShaftDiameter, figures.mean_diameter_um},
                                 {Measure::kDiameterDiversity, figures.diameter_cv_percent},
                                 {Measure::kVellusShare, figures.vellus_share_percent}});
  }
  std::vector<OutcomeMeasurement> measurements;
  for (const auto& [measure, value] : values) {
    OutcomeMeasurement measurement{.time_point = photo.time_point,
                                   .measure = measure,
                                   // To a tenth, as staff would write it down.
                                   .value = std::round(value * 10) / 10,
                                   .unit = std::string(unit_of(measure)),
                                   .zone = photo.zone,
                                   .method = Method::kTrichoscopy};
    if (check_outcome(measurement, "").empty()) measurements.push_back(std::move(measurement));
  }
  return measurements;
}

const HairFigures& figures_of(const TrichometryResult& result) {
  return result.correction ? result.correction->figures : result.figures;
}

Result<void> check_comparable(const Photo& baseline, const Photo& follow_up) {
  const auto refuse = [](std::string why) {
    return invalid({{"/baseline", std::move(why)}}, "These two images cannot be compared.");
  };
  if (baseline.id == follow_up.id) return refuse("is this same image");
  if (baseline.patient_id != follow_up.patient_id) return refuse("is another patient's image");
  if (baseline.kind != PhotoKind::kTrichoscopy || baseline.zone != follow_up.zone) {
    return refuse("is not a trichoscopy image of the same zone");
  }
  if (!(baseline.taken_at < follow_up.taken_at)) return refuse("was not taken before this image");
  return {};
}

Result<void> check_under_review(const TrichometryResult& result) {
  if (result.accepted_at) {
    return fail(ErrorCode::kConflict,
                "This result has been accepted and is final: its figures are the course's "
                "measurements, which are never edited.");
  }
  return {};
}

}  // namespace mesoclinic::clinic
