#include "calendar/calendar.h"

#include <libical/ical.h>

#include <algorithm>
#include <memory>

namespace mesoclinic::calendar {
namespace {

using std::chrono::minutes;

struct ComponentFree {
  void operator()(icalcomponent* component) const { icalcomponent_free(component); }
};
using Component = std::unique_ptr<icalcomponent, ComponentFree>;

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

// The zone's offsets over [from, to], as STANDARD and DAYLIGHT observances. The first one starts
// at the period in force at `from` (its true onset may be decades earlier; only the offset
// matters to a reader, so it starts at `from`'s day).
Component timezone_component(const ClinicZone& zone, Instant from, Instant to) {
  Component timezone(icalcomponent_new_vtimezone());
  icalcomponent_add_property(timezone.get(), icalproperty_new_tzid(zone.name().c_str()));
  const auto periods = zone.periods(from, to);
  for (std::size_t i = 0; i < periods.size(); ++i) {
    const ZonePeriod& period = periods[i];
    const bool first = i == 0;
    const minutes from_offset = first ? period.utc_offset : period.offset_before;
    const Instant onset = first ? std::chrono::floor<std::chrono::days>(from) : period.begins;
    icalcomponent* observance =
        period.summer_time ? icalcomponent_new_xdaylight() : icalcomponent_new_xstandard();
    icalcomponent_add_property(observance,
                               icalproperty_new_dtstart(wall_clock(local_at(onset, from_offset))));
    icalcomponent_add_property(
        observance, icalproperty_new_tzoffsetfrom(static_cast<int>(from_offset.count() * 60)));
    icalcomponent_add_property(
        observance, icalproperty_new_tzoffsetto(static_cast<int>(period.utc_offset.count() * 60)));
    if (!period.abbreviation.empty()) {
      icalcomponent_add_property(observance, icalproperty_new_tzname(period.abbreviation.c_str()));
    }
    icalcomponent_add_component(timezone.get(), observance);
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
  icalproperty* name = icalproperty_new_x(calendar_name.c_str());
  icalproperty_set_x_name(name, "X-WR-CALNAME");
  icalcomponent_add_property(calendar.get(), name);
  icalproperty* zone_hint = icalproperty_new_x(zone.name().c_str());
  icalproperty_set_x_name(zone_hint, "X-WR-TIMEZONE");
  icalcomponent_add_property(calendar.get(), zone_hint);

  Instant first = stamp, last = stamp;
  for (const auto& event : events) {
    first = std::min(first, event.start);
    last = std::max(last, event.end);
  }
  icalcomponent_add_component(calendar.get(), timezone_component(zone, first - std::chrono::days{1},
                                                                 last + std::chrono::days{1})
                                                  .release());

  for (const auto& event : events) {
    icalcomponent* vevent = icalcomponent_new_vevent();
    icalcomponent_add_property(vevent, icalproperty_new_uid(event.uid.c_str()));
    icalcomponent_add_property(vevent, icalproperty_new_dtstamp(utc(stamp)));
    add_with_tzid(vevent, icalproperty_new_dtstart(wall_clock(zone.to_local(event.start))),
                  zone.name());
    add_with_tzid(vevent, icalproperty_new_dtend(wall_clock(zone.to_local(event.end))),
                  zone.name());
    icalcomponent_add_property(vevent, icalproperty_new_summary(event.summary.c_str()));
    if (!event.description.empty()) {
      icalcomponent_add_property(vevent, icalproperty_new_description(event.description.c_str()));
    }
    icalcomponent_add_component(calendar.get(), vevent);
  }
  // as_ical_string_r hands over a string we must free; the other form lends a ring buffer that
  // is not safe across threads.
  char* text = icalcomponent_as_ical_string_r(calendar.get());
  if (!text) return fail(ErrorCode::kInternal, "the calendar file could not be written");
  std::string ics(text);
  free(text);
  return ics;
}

}  // namespace mesoclinic::calendar
