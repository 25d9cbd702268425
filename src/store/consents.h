// The store's door for consents (clinic/consent.h): recorded once, never edited, withdrawn by
// recording the withdrawal on them. Part of store::Transaction (store.h); a caller that needs
// only this area can take a Consents&.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "clinic/consent.h"
#include "core/result.h"

namespace mesoclinic::store {

// Every method fails with kUnavailable when the database cannot be reached and kInternal on an
// unexpected database error.
class Consents {
 public:
  virtual ~Consents() = default;

  // Fails with kConflict if the course already has a treatment consent.
  virtual Result<void> insert_consent(const clinic::Consent& consent) = 0;
  virtual Result<std::optional<clinic::Consent>> find_consent(const std::string& id) = 0;
  // A patient's consents, in the order they were given.
  virtual Result<std::vector<clinic::Consent>> list_consents(const std::string& patient_id) = 0;
  // The treatment consent recorded with a course's agreement, if any (courses agreed before
  // consents were recorded have none).
  virtual Result<std::optional<clinic::Consent>> find_course_consent(
      const std::string& course_id) = 0;
  // Writes `withdrawn.withdrawal` if the stored consent is not withdrawn yet; fails with
  // kConflict if it is (someone recorded it first).
  virtual Result<void> record_withdrawal(const clinic::Consent& withdrawn) = 0;
};

}  // namespace mesoclinic::store
