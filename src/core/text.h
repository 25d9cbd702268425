// Text as people type it: UTF-8 checks and the folding that makes "Müller", "MULLER" and
// "muller" find each other in a search.
#pragma once

#include <string>
#include <string_view>

namespace mesoclinic {

// True if `text` is well-formed UTF-8 (no overlongs, surrogates or code points past U+10FFFF).
bool is_valid_utf8(std::string_view text);

// True if `text` holds a C0/C1 control character or U+2028/U+2029 (never wanted in a name).
bool has_control_characters(std::string_view text);

// The search key of a name: accents removed, case folded, letters such as Turkish dotless i,
// German sharp s and Scandinavian o-slash mapped to plain Latin, runs of spaces collapsed.
// Input must be valid UTF-8; the result is UTF-8 and compares bytewise.
std::string fold_for_search(std::string_view text);

// Number of Unicode code points in valid UTF-8 `text`.
std::size_t code_point_count(std::string_view text);

}  // namespace mesoclinic
