// A clinic group run from nothing: a clinic opened (by the command line on a new install, or by
// an admin), its settings changed, and a protocol's price set there; and the protocol a new
// course may be agreed on, priced in the clinic's currency. Refusals the clinic's rules make
// come back as a Refusal, so the edge can give each its own problem type.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "clinic/clinic.h"
#include "planning/planning.h"
#include "store/store.h"

namespace mesoclinic::practice {

enum class RefusalKind {
  kZoneInUse,          // the zone cannot change: appointments are booked ahead in it
  kProtocolRetired,    // a retired protocol is not chosen for new work
  kProtocolNotPriced,  // the clinic has set no price for the protocol
};

struct Refusal {
  RefusalKind kind{};
  std::string detail;
  std::int64_t future_appointments = 0;  // kZoneInUse: how many are still to come
};

// A value, or the rule that refused it.
template <class T>
using Decided = std::variant<T, Refusal>;

// Opens a clinic (id, created_at and version set here) and, if `creator_id` is given, lets that
// user work in it. kInvalidInput with a field error per broken rule (clinic::check_clinic).
Result<clinic::Clinic> open_clinic(store::Transaction& tx, clinic::Clinic clinic,
                                   const std::optional<std::string>& creator_id, Instant now);

// Writes `changed` over `current` (which the caller read and checked If-Match against) as the
// next version. Refuses (kZoneInUse, with the count) a new zone while the clinic has booked
// appointments still to come. kInvalidInput per broken rule; kPreconditionFailed if it changed
// meanwhile.
Result<Decided<clinic::Clinic>> change_clinic(store::Transaction& tx, const clinic::Clinic& current,
                                              clinic::Clinic changed, Instant now);

// A protocol's price at a clinic as stored, with its version.
struct ClinicPrice {
  planning::ProtocolPrice price;
  std::int64_t version = 0;
  Instant updated_at{};
};

// The protocol's price at the clinic, if it has set one.
Result<std::optional<ClinicPrice>> find_price(store::Transaction& tx, const std::string& clinic_id,
                                              const std::string& protocol_id);

// Sets the protocol's price at the clinic: the first one when `expected_version` is empty,
// else in place of that version. kInvalidInput per broken rule (planning::validate_price in
// the clinic's currency), kPreconditionFailed if it changed meanwhile.
Result<ClinicPrice> set_price(store::Transaction& tx, const clinic::Clinic& clinic,
                              const std::string& protocol_id, const planning::ProtocolPrice& price,
                              std::optional<std::int64_t> expected_version, Instant now);

// The protocol a new course at the clinic is agreed on: its definition with the clinic's price.
// kInvalidInput ("/protocol_id") if there is no such protocol; refuses one that is retired
// (kProtocolRetired) or not priced at the clinic (kProtocolNotPriced).
Result<Decided<planning::Protocol>> protocol_for_new_course(store::Transaction& tx,
                                                            const std::string& clinic_id,
                                                            const std::string& protocol_id);

}  // namespace mesoclinic::practice
