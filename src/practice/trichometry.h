// Trichometry of a trichoscopy photo (issue 17): the engine (src/trichometry) run on the stored
// image before any transaction begins (a 2-megapixel image takes about 0.1 s of a core, which a
// database transaction should not wait for), its hairs and figures kept with the photo; then the
// practitioner's review: corrections on the overlay, and acceptance, which records the figures
// as the course's outcome measurements naming the photo (clinic/trichometry.h has the rules).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "clinic/photo.h"
#include "clinic/trichometry.h"
#include "media/media.h"
#include "store/store.h"
#include "trichometry/trichometry.h"

namespace mesoclinic::practice {

// The clinic's copy of the engine's figures (which keeps src/clinic free of the engine), and back.
clinic::HairFigures hair_figures(const trichometry::Figures& figures);
trichometry::Figures engine_figures(const clinic::HairFigures& figures);

// What the practitioner asks of the engine.
struct TrichometryRequest {
  std::optional<clinic::PixelArea> target;  // none: the whole image
  double vellus_under_um = clinic::kDefaultVellusUnderUm;
};

// The engine's analysis of `photo`'s image. kInvalidInput under "/photo" for a photo that is no
// trichoscopy image, under "/vellus_under_um" for a threshold outside 10-60 um, and the engine's
// own refusals ("/image" blurred, over-exposed, ...; "/target_area" outside the image;
// "/um_per_px" a calibration the hairs contradict); kInternal if the photo's file is missing.
Result<trichometry::Analysis> analyse_photo(const media::PhotoFiles& files,
                                            const clinic::Photo& photo,
                                            const TrichometryRequest& request);

// Keeps `analysis` (of `photo`, as `request` asked) as the photo's result by `user_id` at `now`,
// with every hair it saw, under review: nothing is a course's measurement until it is accepted.
// kConflict if the photo has a result already: a photo is measured once.
Result<clinic::TrichometryResult> record_trichometry(store::Transaction& tx,
                                                     const clinic::Photo& photo,
                                                     const trichometry::Analysis& analysis,
                                                     const TrichometryRequest& request,
                                                     const std::string& user_id, Instant now);

// The result as the practitioner sees it under review: the engine's hairs with the correction
// (if any) applied and its figures recomputed. kInternal for a stored result that cannot be read.
Result<trichometry::Analysis> reviewed_analysis(const clinic::Photo& photo,
                                                const clinic::TrichometryResult& result);

// Replaces `result`'s correction with `correction` by `user_id` at `now` (an empty one goes back
// to the engine's figures) and keeps the figures it gives beside the engine's. kConflict once the
// result is accepted; kInvalidInput (trichometry::apply_correction's) for marks that do not fit
// it; kPreconditionFailed if someone changed it meanwhile.
Result<clinic::TrichometryResult> correct_trichometry(store::Transaction& tx,
                                                      const clinic::Photo& photo,
                                                      const clinic::TrichometryResult& result,
                                                      const trichometry::Correction& correction,
                                                      const std::string& user_id, Instant now);

// The course a photo's measurements go to: none for a photo of no course, and none (with the
// reason) for one taken before its course was agreed, since no measurement of a course comes
// before it. kNotFound if the photo's course is gone.
struct MeasuredCourse {
  std::optional<store::StoredCourse> course;
  std::optional<std::string> withheld;
};
Result<MeasuredCourse> course_measured_by(store::Transaction& tx, const clinic::Photo& photo);

struct TrichometryRecording {
  clinic::TrichometryResult result;
  std::vector<clinic::RecordedMeasurement> measurements;  // none if the photo has no course
  // Why a photo of a course gave the course no measurements, if it did not.
  std::optional<std::string> measurements_withheld;
};

// Accepts `result` by `user_id` at `now`: final from then on, and for a photo of a course its
// figures (the corrected ones if corrected) recorded as the course's measurements at the photo's
// time point, session and time taken, each naming the photo, unless the photo was taken before
// the course was agreed (no measurement of a course comes before it; the figures stay with the
// photo all the same). kConflict if it was accepted already.
Result<TrichometryRecording> accept_trichometry(store::Transaction& tx, const clinic::Photo& photo,
                                                const clinic::TrichometryResult& result,
                                                const std::string& user_id, Instant now);

// A trichoscopy photo with its result.
struct TrichometryVisit {
  clinic::Photo photo;
  clinic::TrichometryResult result;
};

// `photo` with its result, if it was measured with its hairs kept (an older result has nothing
// to compare hair by hair).
Result<std::optional<TrichometryVisit>> measured_visit(store::Transaction& tx,
                                                       const clinic::Photo& photo);

// The measured image `named` as a visit of `photo`'s patient; kInvalidInput under `field` if it
// names none (another patient's image is answered alike: its existence is not theirs to learn).
Result<TrichometryVisit> named_visit(store::Transaction& tx, const clinic::Photo& photo,
                                     const std::string& named, const std::string& field);

// Which of the images that fit a comparison it takes when none is named.
enum class EarlierImage { kEarliest, kLatest };

// The image `photo` is compared with: `named` if given (named_visit under `field`), otherwise
// the earliest or latest taken of the patient's images measured with their hairs kept that
// `fits` allows (in `photo`'s course if it has one). Nothing (no error) when none fits.
Result<std::optional<TrichometryVisit>> earlier_visit(
    store::Transaction& tx, const clinic::Photo& photo, const std::optional<std::string>& named,
    const std::string& field, const std::function<bool(const clinic::Photo&)>& fits,
    EarlierImage which);

// Two images' results as reviewed, for comparing them hair by hair. kInvalidInput under
// "/photo" when the later one was measured before results kept their hairs (the earlier one is
// found among those that kept them).
Result<std::pair<trichometry::Analysis, trichometry::Analysis>> reviewed_pair(
    const TrichometryVisit& earlier, const TrichometryVisit& later);

// What `photo` (of a trichoscopy image) is compared with when no baseline is named: the earliest
// measured image of the same zone of the patient taken before it, in the same course if the
// photo has one. `named`, if given, is that image instead; kInvalidInput under "/baseline" if
// it names no measured image of the patient. Nothing (no error) when there is none earlier.
Result<std::optional<TrichometryVisit>> baseline_of(store::Transaction& tx,
                                                    const clinic::Photo& photo,
                                                    const std::optional<std::string>& named);

// The change in hairs from `baseline` to `follow_up`, two images of one marked site, compared
// hair by hair on their results as reviewed and on the images themselves (read from `files`;
// trichometry::compare_visits), in the baseline's target area. kInvalidInput under "/baseline"
// for two images that cannot be of one site (clinic::check_comparable), and under "/follow_up"
// when the hairs say they are not; kInternal if either stored photo is missing or cannot be
// read.
Result<trichometry::VisitComparison> compare_trichometry(const media::PhotoFiles& files,
                                                         const TrichometryVisit& baseline,
                                                         const TrichometryVisit& follow_up);

// The photo's image with `result`'s hairs, as reviewed, drawn over it (trichometry::draw_overlay),
// a PNG.
Result<std::vector<unsigned char>> trichometry_overlay(const media::PhotoFiles& files,
                                                       const clinic::Photo& photo,
                                                       const clinic::TrichometryResult& result);

}  // namespace mesoclinic::practice
