// Recording photos and removing an erased patient's photo files (src/practice/photos.h), on
// both engines: nothing is written without a consent to photos in force, the course and session
// named must be the patient's, and erasure removes exactly the files no row names any more.
#include <gtest/gtest.h>

#include <filesystem>

#include "core/ids.h"
#include "practice/consents.h"
#include "practice_fixture.h"

namespace mesoclinic::testing {
namespace {

using practice::PhotoRecording;

class PhotosTest : public PracticeTest {
 protected:
  void SetUp() override {
    PracticeTest::SetUp();
    root_ = std::filesystem::temp_directory_path() / ("practice-photos-" + random_hex(6));
    files_ = std::make_unique<media::PhotoFiles>(media::PhotoFiles::open(root_).value());
  }
  void TearDown() override { std::filesystem::remove_all(root_); }

  // What media::prepare_photo hands over; the workflow never decodes, so any bytes will do.
  static media::PreparedPhoto prepared(const std::string& name) {
    return {.received = media::ImageType::kJpeg,
            .image = "image of " + name,
            .thumbnail = "thumbnail of " + name,
            .width = 40,
            .height = 30};
  }

  static practice::PhotoRequest front_at_baseline() {
    practice::PhotoRequest request;
    request.view = clinic::PhotoView::kFront;
    request.time_point = clinic::TimePoint::kBaseline;
    return request;
  }

  void consent_to_photos(const clinic::Patient& patient) {
    practice::ConsentRequest consent;
    consent.kind = clinic::ConsentKind::kPhotos;
    ASSERT_TRUE(write([&](store::Transaction& tx) {
      return practice::record_consent(tx, patient, consent, practitioner_id_, today_);
    }));
  }

  Result<PhotoRecording> record(const clinic::Patient& patient,
                                const practice::PhotoRequest& request,
                                const std::string& name = "the front") {
    return write([&](store::Transaction& tx) {
      return practice::record_photo(tx, *files_, patient, request, prepared(name), practitioner_id_,
                                    today_);
    });
  }

  std::size_t file_count() const {
    std::size_t count = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root_)) {
      if (entry.is_regular_file()) ++count;
    }
    return count;
  }

  std::size_t photo_count(const std::string& patient_id) {
    auto listed = read([&](store::Transaction& tx) { return tx.list_photos(patient_id); });
    EXPECT_TRUE(listed);
    return listed ? listed->size() : 0;
  }

  // Erases `patient` as the API does: the rows in one transaction, then the files.
  void erase(const clinic::Patient& patient) {
    auto erased = write(
        [&](store::Transaction& tx) { return practice::erase_patient(tx, patient.id, today_); });
    ASSERT_TRUE(erased);
    ASSERT_TRUE(practice::remove_erased_photo_files(*store_, *files_, *erased));
  }

  std::filesystem::path root_;
  std::unique_ptr<media::PhotoFiles> files_;
};

TEST_P(PhotosTest, NoPhotoIsKeptWithoutConsentToPhotos) {
  auto refused = record(patient_, front_at_baseline());
  ASSERT_TRUE(refused) << refused.error().message;
  EXPECT_TRUE(std::holds_alternative<practice::PhotoConsentMissing>(*refused));
  EXPECT_EQ(file_count(), 0u);
  EXPECT_EQ(photo_count(patient_.id), 0u);
}

TEST_P(PhotosTest, APhotoUnderConsentIsKeptWithItsFiles) {
  consent_to_photos(patient_);
  practice::PhotoRequest request = front_at_baseline();
  request.appointment_id = book_at(monday_at()).id;
  auto recorded = record(patient_, request);
  ASSERT_TRUE(recorded) << recorded.error().message;
  const auto& photo = std::get<clinic::Photo>(*recorded);
  EXPECT_EQ(photo.content_hash, media::content_hash("image of the front"));
  EXPECT_EQ(photo.thumbnail_hash, media::content_hash("thumbnail of the front"));
  EXPECT_EQ(photo.byte_size, 18);
  EXPECT_EQ(photo.recorded_by, practitioner_id_);
  EXPECT_EQ(file_count(), 2u);
  auto found = read([&](store::Transaction& tx) { return tx.find_photo(photo.id); });
  ASSERT_TRUE(found && *found);
  EXPECT_EQ(**found, photo);
}

TEST_P(PhotosTest, AWithdrawnConsentStopsNewPhotos) {
  consent_to_photos(patient_);
  auto consents = read([&](store::Transaction& tx) { return tx.list_consents(patient_.id); });
  ASSERT_TRUE(consents);
  for (const auto& consent : *consents) {
    if (consent.kind != clinic::ConsentKind::kPhotos) continue;
    ASSERT_TRUE(write([&](store::Transaction& tx) {
      return practice::withdraw_consent(
          tx, patient_, consent.id,
          {.withdrawn_at = today_, .recorded_at = today_, .recorded_by = "x", .note = ""}, today_);
    }));
  }
  auto refused = record(patient_, front_at_baseline());
  ASSERT_TRUE(refused);
  EXPECT_TRUE(std::holds_alternative<practice::PhotoConsentMissing>(*refused));
  EXPECT_EQ(file_count(), 0u);
}

TEST_P(PhotosTest, TheCourseAndSessionMustBeThePatients) {
  consent_to_photos(patient_);
  practice::PhotoRequest request = front_at_baseline();
  request.appointment_id = new_id();
  auto unknown_session = record(patient_, request);
  ASSERT_FALSE(unknown_session);
  EXPECT_EQ(unknown_session.error().fields.at(0).field, "/appointment_id");
  request = front_at_baseline();
  request.course_id = new_id();
  auto unknown_course = record(patient_, request);
  ASSERT_FALSE(unknown_course);
  EXPECT_EQ(unknown_course.error().fields.at(0).field, "/course_id");
  // What the photo says of itself is checked first.
  request = front_at_baseline();
  request.kind = clinic::PhotoKind::kTrichoscopy;
  auto uncalibrated = record(patient_, request);
  ASSERT_FALSE(uncalibrated);
  EXPECT_EQ(uncalibrated.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(file_count(), 0u);
  EXPECT_EQ(photo_count(patient_.id), 0u);
}

TEST_P(PhotosTest, ErasureRemovesTheFilesNoRowNamesAnyMore) {
  clinic::Patient other = make_patient(clinic_.id, "Kaya", "Deniz");
  ASSERT_TRUE(write([&](store::Transaction& tx) { return tx.insert_patient(other); }));
  consent_to_photos(patient_);
  consent_to_photos(other);
  ASSERT_TRUE(record(patient_, front_at_baseline(), "the front"));
  ASSERT_TRUE(record(patient_, front_at_baseline(), "the same picture"));
  ASSERT_TRUE(record(other, front_at_baseline(), "the same picture"));
  ASSERT_EQ(file_count(), 4u);  // the shared picture is one file

  erase(patient_);
  EXPECT_EQ(photo_count(patient_.id), 0u);
  EXPECT_FALSE(files_->contains(media::content_hash("image of the front")));
  EXPECT_FALSE(files_->contains(media::content_hash("thumbnail of the front")));
  // Still named by the other patient's photo.
  EXPECT_TRUE(files_->contains(media::content_hash("image of the same picture")));
  EXPECT_EQ(file_count(), 2u);
  erase(other);
  EXPECT_EQ(file_count(), 0u);
}

MESOCLINIC_ON_BOTH_ENGINES(PhotosTest);

}  // namespace
}  // namespace mesoclinic::testing
