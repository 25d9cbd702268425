// Instants and calendar dates as the clinic records them: instants are UTC with microsecond
// precision (stored as integers), dates are plain calendar days with no time zone.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace mesoclinic {

using Instant = std::chrono::sys_time<std::chrono::microseconds>;
using CalendarDate = std::chrono::year_month_day;

// The current instant from the system clock.
Instant now();

// Microseconds since the Unix epoch, the form instants take in the database.
std::int64_t to_unix_micros(Instant instant);
Instant from_unix_micros(std::int64_t micros);

// RFC 3339 in UTC with millisecond precision, e.g. "2026-11-24T09:30:00.000Z".
std::string format_rfc3339(Instant instant);

// Parses an RFC 3339 timestamp with any offset; fails with kInvalidInput on anything else.
Result<Instant> parse_rfc3339(std::string_view text);

// Parses "YYYY-MM-DD" strictly (real calendar days only); fails with kInvalidInput otherwise.
Result<CalendarDate> parse_iso_date(std::string_view text);

// Formats a date as "YYYY-MM-DD".
std::string format_iso_date(CalendarDate date);

// The UTC calendar day of an instant.
CalendarDate utc_date(Instant instant);

// `months` calendar months after `date`, on the same day of the month or the month's last day
// when it has fewer (31 January + 1 month is 28 or 29 February).
CalendarDate add_months(CalendarDate date, int months);

// The calendar day at `instant` in the time zone furthest ahead of UTC (UTC+14). A date after
// this one is in the future everywhere on Earth, whatever zone a clinic is in.
CalendarDate latest_calendar_date(Instant instant);

}  // namespace mesoclinic
