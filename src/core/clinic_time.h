// Clinic wall-clock time: each clinic keeps its calendar in its own IANA time zone, while
// instants are stored in UTC. Converting a wall-clock time is where daylight saving bites: an
// hour that clocks skip does not exist, and an hour they repeat happens twice. Nothing here
// reads the server's own time zone.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/time.h"

namespace mesoclinic {

// A time of day on a calendar date, as the clock on the clinic's wall shows it.
struct LocalDateTime {
  CalendarDate date{};
  std::chrono::minutes time_of_day{0};  // 0 .. 24h - 1 min
  friend auto operator<=>(const LocalDateTime&, const LocalDateTime&) = default;
};

// "2026-03-29T01:30" (minutes precision).
std::string format_local(const LocalDateTime& local);
Result<LocalDateTime> parse_local(std::string_view text);

// A UTC offset as ISO 8601 writes it: "+01:00", "-03:30"; parse accepts -14:00..+14:00.
std::string format_utc_offset(std::chrono::minutes offset);
std::optional<std::chrono::minutes> parse_utc_offset(std::string_view text);

// What to do with a wall-clock time that happens twice (the hour repeated when clocks go back).
enum class RepeatedHour { kRefuse, kEarlier, kLater };

// A stretch of time during which a zone keeps one offset: where it begins, that offset, whether
// it is summer time, and its abbreviation ("BST").
struct ZonePeriod {
  Instant begins{};
  std::chrono::minutes utc_offset{0};
  std::chrono::minutes offset_before{0};  // the offset of the period before it
  bool summer_time = false;
  std::string abbreviation;
};

class ClinicZone {
 public:
  // The zone with this IANA name ("Europe/London"); kInvalidInput if the system's time zone
  // database does not know it.
  static Result<ClinicZone> find(std::string_view iana_name);

  const std::string& name() const { return name_; }

  // The instant a wall-clock time means. Fails with kInvalidInput if the time falls in the
  // hour skipped when clocks go forward, or (with kRefuse) in the hour repeated when they go
  // back; the message says which and names the offsets.
  Result<Instant> to_instant(const LocalDateTime& local,
                             RepeatedHour repeated = RepeatedHour::kRefuse) const;
  // The instant a wall-clock time means at a stated UTC offset ("+01:00" style, in minutes),
  // for input that says which of two repeated hours it means. kInvalidInput if the zone is
  // never at that offset at that time.
  Result<Instant> to_instant(const LocalDateTime& local, std::chrono::minutes utc_offset) const;

  // The wall-clock time at an instant (seconds dropped).
  LocalDateTime to_local(Instant instant) const;
  // The zone's offset from UTC at an instant (e.g. +60 min for London in summer).
  std::chrono::minutes utc_offset(Instant instant) const;
  // The periods in force between two instants: the one at `from`, then one per clock change
  // up to `to` (for calendar files, which describe the zone's rules themselves).
  std::vector<ZonePeriod> periods(Instant from, Instant to) const;

 private:
  ClinicZone(std::string name, const void* zone) : name_(std::move(name)), zone_(zone) {}
  std::string name_;
  const void* zone_;  // a date::time_zone from the system database, which lives forever
};

// `date` plus `days` (negative goes back).
CalendarDate add_days(CalendarDate date, int days);
// Monday = 0 .. Sunday = 6.
int weekday_index(CalendarDate date);

// The same wall-clock time `days` later (or earlier, if negative) on the zone's clock, so
// "3 days after 15:30 Tuesday" is 15:30 Friday across a clock change. A time the change skips
// moves to the first quarter hour after the gap; a time it repeats means the later one.
Instant wall_clock_days_after(const ClinicZone& zone, Instant from, int days);

}  // namespace mesoclinic
