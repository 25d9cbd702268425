#include "practice/records.h"

#include "clinic/suitability.h"

namespace mesoclinic::practice {

Result<ErasedPhotoFiles> erase_patient(store::Transaction& tx, const std::string& patient_id,
                                       Instant when) {
  // The photos' files are outside the database: named here, while the rows still exist, and
  // removed by the caller after the commit (a file must not go before its row does).
  auto files = photo_files_of(tx, patient_id);
  if (!files) return std::unexpected(files.error());
  if (auto erased = tx.erase_patient(patient_id, when); !erased) {
    return std::unexpected(erased.error());
  }
  return files;
}

Result<void> install_default_rule_set(store::Store& store) {
  const auto parsed = clinic::parse_rule_set(clinic::default_rule_file());
  if (!parsed) return fail(ErrorCode::kInternal, "the shipped rule file does not parse");
  auto installed = store::in_transaction(
      store, store::TransactionMode::kWrite, [&](store::Transaction& tx) -> Result<void> {
        auto current = tx.find_rule_set(std::nullopt);
        if (!current) return std::unexpected(current.error());
        if (*current) return {};
        return tx.insert_rule_set({.version = 1,
                                   .name = parsed->name,
                                   .source = std::string(clinic::default_rule_file()),
                                   .loaded_at = now(),
                                   .loaded_by = "system"});
      });
  // Another server sharing the database may have installed it a moment earlier.
  if (!installed && installed.error().code == ErrorCode::kConflict) return {};
  return installed;
}

}  // namespace mesoclinic::practice
