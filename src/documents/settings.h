// A clinic's settings as stored documents: the calendar (opening hours, closures, healing
// period), each practitioner's schedule there, the contact handouts and reminders print, and
// the aftercare rules. Each lives under a setting name; this file owns the names and formats.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "clinic/aftercare.h"
#include "clinic/clinic.h"
#include "core/result.h"
#include "documents/json_reader.h"
#include "planning/planning.h"

namespace mesoclinic::documents {

inline constexpr std::string_view kCalendarSettingName = "calendar";
inline constexpr std::string_view kContactSettingName = "contact";
inline constexpr std::string_view kAftercareSettingName = "aftercare";
inline constexpr std::string_view kSchedulePrefix = "schedule:";

// The setting name a practitioner's schedule is stored under at a clinic.
std::string schedule_setting_name(const std::string& user_id);

// The documents as stored.
std::string calendar_document(const planning::CalendarSettings& settings);
std::string schedule_document(const planning::WorkSchedule& schedule);
std::string contact_document(const clinic::ClinicContact& contact);
std::string aftercare_rules_document(const std::vector<clinic::AftercareRule>& rules);

// The stored documents read back; kInternal (naming `what`) if one no longer decodes, which
// only a damaged database can cause.
Result<planning::CalendarSettings> calendar_from_document(const std::string& body,
                                                          const std::string& what);
Result<planning::WorkSchedule> schedule_from_document(const std::string& body,
                                                      const std::string& what);
Result<clinic::ClinicContact> contact_from_document(const std::string& body,
                                                    const std::string& what);
Result<std::vector<clinic::AftercareRule>> aftercare_rules_from_document(const std::string& body);

// {"phone", "email", "address"}: strings, each optional (absent or null for none), checked by
// the clinic's rules.
Result<clinic::ClinicContact> contact_from_json(const Json& body);
Json contact_json(const clinic::ClinicContact& contact);

}  // namespace mesoclinic::documents
