// Identifiers: resource ids are UUIDv7 strings (time-ordered, so new rows land at the end of an
// index, and unguessable, so an id says nothing about how many patients a clinic has).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace mesoclinic {

// A new UUIDv7 in its canonical lower-case text form.
std::string new_id();

// A UUIDv7 from its parts: milliseconds since the Unix epoch and 128 random bits (of which
// the version and variant bits are overwritten). Lets seeded generators make repeatable ids.
std::string make_id(std::int64_t unix_millis, std::uint64_t random_high, std::uint64_t random_low);

// True if `text` is a canonical lower-case UUID (any version).
bool is_valid_id(std::string_view text);

// `bytes` random bytes from the operating system's CSPRNG, as lower-case hex.
std::string random_hex(std::size_t bytes);

// The SHA-256 digest of `data` as 64 lower-case hex digits (stored token hashes, request-body
// fingerprints, audit chain links).
std::string sha256_hex(std::string_view data);

}  // namespace mesoclinic
