#include "clinic/photo.h"

#include <gtest/gtest.h>

#include <cmath>

namespace mesoclinic::clinic {
namespace {

using namespace std::chrono;

const Instant kNow = sys_days{year{2026} / December / 2} + hours{9};

Photo front_view() {
  Photo photo;
  photo.kind = PhotoKind::kStandard;
  photo.view = PhotoView::kFront;
  photo.taken_at = kNow - hours{1};
  return photo;
}

Photo trichoscopy(std::optional<double> um_per_pixel) {
  Photo photo;
  photo.kind = PhotoKind::kTrichoscopy;
  photo.zone = ScalpZone::kVertex;
  photo.um_per_pixel = um_per_pixel;
  photo.taken_at = kNow;
  return photo;
}

// The fields a photo is refused for, in order.
std::vector<std::string> refused_fields(const Photo& photo) {
  const auto checked = check_photo(photo, kNow);
  std::vector<std::string> fields;
  if (!checked) {
    for (const auto& error : checked.error().fields) fields.push_back(error.field);
  }
  return fields;
}

TEST(Photo, AStandardPhotoNamesItsViewAndCarriesNoCalibration) {
  EXPECT_TRUE(refused_fields(front_view()).empty());
  Photo no_view = front_view();
  no_view.view.reset();
  EXPECT_EQ(refused_fields(no_view), std::vector<std::string>{"/view"});
  Photo calibrated = front_view();
  calibrated.um_per_pixel = 3;
  EXPECT_EQ(refused_fields(calibrated), std::vector<std::string>{"/um_per_pixel"});
}

TEST(Photo, ATrichoscopyImageCarriesItsZoneAndAPlausibleCalibration) {
  EXPECT_TRUE(refused_fields(trichoscopy(2.5)).empty());
  EXPECT_TRUE(refused_fields(trichoscopy(kMaxMicrometresPerPixel)).empty());
  for (const double wrong : {0.0, -1.0, 100.5, std::nan(""), HUGE_VAL}) {
    EXPECT_EQ(refused_fields(trichoscopy(wrong)), std::vector<std::string>{"/um_per_pixel"})
        << wrong;
  }
  EXPECT_EQ(refused_fields(trichoscopy(std::nullopt)), std::vector<std::string>{"/um_per_pixel"});
  Photo no_zone = trichoscopy(2.5);
  no_zone.zone.reset();
  EXPECT_EQ(refused_fields(no_zone), std::vector<std::string>{"/zone"});
}

TEST(Photo, NoPhotoIsTakenInTheFuture) {
  Photo photo = front_view();
  photo.taken_at = kNow + seconds{1};
  EXPECT_EQ(refused_fields(photo), std::vector<std::string>{"/taken_at"});
}

TEST(Photo, NamesRoundTrip) {
  for (const auto view : {PhotoView::kFront, PhotoView::kTop, PhotoView::kVertex, PhotoView::kLeft,
                          PhotoView::kRight, PhotoView::kBack}) {
    EXPECT_EQ(parse_photo_view(to_string(view)), view);
  }
  EXPECT_EQ(parse_photo_kind("trichoscopy"), PhotoKind::kTrichoscopy);
  EXPECT_EQ(parse_photo_kind("selfie"), std::nullopt);
  EXPECT_EQ(to_string(PhotoView::kVertex), "vertex");
}

}  // namespace
}  // namespace mesoclinic::clinic
