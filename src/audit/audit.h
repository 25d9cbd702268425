// The audit trail's entries and their hash chain: each entry's hash covers the previous
// entry's hash, so editing, removing or reordering any stored entry breaks every link after it.
// Pure values and functions; the store appends and reads, the API decides what to record.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"

namespace mesoclinic::audit {

enum class Outcome { kAllowed, kDenied, kFailed };

std::string_view to_string(Outcome outcome);
std::optional<Outcome> parse_outcome(std::string_view text);

struct Entry {
  std::int64_t sequence = 0;  // 1, 2, 3, ... in the order appended (set by the store)
  Instant recorded_at{};
  std::string user_id;  // empty when nobody was signed in
  std::string username;
  std::string role;
  std::string source_address;
  std::string request_id;
  std::string action;         // e.g. "patient.read", "patient.update", "session.create"
  std::string resource_type;  // e.g. "patient"
  std::string resource_id;
  std::string patient_id;  // the patient whose data was touched, if any
  Outcome outcome = Outcome::kAllowed;
  std::string previous_hash;  // entry_hash of the entry before (kGenesisHash for the first)
  std::string entry_hash;
  friend bool operator==(const Entry&, const Entry&) = default;
};

// The previous_hash of the very first entry.
inline const std::string kGenesisHash(64, '0');

// Hex SHA-256 over `previous_hash` and every field of `entry` except the two hashes, each
// length-prefixed so no two different entries serialise alike.
std::string chain_hash(const std::string& previous_hash, const Entry& entry);

// Checks entries given in sequence order, continuing from `previous_hash` and expecting the
// next sequence number `next_sequence`. Returns the sequence number of the first entry whose
// link is broken (wrong previous hash, wrong own hash, or a gap), or nullopt if all hold.
std::optional<std::int64_t> first_broken_link(const std::vector<Entry>& entries,
                                              std::string& previous_hash,
                                              std::int64_t& next_sequence);

}  // namespace mesoclinic::audit
