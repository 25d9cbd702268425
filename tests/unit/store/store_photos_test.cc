// The Photos door (store/photos.h), run against SQLite and PostgreSQL alike: a photo reads back
// exactly as recorded (optional members and the calibration included), a patient's photos list in
// the order taken, the schema refuses a photo that contradicts itself, whether a file is still
// named is answered for images and thumbnails alike, and erasure takes the rows.
#include <gtest/gtest.h>

#include "core/ids.h"
#include "store/store.h"
#include "store_fixture.h"

namespace mesoclinic::testing {
namespace {

using store::Transaction;

class StorePhotosTest : public StoreTest {
 protected:
  clinic::Photo photo(const clinic::Patient& patient, int minutes, const std::string& pixels) {
    clinic::Photo made;
    made.id = new_id();
    made.patient_id = patient.id;
    made.kind = clinic::PhotoKind::kStandard;
    made.view = clinic::PhotoView::kVertex;
    made.time_point = clinic::TimePoint::kEndOfCourse;
    made.taken_at = at_minutes(minutes);
    made.recorded_at = at_minutes(minutes + 1);
    made.recorded_by = "dr";
    made.content_hash = std::string(63, '0') + pixels;
    made.thumbnail_hash = std::string(63, '1') + pixels;
    made.width = 4000;
    made.height = 3000;
    made.byte_size = 2'345'678;
    return made;
  }
  void insert(const clinic::Photo& made) {
    auto saved = write([&](Transaction& tx) { return tx.insert_photo(made); });
    ASSERT_TRUE(saved) << saved.error().message;
  }
};

TEST_P(StorePhotosTest, APhotoReadsBackAsRecorded) {
  const clinic::Patient patient = add_patient("Kaya", "Deniz");
  const auto course = add_course(patient, at_minutes(0));
  clinic::Photo standard = photo(patient, 20, "a");
  standard.course_id = course.id;
  standard.appointment_id = add_appointment(patient, at_minutes(60), course.id, 1).id;
  clinic::Photo trichoscopy = photo(patient, 10, "b");
  trichoscopy.kind = clinic::PhotoKind::kTrichoscopy;
  trichoscopy.view.reset();
  trichoscopy.zone = clinic::ScalpZone::kVertex;
  trichoscopy.um_per_pixel = 2.75;
  insert(standard);
  insert(trichoscopy);
  auto found = read([&](Transaction& tx) { return tx.find_photo(standard.id); });
  ASSERT_TRUE(found && *found);
  EXPECT_EQ(**found, standard);
  auto listed = read([&](Transaction& tx) { return tx.list_photos(patient.id); });
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0], trichoscopy);  // taken first
  EXPECT_EQ((*listed)[1], standard);
  auto none = read([&](Transaction& tx) { return tx.find_photo(new_id()); });
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none);
}

TEST_P(StorePhotosTest, ThePhotoMustNameRowsThatExist) {
  const clinic::Patient patient = add_patient("Kaya", "Deniz");
  clinic::Photo orphan = photo(patient, 0, "a");
  orphan.course_id = new_id();
  auto refused = write([&](Transaction& tx) { return tx.insert_photo(orphan); });
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidInput);
  // A trichoscopy image without its calibration is refused by the schema itself.
  clinic::Photo uncalibrated = photo(patient, 0, "b");
  uncalibrated.kind = clinic::PhotoKind::kTrichoscopy;
  uncalibrated.zone = clinic::ScalpZone::kVertex;
  auto unchecked = write([&](Transaction& tx) { return tx.insert_photo(uncalibrated); });
  ASSERT_FALSE(unchecked);
}

TEST_P(StorePhotosTest, AFileIsInUseWhileARowNamesIt) {
  const clinic::Patient patient = add_patient("Kaya", "Deniz");
  const clinic::Photo kept = photo(patient, 0, "a");
  insert(kept);
  const auto in_use = [&](const std::string& hash) {
    return read([&](Transaction& tx) { return tx.photo_file_in_use(hash); }).value();
  };
  EXPECT_TRUE(in_use(kept.content_hash));
  EXPECT_TRUE(in_use(kept.thumbnail_hash));
  EXPECT_FALSE(in_use(std::string(64, 'f')));
  ASSERT_TRUE(write([&](Transaction& tx) { return tx.erase_patient(patient.id, now()); }));
  EXPECT_FALSE(in_use(kept.content_hash));
  EXPECT_TRUE(read([&](Transaction& tx) { return tx.list_photos(patient.id); })->empty());
}

MESOCLINIC_ON_BOTH_ENGINES(StorePhotosTest);

}  // namespace
}  // namespace mesoclinic::testing
