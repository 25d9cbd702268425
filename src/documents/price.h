// The JSON form of a protocol's price at one clinic: {"price_per_session": {"minor_units",
// "currency"} or null, "package_price": the same}. The store keeps it as the price document.
#pragma once

#include <string>

#include "documents/json_reader.h"
#include "planning/planning.h"

namespace mesoclinic::documents {

// The price as a request gives it, or every problem as field errors; the currency is checked
// against the clinic's by planning::validate_price, not here.
Result<planning::ProtocolPrice> price_from_json(const Json& body);
// {"price_per_session", "package_price"}, each null when not set.
Json to_json(const planning::ProtocolPrice& price);
std::string price_document(const planning::ProtocolPrice& price);
// A stored price document decoded; kInternal naming the clinic and protocol if it no longer
// decodes.
Result<planning::ProtocolPrice> price_from_document(const std::string& clinic_id,
                                                    const std::string& protocol_id,
                                                    const std::string& body);

}  // namespace mesoclinic::documents
