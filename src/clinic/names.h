// Private to clinic/: enum values and the names they have in the API and in stored documents,
// kept in one table per enum so the two directions cannot drift apart.
#pragma once

#include <array>
#include <optional>
#include <string_view>
#include <utility>

namespace mesoclinic::clinic {

template <class Enum, std::size_t N>
using NameTable = std::array<std::pair<Enum, std::string_view>, N>;

template <class Enum, std::size_t N>
std::string_view name_in(const NameTable<Enum, N>& table, Enum value) {
  for (const auto& [entry, name] : table) {
    if (entry == value) return name;
  }
  return "unknown";
}

template <class Enum, std::size_t N>
std::optional<Enum> parse_in(const NameTable<Enum, N>& table, std::string_view text) {
  for (const auto& [entry, name] : table) {
    if (name == text) return entry;
  }
  return std::nullopt;
}

}  // namespace mesoclinic::clinic
