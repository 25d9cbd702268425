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
  if (typed.email && !is_sendable_email(*typed.email)) {
    errors.push_back({"/email", "must be an e-mail address such as desk@example.org"});
  }
  if (typed.address) {
    // An address is printed on several lines: a note, under the one text policy.
    if (typed.address->find_first_not_of(" \t\r\n") == std::string::npos) {
      errors.push_back({"/address", "must not be empty; leave it out instead"});
    } else if (auto problem =
                   text_policy_problem(*typed.address, TextKind::kNote, kMaxAddressLength)) {
      errors.push_back({"/address", std::move(*problem)});
    }
  }
  if (!errors.empty()) return invalid(std::move(errors));
  return typed;
}

}  // namespace mesoclinic::clinic
