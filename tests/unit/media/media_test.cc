// The photo checks (src/media): what is refused and before what, what a kept photo no longer
// carries, and the content-addressed folder. Images are made with libvips in the test.
#include "media/media.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/ids.h"
#include "photo_samples.h"

namespace mesoclinic::testing {
namespace {

using media::RefusalKind;

media::Preparation prepared(const std::string& bytes) {
  auto result = media::prepare_photo(bytes);
  EXPECT_TRUE(result) << (result ? "" : result.error().message);
  return result ? *result : media::Preparation(media::Refusal{});
}

// The refusal of `bytes`, failing the test if they were accepted.
media::Refusal refusal_of(const std::string& bytes) {
  const media::Preparation result = prepared(bytes);
  const auto* refusal = std::get_if<media::Refusal>(&result);
  if (!refusal) {
    ADD_FAILURE() << "accepted";
    return {};
  }
  return *refusal;
}

media::PreparedPhoto accepted(const std::string& bytes) {
  const media::Preparation result = prepared(bytes);
  const auto* photo = std::get_if<media::PreparedPhoto>(&result);
  if (!photo) {
    ADD_FAILURE() << "refused: " << std::get<media::Refusal>(result).detail;
    return {};
  }
  return *photo;
}

TEST(PhotoCheck, TheTypeIsReadFromTheBytes) {
  EXPECT_EQ(media::image_type(jpeg_from_camera(40, 30)), media::ImageType::kJpeg);
  EXPECT_EQ(media::image_type(png_with_alpha(40, 30)), media::ImageType::kPng);
  EXPECT_EQ(media::image_type("GIF89a..."), std::nullopt);
  EXPECT_EQ(refusal_of("Dear doctor, here is my scalp.").kind, RefusalKind::kNotAnImage);
  EXPECT_EQ(refusal_of("").kind, RefusalKind::kNotAnImage);
}

TEST(PhotoCheck, AnOversizedUploadIsRefusedBeforeDecoding) {
  std::string huge = jpeg_from_camera(40, 30);
  huge.resize(media::kMaxPhotoBytes + 1, '\0');
  EXPECT_EQ(refusal_of(huge).kind, RefusalKind::kTooManyBytes);
}

TEST(PhotoCheck, APngClaimingFiftyThousandSquaredIsRefusedFromItsHeader) {
  const std::string claim = png_claiming(50'000, 50'000);
  ASSERT_LT(claim.size(), 200u);  // the claim costs its sender nothing
  const media::Refusal refusal = refusal_of(claim);
  EXPECT_EQ(refusal.kind, RefusalKind::kTooManyPixels);
  EXPECT_NE(refusal.detail.find("50000 x 50000"), std::string::npos) << refusal.detail;
}

TEST(PhotoCheck, ATruncatedJpegIsRefusedAsUnreadable) {
  const std::string whole = jpeg_from_camera(800, 600);
  EXPECT_EQ(refusal_of(whole.substr(0, whole.size() * 2 / 3)).kind, RefusalKind::kUnreadable);
  EXPECT_EQ(refusal_of(whole.substr(0, 200)).kind, RefusalKind::kUnreadable);
  // A corrupt body behind a valid start.
  std::string corrupt = whole;
  for (std::size_t i = whole.size() / 2; i < whole.size(); i += 7) corrupt[i] = '\xFF';
  EXPECT_EQ(refusal_of(corrupt).kind, RefusalKind::kUnreadable);
}

TEST(PhotoCheck, GpsAndEveryOtherMetadataAreStripped) {
  const std::string upload = jpeg_from_camera(640, 480);
  const ImageFacts sent = facts_of(upload);
  ASSERT_TRUE(sent.has_gps);  // the test image does carry them
  ASSERT_TRUE(sent.has_exif);
  const media::PreparedPhoto photo = accepted(upload);
  for (const std::string* kept : {&photo.image, &photo.thumbnail}) {
    const ImageFacts facts = facts_of(*kept);
    ASSERT_TRUE(facts.decodes);
    EXPECT_EQ(facts.loader, "jpegload_buffer");
    EXPECT_FALSE(facts.has_gps);
    EXPECT_FALSE(facts.has_exif);
    EXPECT_FALSE(facts.has_orientation);
    EXPECT_FALSE(facts.has_icc);
    EXPECT_FALSE(facts.has_xmp);
  }
  EXPECT_EQ(photo.image.find("ClinicCam"), std::string::npos);
}

TEST(PhotoCheck, OrientationIsAppliedToThePixels) {
  // Held sideways: 200 x 100 pixels, tagged "display rotated 90 degrees".
  const media::PreparedPhoto photo = accepted(jpeg_from_camera(200, 100, 6));
  EXPECT_EQ(photo.width, 100);
  EXPECT_EQ(photo.height, 200);
  const ImageFacts facts = facts_of(photo.image);
  EXPECT_EQ(facts.width, 100);
  EXPECT_EQ(facts.height, 200);
  EXPECT_FALSE(facts.has_orientation);  // nobody turns it a second time
}

TEST(PhotoCheck, AThumbnailIsMadeOnceAtMost320OnItsLongSide) {
  const media::PreparedPhoto photo = accepted(jpeg_from_camera(1600, 1200));
  EXPECT_EQ(photo.width, 1600);
  EXPECT_EQ(photo.height, 1200);
  const ImageFacts thumbnail = facts_of(photo.thumbnail);
  EXPECT_EQ(thumbnail.width, 320);
  EXPECT_EQ(thumbnail.height, 240);
  EXPECT_LT(photo.thumbnail.size(), photo.image.size() / 4);
}

TEST(PhotoCheck, APngWithAlphaIsKeptAsJpeg) {
  const media::PreparedPhoto photo = accepted(png_with_alpha(300, 200));
  EXPECT_EQ(photo.received, media::ImageType::kPng);
  const ImageFacts facts = facts_of(photo.image);
  EXPECT_EQ(facts.loader, "jpegload_buffer");
  EXPECT_EQ(facts.width, 300);
}

TEST(PhotoCheck, APhotoWithAnUnreadableColourProfileIsKeptWithoutIt) {
  const std::string upload = jpeg_with_broken_profile(300, 200);
  ASSERT_TRUE(facts_of(upload).has_icc);  // the test image does carry one
  const media::PreparedPhoto photo = accepted(upload);
  const ImageFacts facts = facts_of(photo.image);
  EXPECT_TRUE(facts.decodes);
  EXPECT_FALSE(facts.has_icc);
  EXPECT_EQ(facts.width, 300);
}

TEST(PhotoCheck, TheSameUploadGivesTheSameBytes) {
  const std::string upload = jpeg_from_camera(320, 240);
  EXPECT_EQ(accepted(upload).image, accepted(upload).image);
}

TEST(PhotoRendition, APngOfAStoredPhotoForThePrintedReport) {
  const media::PreparedPhoto photo = accepted(jpeg_from_camera(1600, 1200));
  auto png = media::png_rendition(photo.image, 600);
  ASSERT_TRUE(png) << png.error().message;
  const ImageFacts facts = facts_of(*png);
  EXPECT_EQ(facts.loader, "pngload_buffer");
  EXPECT_EQ(facts.width, 600);
  EXPECT_EQ(facts.height, 450);
  EXPECT_FALSE(facts.has_exif);
  // Never enlarged; and what is not a stored photo is refused.
  EXPECT_EQ(facts_of(media::png_rendition(photo.thumbnail, 600).value()).width, 320);
  EXPECT_EQ(media::png_rendition("not a photo", 600).error().code, ErrorCode::kInvalidInput);
}

class PhotoFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = std::filesystem::temp_directory_path() / ("photo-files-" + random_hex(6));
  }
  void TearDown() override { std::filesystem::remove_all(root_); }

  // Every file under the folder, temporary ones included.
  std::size_t file_count() const {
    std::size_t count = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root_)) {
      if (entry.is_regular_file()) ++count;
    }
    return count;
  }

  std::filesystem::path root_;
};

TEST_F(PhotoFilesTest, BytesAreKeptUnderTheirHashOnceOnly) {
  auto files = media::PhotoFiles::open(root_);
  ASSERT_TRUE(files) << files.error().message;
  auto first = files->put("pixels");
  auto second = files->put("pixels");
  ASSERT_TRUE(first && second);
  EXPECT_EQ(*first, media::content_hash("pixels"));
  EXPECT_EQ(*first, *second);
  EXPECT_TRUE(media::is_content_hash(*first));
  EXPECT_EQ(file_count(), 1u);  // and no temporary file left behind
  EXPECT_TRUE(std::filesystem::exists(root_ / first->substr(0, 2) / *first));
  EXPECT_EQ(files->read(*first).value(), "pixels");
  // Only the service reads patients' photos.
  const auto permissions =
      std::filesystem::status(root_ / first->substr(0, 2) / *first).permissions();
  EXPECT_EQ(permissions & std::filesystem::perms::others_read, std::filesystem::perms::none);

  ASSERT_TRUE(files->remove(*first));
  EXPECT_FALSE(files->contains(*first));
  EXPECT_EQ(files->read(*first).error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(files->remove(*first));  // gone already is fine
}

TEST_F(PhotoFilesTest, NothingButAHashNamesAFile) {
  auto files = media::PhotoFiles::open(root_);
  ASSERT_TRUE(files);
  std::ofstream(root_ / "secret") << "not a photo";
  EXPECT_EQ(files->read("../secret").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(files->read(std::string(64, 'A')).error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(files->remove("../secret"));
  EXPECT_TRUE(std::filesystem::exists(root_ / "secret"));
}

}  // namespace
}  // namespace mesoclinic::testing
