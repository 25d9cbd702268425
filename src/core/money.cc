#include "core/money.h"

#include <algorithm>

namespace mesoclinic {

bool is_currency_code(std::string_view code) {
  return code.size() == 3 &&
         std::all_of(code.begin(), code.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

Money times(const Money& money, std::int64_t count) {
  return {.minor_units = money.minor_units * count, .currency = money.currency};
}

Money percent_of(const Money& money, int percent) {
  return {.minor_units = (money.minor_units * percent + 50) / 100, .currency = money.currency};
}

}  // namespace mesoclinic
