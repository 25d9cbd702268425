// The phototrichogram (issue 17): a site clipped and imaged on day 0, imaged again a few days
// later, both images' hairs counted and reviewed; the hairs of day 0 followed into the later
// image tell which grew (anagen) and how fast. Its anagen share becomes a course measurement
// once both counts are accepted (clinic/trichometry.h has the rules).
#pragma once

#include <optional>
#include <string>

#include "practice/trichometry.h"

namespace mesoclinic::practice {

// The day-0 image `later` is measured against: `named` if given (kInvalidInput under `field`,
// where the request named it, if it names no image of the patient measured with its hairs kept),
// otherwise the latest measured image of the same zone and time point taken 0.5-14 days before
// it, in the same course if `later` has one. Nothing (no error) when there is none.
Result<std::optional<TrichometryVisit>> day_0_of(store::Transaction& tx, const clinic::Photo& later,
                                                 const std::optional<std::string>& named,
                                                 const std::string& field);

struct Phototrichogram {
  double days = 0;  // from day 0 to the later image
  trichometry::HairGrowth growth;
};

// The growth from `day_0` to `later`, on both results as reviewed. kInvalidInput under `field`
// for two images that are not of one site 0.5-14 days apart (clinic::growth_days), under
// "/photo" for a later result measured before results kept their hairs, and the engine's under
// "/follow_up" when the hairs say the images are not of one site.
Result<Phototrichogram> measure_phototrichogram(const TrichometryVisit& day_0,
                                                const TrichometryVisit& later,
                                                const std::string& field);

struct AnagenRecording {
  Phototrichogram phototrichogram;
  std::optional<clinic::RecordedMeasurement> measurement;
  std::optional<std::string> measurement_withheld;  // why none was recorded, if none was
};

// Records the anagen share of `later`'s phototrichogram as its course's measurement by `user_id`
// at `now`, at the image's time point, session and time taken, naming it. As
// measure_phototrichogram; then clinic::check_anagen_recordable's refusals (both counts
// accepted, enough hairs followed) and kConflict when the image's anagen share is recorded
// already. No measurement (and the reason) for an image of no course or taken before its course
// was agreed.
Result<AnagenRecording> record_anagen_share(store::Transaction& tx, const TrichometryVisit& day_0,
                                            const TrichometryVisit& later, const std::string& field,
                                            const std::string& user_id, Instant now);

// The anagen share already recorded from `later`, if it has been.
Result<std::optional<clinic::RecordedMeasurement>> recorded_anagen_share(
    store::Transaction& tx, const clinic::Photo& later);

}  // namespace mesoclinic::practice
