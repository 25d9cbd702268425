// Recording a clinical photo (clinic/photo.h) under the patient's consent to photos, and
// removing the files of an erased patient's photos. The image itself is prepared beforehand
// (media::prepare_photo), outside any transaction: decoding a camera's photo takes a good part
// of a second, and a database transaction (SQLite's write lock) should not wait for it.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "clinic/patient.h"
#include "clinic/photo.h"
#include "media/media.h"
#include "store/store.h"

namespace mesoclinic::practice {

// What staff say about a photo they upload.
struct PhotoRequest {
  clinic::PhotoKind kind = clinic::PhotoKind::kStandard;
  std::optional<clinic::PhotoView> view;
  std::optional<clinic::ScalpZone> zone;
  clinic::TimePoint time_point = clinic::TimePoint::kBaseline;
  std::optional<double> um_per_pixel;
  std::optional<std::string> course_id;
  std::optional<std::string> appointment_id;  // the session; its course is the photo's course
  std::optional<Instant> taken_at;            // now if not said
};

// The refusal of a photo of a patient without a consent to photos in force when it was taken
// and now (a withdrawn consent stops new photos, however old the picture).
struct PhotoConsentMissing {};

using PhotoRecording = std::variant<clinic::Photo, PhotoConsentMissing>;

// Records `prepared` as a photo of `patient` by `user_id` at `now`: checks what the request says
// (clinic::check_photo), the consent, and that the course and session are the patient's (and
// the session of that course); then writes the image and thumbnail files (durably) and inserts
// the row. kInvalidInput names the field at fault ("/course_id", "/appointment_id", ...);
// kUnavailable if the files cannot be written. Nothing is written before every check passed.
Result<PhotoRecording> record_photo(store::Transaction& tx, const media::PhotoFiles& files,
                                    const clinic::Patient& patient, const PhotoRequest& request,
                                    const media::PreparedPhoto& prepared,
                                    const std::string& user_id, Instant now);

// Each view's first and latest standard photo taken for `course_id` (one of `patient_id`'s),
// as clinic::first_and_latest_of_each_view compares them.
Result<std::vector<clinic::ViewPair>> course_photo_pairs(store::Photos& photos,
                                                         const std::string& patient_id,
                                                         const std::string& course_id);

// The bytes of the photo file named `hash`. kInternal naming the file if a row names it and it is
// not there: the photo folder was not restored with the database, which the operator must hear
// of (operations.md, backups); the store's own failures as they are.
Result<std::string> read_photo_file(const media::PhotoFiles& files, const std::string& hash);

// `photo` as a PNG at most `width` pixels wide for a printed document (the course report, whose
// renderer reads only PNG). Empty if its file is missing or no longer decodes: the document then
// shows a framed note in its place rather than failing for one picture.
std::string photo_for_print(const media::PhotoFiles& files, const clinic::Photo& photo, int width);

// The files an erased patient's photos named (images and thumbnails, without repeats), to be
// removed once the erasure is committed: a file must not go while its row could still come back.
struct ErasedPhotoFiles {
  std::vector<std::string> hashes;
};

// The files of `patient_id`'s photos (read before erasing them).
Result<ErasedPhotoFiles> photo_files_of(store::Photos& photos, const std::string& patient_id);

// After the erasure committed: removes each of `erased`'s files that no photo row names any
// more (the same picture uploaded for another patient keeps its file). kUnavailable if the
// database or the disk refuses; the rows are gone either way, and a file left over is named by
// nothing.
Result<void> remove_erased_photo_files(store::Store& store, const media::PhotoFiles& files,
                                       const ErasedPhotoFiles& erased);

}  // namespace mesoclinic::practice
