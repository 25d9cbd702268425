// The rules of comparing trichoscopy images (clinic/trichometry.h): which earlier image can be a
// visit's baseline, which can be a phototrichogram's day 0 (same patient, zone and time point,
// 12 hours to 14 days before), when a phototrichogram's anagen share can be recorded, and the
// measurement it makes.
#include "clinic/trichometry.h"

#include <gtest/gtest.h>

namespace mesoclinic::clinic {
namespace {

using namespace std::chrono;

const Instant kNow = sys_days{year{2026} / December / 2} + hours{9};

Photo image(const std::string& id, Instant taken_at) {
  Photo photo;
  photo.id = id;
  photo.patient_id = "patient";
  photo.kind = PhotoKind::kTrichoscopy;
  photo.zone = ScalpZone::kVertex;
  photo.time_point = TimePoint::kBaseline;
  photo.um_per_pixel = 5;
  photo.taken_at = taken_at;
  return photo;
}

// The field and message of a refusal, or empty if there was none.
template <typename T>
std::pair<std::string, std::string> refusal(const Result<T>& checked) {
  if (checked || checked.error().fields.empty()) return {};
  return {checked.error().fields.front().field, checked.error().fields.front().message};
}

TEST(TrichometryRules, DayZeroIsTheSameSiteAtTheSameTimePointHalfADayToTwoWeeksBefore) {
  const Photo later = image("later", kNow);
  const auto days = growth_days(image("day0", kNow - hours{48}), later, "/day_0");
  ASSERT_TRUE(days);
  EXPECT_DOUBLE_EQ(*days, 2);
  EXPECT_TRUE(growth_days(image("day0", kNow - hours{12}), later, "/day_0"));
  EXPECT_TRUE(growth_days(image("day0", kNow - hours{24 * 14}), later, "/day_0"));

  // Each refusal is said under the field the request named day 0 by.
  const auto same = refusal(growth_days(later, later, "/day_0_photo_id"));
  EXPECT_EQ(same.first, "/day_0_photo_id");
  EXPECT_EQ(same.second, "is this same image");
  Photo other_patient = image("other", kNow - hours{48});
  other_patient.patient_id = "someone else";
  EXPECT_EQ(refusal(growth_days(other_patient, later, "/day_0")).second,
            "is another patient's image");
  Photo other_zone = image("other", kNow - hours{48});
  other_zone.zone = ScalpZone::kFrontal;
  EXPECT_EQ(refusal(growth_days(other_zone, later, "/day_0")).second,
            "is not a trichoscopy image of the same zone");
  Photo other_visit = image("other", kNow - hours{48});
  other_visit.time_point = TimePoint::kMidCourse;
  EXPECT_EQ(refusal(growth_days(other_visit, later, "/day_0")).second, "is of another time point");
  EXPECT_EQ(refusal(growth_days(image("after", kNow + hours{48}), later, "/day_0")).second,
            "was not taken before this image");
  // Too close, said in hours; too far, in days.
  const auto close = refusal(growth_days(image("close", kNow - hours{6}), later, "/day_0"));
  EXPECT_NE(close.second.find("was taken 6 hours before"), std::string::npos) << close.second;
  const auto far = refusal(growth_days(image("far", kNow - hours{24 * 21}), later, "/day_0"));
  EXPECT_NE(far.second.find("was taken 21 days before"), std::string::npos) << far.second;
}

TEST(TrichometryRules, ABaselineIsRefusedUnderBaseline) {
  const Photo later = image("later", kNow);
  EXPECT_TRUE(check_comparable(image("before", kNow - hours{24 * 90}), later));
  EXPECT_EQ(refusal(check_comparable(later, later)).first, "/baseline");
}

TEST(TrichometryRules, AnAnagenShareIsRecordedFromTwoAcceptedCountsOfEnoughHairs) {
  TrichometryResult day_0, later;
  const auto refused = check_anagen_recordable(day_0, later, 50, "/day_0");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kConflict);
  later.accepted_at = kNow;
  EXPECT_EQ(check_anagen_recordable(day_0, later, 50, "/day_0").error().code, ErrorCode::kConflict)
      << "this image's acceptance alone is not enough";
  day_0.accepted_at = kNow;
  EXPECT_TRUE(check_anagen_recordable(day_0, later, kFewestHairsFollowed, "/day_0"));
  const auto few = check_anagen_recordable(day_0, later, kFewestHairsFollowed - 1, "/day_0");
  ASSERT_FALSE(few);
  EXPECT_EQ(few.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(refusal(few).first, "/day_0");
}

TEST(TrichometryRules, TheAnagenShareIsAMeasurementOfTheLaterImagesTimePointAndZone) {
  Photo later = image("later", kNow);
  later.time_point = TimePoint::kEndOfCourse;
  const auto measurement = anagen_measurement(81.159, later);
  EXPECT_EQ(measurement.measure, Measure::kAnagenShare);
  EXPECT_EQ(measurement.method, Method::kPhototrichogram);
  EXPECT_EQ(measurement.time_point, TimePoint::kEndOfCourse);
  EXPECT_EQ(measurement.zone, ScalpZone::kVertex);
  EXPECT_EQ(measurement.unit, std::string(unit_of(Measure::kAnagenShare)));
  EXPECT_DOUBLE_EQ(measurement.value, 81.2);
  EXPECT_TRUE(check_outcome(measurement, "").empty());
}

}  // namespace
}  // namespace mesoclinic::clinic
