// Stock (DOMAIN.md "Formulations, products, lots"): a product is a vial of a formulation; a
// lot is what arrived under one manufacturer's lot number, with its expiry and what is left.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "clinic/retirement.h"
#include "core/result.h"
#include "core/time.h"

namespace mesoclinic::clinic {

struct Product {
  std::string id;
  std::string name;
  std::string formulation_id;  // with vial_ml, never changed once stored
  double vial_ml = 0;          // one vial's contents
  Lifecycle lifecycle{};
};
Result<void> validate_product(const Product& product);

struct Lot {
  std::string id;
  std::string product_id;
  std::string clinic_id;  // stock sits on one site's shelf
  std::string number;     // the manufacturer's lot number
  CalendarDate expires_on{};
  std::int64_t quantity = 0;  // vials in stock
  bool recalled = false;
};
// Number 1..64 printable characters, quantity 0..1,000,000.
Result<void> validate_lot(const Lot& lot);

// A delivery is at least one vial of a lot not expired on `today` (the clinic's date): an
// expired delivery is refused at the door rather than shelved.
Result<void> check_delivery(const Lot& lot, CalendarDate today);

// Why `vials` of the lot cannot be reserved or used on `today` (the clinic's local date), or
// nullopt if they can. A lot may be used on its expiry date, not after.
std::optional<std::string> why_unusable(const Lot& lot, CalendarDate today, std::int64_t vials);

}  // namespace mesoclinic::clinic
