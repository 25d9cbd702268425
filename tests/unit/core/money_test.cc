#include "core/money.h"

#include <gtest/gtest.h>

namespace mesoclinic {
namespace {

TEST(Money, CurrencyCodesAreThreeUpperCaseLetters) {
  EXPECT_TRUE(is_currency_code("EUR"));
  EXPECT_TRUE(is_currency_code("TRY"));
  EXPECT_FALSE(is_currency_code("eur"));
  EXPECT_FALSE(is_currency_code("EU"));
  EXPECT_FALSE(is_currency_code("EURO"));
  EXPECT_FALSE(is_currency_code("€"));
  EXPECT_FALSE(is_currency_code(""));
}

TEST(Money, TimesKeepsTheCurrency) {
  EXPECT_EQ(times(Money{12000, "GBP"}, 8), (Money{96000, "GBP"}));
  EXPECT_EQ(times(Money{999, "EUR"}, 0), (Money{0, "EUR"}));
}

TEST(Money, PercentOfRoundsToTheNearestMinorUnitHalvesUp) {
  EXPECT_EQ(percent_of(Money{96000, "GBP"}, 10), (Money{9600, "GBP"}));
  EXPECT_EQ(percent_of(Money{7992, "GBP"}, 15), (Money{1199, "GBP"}));  // 1198.8
  EXPECT_EQ(percent_of(Money{10, "EUR"}, 5), (Money{1, "EUR"}));        // 0.5 rounds up
  EXPECT_EQ(percent_of(Money{10, "EUR"}, 4), (Money{0, "EUR"}));        // 0.4 rounds down
  EXPECT_EQ(percent_of(Money{85000, "TRY"}, 100), (Money{85000, "TRY"}));
}

TEST(Money, OnlyCurrenciesInUseAreAccepted) {
  for (const char* code : {"AED", "EUR", "GBP", "NZD", "TRY", "USD", "ZWL"}) {
    EXPECT_TRUE(is_iso_4217_currency(code)) << code;
  }
  for (const char* code : {"ABC", "XAU", "XXX", "eur", "EURO", "", "NZ$"}) {
    EXPECT_FALSE(is_iso_4217_currency(code)) << code;
  }
}

}  // namespace
}  // namespace mesoclinic
