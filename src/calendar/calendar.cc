#include "calendar/calendar.h"

#include <libical/ical.h>

#include <array>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mesoclinic::calendar {
namespace {

using std::chrono::minutes;

struct ComponentFree {
  void operator()(icalcomponent* component) const { icalcomponent_free(component); }
};
using Component = std::unique_ptr<icalcomponent, ComponentFree>;

// `text` as an iCalendar TEXT value may carry it (RFC 5545 section 3.3.11): a control character
// other than a line break (which the writers escape) or a tab would end the value early (NUL)
// or break the file for its reader, so each becomes U+FFFD, and a carriage return goes (a
// CRLF line break stays a line break). Stored text never holds them (the text policy refuses
// them); this keeps any file this writer is given well formed.
std::string inert(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '\r') continue;
    if ((byte < 0x20 && c != '\n' && c != '\t') || byte == 0x7f) {
      out.append("\xEF\xBF\xBD");
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// One content line folded at 75 octets without splitting a UTF-8 character (RFC 5545 section
// 3.1), ending in CRLF.
std::string folded(std::string_view line) {
  std::string out;
  std::size_t width = 0;
  for (const char c : line) {
    const auto byte = static_cast<unsigned char>(c);
    const bool continuation = (byte & 0xc0) == 0x80;
    // The whole character must fit: a lead byte says how many bytes follow it. (Bytes that are
    // not UTF-8 are folded wherever the line is full.)
    const std::size_t length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    if ((!continuation && width + length > 75) || width >= 75) {
      out.append("\r\n ");
      width = 1;
    }
    out.push_back(c);
    ++width;
  }
  return out.append("\r\n");
}

// libical's text with its own folds undone and every line folded again by folded(): its folding
// can leave a stray carriage return and an empty continuation where a value ends at a fold
// (found by fuzz_calendar_file), which a strict reader takes for a broken file.
std::string refolded(std::string_view ics) {
  std::string out;
  std::string line;
  for (std::size_t i = 0; i < ics.size(); ++i) {
    const char c = ics[i];
    if (c == '\r') continue;
    if (c != '\n') {
      line.push_back(c);
      continue;
    }
    // A line break followed by a space or tab is a fold: the line goes on.
    if (i + 1 < ics.size() && (ics[i + 1] == ' ' || ics[i + 1] == '\t')) {
      ++i;
      continue;
    }
    if (!line.empty()) out.append(folded(line));
    line.clear();
  }
  if (!line.empty()) out.append(folded(line));
  return out;
}

// The calendar's name as a content line (RFC 5545 sections 3.1 and 3.3.11): a TEXT value with
// backslashes, semicolons, commas and line breaks escaped. Written by hand because libical prints
// an x-property's value with only its backslashes escaped.
std::string calendar_name_line(std::string_view name) {
  std::string line = "X-WR-CALNAME:";
  for (const char c : inert(name)) {
    if (c == '\\' || c == ';' || c == ',') {
      line.push_back('\\');
      line.push_back(c);
    } else if (c == '\n') {
      line.append("\\n");
    } else {
      line.push_back(c);
    }
  }
  return folded(line);
}

// A wall-clock time without a zone of its own (libical's "floating" time); the TZID parameter
// says whose wall clock it is.
icaltimetype wall_clock(const LocalDateTime& local) {
  icaltimetype time = icaltime_null_time();
  time.year = static_cast<int>(local.date.year());
  time.month = static_cast<int>(static_cast<unsigned>(local.date.month()));
  time.day = static_cast<int>(static_cast<unsigned>(local.date.day()));
  time.hour = static_cast<int>(local.time_of_day.count() / 60);
  time.minute = static_cast<int>(local.time_of_day.count() % 60);
  time.is_date = 0;
  return time;
}

icaltimetype utc(Instant instant) {
  const auto seconds =
      std::chrono::duration_cast<std::chrono::seconds>(instant.time_since_epoch()).count();
  return icaltime_from_timet_with_zone(static_cast<time_t>(seconds), 0,
                                       icaltimezone_get_utc_timezone());
}

LocalDateTime local_at(Instant instant, minutes offset) {
  const auto shifted = std::chrono::floor<minutes>(instant + offset);
  const auto day = std::chrono::floor<std::chrono::days>(shifted);
  return {CalendarDate{std::chrono::sys_days{day}}, shifted - day};
}

void add_with_tzid(icalcomponent* event, icalproperty* property, const std::string& tzid) {
  icalproperty_add_parameter(property, icalparameter_new_tzid(tzid.c_str()));
  icalcomponent_add_property(event, property);
}

// The span every zone definition covers, whatever the events: calendar apps keep the first
// VTIMEZONE they see for a TZID and never look at a later one, so the definition of a zone
// must be the same in every file we ever write (no dependence on today or on the events).
constexpr CalendarDate kZoneSpanStart{std::chrono::year{1970}, std::chrono::January,
                                      std::chrono::day{1}};
constexpr int kZoneSpanEndYear = 2100;  // exclusive

// One kind of clock change: the offsets either side, summer time or not, its abbreviation.
struct ClockChange {
  minutes from{0};
  minutes to{0};
  bool summer_time = false;
  std::string abbreviation;
  friend auto operator<=>(const ClockChange&, const ClockChange&) = default;
};

// "the last Sunday of March at 03:00" (ordinal -1) or "the 2nd Sunday of March" (ordinal 2).
struct YearlyRule {
  unsigned month = 0;
  int weekday = 0;  // Monday = 0
  int ordinal = 0;
  minutes time{0};
  friend bool operator==(const YearlyRule&, const YearlyRule&) = default;
};

YearlyRule rule_of(const LocalDateTime& onset, bool from_end) {
  const unsigned day = static_cast<unsigned>(onset.date.day());
  const unsigned days_in_month = static_cast<unsigned>(
      std::chrono::year_month_day_last{onset.date.year() / onset.date.month() / std::chrono::last}
          .day());
  const int ordinal =
      from_end ? (day + 7 > days_in_month ? -1 : 0) : static_cast<int>((day - 1) / 7 + 1);
  return {static_cast<unsigned>(onset.date.month()), weekday_index(onset.date), ordinal,
          onset.time_of_day};
}

// How many of the last `onsets` (sorted) fall one a year on the same yearly rule, the last of
// them in `final_year` (the year of the zone's last known change, so the rule is still in
// force); that rule with the count (0 if none).
std::pair<YearlyRule, std::size_t> yearly_tail(const std::vector<LocalDateTime>& onsets,
                                               std::chrono::year final_year) {
  std::pair<YearlyRule, std::size_t> best{{}, 0};
  if (onsets.empty() || onsets.back().date.year() != final_year) return best;
  for (const bool from_end : {true, false}) {
    const YearlyRule rule = rule_of(onsets.back(), from_end);
    if (rule.ordinal == 0) continue;
    std::size_t count = 1;
    while (count < onsets.size()) {
      const LocalDateTime& earlier = onsets[onsets.size() - 1 - count];
      const LocalDateTime& later = onsets[onsets.size() - count];
      if (earlier.date.year() + std::chrono::years{1} != later.date.year() ||
          rule_of(earlier, from_end) != rule) {
        break;
      }
      ++count;
    }
    if (count > best.second) best = {rule, count};
  }
  return best;
}

icalcomponent* observance(const ClockChange& change, const LocalDateTime& start) {
  icalcomponent* component =
      change.summer_time ? icalcomponent_new_xdaylight() : icalcomponent_new_xstandard();
  icalcomponent_add_property(component, icalproperty_new_dtstart(wall_clock(start)));
  icalcomponent_add_property(
      component, icalproperty_new_tzoffsetfrom(static_cast<int>(change.from.count() * 60)));
  icalcomponent_add_property(component,
                             icalproperty_new_tzoffsetto(static_cast<int>(change.to.count() * 60)));
  if (!change.abbreviation.empty()) {
    icalcomponent_add_property(component, icalproperty_new_tzname(change.abbreviation.c_str()));
  }
  return component;
}

// The zone's complete definition from 1970 on, the same for every download: the offset in
// force on 1970-01-01, then each kind of clock change once, its changes that follow a yearly
// rule up to the end of the span as an RRULE (how the zone works today and in future years)
// and the others as RDATEs (its history).
Component timezone_component(const ClinicZone& zone) {
  Component timezone(icalcomponent_new_vtimezone());
  icalcomponent_add_property(timezone.get(), icalproperty_new_tzid(zone.name().c_str()));
  const Instant from{std::chrono::sys_days{kZoneSpanStart}};
  const Instant to{std::chrono::sys_days{CalendarDate{std::chrono::year{kZoneSpanEndYear},
                                                      std::chrono::January, std::chrono::day{1}}}};
  const auto periods = zone.periods(from, to);
  std::map<ClockChange, std::vector<LocalDateTime>> changes;
  std::vector<ClockChange> order;  // kinds of change in the order they first happen
  for (std::size_t i = 0; i < periods.size(); ++i) {
    const ZonePeriod& period = periods[i];
    const bool first = i == 0;
    ClockChange change{first ? period.utc_offset : period.offset_before, period.utc_offset,
                       period.summer_time, period.abbreviation};
    const Instant onset = first ? from : period.begins;
    auto& onsets = changes[change];
    if (onsets.empty()) order.push_back(change);
    onsets.push_back(local_at(onset, change.from));
  }
  // The system's zone files list changes up to 2037; the rule in force then goes on.
  const std::chrono::year final_year =
      periods.empty() ? std::chrono::year{0}
                      : local_at(periods.back().begins, periods.back().offset_before).date.year();
  static constexpr std::array<const char*, 7> kDays{"MO", "TU", "WE", "TH", "FR", "SA", "SU"};
  for (const ClockChange& change : order) {
    const auto& onsets = changes[change];
    const auto [rule, count] = yearly_tail(onsets, final_year);
    const std::size_t listed = count >= 3 ? onsets.size() - count : onsets.size();
    if (listed > 0) {
      icalcomponent* dated = observance(change, onsets.front());
      for (std::size_t i = 1; i < listed; ++i) {
        icaldatetimeperiodtype when{};
        when.time = wall_clock(onsets[i]);
        when.period = icalperiodtype_null_period();
        icalcomponent_add_property(dated, icalproperty_new_rdate(when));
      }
      icalcomponent_add_component(timezone.get(), dated);
    }
    if (listed < onsets.size()) {
      icalcomponent* ruled = observance(change, onsets[listed]);
      const std::string rrule = "FREQ=YEARLY;BYMONTH=" + std::to_string(rule.month) +
                                ";BYDAY=" + std::to_string(rule.ordinal) +
                                kDays[static_cast<std::size_t>(rule.weekday)];
      icalcomponent_add_property(
          ruled, icalproperty_new_rrule(icalrecurrencetype_from_string(rrule.c_str())));
      icalcomponent_add_component(timezone.get(), ruled);
    }
  }
  return timezone;
}

}  // namespace

Result<std::string> write_ics(const std::string& calendar_name, const ClinicZone& zone,
                              const std::vector<Event>& events, Instant stamp) {
  Component calendar(icalcomponent_new_vcalendar());
  icalcomponent_add_property(calendar.get(), icalproperty_new_version("2.0"));
  icalcomponent_add_property(calendar.get(), icalproperty_new_prodid("-//mesoclinic//EN"));
  icalcomponent_add_property(calendar.get(), icalproperty_new_calscale("GREGORIAN"));
  icalproperty* zone_hint = icalproperty_new_x(zone.name().c_str());
  icalproperty_set_x_name(zone_hint, "X-WR-TIMEZONE");
  icalcomponent_add_property(calendar.get(), zone_hint);

  icalcomponent_add_component(calendar.get(), timezone_component(zone).release());

  for (const auto& event : events) {
    icalcomponent* vevent = icalcomponent_new_vevent();
    icalcomponent_add_property(vevent, icalproperty_new_uid(event.uid.c_str()));
    icalcomponent_add_property(vevent, icalproperty_new_dtstamp(utc(stamp)));
    add_with_tzid(vevent, icalproperty_new_dtstart(wall_clock(zone.to_local(event.start))),
                  zone.name());
    add_with_tzid(vevent, icalproperty_new_dtend(wall_clock(zone.to_local(event.end))),
                  zone.name());
    icalcomponent_add_property(vevent, icalproperty_new_summary(inert(event.summary).c_str()));
    if (!event.description.empty()) {
      icalcomponent_add_property(vevent,
                                 icalproperty_new_description(inert(event.description).c_str()));
    }
    icalcomponent_add_component(calendar.get(), vevent);
  }
  // as_ical_string_r hands over a string we must free; the other form lends a ring buffer that
  // is not safe across threads.
  char* text = icalcomponent_as_ical_string_r(calendar.get());
  if (!text) return fail(ErrorCode::kInternal, "the calendar file could not be written");
  std::string ics = refolded(text);
  free(text);
  const std::string after = "CALSCALE:GREGORIAN\r\n";
  ics.insert(ics.find(after) + after.size(), calendar_name_line(calendar_name));
  return ics;
}

}  // namespace mesoclinic::calendar
