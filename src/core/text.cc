#include "core/text.h"

#include <unicode/translit.h>
#include <unicode/unistr.h>
#include <unicode/utypes.h>

#include <cstdint>
#include <memory>

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
