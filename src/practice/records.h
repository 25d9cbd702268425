// A patient's record as a whole: erased on the patient's request (DOMAIN.md: the audit trail
// keeps only that it happened), and the shipped screening rules put in force on a new install.
#pragma once

#include <string>

#include "practice/photos.h"
#include "store/store.h"

namespace mesoclinic::practice {

// Erases the patient's personal and clinical data at `when` (see store's erase_patient for what
// goes and what stays), photo rows included, and returns the files those photos named: once the
// transaction is committed, remove_erased_photo_files (photos.h) removes them. kNotFound if there
// is no such patient; erasing twice is harmless.
Result<ErasedPhotoFiles> erase_patient(store::Transaction& tx, const std::string& patient_id,
                                       Instant when);

// Loads the shipped contraindication rules as version 1 if the database has none yet (at
// server start, so the first screening finds rules in force). A no-op otherwise, also when
// another server sharing the database installed them a moment earlier.
Result<void> install_default_rule_set(store::Store& store);

}  // namespace mesoclinic::practice
