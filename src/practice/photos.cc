#include "practice/photos.h"

#include <algorithm>

#include "clinic/consent.h"
#include "core/ids.h"

namespace mesoclinic::practice {
namespace {

clinic::Photo photo_of(const clinic::Patient& patient, const PhotoRequest& request,
                       const std::string& user_id, Instant now) {
  clinic::Photo photo;
  photo.id = new_id();
  photo.patient_id = patient.id;
  photo.course_id = request.course_id;
  photo.appointment_id = request.appointment_id;
  photo.kind = request.kind;
  photo.view = request.view;
  photo.zone = request.zone;
  photo.time_point = request.time_point;
  photo.um_per_pixel = request.um_per_pixel;
  photo.taken_at = request.taken_at.value_or(now);
  photo.recorded_at = now;
  photo.recorded_by = user_id;
  return photo;
}

Result<bool> photos_allowed(store::Consents& consents, const clinic::Photo& photo, Instant now) {
  auto listed = consents.list_consents(photo.patient_id);
  if (!listed) return std::unexpected(listed.error());
  return clinic::consented(*listed, clinic::ConsentKind::kPhotos, photo.taken_at) &&
         clinic::consented(*listed, clinic::ConsentKind::kPhotos, now);
}

// The course and session the photo names are the patient's, and the session is of the course;
// a session of a course gives the photo that course when the request names none.
Result<void> check_belongs(store::Transaction& tx, clinic::Photo& photo) {
  if (photo.appointment_id) {
    auto appointment = tx.find_appointment(*photo.appointment_id);
    if (!appointment) return std::unexpected(appointment.error());
    if (!*appointment || (*appointment)->patient_id != photo.patient_id) {
      return invalid({{"/appointment_id", "is not a session of this patient"}});
    }
    if (photo.course_id && (*appointment)->course_id != photo.course_id) {
      return invalid({{"/appointment_id", "is not a session of this course"}});
    }
    if (!photo.course_id) photo.course_id = (*appointment)->course_id;
  }
  if (photo.course_id) {
    auto course = tx.find_course(*photo.course_id);
    if (!course) return std::unexpected(course.error());
    if (!*course || (*course)->patient_id != photo.patient_id) {
      return invalid({{"/course_id", "is not a course of this patient"}});
    }
  }
  return {};
}

}  // namespace

Result<PhotoRecording> record_photo(store::Transaction& tx, const media::PhotoFiles& files,
                                    const clinic::Patient& patient, const PhotoRequest& request,
                                    const media::PreparedPhoto& prepared,
                                    const std::string& user_id, Instant now) {
  clinic::Photo photo = photo_of(patient, request, user_id, now);
  if (auto checked = clinic::check_photo(photo, now); !checked) {
    return std::unexpected(checked.error());
  }
  auto allowed = photos_allowed(tx, photo, now);
  if (!allowed) return std::unexpected(allowed.error());
  if (!*allowed) return PhotoConsentMissing{};
  if (auto belongs = check_belongs(tx, photo); !belongs) return std::unexpected(belongs.error());
  // The files first, durably: a row never names a file that is not whole on disk. Should the
  // transaction then fail, the files stay unnamed (harmless, and reused by the same upload).
  auto image = files.put(prepared.image);
  if (!image) return std::unexpected(image.error());
  auto thumbnail = files.put(prepared.thumbnail);
  if (!thumbnail) return std::unexpected(thumbnail.error());
  photo.content_hash = *image;
  photo.thumbnail_hash = *thumbnail;
  photo.width = prepared.width;
  photo.height = prepared.height;
  photo.byte_size = static_cast<std::int64_t>(prepared.image.size());
  if (auto saved = tx.insert_photo(photo); !saved) return std::unexpected(saved.error());
  return photo;
}

Result<std::vector<clinic::ViewPair>> course_photo_pairs(store::Photos& photos,
                                                         const std::string& patient_id,
                                                         const std::string& course_id) {
  auto listed = photos.list_photos(patient_id);
  if (!listed) return std::unexpected(listed.error());
  std::erase_if(*listed, [&](const clinic::Photo& photo) { return photo.course_id != course_id; });
  return clinic::first_and_latest_of_each_view(*listed);
}

Result<std::string> read_photo_file(const media::PhotoFiles& files, const std::string& hash) {
  auto bytes = files.read(hash);
  if (!bytes && bytes.error().code == ErrorCode::kNotFound) {
    return fail(ErrorCode::kInternal, "photo file " + hash + " is missing");
  }
  return bytes;
}

std::string photo_for_print(const media::PhotoFiles& files, const clinic::Photo& photo, int width) {
  auto jpeg = files.read(photo.content_hash);
  if (!jpeg) return {};
  auto png = media::png_rendition(*jpeg, width);
  return png ? std::move(*png) : std::string{};
}

Result<ErasedPhotoFiles> photo_files_of(store::Photos& photos, const std::string& patient_id) {
  auto listed = photos.list_photos(patient_id);
  if (!listed) return std::unexpected(listed.error());
  ErasedPhotoFiles files;
  for (const clinic::Photo& photo : *listed) {
    files.hashes.push_back(photo.content_hash);
    files.hashes.push_back(photo.thumbnail_hash);
  }
  std::sort(files.hashes.begin(), files.hashes.end());
  files.hashes.erase(std::unique(files.hashes.begin(), files.hashes.end()), files.hashes.end());
  return files;
}

Result<void> remove_erased_photo_files(store::Store& store, const media::PhotoFiles& files,
                                       const ErasedPhotoFiles& erased) {
  if (erased.hashes.empty()) return {};
  auto unused = store::in_transaction(store, store::TransactionMode::kRead,
                                      [&](store::Transaction& tx) -> Result<ErasedPhotoFiles> {
                                        ErasedPhotoFiles found;
                                        for (const std::string& hash : erased.hashes) {
                                          auto in_use = tx.photo_file_in_use(hash);
                                          if (!in_use) return std::unexpected(in_use.error());
                                          if (!*in_use) found.hashes.push_back(hash);
                                        }
                                        return found;
                                      });
  if (!unused) return std::unexpected(unused.error());
  for (const std::string& hash : unused->hashes) {
    if (auto removed = files.remove(hash); !removed) return std::unexpected(removed.error());
  }
  return {};
}

}  // namespace mesoclinic::practice
