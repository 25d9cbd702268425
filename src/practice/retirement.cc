#include "practice/retirement.h"

namespace mesoclinic::practice {

Result<clinic::Formulation> formulation_for_new_work(store::Treatment& treatment,
                                                     const std::string& id,
                                                     const std::string& field) {
  auto found = treatment.find_formulation(id);
  if (!found) return std::unexpected(found.error());
  if (!*found) return invalid({{field, "names no formulation"}});
  if (auto in_service =
          clinic::check_in_service("formulation", id, (*found)->name, (*found)->lifecycle, field);
      !in_service) {
    return std::unexpected(in_service.error());
  }
  return std::move(**found);
}

Result<clinic::Product> product_for_new_work(store::Transaction& tx, const std::string& id,
                                             const std::string& field) {
  auto found = tx.find_product(id);
  if (!found) return std::unexpected(found.error());
  if (!*found) return invalid({{field, "names no product"}});
  if (auto in_service =
          clinic::check_in_service("product", id, (*found)->name, (*found)->lifecycle, field);
      !in_service) {
    return std::unexpected(in_service.error());
  }
  // A retired formulation retires what is made of it for new work too.
  auto formulation = formulation_for_new_work(tx, (*found)->formulation_id, field);
  if (!formulation) {
    if (formulation.error().code == ErrorCode::kInvalidInput) {
      return fail(ErrorCode::kInternal, "product " + id + " names a missing formulation");
    }
    return std::unexpected(formulation.error());
  }
  return std::move(**found);
}

Result<void> check_lot_in_service(store::Transaction& tx, const clinic::Lot& lot,
                                  const std::string& field) {
  auto product = product_for_new_work(tx, lot.product_id, field);
  if (!product) {
    if (product.error().code == ErrorCode::kInvalidInput) {
      return fail(ErrorCode::kInternal, "lot " + lot.id + " names a missing product");
    }
    Error error = product.error();
    error.message = "lot " + lot.number + ": " + error.message;
    return std::unexpected(std::move(error));
  }
  return {};
}

}  // namespace mesoclinic::practice
