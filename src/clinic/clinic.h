// The clinic domain: the people, places and rules of a hair mesotherapy clinic (DOMAIN.md).
// Pure values and functions; storage and transport live elsewhere.
#pragma once

#include <optional>
#include <string>

#include "clinic/patient.h"
#include "core/time.h"

namespace mesoclinic::clinic {

// One site of a clinic group. Every patient, room and appointment belongs to exactly one.
struct Clinic {
  std::string id;
  std::string name;
  std::string time_zone;  // IANA name, e.g. "Europe/Istanbul"
  Instant created_at{};
  friend bool operator==(const Clinic&, const Clinic&) = default;
};

// How patients reach a clinic: printed on handouts and named in reminders. Each part is
// optional; a clinic without any simply has none to print.
struct ClinicContact {
  std::optional<std::string> phone;  // E.164, e.g. "+902125550123"
  std::optional<std::string> email;
  std::optional<std::string> address;  // may span lines
  friend bool operator==(const ClinicContact&, const ClinicContact&) = default;
};

inline constexpr std::size_t kMaxAddressLength = 300;  // code points

// The contact as stored: the phone with the spaces, dashes and brackets people type removed.
// Fails with kInvalidInput and a field error each ("/phone", "/email", "/address") for a
// phone that is not E.164, an e-mail that is not shaped like one, or an address that is empty,
// longer than 300 characters, not UTF-8, or holds control characters other than line breaks.
Result<ClinicContact> check_clinic_contact(ClinicContact typed);

}  // namespace mesoclinic::clinic
