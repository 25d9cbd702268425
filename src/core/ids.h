// Identifiers: resource ids are UUIDv7 strings (time-ordered, so new rows land at the end of an
// index, and unguessable, so an id says nothing about how many patients a clinic has).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace mesoclinic {

// A new UUIDv7 in its canonical lower-case text form.
std::string new_id();

// True if `text` is a canonical lower-case UUID (any version).
bool is_valid_id(std::string_view text);

// `bytes` random bytes from the operating system's CSPRNG, as lower-case hex.
std::string random_hex(std::size_t bytes);

}  // namespace mesoclinic
