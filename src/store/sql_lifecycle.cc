// What renaming and retiring formulations, products and rooms share (clinic/retirement.h):
// one guarded UPDATE that checks the version the caller read.
#include "store/sql_transaction.h"

namespace mesoclinic::store::internal {

Result<void> SqlTransaction::update_catalogue_item(const CatalogueEdit& edit,
                                                   std::int64_t expected_version) {
  const std::string table(edit.table);
  return guarded("updating a " + std::string(edit.kind), [&]() -> Result<void> {
    // The name stays unique (within the clinic for a room); checked first so the clash is a
    // 409 naming it rather than a constraint error.
    Query clash(session_);
    long long taken = 0;
    clash.into(taken);
    clash.bind("name", edit.name);
    clash.bind("id", edit.id);
    std::string sql = "SELECT COUNT(*) FROM " + table + " WHERE name = :name AND id <> :id";
    if (!edit.scope_column.empty()) {
      clash.bind("scope", edit.scope);
      sql += " AND " + std::string(edit.scope_column) + " = :scope";
    }
    clash.run(sql);
    clash.fetch();
    if (taken > 0) {
      return fail(ErrorCode::kNameTaken, "a " + std::string(edit.kind) + " named " + edit.name +
                                             " exists" +
                                             (edit.scope_column.empty() ? "" : " here"));
    }
    const long long changed =
        run("UPDATE " + table +
                " SET name = :name, version = :version, retired_at = :retired_at WHERE id = :id "
                "AND version = :expected_version",
            {{"name", edit.name},
             {"version", static_cast<long long>(edit.lifecycle.version)},
             {"retired_at", edit.lifecycle.retired_at},
             {"id", edit.id},
             {"expected_version", static_cast<long long>(expected_version)}});
    if (changed == 1) return {};
    if (!exists(table, edit.id)) {
      return fail(ErrorCode::kNotFound, "No " + std::string(edit.kind) + " with this id.");
    }
    return fail(ErrorCode::kPreconditionFailed, "The " + std::string(edit.kind) +
                                                    " was changed by someone else; reload it "
                                                    "and try again.");
  });
}

}  // namespace mesoclinic::store::internal
