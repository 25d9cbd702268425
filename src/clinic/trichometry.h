// Trichometry's result for a trichoscopy photo (issue 17): the figures the engine
// (src/trichometry) measured in the photo's target area with the clinic's vellus threshold, the
// practitioner's correction of them, and the outcome measurements the accepted figures make for
// the photo's course. A result is reviewed before it counts: measured, corrected on its overlay
// as often as needed, then accepted once, after which it is final (a course's measurements are
// never edited). Pure values and rules: the engine itself is not a clinic rule and is not called
// from here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "clinic/outcomes.h"
#include "clinic/photo.h"
#include "core/result.h"
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

// The practitioner's correction of a result, kept beside the automatic figures.
struct TrichometryCorrection {
  std::string marks;    // the hairs removed and added, as JSON (documents/trichometry_json.h)
  HairFigures figures;  // recomputed with them
  Instant corrected_at{};
  std::string corrected_by;  // user id
  friend bool operator==(const TrichometryCorrection&, const TrichometryCorrection&) = default;
};

// One photo's result: measured once; corrected until it is accepted, then final.
struct TrichometryResult {
  std::string id;
  std::string photo_id;
  std::string patient_id;
  PixelArea target;
  double vellus_under_um = kDefaultVellusUnderUm;
  HairFigures figures;
  Instant analysed_at{};
  std::string analysed_by;  // user id
  std::string engine;       // which engine counted (trichometry::kEngine)
  // Every hair the engine saw, in its order, as JSON (documents/trichometry_json.h): kept so that
  // a correction names the hairs the practitioner saw, whatever a later engine would find.
  std::string hairs;
  std::optional<TrichometryCorrection> correction;
  std::optional<Instant> accepted_at;
  std::string accepted_by;  // user id, once accepted
  std::int64_t version = 1;
  friend bool operator==(const TrichometryResult&, const TrichometryResult&) = default;
};

// The engine of a result measured before results kept their hairs (migration 0028): its figures
// stand, but it has no hairs to draw, correct or compare.
inline constexpr const char* kEngineUnrecorded = "unrecorded";
inline bool hairs_kept(const TrichometryResult& result) {
  return result.engine != kEngineUnrecorded;
}

// The figures a result stands for: the practitioner's when they corrected it, the engine's
// otherwise. These are what acceptance records.
const HairFigures& figures_of(const TrichometryResult& result);

// Whether `baseline` can be compared with `follow_up` as two visits of one marked site: another
// image of the same patient's same zone, taken before it. kInvalidInput under "/baseline"
// otherwise.
Result<void> check_comparable(const Photo& baseline, const Photo& follow_up);

// A phototrichogram: the site clipped and imaged on day 0, then imaged again this many days
// later (the engine's range; 2-3 days is usual), when growing (anagen) hairs have grown.
inline constexpr double kShortestGrowthDays = 0.5;
inline constexpr double kLongestGrowthDays = 14;

// Fewer hairs followed from day 0 than this make no anagen share worth recording: one hair more
// or less would move it by over 5 points.
inline constexpr int kFewestHairsFollowed = 20;

// The days from `day_0` to `later`, two images of one clipped site for a phototrichogram:
// another image of the same patient's same zone at the same time point, taken 0.5 to 14 days
// before. kInvalidInput under `field` (where the request named day 0) otherwise.
Result<double> growth_days(const Photo& day_0, const Photo& later, const std::string& field);

// Whether the anagen share of a phototrichogram can be recorded for a course: kConflict unless
// both images' hair counts are accepted (the share comes only from hairs the practitioner has
// checked on both); kInvalidInput under `field` when too few hairs of day 0 were found again.
Result<void> check_anagen_recordable(const TrichometryResult& day_0, const TrichometryResult& later,
                                     int hairs_followed, const std::string& field);

// The anagen share measurement a phototrichogram makes for its later image: at that image's time
// point and zone, by phototrichogram, to a tenth.
OutcomeMeasurement anagen_measurement(double anagen_share_percent, const Photo& later);

// kConflict once `result` is accepted: its figures may have become a course's measurements,
// which are never edited, so neither is it.
Result<void> check_under_review(const TrichometryResult& result);

// The outcome measurements `figures` make for `photo` (a trichoscopy image of a zone, taken at a
// time point): hair density, and when hairs were counted their mean diameter, diameter diversity
// and vellus share, each by trichoscopy in the photo's zone. A measure whose value falls outside
// its plausible range (check_outcome) is left out rather than recorded wrong.
std::vector<OutcomeMeasurement> trichoscopy_measurements(const HairFigures& figures,
                                                         const Photo& photo);

}  // namespace mesoclinic::clinic
