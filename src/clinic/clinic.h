// The clinic domain: the people, places and rules of a hair mesotherapy clinic (DOMAIN.md).
// Pure values and functions; storage and transport live elsewhere.
#pragma once

#include <cstdint>
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
  std::string currency = "EUR";         // ISO 4217: what its prices and estimates are in
  std::string default_language = "en";  // BCP 47: new patients' language unless they say
  std::int64_t version = 1;             // for If-Match
  Instant updated_at{};
  friend bool operator==(const Clinic&, const Clinic&) = default;
};

inline constexpr std::size_t kMaxClinicNameLength = 200;  // code points

// Every broken rule as a field error: a name of 1..200 characters without control characters
// ("/name"), a zone the system's time zone database knows ("/time_zone"), a currency ISO 4217
// lists as in use ("/currency") and a language tag ("/default_language").
Result<void> check_clinic(const Clinic& clinic);

// Why a clinic's zone cannot change now, or nothing: its calendar is kept in wall-clock time,
// so appointments booked ahead would silently move. `future_appointments` counts its
// appointments still to come.
std::optional<std::string> why_zone_is_fixed(std::int64_t future_appointments);

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
