// The translation catalogue: every word a patient reads (handouts, reminders) comes from a data
// file per language (en.toml, tr.toml, built into the binary), never from code. A language
// lacking a key falls back to English, so a half-translated catalogue still reads.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/clinic_time.h"
#include "core/time.h"

namespace mesoclinic::catalogue {

// The languages with a catalogue, English first: "en", "tr".
const std::vector<std::string>& languages();

// The catalogue language for a patient's BCP 47 tag by its primary subtag, case-insensitively:
// "tr-TR" -> "tr"; a language without a catalogue (or an empty tag) -> "en".
std::string pick_language(std::string_view tag);

// The text for `key` in `language` (English where that language lacks it), with each
// "{name}" replaced by values.at("name"); a placeholder without a value stays as written, and
// inserted values are not scanned again. An unknown key returns the key itself.
std::string text(std::string_view language, std::string_view key,
                 const std::map<std::string, std::string>& values = {});

// The text for an aftercare rule under `prefix` ("aftercare.rule.", "reminder.aftercare."):
// `prefix` + the rule's id where the catalogue has words for it, otherwise `prefix` + "other"
// with {rule} naming a clinic-defined rule in words ("no_hair_dye" reads "no hair dye").
std::string rule_text(std::string_view language, std::string_view prefix,
                      const std::string& rule_id, std::map<std::string, std::string> values = {});

// A clinic wall-clock time in words: "Friday 28 November, 15:30" / "28 Kasım Cuma, 15:30".
std::string format_day_time(std::string_view language, const LocalDateTime& when);

// A day in words: "Saturday 29 November" / "29 Kasım Cumartesi".
std::string format_day(std::string_view language, CalendarDate day);

// A date with its year, for records that span years: "12 January 2026" / "12 Ocak 2026".
std::string format_date(std::string_view language, CalendarDate day);

// A date where room is short (a chart's axis): "12 Jan" / "12 Oca".
std::string format_short_day(std::string_view language, CalendarDate day);

// A number as the language writes it, rounded to at most `decimals` places with trailing
// zeros dropped: "12.5" / "12,5"; negative with a minus sign (U+2212), and with "+" before a
// positive one when `sign` (a change): "+12.5", "−3".
std::string format_number(std::string_view language, double value, int decimals, bool sign = false);

// A percentage: "12.5%" / "%12,5", the sign (when `sign`) before it all: "+12.5%" / "+%12,5".
std::string format_percent(std::string_view language, double value, int decimals,
                           bool sign = false);

}  // namespace mesoclinic::catalogue
