// The store's door for stock: products, the lots a clinic holds, what is taken from them, and
// who received which lot (for a recall). Part of store::Transaction (store.h); a caller that
// needs only this area can take a Stock&.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "clinic/chart.h"
#include "clinic/stock.h"
#include "core/result.h"
#include "core/time.h"

namespace mesoclinic::store {

// A patient who received vials of a lot, and in which session.
struct LotRecipient {
  std::string patient_id;
  std::string appointment_id;
  std::int64_t vials = 0;
  Instant used_at{};
};

// Every method fails with kUnavailable when the database cannot be reached and kInternal on an
// unexpected database error.
class Stock {
 public:
  virtual ~Stock() = default;

  // Stores a new product, in service at version 1. Fails with kConflict if the name is taken,
  // kInvalidInput if the formulation does not exist.
  virtual Result<void> insert_product(const clinic::Product& product, Instant created_at) = 0;
  // The product, retired or not.
  virtual Result<std::optional<clinic::Product>> find_product(const std::string& id) = 0;
  // The products in service (or every one, with `retired` kIncluded), by name.
  virtual Result<std::vector<clinic::Product>> list_products(clinic::Retired retired) = 0;
  // Writes the product's name and lifecycle (its formulation and vial size never change) if it
  // is still at `expected_version`: kConflict if the name is taken, kNotFound if there is no
  // such product, kPreconditionFailed if it has changed since.
  virtual Result<void> update_product(const clinic::Product& product,
                                      std::int64_t expected_version) = 0;

  // Stock received: a new lot, or more vials of a lot the clinic already holds under that
  // product and number (its id is kept and returned). Fails with kConflict if the lot exists
  // with another expiry date or is recalled.
  virtual Result<clinic::Lot> receive_lot(const clinic::Lot& lot, Instant received_at) = 0;
  virtual Result<std::optional<clinic::Lot>> find_lot(const std::string& id) = 0;
  // A clinic's lots, by expiry then number.
  virtual Result<std::vector<clinic::Lot>> list_lots(const std::string& clinic_id) = 0;
  // Marks a lot recalled (kNotFound if there is none); the first recall time is kept.
  virtual Result<void> recall_lot(const std::string& id, Instant when) = 0;

  // Takes `vials` from a lot (gives them back if negative). kConflict naming the lot if it has
  // fewer vials or is recalled (taking only), kNotFound if there is no such lot.
  virtual Result<void> take_from_lot(const std::string& lot_id, std::int64_t vials) = 0;
  // Replaces what the session's chart says went into the patient.
  virtual Result<void> replace_lot_uses(const std::string& appointment_id,
                                        const std::string& patient_id,
                                        const std::vector<clinic::LotUse>& uses, Instant when) = 0;
  // Everyone who received the lot, by patient then session.
  virtual Result<std::vector<LotRecipient>> list_lot_recipients(const std::string& lot_id) = 0;
};

}  // namespace mesoclinic::store
