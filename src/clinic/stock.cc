#include "clinic/stock.h"

#include <algorithm>

#include "core/text.h"

namespace mesoclinic::clinic {

Result<void> validate_product(const Product& product) {
  std::vector<FieldError> errors;
  if (product.name.empty() || code_point_count(product.name) > 200) {
    errors.push_back({"/name", "must be 1 to 200 characters"});
  }
  if (product.formulation_id.empty()) errors.push_back({"/formulation_id", "is required"});
  if (!(product.vial_ml > 0 && product.vial_ml <= 100)) {
    errors.push_back({"/vial_ml", "must be more than 0 and at most 100 ml"});
  }
  if (errors.empty()) return {};
  return invalid(std::move(errors));
}

Result<void> validate_lot(const Lot& lot) {
  std::vector<FieldError> errors;
  const bool printable = std::all_of(lot.number.begin(), lot.number.end(), [](char c) {
    return c > ' ' && c < 127;  // lot numbers are printed codes: no spaces, no controls
  });
  if (lot.number.empty() || lot.number.size() > 64 || !printable) {
    errors.push_back({"/number", "must be 1 to 64 printable characters without spaces"});
  }
  if (lot.quantity < 0 || lot.quantity > 1'000'000) {
    errors.push_back({"/quantity", "must be 0 to 1000000 vials"});
  }
  if (errors.empty()) return {};
  return invalid(std::move(errors));
}

Result<void> check_delivery(const Lot& lot, CalendarDate today) {
  std::vector<FieldError> errors;
  if (lot.quantity < 1)
    errors.push_back({"/quantity", "must be at least 1 vial: this is a delivery"});
  if (lot.expires_on < today) {
    errors.push_back({"/expires_on", "is past: an expired lot cannot be received"});
  }
  if (errors.empty()) return {};
  return invalid(std::move(errors));
}

std::optional<std::string> why_unusable(const Lot& lot, CalendarDate today, std::int64_t vials) {
  const std::string name = "lot " + lot.number;
  if (lot.recalled) return name + " is recalled";
  if (today > lot.expires_on) return name + " expired on " + format_iso_date(lot.expires_on);
  if (lot.quantity <= 0) return name + " is empty";
  if (lot.quantity < vials) {
    return name + " has " + std::to_string(lot.quantity) + " vials left, not " +
           std::to_string(vials);
  }
  return std::nullopt;
}

}  // namespace mesoclinic::clinic
