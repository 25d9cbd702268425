#include "clinic/retirement.h"

namespace mesoclinic::clinic {

Lifecycle next_lifecycle(const Lifecycle& lifecycle, const CatalogueChange& change, bool changed,
                         Instant now) {
  if (!changed) return lifecycle;
  Lifecycle next = lifecycle;
  next.version = lifecycle.version + 1;
  if (change.retired) {
    next.retired_at =
        *change.retired ? std::optional(lifecycle.retired_at.value_or(now)) : std::nullopt;
  }
  return next;
}

Result<void> check_in_service(std::string_view kind, const std::string& id, const std::string& name,
                              const Lifecycle& lifecycle, const std::string& field) {
  if (!lifecycle.retired()) return {};
  const std::string item = std::string(kind) + " " + name + " (" + id + ")";
  std::vector<FieldError> fields;
  if (!field.empty()) fields.push_back({field, "names " + item + ", which is retired"});
  return fail(ErrorCode::kRetired,
              item +
                  " is retired: it stays in the records that used it but is not chosen for "
                  "new work",
              std::move(fields));
}

}  // namespace mesoclinic::clinic
