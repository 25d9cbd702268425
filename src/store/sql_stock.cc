// Products, lots, stock taken and given back, and who received which lot (store/stock.h) over
// SQL.
#include "store/sql_transaction.h"

namespace mesoclinic::store::internal {
namespace {

struct ProductRow {
  static constexpr std::string_view kSelect =
      "SELECT id, name, formulation_id, vial_ml, version, retired_at FROM products";
  clinic::Product value;
  long long version = 0;
  void into(Query& query) {
    query.into(value.id, value.name, value.formulation_id, value.vial_ml, version,
               value.lifecycle.retired_at);
  }
  Result<void> finish() {
    value.lifecycle.version = version;
    return {};
  }
};

struct LotRow {
  static constexpr std::string_view kSelect =
      "SELECT id, product_id, clinic_id, number, expires_on, quantity, recalled_at FROM lots";
  clinic::Lot value;
  std::string expires_on;
  long long quantity = 0;
  std::optional<Instant> recalled_at;
  void into(Query& query) {
    query.into(value.id, value.product_id, value.clinic_id, value.number, expires_on, quantity,
               recalled_at);
  }
  Result<void> finish() {
    auto date = parse_iso_date(expires_on);
    if (!date) return fail(ErrorCode::kInternal, "lot " + value.id + " has no expiry date");
    value.expires_on = *date;
    value.quantity = quantity;
    value.recalled = recalled_at.has_value();
    return {};
  }
};

struct LotRecipientRow {
  static constexpr std::string_view kSelect =
      "SELECT patient_id, appointment_id, vials, used_at FROM lot_uses";
  LotRecipient value;
  long long vials = 0;
  void into(Query& query) {
    query.into(value.patient_id, value.appointment_id, vials, value.used_at);
  }
  Result<void> finish() {
    value.vials = vials;
    return {};
  }
};

}  // namespace

Result<void> SqlTransaction::insert_product(const clinic::Product& product, Instant created_at) {
  return guarded("saving a product", [&]() -> Result<void> {
    if (count_where("products", "name", product.name) > 0) {
      return fail(ErrorCode::kNameTaken, "a product named " + product.name + " exists");
    }
    run("INSERT INTO products (id, name, formulation_id, vial_ml, created_at) VALUES (:id, "
        ":name, :formulation_id, :vial_ml, :created_at)",
        {{"id", product.id},
         {"name", product.name},
         {"formulation_id", product.formulation_id},
         {"vial_ml", product.vial_ml},
         {"created_at", created_at}});
    return {};
  });
}

Result<std::optional<clinic::Product>> SqlTransaction::find_product(const std::string& id) {
  return one<ProductRow>("reading a product", "id = :id", {{"id", id}});
}

Result<std::vector<clinic::Product>> SqlTransaction::list_products(clinic::Retired retired) {
  return rows<ProductRow>("listing products", retired == clinic::Retired::kIncluded
                                                  ? "1 = 1 ORDER BY name"
                                                  : "retired_at IS NULL ORDER BY name");
}

Result<void> SqlTransaction::update_product(const clinic::Product& product,
                                            std::int64_t expected_version) {
  return update_catalogue_item({.table = "products",
                                .kind = "product",
                                .id = product.id,
                                .name = product.name,
                                .lifecycle = product.lifecycle,
                                .scope_column = "",
                                .scope = ""},
                               expected_version);
}

Result<clinic::Lot> SqlTransaction::receive_lot(const clinic::Lot& lot, Instant received_at) {
  return guarded("receiving stock", [&]() -> Result<clinic::Lot> {
    auto held = first_of(select<LotRow>(
        session_, "clinic_id = :clinic_id AND product_id = :product_id AND number = :number",
        {{"clinic_id", lot.clinic_id}, {"product_id", lot.product_id}, {"number", lot.number}}));
    if (!held) return std::unexpected(held.error());
    if (!*held) {
      run("INSERT INTO lots (id, product_id, clinic_id, number, expires_on, quantity, "
          "received_at) VALUES (:id, :product_id, :clinic_id, :number, :expires_on, :quantity, "
          ":received_at)",
          {{"id", lot.id},
           {"product_id", lot.product_id},
           {"clinic_id", lot.clinic_id},
           {"number", lot.number},
           {"expires_on", format_iso_date(lot.expires_on)},
           {"quantity", static_cast<long long>(lot.quantity)},
           {"received_at", received_at}});
      return lot;
    }
    clinic::Lot stored = **held;
    if (stored.expires_on != lot.expires_on) {
      return fail(ErrorCode::kConflict, "lot " + lot.number + " is held with expiry " +
                                            format_iso_date(stored.expires_on) +
                                            "; check the label");
    }
    if (stored.recalled) return fail(ErrorCode::kConflict, "lot " + lot.number + " is recalled");
    run("UPDATE lots SET quantity = quantity + :quantity WHERE id = :id",
        {{"quantity", static_cast<long long>(lot.quantity)}, {"id", stored.id}});
    stored.quantity += lot.quantity;
    return stored;
  });
}

Result<std::optional<clinic::Lot>> SqlTransaction::find_lot(const std::string& id) {
  return one<LotRow>("reading a lot", "id = :id", {{"id", id}});
}

Result<std::vector<clinic::Lot>> SqlTransaction::list_lots(const std::string& clinic_id) {
  return rows<LotRow>("listing lots", "clinic_id = :clinic_id ORDER BY expires_on, number, id",
                      {{"clinic_id", clinic_id}});
}

Result<void> SqlTransaction::recall_lot(const std::string& id, Instant when) {
  // COALESCE keeps the first recall time, so a second recall still finds its row.
  return write_one("recalling a lot",
                   "UPDATE lots SET recalled_at = COALESCE(recalled_at, :recalled_at) WHERE id = "
                   ":id",
                   {{"recalled_at", when}, {"id", id}}, ErrorCode::kNotFound,
                   "No lot with this id.");
}

Result<void> SqlTransaction::take_from_lot(const std::string& lot_id, std::int64_t vials) {
  return guarded("taking stock", [&]() -> Result<void> {
    if (!exists("lots", lot_id)) return fail(ErrorCode::kNotFound, "No lot with this id.");
    // Giving back is always allowed; taking needs the vials and a lot not recalled.
    const long long changed =
        run("UPDATE lots SET quantity = quantity - :vials WHERE id = :id AND (:vials <= 0 OR "
            "(quantity >= :vials AND recalled_at IS NULL))",
            {{"vials", static_cast<long long>(vials)}, {"id", lot_id}});
    if (changed != 1) {
      return fail(ErrorCode::kConflict, "lot " + lot_id + " is recalled or has too few vials");
    }
    return {};
  });
}

Result<void> SqlTransaction::replace_lot_uses(const std::string& appointment_id,
                                              const std::string& patient_id,
                                              const std::vector<clinic::LotUse>& uses,
                                              Instant when) {
  return guarded("recording lot use", [&]() -> Result<void> {
    run("DELETE FROM lot_uses WHERE appointment_id = :appointment_id",
        {{"appointment_id", appointment_id}});
    for (const auto& use : uses) {
      run("INSERT INTO lot_uses (appointment_id, lot_id, patient_id, vials, used_at) VALUES "
          "(:appointment_id, :lot_id, :patient_id, :vials, :used_at)",
          {{"appointment_id", appointment_id},
           {"lot_id", use.lot_id},
           {"patient_id", patient_id},
           {"vials", static_cast<long long>(use.vials)},
           {"used_at", when}});
    }
    return {};
  });
}

Result<std::vector<LotRecipient>> SqlTransaction::list_lot_recipients(const std::string& lot_id) {
  return rows<LotRecipientRow>("listing a lot's recipients",
                               "lot_id = :lot_id ORDER BY patient_id, used_at, appointment_id",
                               {{"lot_id", lot_id}});
}

}  // namespace mesoclinic::store::internal
