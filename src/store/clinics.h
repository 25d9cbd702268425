// The store's door for clinics and what each clinic keeps about itself: its settings documents
// and its rooms. Part of store::Transaction (store.h); a caller that needs only this area can
// take a Clinics&.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "clinic/clinic.h"
#include "clinic/retirement.h"
#include "core/result.h"
#include "core/time.h"

namespace mesoclinic::store {

// A clinic's settings document: "calendar", or "schedule:<user id>" for a practitioner.
struct ClinicSetting {
  std::string clinic_id;
  std::string name;
  std::string body;  // JSON, validated by the API
  Instant updated_at{};
  std::int64_t version = 1;  // counts every save; a change names the one it was made from
};

// What a protocol costs at one clinic; the body is the price document (documents/price.h).
struct StoredPrice {
  std::string clinic_id;
  std::string protocol_id;
  std::string body;
  std::int64_t version = 1;
  Instant updated_at{};
};

struct Room {
  std::string id;
  std::string clinic_id;
  std::string name;
  clinic::Lifecycle lifecycle{};  // a retired room is not booked for new appointments
};

// Every method fails with kUnavailable when the database cannot be reached and kInternal on an
// unexpected database error.
class Clinics {
 public:
  virtual ~Clinics() = default;

  // Fails with kConflict if a clinic has that id.
  virtual Result<void> insert_clinic(const clinic::Clinic& clinic) = 0;
  virtual Result<std::optional<clinic::Clinic>> find_clinic(const std::string& id) = 0;
  // Every clinic, by name.
  virtual Result<std::vector<clinic::Clinic>> list_clinics() = 0;
  // Writes the clinic whole (its version and updated_at as given) if it is still at
  // `expected_version`; kPreconditionFailed if it changed, kNotFound if there is none.
  virtual Result<void> update_clinic(const clinic::Clinic& clinic,
                                     std::int64_t expected_version) = 0;
  // How many of the clinic's appointments are booked to start after `now`.
  virtual Result<std::int64_t> count_future_appointments(const std::string& clinic_id,
                                                         Instant now) = 0;

  // The protocol's price at the clinic, if it has one.
  virtual Result<std::optional<StoredPrice>> find_protocol_price(
      const std::string& clinic_id, const std::string& protocol_id) = 0;
  // Writes the price whole: a first price when `expected_version` is empty (kPreconditionFailed
  // if one exists meanwhile), else in place of that version (kPreconditionFailed if it changed).
  virtual Result<void> save_protocol_price(const StoredPrice& price,
                                           std::optional<std::int64_t> expected_version) = 0;

  // Writes the setting whole over whatever is stored (set-up and the demo); its version counts on.
  virtual Result<void> save_clinic_setting(const ClinicSetting& setting) = 0;
  // Writes the setting whole as a change made from `expected_version` (0: none saved yet) and
  // returns the version it now has. kPreconditionFailed if the stored version is another one:
  // someone saved meanwhile.
  virtual Result<std::int64_t> replace_clinic_setting(const ClinicSetting& setting,
                                                      std::int64_t expected_version) = 0;
  virtual Result<std::optional<ClinicSetting>> find_clinic_setting(const std::string& clinic_id,
                                                                   const std::string& name) = 0;
  // A clinic's settings whose name starts with `name_prefix`, by name.
  virtual Result<std::vector<ClinicSetting>> list_clinic_settings(
      const std::string& clinic_id, const std::string& name_prefix) = 0;

  // Stores a new room, in service at version 1. Fails with kConflict if the clinic has a room of
  // that name.
  virtual Result<void> insert_room(const Room& room) = 0;
  // The room, retired or not.
  virtual Result<std::optional<Room>> find_room(const std::string& id) = 0;
  // A clinic's rooms in service (or every one, with `retired` kIncluded), by name.
  virtual Result<std::vector<Room>> list_rooms(const std::string& clinic_id,
                                               clinic::Retired retired) = 0;
  // Writes the room's name and lifecycle if it is still at `expected_version`: kConflict if the
  // clinic has another room of that name, kNotFound if there is no such room,
  // kPreconditionFailed if it has changed since.
  virtual Result<void> update_room(const Room& room, std::int64_t expected_version) = 0;
};

}  // namespace mesoclinic::store
