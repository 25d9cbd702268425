#include "core/time.h"

#include <algorithm>
#include <charconv>
#include <cstdio>

namespace mesoclinic {
namespace {

using std::chrono::days;
using std::chrono::microseconds;

// Reads exactly `width` decimal digits at `pos`; returns -1 if any is not a digit.
int digits(std::string_view text, std::size_t pos, std::size_t width) {
  if (pos + width > text.size()) return -1;
  int value = 0;
  for (std::size_t i = pos; i < pos + width; ++i) {
    if (text[i] < '0' || text[i] > '9') return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

}  // namespace

Instant now() {
  return std::chrono::time_point_cast<microseconds>(std::chrono::system_clock::now());
}

std::int64_t to_unix_micros(Instant instant) { return instant.time_since_epoch().count(); }

Instant from_unix_micros(std::int64_t micros) { return Instant{microseconds{micros}}; }

std::string format_rfc3339(Instant instant) {
  const auto day = std::chrono::floor<days>(instant);
  const CalendarDate date{day};
  const std::chrono::hh_mm_ss time{std::chrono::floor<std::chrono::milliseconds>(instant - day)};
  char buffer[64];  // room for any value GCC can imagine, so -Wformat-truncation stays quiet
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02ld:%02ld:%02ld.%03ldZ",
                static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                static_cast<unsigned>(date.day()), static_cast<long>(time.hours().count()),
                static_cast<long>(time.minutes().count()),
                static_cast<long>(time.seconds().count()),
                static_cast<long>(time.subseconds().count()));
  return buffer;
}

Result<CalendarDate> parse_iso_date(std::string_view text) {
  const auto bad = [] {
    return invalid({}, "A date must be a real calendar day written as YYYY-MM-DD.");
  };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return bad();
  const int year = digits(text, 0, 4);
  const int month = digits(text, 5, 2);
  const int day = digits(text, 8, 2);
  if (year < 0 || month < 0 || day < 0) return bad();
  const CalendarDate date{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month)},
                          std::chrono::day{static_cast<unsigned>(day)}};
  if (!date.ok()) return bad();
  return date;
}

std::string format_iso_date(CalendarDate date) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return buffer;
}

Result<Instant> parse_rfc3339(std::string_view text) {
  const auto bad = [] {
    return invalid({}, "A timestamp must be RFC 3339, e.g. 2026-11-24T09:30:00Z.");
  };
  if (text.size() < 20 || (text[10] != 'T' && text[10] != 't')) return bad();
  auto date = parse_iso_date(text.substr(0, 10));
  if (!date) return bad();
  const int hour = digits(text, 11, 2);
  const int minute = digits(text, 14, 2);
  const int second = digits(text, 17, 2);
  if (text[13] != ':' || text[16] != ':' || hour < 0 || hour > 23 || minute < 0 || minute > 59 ||
      second < 0 || second > 60) {
    return bad();
  }
  std::size_t pos = 19;
  long long micros = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    int scale = 100000;
    const std::size_t start = pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      micros += (text[pos] - '0') * scale;
      scale /= 10;
      ++pos;
    }
    if (pos == start) return bad();
  }
  if (pos >= text.size()) return bad();
  long long offset_minutes = 0;
  if (text[pos] == 'Z' || text[pos] == 'z') {
    ++pos;
  } else if (text[pos] == '+' || text[pos] == '-') {
    const int sign = text[pos] == '-' ? -1 : 1;
    const int off_hour = digits(text, pos + 1, 2);
    const int off_minute = digits(text, pos + 4, 2);
    if (off_hour < 0 || off_hour > 23 || off_minute < 0 || off_minute > 59 ||
        text.size() < pos + 6 || text[pos + 3] != ':') {
      return bad();
    }
    offset_minutes = sign * (off_hour * 60LL + off_minute);
    pos += 6;
  } else {
    return bad();
  }
  if (pos != text.size()) return bad();
  const auto local = std::chrono::sys_days{*date} + std::chrono::hours{hour} +
                     std::chrono::minutes{minute} + std::chrono::seconds{second} +
                     microseconds{micros};
  return Instant{local - std::chrono::minutes{offset_minutes}};
}

CalendarDate utc_date(Instant instant) { return CalendarDate{std::chrono::floor<days>(instant)}; }

CalendarDate add_months(CalendarDate date, int months) {
  const auto month =
      std::chrono::year_month{date.year(), date.month()} + std::chrono::months{months};
  const auto last_day =
      std::chrono::year_month_day_last{month.year(), std::chrono::month_day_last{month.month()}};
  return CalendarDate{month.year(), month.month(), std::min(date.day(), last_day.day())};
}

CalendarDate latest_calendar_date(Instant instant) {
  return utc_date(instant + std::chrono::hours{14});
}

}  // namespace mesoclinic
