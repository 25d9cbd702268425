#include "audit/audit.h"

#include "core/ids.h"

namespace mesoclinic::audit {
namespace {

void append_field(std::string& out, std::string_view value) {
  out += std::to_string(value.size());
  out += ':';
  out += value;
  out += '|';
}

}  // namespace

std::string_view to_string(Outcome outcome) {
  switch (outcome) {
    case Outcome::kAllowed:
      return "allowed";
    case Outcome::kDenied:
      return "denied";
    case Outcome::kFailed:
      return "failed";
  }
  return "failed";
}

std::optional<Outcome> parse_outcome(std::string_view text) {
  for (Outcome outcome : {Outcome::kAllowed, Outcome::kDenied, Outcome::kFailed}) {
    if (to_string(outcome) == text) return outcome;
  }
  return std::nullopt;
}

std::string chain_hash(const std::string& previous_hash, const Entry& entry) {
  std::string data;
  append_field(data, previous_hash);
  append_field(data, std::to_string(entry.sequence));
  append_field(data, std::to_string(to_unix_micros(entry.recorded_at)));
  for (const std::string* field :
       {&entry.user_id, &entry.username, &entry.role, &entry.source_address, &entry.request_id,
        &entry.action, &entry.resource_type, &entry.resource_id, &entry.patient_id}) {
    append_field(data, *field);
  }
  append_field(data, to_string(entry.outcome));
  return sha256_hex(data);
}

std::optional<std::int64_t> first_broken_link(const std::vector<Entry>& entries,
                                              std::string& previous_hash,
                                              std::int64_t& next_sequence) {
  for (const Entry& entry : entries) {
    if (entry.sequence != next_sequence || entry.previous_hash != previous_hash ||
        entry.entry_hash != chain_hash(previous_hash, entry)) {
      return entry.sequence;
    }
    previous_hash = entry.entry_hash;
    ++next_sequence;
  }
  return std::nullopt;
}

}  // namespace mesoclinic::audit
