#include "core/clinic_time.h"

#include <date/tz.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace mesoclinic {
namespace {

const date::time_zone& zone_of(const void* zone) {
  return *static_cast<const date::time_zone*>(zone);
}

date::local_time<std::chrono::minutes> to_date_local(const LocalDateTime& local) {
  const date::year_month_day day{date::year{static_cast<int>(local.date.year())},
                                 date::month{static_cast<unsigned>(local.date.month())},
                                 date::day{static_cast<unsigned>(local.date.day())}};
  return date::local_days{day} + local.time_of_day;
}

}  // namespace

std::string format_utc_offset(std::chrono::minutes offset) {
  // Real offsets lie within a day, which keeps the numbers small.
  const int minutes = static_cast<int>(std::clamp<long long>(offset.count(), -1440, 1440));
  char text[16];
  std::snprintf(text, sizeof text, "%c%02d:%02d", minutes < 0 ? '-' : '+', std::abs(minutes) / 60,
                std::abs(minutes) % 60);
  return text;
}

std::optional<std::chrono::minutes> parse_utc_offset(std::string_view text) {
  if (text.size() != 6 || (text[0] != '+' && text[0] != '-') || text[3] != ':') {
    return std::nullopt;
  }
  for (const std::size_t i : {1u, 2u, 4u, 5u}) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
  }
  const int hours = (text[1] - '0') * 10 + (text[2] - '0');
  const int minutes = (text[4] - '0') * 10 + (text[5] - '0');
  if (hours > 14 || minutes > 59) return std::nullopt;
  const std::chrono::minutes magnitude{hours * 60 + minutes};
  return text[0] == '-' ? -magnitude : magnitude;
}

std::string format_local(const LocalDateTime& local) {
  const auto minutes = local.time_of_day.count();
  char time[8];
  std::snprintf(time, sizeof time, "%02d:%02d", static_cast<int>(minutes / 60),
                static_cast<int>(minutes % 60));
  return format_iso_date(local.date) + "T" + time;
}

Result<LocalDateTime> parse_local(std::string_view text) {
  const auto bad = [&] {
    // Built with append: GCC 12 -O3 warns falsely (-Wrestrict) on "literal" + std::string.
    return fail(ErrorCode::kInvalidInput,
                std::string("\"")
                    .append(text.substr(0, 40))
                    .append("\" is not a local time like 2026-03-29T10:30"));
  };
  if (text.size() != 16 || text[10] != 'T' || text[13] != ':') return bad();
  auto date = parse_iso_date(text.substr(0, 10));
  if (!date) return bad();
  const auto digit = [&](std::size_t at) { return text[at] >= '0' && text[at] <= '9'; };
  if (!digit(11) || !digit(12) || !digit(14) || !digit(15)) return bad();
  const int hours = (text[11] - '0') * 10 + (text[12] - '0');
  const int minutes = (text[14] - '0') * 10 + (text[15] - '0');
  if (hours > 23 || minutes > 59) return bad();
  return LocalDateTime{*date, std::chrono::minutes{hours * 60 + minutes}};
}

Result<ClinicZone> ClinicZone::find(std::string_view iana_name) {
  try {
    const date::time_zone* zone = date::locate_zone(iana_name);
    return ClinicZone(std::string(iana_name), zone);
  } catch (const std::exception&) {
    return fail(ErrorCode::kInvalidInput, "\"" + std::string(iana_name.substr(0, 64)) +
                                              "\" is not a time zone name such as Europe/London");
  }
}

Result<Instant> ClinicZone::to_instant(const LocalDateTime& local, RepeatedHour repeated) const {
  const auto info = zone_of(zone_).get_info(to_date_local(local));
  const auto at = [&](const date::sys_info& offset) {
    return Instant{std::chrono::duration_cast<std::chrono::microseconds>(
        (to_date_local(local) - offset.offset).time_since_epoch())};
  };
  switch (info.result) {
    case date::local_info::unique:
      return at(info.first);
    case date::local_info::nonexistent:
      return fail(ErrorCode::kInvalidInput,
                  format_local(local) + " does not exist in " + name_ +
                      ": the clocks skip that time (from " +
                      format_utc_offset(
                          std::chrono::duration_cast<std::chrono::minutes>(info.first.offset)) +
                      " to " +
                      format_utc_offset(
                          std::chrono::duration_cast<std::chrono::minutes>(info.second.offset)) +
                      ")");
    case date::local_info::ambiguous:
      if (repeated == RepeatedHour::kEarlier) return at(info.first);
      if (repeated == RepeatedHour::kLater) return at(info.second);
      return fail(ErrorCode::kInvalidInput,
                  format_local(local) + " happens twice in " + name_ + " (at " +
                      format_utc_offset(
                          std::chrono::duration_cast<std::chrono::minutes>(info.first.offset)) +
                      " and at " +
                      format_utc_offset(
                          std::chrono::duration_cast<std::chrono::minutes>(info.second.offset)) +
                      "); say which offset is meant");
  }
  return fail(ErrorCode::kInternal, "unexpected time zone lookup result");
}

Result<Instant> ClinicZone::to_instant(const LocalDateTime& local,
                                       std::chrono::minutes utc_offset) const {
  const auto info = zone_of(zone_).get_info(to_date_local(local));
  for (const auto* candidate : {&info.first, &info.second}) {
    if (info.result == date::local_info::unique && candidate == &info.second) break;
    if (info.result == date::local_info::nonexistent) break;
    if (candidate->offset == utc_offset) {
      return Instant{std::chrono::duration_cast<std::chrono::microseconds>(
          (to_date_local(local) - candidate->offset).time_since_epoch())};
    }
  }
  return fail(
      ErrorCode::kInvalidInput,
      format_local(local) + " at " + format_utc_offset(utc_offset) + " is not a time in " + name_);
}

LocalDateTime ClinicZone::to_local(Instant instant) const {
  const auto local = zone_of(zone_).to_local(
      date::sys_time<std::chrono::microseconds>{instant.time_since_epoch()});
  const auto day = date::floor<date::days>(local);
  const date::year_month_day ymd{day};
  return LocalDateTime{CalendarDate{std::chrono::year{static_cast<int>(ymd.year())},
                                    std::chrono::month{static_cast<unsigned>(ymd.month())},
                                    std::chrono::day{static_cast<unsigned>(ymd.day())}},
                       std::chrono::duration_cast<std::chrono::minutes>(local - day)};
}

std::chrono::minutes ClinicZone::utc_offset(Instant instant) const {
  const auto info = zone_of(zone_).get_info(
      date::sys_time<std::chrono::microseconds>{instant.time_since_epoch()});
  return std::chrono::duration_cast<std::chrono::minutes>(info.offset);
}

std::vector<ZonePeriod> ClinicZone::periods(Instant from, Instant to) const {
  std::vector<ZonePeriod> found;
  using Seconds = date::sys_time<std::chrono::seconds>;
  Seconds at = std::chrono::floor<std::chrono::seconds>(
      date::sys_time<std::chrono::microseconds>{from.time_since_epoch()});
  const Seconds end = std::chrono::ceil<std::chrono::seconds>(
      date::sys_time<std::chrono::microseconds>{to.time_since_epoch()});
  // A zone changes its clocks at most a few times a year; the cap only guards the loop.
  for (int guard = 0; guard < 1000 && at <= end; ++guard) {
    const date::sys_info info = zone_of(zone_).get_info(at);
    const Seconds begins = info.begin;
    const auto before = zone_of(zone_).get_info(info.begin - std::chrono::seconds{1});
    found.push_back(
        {Instant{std::chrono::duration_cast<std::chrono::microseconds>(begins.time_since_epoch())},
         std::chrono::duration_cast<std::chrono::minutes>(info.offset),
         std::chrono::duration_cast<std::chrono::minutes>(before.offset),
         info.save != std::chrono::minutes{0}, info.abbrev});
    if (info.end >= Seconds::max() - std::chrono::hours{24 * 366}) break;
    at = info.end;
  }
  return found;
}

CalendarDate add_days(CalendarDate date, int days) {
  return CalendarDate{std::chrono::sys_days{date} + std::chrono::days{days}};
}

int weekday_index(CalendarDate date) {
  return static_cast<int>(std::chrono::weekday{std::chrono::sys_days{date}}.iso_encoding()) - 1;
}

Instant wall_clock_days_after(const ClinicZone& zone, Instant from, int days) {
  LocalDateTime local = zone.to_local(from);
  local.date = add_days(local.date, days);
  for (int shift = 0; shift <= 180; shift += 15) {
    LocalDateTime candidate = local;
    candidate.time_of_day += std::chrono::minutes{shift};
    if (candidate.time_of_day >= std::chrono::hours{24}) break;
    if (auto instant = zone.to_instant(candidate, RepeatedHour::kLater)) return *instant;
  }
  return from + std::chrono::days{days};  // no zone skips three hours; keep the elapsed time
}

}  // namespace mesoclinic
