#include "practice/records.h"

#include "clinic/suitability.h"

namespace mesoclinic::practice {

Result<void> erase_patient(store::Transaction& tx, const std::string& patient_id, Instant when) {
  // Today the store removes everything in one statement set; files kept outside the database
  // (photos, when they come) are removed here, after it.
  return tx.erase_patient(patient_id, when);
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
