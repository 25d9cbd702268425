// The clinic domain: the people, places and rules of a hair mesotherapy clinic (DOMAIN.md).
// Pure values and functions; storage and transport live elsewhere.
#pragma once

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

}  // namespace mesoclinic::clinic
