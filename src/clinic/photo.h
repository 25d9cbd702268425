// Clinical photos (DOMAIN.md "Measurements", issue 15): the standard views taken with the same
// set-up at each time point, and trichoscopy images of a target zone with their calibration.
// A photo is recorded once and never edited; its pixels live in a file named by their hash
// (src/media), and this record says what the photo shows and when. Pure values and rules.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clinic/assessment.h"
#include "clinic/outcomes.h"
#include "core/result.h"
#include "core/time.h"

namespace mesoclinic::clinic {

// DOMAIN.md's six standard views.
enum class PhotoView { kFront, kTop, kVertex, kLeft, kRight, kBack };

// A standard photo of the head, or a trichoscopy image (magnified scalp, for counting hairs).
enum class PhotoKind { kStandard, kTrichoscopy };

struct Photo {
  std::string id;
  std::string patient_id;
  std::optional<std::string> course_id;
  std::optional<std::string> appointment_id;  // the session it was taken at
  PhotoKind kind = PhotoKind::kStandard;
  std::optional<PhotoView> view;  // a standard photo's view
  std::optional<ScalpZone> zone;  // a trichoscopy image's target area; optional otherwise
  TimePoint time_point = TimePoint::kBaseline;
  std::optional<double> um_per_pixel;  // a trichoscopy image's calibration
  Instant taken_at{};
  Instant recorded_at{};
  std::string recorded_by;   // user id
  std::string content_hash;  // SHA-256 of the stored JPEG
  int width = 0;             // pixels, upright
  int height = 0;
  std::int64_t byte_size = 0;
  std::string thumbnail_hash;
  friend bool operator==(const Photo&, const Photo&) = default;
};

// A trichoscope at the lowest useful magnification still resolves a hair shaft (~20 um and up)
// at a few micrometres per pixel; 100 is far past any instrument, so a larger value is a typo.
inline constexpr double kMaxMicrometresPerPixel = 100.0;

// The rules for what a photo says about itself at `now`: a standard photo names its view and
// carries no calibration; a trichoscopy image names its zone and its calibration (positive, at
// most kMaxMicrometresPerPixel); neither was taken in the future. Field errors name
// "/view", "/zone", "/um_per_pixel" and "/taken_at".
Result<void> check_photo(const Photo& photo, Instant now);

// The first and latest standard photo of one view, for comparing it over a course.
struct ViewPair {
  PhotoView view = PhotoView::kFront;
  Photo first;
  std::optional<Photo> latest;  // none while the view has a single photo
  friend bool operator==(const ViewPair&, const ViewPair&) = default;
};

// Each view's first and latest standard photo among `photos` (any order), in the order of the
// views above; by when they were taken, then when recorded. Trichoscopy images are left out:
// they are measured, not compared by eye.
std::vector<ViewPair> first_and_latest_of_each_view(const std::vector<Photo>& photos);

// Names as they appear in the API and the database ("front", "trichoscopy", ...).
std::string_view to_string(PhotoView view);
std::string_view to_string(PhotoKind kind);
std::optional<PhotoView> parse_photo_view(std::string_view text);
std::optional<PhotoKind> parse_photo_kind(std::string_view text);

}  // namespace mesoclinic::clinic
