// Text as people type it: UTF-8 checks and the folding that makes "Müller", "MULLER" and
// "muller" find each other in a search.
#pragma once

#include <cstddef>
#include <optional>
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

// The one text policy for free text people type, per kind of field (docs/architecture.md,
// "Text"). Text is stored byte for byte as sent (never trimmed or normalised), so it must be
// something every engine and every output keeps intact: well-formed UTF-8 with no NUL, no
// control characters and no bidirectional embeddings, overrides or isolates (the outputs
// isolate inserted values themselves). Length is counted in code points.
enum class TextKind {
  kName,  // names, labels and identifiers: one line, not blank, no space at either end
  kNote,  // notes and reasons: may hold line breaks (LF, CR LF) and tabs, may be empty
};

inline constexpr std::size_t kMaxNameCharacters = 200;
inline constexpr std::size_t kMaxNoteCharacters = 10000;

// Why `text` may not be stored as a `kind` of at most `max_characters` code points, worded
// to follow a field's name ("must not contain control characters"); nullopt if it may.
std::optional<std::string> text_policy_problem(std::string_view text, TextKind kind,
                                               std::size_t max_characters);

}  // namespace mesoclinic
