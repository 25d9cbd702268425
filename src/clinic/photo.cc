#include "clinic/photo.h"

#include <cmath>
#include <tuple>

#include "clinic/names.h"

namespace mesoclinic::clinic {
namespace {

constexpr NameTable<PhotoView, 6> kViews = {{
    {PhotoView::kFront, "front"},
    {PhotoView::kTop, "top"},
    {PhotoView::kVertex, "vertex"},
    {PhotoView::kLeft, "left"},
    {PhotoView::kRight, "right"},
    {PhotoView::kBack, "back"},
}};

constexpr NameTable<PhotoKind, 2> kKinds = {{
    {PhotoKind::kStandard, "standard"},
    {PhotoKind::kTrichoscopy, "trichoscopy"},
}};

}  // namespace

Result<void> check_photo(const Photo& photo, Instant now) {
  std::vector<FieldError> errors;
  if (photo.kind == PhotoKind::kStandard) {
    // Comparing a view over time is what standard photos are for.
    if (!photo.view) errors.push_back({"/view", "a standard photo names its view"});
    if (photo.um_per_pixel) {
      errors.push_back({"/um_per_pixel", "only a trichoscopy image carries a calibration"});
    }
  } else {
    if (!photo.zone) errors.push_back({"/zone", "a trichoscopy image names its target zone"});
    if (!photo.um_per_pixel) {
      errors.push_back({"/um_per_pixel", "a trichoscopy image carries its calibration"});
    } else if (!std::isfinite(*photo.um_per_pixel) || *photo.um_per_pixel <= 0 ||
               *photo.um_per_pixel > kMaxMicrometresPerPixel) {
      errors.push_back(
          {"/um_per_pixel", "must be more than 0 and at most 100 micrometres per pixel"});
    }
  }
  if (photo.taken_at > now) errors.push_back({"/taken_at", "must not be in the future"});
  if (!errors.empty()) return invalid(std::move(errors));
  return {};
}

std::vector<ViewPair> first_and_latest_of_each_view(const std::vector<Photo>& photos) {
  const auto earlier = [](const Photo& a, const Photo& b) {
    return std::tie(a.taken_at, a.recorded_at) < std::tie(b.taken_at, b.recorded_at);
  };
  std::vector<ViewPair> pairs;
  for (const auto& [view, name] : kViews) {
    const Photo* first = nullptr;
    const Photo* latest = nullptr;
    for (const auto& photo : photos) {
      if (photo.kind != PhotoKind::kStandard || photo.view != view) continue;
      if (!first || earlier(photo, *first)) first = &photo;
      if (!latest || earlier(*latest, photo)) latest = &photo;
    }
    if (!first) continue;
    ViewPair pair{.view = view, .first = *first, .latest = std::nullopt};
    if (latest != first) pair.latest = *latest;
    pairs.push_back(std::move(pair));
  }
  return pairs;
}

std::string_view to_string(PhotoView view) { return name_in(kViews, view); }
std::string_view to_string(PhotoKind kind) { return name_in(kKinds, kind); }
std::optional<PhotoView> parse_photo_view(std::string_view text) { return parse_in(kViews, text); }
std::optional<PhotoKind> parse_photo_kind(std::string_view text) { return parse_in(kKinds, text); }

}  // namespace mesoclinic::clinic
