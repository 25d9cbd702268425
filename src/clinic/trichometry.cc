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

Result<void> check_under_review(const TrichometryResult& result) {
  if (result.accepted_at) {
    return fail(ErrorCode::kConflict,
                "This result has been accepted and is final: its figures are the course's "
                "measurements, which are never edited.");
  }
  return {};
}

}  // namespace mesoclinic::clinic
