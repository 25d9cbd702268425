#include "core/text.h"

#include <unicode/translit.h>
#include <unicode/unistr.h>
#include <unicode/utypes.h>

#include <cstdint>
#include <memory>
#include <string>

namespace mesoclinic {
namespace {

// Decodes one code point at `pos`; returns its length in bytes, or 0 if the sequence is
// malformed. RFC 3629 rules: shortest form only, no surrogates, nothing past U+10FFFF.
std::size_t decode(std::string_view text, std::size_t pos, char32_t& out) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(pos);
  std::size_t length = 0;
  char32_t min = 0;
  if (lead < 0x80) {
    out = lead;
    return 1;
  } else if ((lead & 0xe0) == 0xc0) {
    length = 2, out = lead & 0x1f, min = 0x80;
  } else if ((lead & 0xf0) == 0xe0) {
    length = 3, out = lead & 0x0f, min = 0x800;
  } else if ((lead & 0xf8) == 0xf0) {
    length = 4, out = lead & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (pos + length > text.size()) return 0;
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(pos + i) & 0xc0) != 0x80) return 0;
    out = (out << 6) | (byte(pos + i) & 0x3f);
  }
  if (out < min || out > 0x10ffff || (out >= 0xd800 && out <= 0xdfff)) return 0;
  return length;
}

// ICU transliterators are expensive to build and not safe to share between threads, so each
// thread keeps its own.
icu::Transliterator& search_folder() {
  thread_local std::unique_ptr<icu::Transliterator> folder = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Transliterator> made(icu::Transliterator::createInstance(
        "NFKD; [:Nonspacing Mark:] Remove; Latin-ASCII; Any-Lower; NFC", UTRANS_FORWARD, status));
    if (U_FAILURE(status) || !made) std::abort();  // ICU data missing: a broken install
    return made;
  }();
  return *folder;
}

}  // namespace

bool is_valid_utf8(std::string_view text) {
  char32_t code_point = 0;
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t length = decode(text, pos, code_point);
    if (length == 0) return false;
    pos += length;
  }
  return true;
}

bool has_control_characters(std::string_view text) {
  char32_t c = 0;
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t length = decode(text, pos, c);
    if (length == 0) return true;
    if (c < 0x20 || (c >= 0x7f && c < 0xa0) || c == 0x2028 || c == 0x2029) return true;
    pos += length;
  }
  return false;
}

namespace {

bool is_control(char32_t c) {
  return c < 0x20 || (c >= 0x7f && c < 0xa0) || c == 0x2028 || c == 0x2029;
}

// Embeddings, overrides and isolates (LRE..RLO, LRI..PDI) carry state past the end of the
// value they sit in; an unbalanced one turns the sentence a name is printed in around, and
// they can make text read differently from what is stored. The marks (LRM, RLM, ALM) carry no
// state and stay allowed.
bool is_bidi_control(char32_t c) {
  return (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

// White space at either end of a name is invisible on screen and in print, yet it makes two
// names differ; ASCII and Unicode spaces (no-break, ideographic, ...) alike.
bool is_space(char32_t c) {
  return c == 0x20 || c == 0xa0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200a) || c == 0x202f ||
         c == 0x205f || c == 0x3000 || c == 0xfeff;
}

}  // namespace

std::optional<std::string> text_policy_problem(std::string_view text, TextKind kind,
                                               std::size_t max_characters) {
  if (!is_valid_utf8(text)) return "must be valid UTF-8 text";
  const bool name = kind == TextKind::kName;
  std::size_t count = 0;
  char32_t c = 0;
  char32_t first = 0;
  char32_t last = 0;
  bool blank = true;
  for (std::size_t pos = 0; pos < text.size(); ++count) {
    pos += decode(text, pos, c);
    if (count == 0) first = c;
    last = c;
    if (c == 0) return "must not contain the NUL character (U+0000)";
    const bool line_break = c == '\n' || (c == '\r' && pos < text.size() && text[pos] == '\n');
    if (is_control(c) && (name || (c != '\t' && !line_break))) {
      return name ? "must not contain control characters or line breaks"
                  : "must not contain control characters other than line breaks and tabs";
    }
    if (is_bidi_control(c)) {
      return "must not contain bidirectional embedding, override or isolate characters "
             "(U+202A to U+202E, U+2066 to U+2069)";
    }
    if (!is_space(c) && !is_control(c)) blank = false;
  }
  if (count > max_characters) {
    return "must be at most " + std::to_string(max_characters) + " characters";
  }
  if (name && blank) return "must not be empty";
  if (name && (is_space(first) || is_space(last))) return "must not begin or end with a space";
  return std::nullopt;
}

std::size_t code_point_count(std::string_view text) {
  std::size_t count = 0;
  for (const char c : text) {
    if ((static_cast<unsigned char>(c) & 0xc0) != 0x80) ++count;
  }
  return count;
}

std::string fold_for_search(std::string_view text) {
  icu::UnicodeString unicode = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  search_folder().transliterate(unicode);
  std::string folded;
  unicode.toUTF8String(folded);
  // Collapse whitespace so "van  der Berg" and "van der Berg" share one key.
  std::string key;
  key.reserve(folded.size());
  for (const char c : folded) {
    const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
    if (space) {
      if (!key.empty() && key.back() != ' ') key.push_back(' ');
    } else {
      key.push_back(c);
    }
  }
  if (!key.empty() && key.back() == ' ') key.pop_back();
  return key;
}

}  // namespace mesoclinic
