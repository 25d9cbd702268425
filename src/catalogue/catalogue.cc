#include "catalogue/catalogue.h"

#include <toml++/toml.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <unordered_map>

namespace mesoclinic::catalogue {
namespace {

constexpr std::string_view kEnglish = "en";

// The files as they were at build time (cmake/embed_text.cmake).
constexpr std::string_view kEnglishFile =
#include "catalogue_en.inc"
    ;
constexpr std::string_view kTurkishFile =
#include "catalogue_tr.inc"
    ;

constexpr std::array<std::string_view, 7> kWeekdays = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
constexpr std::array<std::string_view, 12> kMonths = {
    "january", "february", "march",     "april",   "may",      "june",
    "july",    "august",   "september", "october", "november", "december"};

using Words = std::unordered_map<std::string, std::string>;

// Nested tables become dotted keys: [handout] title = ... is "handout.title".
void flatten(const toml::table& table, const std::string& prefix, Words& words) {
  for (const auto& [key, node] : table) {
    const std::string name =
        prefix.empty() ? std::string(key.str()) : std::string(prefix).append(".").append(key.str());
    if (const auto* inner = node.as_table()) {
      flatten(*inner, name, words);
    } else if (const auto* value = node.as_string()) {
      words.emplace(name, value->get());
    }
  }
}

struct Catalogues {
  std::map<std::string, Words, std::less<>> by_language;
};

// Parsed once. The files ship inside the binary and a unit test parses them, so a broken one
// is a build that never passed its tests: stop loudly rather than serve keys as text.
const Catalogues& catalogues() {
  static const Catalogues loaded = [] {
    Catalogues result;
    for (const auto& [language, file] :
         {std::pair{kEnglish, kEnglishFile}, std::pair{std::string_view("tr"), kTurkishFile}}) {
      Words words;
      try {
        flatten(toml::parse(file), "", words);
      } catch (const toml::parse_error& error) {
        std::cerr << "the built-in catalogue " << language
                  << " does not parse: " << error.description() << "\n";
        std::abort();
      }
      result.by_language.emplace(std::string(language), std::move(words));
    }
    return result;
  }();
  return loaded;
}

const std::string* find(std::string_view language, std::string_view key) {
  const auto& all = catalogues().by_language;
  const auto words = all.find(language);
  if (words != all.end()) {
    if (const auto found = words->second.find(std::string(key)); found != words->second.end()) {
      return &found->second;
    }
  }
  const Words& english = all.find(kEnglish)->second;
  const auto found = english.find(std::string(key));
  return found == english.end() ? nullptr : &found->second;
}

// Hours and minutes as clocks show them: "09", "30".
std::string two_digits(long value) {
  std::string digits = std::to_string(value);
  if (digits.size() < 2) digits.insert(0, 1, '0');
  return digits;
}

std::map<std::string, std::string> day_values(std::string_view language, CalendarDate day) {
  return {{"weekday",
           text(language, std::string("weekday.")
                              .append(kWeekdays[static_cast<std::size_t>(weekday_index(day))]))},
          {"day", std::to_string(static_cast<unsigned>(day.day()))},
          {"month", text(language, std::string("month.").append(
                                       kMonths[static_cast<unsigned>(day.month()) - 1]))}};
}

}  // namespace

const std::vector<std::string>& languages() {
  static const std::vector<std::string> all = {"en", "tr"};
  return all;
}

std::string pick_language(std::string_view tag) {
  std::string primary(tag.substr(0, tag.find_first_of("-_")));
  std::transform(primary.begin(), primary.end(), primary.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const auto& all = languages();
  return std::find(all.begin(), all.end(), primary) != all.end() ? primary : std::string(kEnglish);
}

std::string text(std::string_view language, std::string_view key,
                 const std::map<std::string, std::string>& values) {
  const std::string* pattern = find(language, key);
  if (!pattern) return std::string(key);
  std::string out;
  out.reserve(pattern->size());
  std::size_t at = 0;
  while (at < pattern->size()) {
    const std::size_t open = pattern->find('{', at);
    const std::size_t close =
        open == std::string::npos ? std::string::npos : pattern->find('}', open);
    if (close == std::string::npos) {
      out.append(*pattern, at);
      break;
    }
    out.append(*pattern, at, open - at);
    const auto value = values.find(pattern->substr(open + 1, close - open - 1));
    if (value == values.end()) {
      out.append(*pattern, open, close - open + 1);
    } else {
      out.append(value->second);
    }
    at = close + 1;
  }
  return out;
}

std::string rule_text(std::string_view language, std::string_view prefix,
                      const std::string& rule_id, std::map<std::string, std::string> values) {
  const std::string key = std::string(prefix).append(rule_id);
  std::string words = text(language, key, values);
  if (words != key) return words;
  std::string readable = rule_id;
  std::replace(readable.begin(), readable.end(), '_', ' ');
  values["rule"] = readable;
  return text(language, std::string(prefix).append("other"), values);
}

std::string format_day(std::string_view language, CalendarDate day) {
  return text(language, "format.day", day_values(language, day));
}

std::string format_date(std::string_view language, CalendarDate day) {
  auto values = day_values(language, day);
  values.emplace("year", std::to_string(static_cast<int>(day.year())));
  return text(language, "format.date", values);
}

std::string format_short_day(std::string_view language, CalendarDate day) {
  return text(
      language, "format.short_day",
      {{"day", std::to_string(static_cast<unsigned>(day.day()))},
       {"month", text(language, std::string("month_short.")
                                    .append(kMonths[static_cast<unsigned>(day.month()) - 1]))}});
}

std::string format_number(std::string_view language, double value, int decimals, bool sign) {
  const int places = std::clamp(decimals, 0, 6);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", places, std::fabs(value));
  std::string digits = buffer;
  if (digits.find('.') != std::string::npos) {
    while (digits.back() == '0') digits.pop_back();
    if (digits.back() == '.') digits.pop_back();
  }
  // Rounding decides the sign: -0.04 at one place is "0", not "-0".
  const bool zero = digits.find_first_not_of("0.") == std::string::npos;
  if (const auto point = digits.find('.'); point != std::string::npos) {
    digits.replace(point, 1, text(language, "format.decimal_separator"));
  }
  if (zero) return digits;
  if (value < 0) return "\u2212" + digits;
  return sign ? "+" + digits : digits;
}

std::string format_percent(std::string_view language, double value, int decimals, bool sign) {
  std::string number = format_number(language, value, decimals, sign);
  std::string prefix;
  if (number.starts_with("+")) {
    prefix = "+";
    number.erase(0, 1);
  } else if (number.starts_with("\u2212")) {
    prefix = "\u2212";
    number.erase(0, std::string_view("\u2212").size());
  }
  return prefix + text(language, "format.percent", {{"value", number}});
}

std::string format_day_time(std::string_view language, const LocalDateTime& when) {
  auto values = day_values(language, when.date);
  const long minutes = when.time_of_day.count();
  values.emplace("time", two_digits(minutes / 60).append(":").append(two_digits(minutes % 60)));
  return text(language, "format.day_time", values);
}

}  // namespace mesoclinic::catalogue
