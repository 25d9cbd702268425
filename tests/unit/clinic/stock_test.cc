// Which lots may go into a patient: none recalled, expired or short of vials.
#include "clinic/stock.h"

#include <gtest/gtest.h>

namespace mesoclinic::clinic {
namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::year;

CalendarDate date(int y, unsigned m, unsigned d) { return CalendarDate{year{y}, month{m}, day{d}}; }

TEST(Lots, AnExpiredRecalledOrEmptyLotCannotBeUsed) {
  Lot lot{"l1", "p1", "c1", "BX-2291", date(2026, 11, 30), 3, false};
  EXPECT_EQ(why_unusable(lot, date(2026, 11, 30), 1), std::nullopt) << "usable on its expiry day";
  EXPECT_EQ(why_unusable(lot, date(2026, 12, 1), 1), "lot BX-2291 expired on 2026-11-30");
  EXPECT_EQ(why_unusable(lot, date(2026, 11, 1), 4), "lot BX-2291 has 3 vials left, not 4");
  lot.quantity = 0;
  EXPECT_EQ(why_unusable(lot, date(2026, 11, 1), 1), "lot BX-2291 is empty");
  lot.quantity = 3;
  lot.recalled = true;
  EXPECT_EQ(why_unusable(lot, date(2026, 11, 1), 1), "lot BX-2291 is recalled");
}

TEST(Lots, NumbersArePrintedCodesAndQuantitiesAreBounded) {
  Lot lot{"l1", "p1", "c1", "BX-2291", date(2027, 1, 1), 10, false};
  EXPECT_TRUE(validate_lot(lot));
  for (const std::string& bad :
       std::vector<std::string>{"", "BX 2291", "BX\n2291", std::string(65, 'A')}) {
    lot.number = bad;
    EXPECT_FALSE(validate_lot(lot)) << bad;
  }
  lot.number = "BX-2291";
  lot.quantity = -1;
  EXPECT_FALSE(validate_lot(lot));
  EXPECT_FALSE(validate_product({"p", "Vial", "f1", 0}));
  EXPECT_TRUE(validate_product({"p", "Vial 5 ml", "f1", 5}));
}

}  // namespace
}  // namespace mesoclinic::clinic
