#include "practice/clinics.h"

#include "core/ids.h"
#include "documents/clinical_json.h"
#include "documents/price.h"

namespace mesoclinic::practice {

Result<clinic::Clinic> open_clinic(store::Transaction& tx, clinic::Clinic clinic,
                                   const std::optional<std::string>& creator_id, Instant now) {
  if (auto checked = clinic::check_clinic(clinic); !checked) {
    return std::unexpected(checked.error());
  }
  clinic.id = new_id();
  clinic.created_at = now;
  clinic.updated_at = now;
  clinic.version = 1;
  if (auto inserted = tx.insert_clinic(clinic); !inserted) {
    return std::unexpected(inserted.error());
  }
  if (creator_id) {
    if (auto member = tx.add_user_clinic(*creator_id, clinic.id); !member) {
      return std::unexpected(member.error());
    }
  }
  return clinic;
}

Result<Decided<clinic::Clinic>> change_clinic(store::Transaction& tx, const clinic::Clinic& current,
                                              clinic::Clinic changed, Instant now) {
  if (auto checked = clinic::check_clinic(changed); !checked) {
    return std::unexpected(checked.error());
  }
  if (changed.time_zone != current.time_zone) {
    auto coming = tx.count_future_appointments(current.id, now);
    if (!coming) return std::unexpected(coming.error());
    if (auto why = clinic::why_zone_is_fixed(*coming)) {
      return Refusal{RefusalKind::kZoneInUse, *why, *coming};
    }
  }
  changed.id = current.id;
  changed.created_at = current.created_at;
  changed.version = current.version + 1;
  changed.updated_at = now;
  if (auto updated = tx.update_clinic(changed, current.version); !updated) {
    return std::unexpected(updated.error());
  }
  return changed;
}

Result<std::optional<ClinicPrice>> find_price(store::Transaction& tx, const std::string& clinic_id,
                                              const std::string& protocol_id) {
  auto stored = tx.find_protocol_price(clinic_id, protocol_id);
  if (!stored) return std::unexpected(stored.error());
  if (!*stored) return std::nullopt;
  auto price = documents::price_from_document(clinic_id, protocol_id, (*stored)->body);
  if (!price) return std::unexpected(price.error());
  return ClinicPrice{*price, (*stored)->version, (*stored)->updated_at};
}

Result<ClinicPrice> set_price(store::Transaction& tx, const clinic::Clinic& clinic,
                              const std::string& protocol_id, const planning::ProtocolPrice& price,
                              std::optional<std::int64_t> expected_version, Instant now) {
  if (auto checked = planning::validate_price(price, clinic.currency); !checked) {
    return std::unexpected(checked.error());
  }
  const store::StoredPrice stored{.clinic_id = clinic.id,
                                  .protocol_id = protocol_id,
                                  .body = documents::price_document(price),
                                  .version = expected_version.value_or(0) + 1,
                                  .updated_at = now};
  if (auto saved = tx.save_protocol_price(stored, expected_version); !saved) {
    return std::unexpected(saved.error());
  }
  return ClinicPrice{price, stored.version, now};
}

Result<Decided<planning::Protocol>> protocol_for_new_course(store::Transaction& tx,
                                                            const std::string& clinic_id,
                                                            const std::string& protocol_id) {
  auto stored = tx.find_protocol(protocol_id);
  if (!stored) return std::unexpected(stored.error());
  if (!*stored) return invalid({{"/protocol_id", "names no protocol"}});
  if ((*stored)->retired_at) {
    return Refusal{RefusalKind::kProtocolRetired,
                   "The protocol " + (*stored)->name +
                       " is retired: courses agreed on it keep it, but a new course needs a "
                       "protocol in use.",
                   0};
  }
  auto protocol = documents::protocol_from_document((*stored)->id, (*stored)->body);
  if (!protocol) return std::unexpected(protocol.error());
  auto price = find_price(tx, clinic_id, protocol_id);
  if (!price) return std::unexpected(price.error());
  if (!*price) {
    return Refusal{RefusalKind::kProtocolNotPriced,
                   "The clinic has no price for the protocol " + (*stored)->name +
                       "; an admin sets it with PUT /api/v1/clinics/" + clinic_id + "/protocols/" +
                       protocol_id + "/price.",
                   0};
  }
  // A price set before the clinic changed its currency no longer says what a course costs.
  auto clinic = tx.find_clinic(clinic_id);
  if (!clinic) return std::unexpected(clinic.error());
  const planning::ProtocolPrice& set = (*price)->price;
  const auto& money = set.package ? set.package : set.per_session;
  if (*clinic && money && money->currency != (*clinic)->currency) {
    return Refusal{RefusalKind::kProtocolNotPriced,
                   "The clinic's price for the protocol " + (*stored)->name + " is in " +
                       money->currency + " but the clinic now charges in " + (*clinic)->currency +
                       "; an admin sets the price again.",
                   0};
  }
  return planning::priced_at(std::move(*protocol), set);
}

}  // namespace mesoclinic::practice
