#include "core/money.h"

#include <algorithm>

namespace mesoclinic {

bool is_currency_code(std::string_view code) {
  return code.size() == 3 &&
         std::all_of(code.begin(), code.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

bool is_iso_4217_currency(std::string_view code) {
  // The codes in use (ISO 4217 list one, 2024), without precious metals, testing and
  // supranational units no clinic charges in. Kept sorted for the binary search.
  static constexpr std::string_view kCodes =
      "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD "
      "BTN BWP BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUC CUP CVE CZK DJF DKK DOP "
      "DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR "
      "IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD "
      "MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB "
      "PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD "
      "SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS "
      "VED VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG ZWL";
  if (!is_currency_code(code)) return false;
  std::size_t low = 0, high = (kCodes.size() + 1) / 4;
  while (low < high) {
    const std::size_t middle = (low + high) / 2;
    const std::string_view candidate = kCodes.substr(middle * 4, 3);
    if (candidate == code) return true;
    if (candidate < code) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return false;
}

Money times(const Money& money, std::int64_t count) {
  return {.minor_units = money.minor_units * count, .currency = money.currency};
}

Money percent_of(const Money& money, int percent) {
  return {.minor_units = (money.minor_units * percent + 50) / 100, .currency = money.currency};
}

}  // namespace mesoclinic
