// The Stock door (store/stock.h), run against SQLite and PostgreSQL alike.
#include <gtest/gtest.h>

#include "core/ids.h"
#include "store/store.h"
#include "store_fixture.h"

namespace mesoclinic::testing {
namespace {

using store::Appointment;
using store::Transaction;

class StoreStockTest : public StoreTest {
 protected:
  // A lot of `quantity` vials, of a product of its own, in the test's clinic.
  clinic::Lot add_lot(const std::string& number, std::int64_t quantity) {
    const clinic::Product product{new_id(), "Vial " + number, add_formulation("Mix " + number).id,
                                  5.0};
    const clinic::Lot lot{
        new_id(), product.id, clinic_.id, number, parse_iso_date("2027-06-30").value(),
        quantity, false};
    auto received = write([&](Transaction& tx) -> Result<clinic::Lot> {
      if (auto added = tx.insert_product(product, now()); !added) {
        return std::unexpected(added.error());
      }
      return tx.receive_lot(lot, now());
    });
    EXPECT_TRUE(received) << received.error().message;
    return lot;
  }
};

TEST_P(StoreStockTest, StockIsReceivedIntoOneLotPerNumberAndRecallsStick) {
  const clinic::Formulation formulation{new_id(), "Biotin mix", {}, now()};
  ASSERT_TRUE(write([&](Transaction& tx) { return tx.insert_formulation(formulation); }));
  const clinic::Product vial{new_id(), "Biotin mix 5 ml", formulation.id, 5.0};
  ASSERT_TRUE(write([&](Transaction& tx) { return tx.insert_product(vial, now()); }));
  const CalendarDate expiry = parse_iso_date("2027-06-30").value();
  const clinic::Lot lot{new_id(), vial.id, clinic_.id, "BX-1", expiry, 10, false};
  auto first = write([&](Transaction& tx) { return tx.receive_lot(lot, now()); });
  ASSERT_TRUE(first);
  clinic::Lot more = lot;
  more.id = new_id();
  more.quantity = 5;
  auto second = write([&](Transaction& tx) { return tx.receive_lot(more, now()); });
  ASSERT_TRUE(second);
  EXPECT_EQ(second->id, lot.id) << "the same lot number is the same lot";
  EXPECT_EQ(second->quantity, 15);
  more.expires_on = parse_iso_date("2027-07-31").value();
  EXPECT_EQ(write([&](Transaction& tx) { return tx.receive_lot(more, now()); }).error().code,
            ErrorCode::kConflict);
  ASSERT_TRUE(write([&](Transaction& tx) { return tx.recall_lot(lot.id, now()); }));
  auto held = read([&](Transaction& tx) { return tx.list_lots(clinic_.id); });
  ASSERT_TRUE(held);
  ASSERT_EQ(held->size(), 1u);
  EXPECT_TRUE(held->front().recalled);
  EXPECT_EQ(held->front().quantity, 15);
  EXPECT_EQ(
      read([&](Transaction& tx) { return tx.list_products(clinic::Retired::kIncluded); })->size(),
      1u);
  // The database itself refuses a negative count.
  EXPECT_FALSE(write([&](Transaction& tx) -> Result<void> {
    auto received =
        tx.receive_lot({new_id(), vial.id, clinic_.id, "BX-2", expiry, -1, false}, now());
    if (!received) return std::unexpected(received.error());
    return {};
  }));
}

TEST_P(StoreStockTest, ProductsNeedAFormulationAndAFreeName) {
  const auto formulation = add_formulation("Biotin mix");
  const clinic::Product vial{new_id(), "Biotin 5 ml", formulation.id, 5.0};
  ASSERT_TRUE(write([&](Transaction& tx) { return tx.insert_product(vial, now()); }));
  auto twin = vial;
  twin.id = new_id();
  EXPECT_EQ(write([&](Transaction& tx) { return tx.insert_product(twin, now()); }).error().code,
            ErrorCode::kNameTaken);
  const clinic::Product orphan{new_id(), "Orphan", new_id(), 2.0};
  EXPECT_EQ(write([&](Transaction& tx) { return tx.insert_product(orphan, now()); }).error().code,
            ErrorCode::kInvalidInput);
  auto found = read([&](Transaction& tx) { return tx.find_product(vial.id); });
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->name, "Biotin 5 ml");
  EXPECT_EQ((*found)->vial_ml, 5.0);
  EXPECT_FALSE(read([&](Transaction& tx) { return tx.find_product(new_id()); }).value());
}

TEST_P(StoreStockTest, TakingNeedsTheVialsAndALotNotRecalledButGivingBackAlwaysWorks) {
  const auto lot = add_lot("T-1", 10);
  const auto take = [&](std::int64_t vials) {
    return write([&](Transaction& tx) { return tx.take_from_lot(lot.id, vials); });
  };
  const auto held = [&] { return read([&](Transaction& tx) { return tx.find_lot(lot.id); }); };
  ASSERT_TRUE(take(4));
  EXPECT_EQ(held().value()->quantity, 6);
  auto too_many = take(7);
  ASSERT_FALSE(too_many);
  EXPECT_EQ(too_many.error().code, ErrorCode::kConflict);
  EXPECT_NE(too_many.error().message.find(lot.id), std::string::npos);
  ASSERT_TRUE(take(-2));
  EXPECT_EQ(held().value()->quantity, 8);
  ASSERT_TRUE(write([&](Transaction& tx) { return tx.recall_lot(lot.id, now()); }));
  EXPECT_EQ(take(1).error().code, ErrorCode::kConflict);
  EXPECT_TRUE(take(-1)) << "vials of a recalled lot can still come back";
  EXPECT_EQ(held().value()->quantity, 9);
  EXPECT_EQ(write([&](Transaction& tx) { return tx.take_from_lot(new_id(), 1); }).error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(write([&](Transaction& tx) { return tx.recall_lot(new_id(), now()); }).error().code,
            ErrorCode::kNotFound);
  EXPECT_FALSE(read([&](Transaction& tx) { return tx.find_lot(new_id()); }).value());
}

TEST_P(StoreStockTest, LotRecipientsFollowWhatEachChartSaysWasUsed) {
  const auto a = add_lot("R-1", 20);
  const auto b = add_lot("R-2", 20);
  const auto ayse = add_patient("Yılmaz", "Ayşe");
  const auto ali = add_patient("Kaya", "Ali");
  const auto first = add_appointment(ayse, at_minutes(0));
  const auto second = add_appointment(ali, at_minutes(60));
  const auto record = [&](const store::Appointment& session,
                          const std::vector<clinic::LotUse>& uses, int minute) {
    return write([&](Transaction& tx) {
      return tx.replace_lot_uses(session.id, session.patient_id, uses, at_minutes(minute));
    });
  };
  ASSERT_TRUE(record(first, {{a.id, 2}, {b.id, 1}}, 50));
  ASSERT_TRUE(record(second, {{a.id, 3}}, 110));
  // The first chart is corrected: lot b was not used after all, and lot a twice as much.
  ASSERT_TRUE(record(first, {{a.id, 4}}, 55));
  auto of_a = read([&](Transaction& tx) { return tx.list_lot_recipients(a.id); });
  ASSERT_TRUE(of_a);
  ASSERT_EQ(of_a->size(), 2u);
  const auto& [ayse_row, ali_row] =
      ayse.id < ali.id ? std::pair((*of_a)[0], (*of_a)[1]) : std::pair((*of_a)[1], (*of_a)[0]);
  EXPECT_EQ(ayse_row.patient_id, ayse.id);
  EXPECT_EQ(ayse_row.appointment_id, first.id);
  EXPECT_EQ(ayse_row.vials, 4);
  EXPECT_EQ(ayse_row.used_at, at_minutes(55));
  EXPECT_EQ(ali_row.vials, 3);
  EXPECT_TRUE(read([&](Transaction& tx) { return tx.list_lot_recipients(b.id); })->empty());
}

// A product is renamed and retired; what a vial holds never changes, and its lots stay.
TEST_P(StoreStockTest, ProductsAreRenamedAndRetiredAtTheVersionTheCallerRead) {
  const clinic::Lot lot = add_lot("RT-1", 4);
  auto product = read([&](Transaction& tx) { return tx.find_product(lot.product_id); });
  ASSERT_TRUE(product && *product);
  EXPECT_EQ((*product)->lifecycle.version, 1);
  EXPECT_FALSE((*product)->lifecycle.retired());
  clinic::Product retired = **product;
  retired.name = "Vial RT-1 (withdrawn)";
  retired.vial_ml = 50;  // ignored: the vial size never changes
  retired.lifecycle = {.version = 2, .retired_at = at_minutes(3)};
  ASSERT_TRUE(write([&](Transaction& tx) { return tx.update_product(retired, 1); }));
  auto found = read([&](Transaction& tx) { return tx.find_product(lot.product_id); });
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->name, "Vial RT-1 (withdrawn)");
  EXPECT_EQ((*found)->vial_ml, 5.0);
  EXPECT_EQ((*found)->lifecycle.retired_at, at_minutes(3));
  EXPECT_TRUE(
      read([&](Transaction& tx) { return tx.list_products(clinic::Retired::kLeftOut); })->empty());
  EXPECT_EQ(
      read([&](Transaction& tx) { return tx.list_products(clinic::Retired::kIncluded); })->size(),
      1u);
  EXPECT_EQ(read([&](Transaction& tx) { return tx.find_lot(lot.id); }).value()->quantity, 4)
      << "its lots stay on the shelf";
  auto stale = write([&](Transaction& tx) { return tx.update_product(retired, 1); });
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, ErrorCode::kPreconditionFailed);
}

MESOCLINIC_ON_BOTH_ENGINES(StoreStockTest);

}  // namespace
}  // namespace mesoclinic::testing
