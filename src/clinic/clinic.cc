#include "clinic/clinic.h"

#include <vector>

#include "core/clinic_time.h"
#include "core/money.h"
#include "core/text.h"

namespace mesoclinic::clinic {

Result<void> check_clinic(const Clinic& clinic) {
  std::vector<FieldError> errors;
  const bool blank = clinic.name.find_first_not_of(' ') == std::string::npos;
  if (!is_valid_utf8(clinic.name) || blank || has_control_characters(clinic.name) ||
      code_point_count(clinic.name) > kMaxClinicNameLength) {
    errors.push_back({"/name", "must be 1 to 200 characters on one line"});
  }
  if (!ClinicZone::find(clinic.time_zone)) {
    errors.push_back({"/time_zone",
                      "must be a time zone of the IANA database such as Europe/Istanbul or "
                      "Pacific/Auckland"});
  }
  if (!is_iso_4217_currency(clinic.currency)) {
    errors.push_back({"/currency", "must be an ISO 4217 currency code in use, such as EUR"});
  }
  if (!is_language_tag(clinic.default_language)) {
    errors.push_back({"/default_language", "must be a language tag such as en, tr or pt-BR"});
  }
  if (errors.empty()) return {};
  return invalid(std::move(errors));
}

std::optional<std::string> why_zone_is_fixed(std::int64_t future_appointments) {
  if (future_appointments <= 0) return std::nullopt;
  return "the clinic has " + std::to_string(future_appointments) +
         (future_appointments == 1 ? " appointment" : " appointments") +
         " still to come, booked in its wall-clock time; changing the zone would move " +
         (future_appointments == 1 ? "it" : "them") +
         ". Cancel or hold them, or open a new clinic in the new zone";
}

}  // namespace mesoclinic::clinic
