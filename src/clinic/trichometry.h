// Trichometry's result for a trichoscopy photo (issue 17): the figures the engine
// (src/trichometry) measured in the photo's target area with the clinic's vellus threshold, and
// the outcome measurements they make for the photo's course. Pure values and rules: the engine
// itself is not a clinic rule and is not called from here.
#pragma once

#include <string>
#include <vector>

#include "clinic/outcomes.h"
#include "clinic/photo.h"
#include "core/time.h"

namespace mesoclinic::clinic {

// The rectangle counted in, in the photo's pixels.
struct PixelArea {
  double left = 0, top = 0, width = 0, height = 0;
  friend bool operator==(const PixelArea&, const PixelArea&) = default;
};

// The figures of the hairs counted (DOMAIN.md's measurement table).
struct HairFigures {
  int hair_count = 0;
  double target_area_cm2 = 0;
  double density_per_cm2 = 0;
  double mean_diameter_um = 0;
  double median_diameter_um = 0;
  double diameter_cv_percent = 0;
  double vellus_share_percent = 0;
  double cumulative_thickness_mm_per_cm2 = 0;
  friend bool operator==(const HairFigures&, const HairFigures&) = default;
};

// The vellus threshold a clinic may count by: 30 um by default (DOMAIN.md), 40 um as TrichoScan
// counts; beyond these bounds no hair is told from another by it.
inline constexpr double kDefaultVellusUnderUm = 30;
inline constexpr double kFinestVellusUnderUm = 10;
inline constexpr double kWidestVellusUnderUm = 60;

// One photo's result: recorded once, never edited.
struct TrichometryResult {
  std::string id;
  std::string photo_id;
  std::string patient_id;
  PixelArea target;
  double vellus_under_um = kDefaultVellusUnderUm;
  HairFigures figures;
  Instant analysed_at{};
  std::string analysed_by;  // user id
  friend bool operator==(const TrichometryResult&, const TrichometryResult&) = default;
};

// The outcome measurements `figures` make for `photo` (a trichoscopy image of a zone, taken at a
// time point): hair density, and when hairs were counted their mean diameter, diameter diversity
// and vellus share, each by trichoscopy in the photo's zone. A measure whose value falls outside
// its plausible range (check_outcome) is left out rather than recorded wrong.
std::vector<OutcomeMeasurement> trichoscopy_measurements(const HairFigures& figures,
                                                         const Photo& photo);

}  // namespace mesoclinic::clinic
