// Trichometry of a trichoscopy photo (issue 17): the engine (src/trichometry) run on the stored
// image before any transaction begins (a 2-megapixel image takes about 0.1 s of a core, which a
// database transaction should not wait for), then its figures kept with the photo and, when the
// photo belongs to a course, recorded as the course's outcome measurements naming the photo.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "clinic/photo.h"
#include "clinic/trichometry.h"
#include "media/media.h"
#include "store/store.h"
#include "trichometry/trichometry.h"

namespace mesoclinic::practice {

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

struct TrichometryRecording {
  clinic::TrichometryResult result;
  std::vector<clinic::RecordedMeasurement> measurements;  // none if the photo has no course
  // Why a photo of a course gave the course no measurements, if it did not.
  std::optional<std::string> measurements_withheld;
};

// Keeps `analysis` (of `photo`, as `request` asked) as the photo's result by `user_id` at `now`;
// for a photo of a course, records its figures as the course's measurements at the photo's time
// point, session and time taken, unless it was taken before the course was agreed (no
// measurement of a course comes before it; the figures are kept with the photo all the same).
// kConflict if the photo has a result already: a photo is measured once, and a course's figures
// are not counted twice.
Result<TrichometryRecording> record_trichometry(store::Transaction& tx, const clinic::Photo& photo,
                                                const trichometry::Analysis& analysis,
                                                const TrichometryRequest& request,
                                                const std::string& user_id, Instant now);

// The photo's image with `result`'s hairs drawn over it (trichometry::draw_overlay), a PNG. The
// hairs are found again from the same pixels with the same settings, which gives the same ones.
Result<std::vector<unsigned char>> trichometry_overlay(const media::PhotoFiles& files,
                                                       const clinic::Photo& photo,
                                                       const clinic::TrichometryResult& result);

}  // namespace mesoclinic::practice
