#include "documents/json_reader.h"

namespace mesoclinic::documents {

std::optional<planning::Money> money_from_json(Members& members, std::string_view name,
                                               std::vector<FieldError>& errors) {
  const Json* value = members.optional(name);
  if (!value) return std::nullopt;
  if (!value->is_object()) {
    members.error(name, "must be {\"minor_units\": 12000, \"currency\": \"EUR\"}");
    return std::nullopt;
  }
  Members money(*value, std::string("/").append(name), errors);
  money.refuse_unknown({"minor_units", "currency"});
  planning::Money result;
  long long minor_units = 0;
  money.integer("minor_units", minor_units, money.required("minor_units"));
  money.text("currency", result.currency, money.required("currency"));
  result.minor_units = minor_units;
  return result;
}

Json money_json(const std::optional<planning::Money>& money) {
  if (!money) return nullptr;
  return Json{{"minor_units", money->minor_units}, {"currency", money->currency}};
}

}  // namespace mesoclinic::documents
