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

Photo taken(std::string id, PhotoView view, int days_ago) {
  Photo photo = front_view();
  photo.id = std::move(id);
  photo.view = view;
  photo.taken_at = kNow - days{days_ago};
  return photo;
}

TEST(PhotoTest, EachViewIsComparedFirstAgainstLatestInTheOrderOfTheViews) {
  Photo scope = trichoscopy(4.0);
  scope.id = "scope";
  scope.taken_at = kNow - days{300};
  const std::vector<Photo> photos = {
      taken("top-mid", PhotoView::kTop, 60),        scope,
      taken("front-end", PhotoView::kFront, 1),     taken("top-first", PhotoView::kTop, 120),
      taken("front-first", PhotoView::kFront, 120), taken("back-only", PhotoView::kBack, 30),
      taken("top-end", PhotoView::kTop, 2)};
  const auto pairs = first_and_latest_of_each_view(photos);
  ASSERT_EQ(pairs.size(), 3u);
  EXPECT_EQ(pairs[0].view, PhotoView::kFront);
  EXPECT_EQ(pairs[0].first.id, "front-first");
  EXPECT_EQ(pairs[0].latest->id, "front-end");
  EXPECT_EQ(pairs[1].view, PhotoView::kTop);
  EXPECT_EQ(pairs[1].first.id, "top-first");
  EXPECT_EQ(pairs[1].latest->id, "top-end");
  // A view photographed once has nothing to compare with yet.
  EXPECT_EQ(pairs[2].view, PhotoView::kBack);
  EXPECT_EQ(pairs[2].first.id, "back-only");
  EXPECT_FALSE(pairs[2].latest);
}

TEST(PhotoTest, PhotosTakenAtOneMomentAreOrderedByWhenTheyWereRecorded) {
  Photo early = taken("early", PhotoView::kVertex, 5);
  Photo late = taken("late", PhotoView::kVertex, 5);
  early.recorded_at = kNow - hours{3};
  late.recorded_at = kNow - hours{2};
  const auto pairs = first_and_latest_of_each_view({late, early});
  ASSERT_EQ(pairs.size(), 1u);
  EXPECT_EQ(pairs[0].first.id, "early");
  EXPECT_EQ(pairs[0].latest->id, "late");
}

}  // namespace
}  // namespace mesoclinic::clinic
