// The guessability half of the password policy (NIST SP 800-63B 5.1.1.2): a password that an
// attacker would try early is refused, whatever its length. "Early" means a listed common
// password, possibly dressed up with leading or trailing digits and symbols, look-alike
// characters (p@ssw0rd) or repetition (passwordpassword); a run of one repeated or sequential
// character pattern; or the name of this system or the account.
#include <algorithm>
#include <string>
#include <unordered_set>

#include "auth/auth.h"

namespace mesoclinic::auth {
namespace {

const std::unordered_set<std::string_view>& common_passwords() {
  static const std::unordered_set<std::string_view> list = [] {
    static constexpr std::string_view kEntries =
#include "common_passwords.inc"
        ;
    std::unordered_set<std::string_view> entries;
    std::string_view rest = kEntries;
    while (!rest.empty()) {
      const auto end = rest.find('\n');
      entries.insert(rest.substr(0, end));
      rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    }
    return entries;
  }();
  return list;
}

bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

std::string lower_ascii(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
    return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  });
  return out;
}

// The letters a person would read in "p@55w0rd".
std::string undo_look_alikes(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    switch (c) {
      case '@':
      case '4':
        c = 'a';
        break;
      case '3':
        c = 'e';
        break;
      case '1':
      case '!':
        c = 'i';
        break;
      case '0':
        c = 'o';
        break;
      case '$':
      case '5':
        c = 's';
        break;
      case '7':
        c = 't';
        break;
      default:
        break;
    }
  }
  return out;
}

// The shortest unit `text` is a repetition of ("abab" -> "ab"; "abc" -> "abc").
std::string_view repeated_unit(std::string_view text) {
  for (std::size_t length = 1; length <= text.size() / 2; ++length) {
    if (text.size() % length != 0) continue;
    bool repeats = true;
    for (std::size_t i = length; i < text.size() && repeats; ++i) {
      repeats = text[i] == text[i - length];
    }
    if (repeats) return text.substr(0, length);
  }
  return text;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The step from `a` to `b`; digits wrap as on the keyboard's top row ("7890123").
int step_between(char a, char b) {
  const int step = b - a;
  if (is_digit(a) && is_digit(b) && (step == 9 || step == -9)) return step > 0 ? -1 : 1;
  return step;
}

// "abcdef", "987654", "890123": each character one step from the one before, all in the same
// direction.
bool is_sequence(std::string_view text) {
  if (text.size() < 3) return false;
  const int step = step_between(text[0], text[1]);
  if (step != 1 && step != -1) return false;
  for (std::size_t i = 2; i < text.size(); ++i) {
    if (step_between(text[i - 1], text[i]) != step) return false;
  }
  return true;
}

bool is_listed(std::string_view word) { return !word.empty() && common_passwords().contains(word); }

}  // namespace

std::optional<std::string> why_guessable(std::string_view password, std::string_view username) {
  const std::string lowered = lower_ascii(password);
  if (repeated_unit(lowered).size() <= 4 || is_sequence(lowered)) {
    return "is a repeated or sequential pattern";
  }
  // The word inside the decoration: "!!Summer2024" -> "summer".
  const auto first = std::find_if(lowered.begin(), lowered.end(), is_ascii_letter);
  const auto last = std::find_if(lowered.rbegin(), lowered.rend(), is_ascii_letter).base();
  if (first >= last) return std::nullopt;  // no Latin letters: the length has to do the work
  const std::string core(first, last);
  // Patterns only matter when the word is most of the password: "Q84920375611" has a
  // one-letter "word" but is a strong random string.
  const bool core_dominates = core.size() * 2 >= lowered.size();
  for (const std::string& candidate : {core, undo_look_alikes(core)}) {
    const std::string_view unit = repeated_unit(candidate);
    if (is_listed(candidate) || is_listed(unit)) return "is a well-known common password";
    if (unit == "mesoclinic" || (!username.empty() && unit == username)) {
      return "is built from the username or the name of this system";
    }
    if (core_dominates && (unit.size() <= 4 || is_sequence(unit))) {
      return "is a repeated or sequential pattern";
    }
  }
  return std::nullopt;
}

}  // namespace mesoclinic::auth
