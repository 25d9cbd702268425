// The store's door for photos (clinic/photo.h) and their trichometry results
// (clinic/trichometry.h): photos recorded once, never edited; a result reviewed (corrected,
// accepted) and then final; both deleted only with the patient's erasure. The rows name files kept
// outside the database (src/media); this area also answers whether any row still names a file, so
// erasure removes only unused files. Part of store::Transaction (store.h); a caller that needs only
// this area can take a Photos&.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "clinic/photo.h"
#include "clinic/trichometry.h"
#include "core/result.h"

namespace mesoclinic::store {

// Every method fails with kUnavailable when the database cannot be reached and kInternal on an
// unexpected database error.
class Photos {
 public:
  virtual ~Photos() = default;

  // Fails with kConflict if a photo with its id exists, kInvalidInput if its patient, course or
  // appointment does not exist.
  virtual Result<void> insert_photo(const clinic::Photo& photo) = 0;
  virtual Result<std::optional<clinic::Photo>> find_photo(const std::string& id) = 0;
  // A patient's photos, in the order they were taken.
  virtual Result<std::vector<clinic::Photo>> list_photos(const std::string& patient_id) = 0;
  // Whether any photo names `hash` as its image or its thumbnail.
  virtual Result<bool> photo_file_in_use(const std::string& hash) = 0;

  // A trichoscopy photo's trichometry result (one a photo). Fails with kConflict if the photo
  // has one already, kInvalidInput if the photo or its patient does not exist.
  virtual Result<void> insert_trichometry(const clinic::TrichometryResult& result) = 0;
  // Keeps `result`'s review: its correction (replacing any before; none removes it), its
  // acceptance and its version. kPreconditionFailed if the stored version is no longer
  // `expected_version`, kNotFound if there is no such result.
  virtual Result<void> update_trichometry_review(const clinic::TrichometryResult& result,
                                                 std::int64_t expected_version) = 0;
  virtual Result<std::optional<clinic::TrichometryResult>> find_photo_trichometry(
      const std::string& photo_id) = 0;
};

}  // namespace mesoclinic::store
