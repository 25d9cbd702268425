#include "api/retirement.h"

#include <algorithm>

#include "api/documents.h"
#include "core/time.h"

namespace mesoclinic::api {

Result<clinic::CatalogueChange> catalogue_change_from_json(
    const Json& body, std::initializer_list<std::string_view> clinical,
    std::initializer_list<std::string_view> read_only) {
  std::vector<FieldError> errors;
  Members members(body, "", errors);
  for (const auto& [name, value] : body.items()) {
    if (std::find(clinical.begin(), clinical.end(), name) != clinical.end()) {
      errors.push_back({"/" + name,
                        "cannot be changed: records made with this item keep what it was; create "
                        "a new one and retire this one"});
    } else if (name == "id" || name == "version" || name == "retired_at" ||
               std::find(read_only.begin(), read_only.end(), name) != read_only.end()) {
      members.error(Members::escaped(name), "is read-only");
    } else if (name != "name" && name != "retired") {
      members.error(Members::escaped(name), "is not a known field");
    }
  }
  clinic::CatalogueChange change;
  change.name = members.name("name", false);
  if (const auto retired = body.find("retired"); retired != body.end()) {
    if (retired->is_boolean()) {
      change.retired = retired->get<bool>();
    } else {
      errors.push_back({"/retired", "must be true or false"});
    }
  }
  if (!errors.empty()) return invalid(std::move(errors));
  return change;
}

Json with_lifecycle(Json reply, const clinic::Lifecycle& lifecycle) {
  reply["version"] = lifecycle.version;
  reply["retired"] = lifecycle.retired();
  reply["retired_at"] =
      lifecycle.retired_at ? Json(format_rfc3339(*lifecycle.retired_at)) : Json(nullptr);
  return reply;
}

Result<clinic::Retired> retired_listing(const http::Request& request) {
  const auto given = request.query_param("include_retired");
  if (!given || *given == "false") return clinic::Retired::kLeftOut;
  if (*given == "true") return clinic::Retired::kIncluded;
  return invalid({{"/include_retired", "must be true or false"}});
}

}  // namespace mesoclinic::api
