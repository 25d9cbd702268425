#include "documents/price.h"

namespace mesoclinic::documents {

Result<planning::ProtocolPrice> price_from_json(const Json& body) {
  std::vector<FieldError> errors;
  planning::ProtocolPrice price;
  Members members(body, "", errors);
  members.refuse_unknown({"price_per_session", "package_price"});
  price.per_session = money_from_json(members, "price_per_session", errors);
  price.package = money_from_json(members, "package_price", errors);
  if (!errors.empty()) return invalid(std::move(errors));
  return price;
}

Json to_json(const planning::ProtocolPrice& price) {
  return Json{{"price_per_session", money_json(price.per_session)},
              {"package_price", money_json(price.package)}};
}

std::string price_document(const planning::ProtocolPrice& price) { return to_json(price).dump(); }

Result<planning::ProtocolPrice> price_from_document(const std::string& clinic_id,
                                                    const std::string& protocol_id,
                                                    const std::string& body) {
  const Json document = Json::parse(body, nullptr, false);
  auto price = document.is_object() ? price_from_json(document)
                                    : Result<planning::ProtocolPrice>(invalid({}));
  if (!price) {
    return fail(ErrorCode::kInternal, "stored price of protocol " + protocol_id + " at clinic " +
                                          clinic_id + " is invalid");
  }
  return price;
}

}  // namespace mesoclinic::documents
