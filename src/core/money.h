// Money as the clinic charges it: whole minor units of one currency (cents, kuruş, pence), never
// floating point, so an estimate adds up to exactly what the patient is shown and agrees to.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace mesoclinic {

struct Money {
  std::int64_t minor_units = 0;  // cents, kuruş, pence
  std::string currency;          // ISO 4217, e.g. "EUR"
  friend bool operator==(const Money&, const Money&) = default;
};

// True if `code` has the form of an ISO 4217 code: three upper-case ASCII letters ("EUR").
bool is_currency_code(std::string_view code);

// True if `code` is a currency ISO 4217 lists as in use ("EUR", "NZD", "TRY"), not merely
// shaped like one: a clinic charges in it.
bool is_iso_4217_currency(std::string_view code);

// `money` taken `count` times, in the same currency.
Money times(const Money& money, std::int64_t count);

// `percent` of `money`, rounded to the nearest minor unit (halves up), in the same currency.
Money percent_of(const Money& money, int percent);

}  // namespace mesoclinic
