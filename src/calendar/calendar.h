// Calendar files (RFC 5545) for patients: their appointments and the ends of their aftercare
// restrictions, in the clinic's time zone, for any calendar app to import or subscribe to.
#pragma once

#include <string>
#include <vector>

#include "core/clinic_time.h"
#include "core/result.h"

namespace mesoclinic::calendar {

struct Event {
  std::string uid;  // stable across downloads, so a subscribed app updates instead of adding
  std::string summary;
  std::string description;
  Instant start{};
  Instant end{};
};

// The calendar as an .ics text: a VTIMEZONE named by the clinic zone's IANA id that describes
// its offsets and rules from 1970 to 2099, the same in every file for the same zone, and each event
// in the clinic's wall-clock time with that TZID (so a 10:00 appointment shows as 10:00 in the
// clinic's zone on any device).
Result<std::string> write_ics(const std::string& calendar_name, const ClinicZone& zone,
                              const std::vector<Event>& events, Instant stamp);

}  // namespace mesoclinic::calendar
