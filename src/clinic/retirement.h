// Retiring catalogue items (formulations, products and rooms): a retired item stays in the
// records that used it, unchanged, but is never chosen for new work. Its clinical content
// (ingredients, what a vial holds) never changes at all, so an id always means what it meant.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "core/time.h"

namespace mesoclinic::clinic {

// Whether a catalogue list shows retired items too.
enum class Retired { kLeftOut, kIncluded };

// Where an item is in its life: `version` counts its edits (the ETag), `retired_at` is set
// from its retirement on.
struct Lifecycle {
  std::int64_t version = 1;
  std::optional<Instant> retired_at{};
  bool retired() const { return retired_at.has_value(); }
  friend bool operator==(const Lifecycle&, const Lifecycle&) = default;
};

// What an admin changes about a formulation, product or room: its name, and whether it is
// retired (false brings it back into service). Nothing clinical is ever changed.
struct CatalogueChange {
  std::optional<std::string> name;
  std::optional<bool> retired;
};

// The lifecycle after a change at `now`: one more version if `changed`, retired from `now` (or
// still from its first retirement), or back in service.
Lifecycle next_lifecycle(const Lifecycle& lifecycle, const CatalogueChange& change, bool changed,
                         Instant now);

// Applies `change` to `item` (a Formulation, Product or store::Room) at `now`; returns whether
// anything changed (nothing is written or counted otherwise).
template <class Item>
bool apply_change(Item& item, const CatalogueChange& change, Instant now) {
  const bool renamed = change.name && *change.name != item.name;
  const bool retiring = change.retired && *change.retired != item.lifecycle.retired();
  if (renamed) item.name = *change.name;
  item.lifecycle = next_lifecycle(item.lifecycle, change, renamed || retiring, now);
  return renamed || retiring;
}

// kRetired naming the item (its kind, name and id), with a field error at `field` (a JSON
// pointer into the request) unless `field` is empty, if the item is retired; nothing
// otherwise.
Result<void> check_in_service(std::string_view kind, const std::string& id, const std::string& name,
                              const Lifecycle& lifecycle, const std::string& field);

}  // namespace mesoclinic::clinic
