#include <algorithm>

#include "clinic/clinic.h"
#include "core/text.h"

namespace mesoclinic::clinic {

Result<ClinicContact> check_clinic_contact(ClinicContact typed) {
  std::vector<FieldError> errors;
  if (typed.phone) {
    typed.phone = normalize_phone(*typed.phone);
    if (!is_e164(*typed.phone)) {
      errors.push_back({"/phone", "must be an international number such as +90 212 555 01 23"});
    }
  }
  if (typed.email && (typed.email->size() > kMaxEmailLength || !is_plausible_email(*typed.email))) {
    errors.push_back({"/email", "must be an e-mail address such as desk@example.org"});
  }
  if (typed.address) {
    const std::string& address = *typed.address;
    // An address is printed on several lines, so line breaks are its only allowed controls.
    std::string one_line = address;
    std::replace(one_line.begin(), one_line.end(), '\n', ' ');
    std::erase(one_line, '\r');
    if (!is_valid_utf8(address)) {
      errors.push_back({"/address", "must be valid UTF-8 text"});
    } else if (address.find_first_not_of(" \t\r\n") == std::string::npos) {
      errors.push_back({"/address", "must not be empty; leave it out instead"});
    } else if (code_point_count(address) > kMaxAddressLength) {
      errors.push_back({"/address", "must be at most 300 characters"});
    } else if (has_control_characters(one_line)) {
      errors.push_back({"/address", "must not contain control characters other than line breaks"});
    }
  }
  if (!errors.empty()) return invalid(std::move(errors));
  return typed;
}

}  // namespace mesoclinic::clinic
