// Private to api/: the clinic calendar as the planner needs it, loaded from the store, and
// appointments as the API shows them (clinic wall-clock time with its UTC offset, and UTC).
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "api/access.h"
#include "api/json_body.h"
#include "clinic/clinic.h"
#include "core/clinic_time.h"
#include "planning/planning.h"
#include "store/store.h"

namespace mesoclinic::api {

inline constexpr std::string_view kSchedulePrefix = "schedule:";

// A visible clinic and its zone; kNotFound if the caller cannot see it (or it does not exist).
struct ClinicInZone {
  clinic::Clinic clinic;
  ClinicZone zone;
};
Result<ClinicInZone> find_clinic_in_zone(store::Transaction& tx, const std::string& clinic_id);

// An appointment and its patient, if the patient is visible to the caller; kNotFound otherwise
// (the same for all, so other clinics' ids leak nothing).
Result<std::pair<store::Appointment, clinic::Patient>> find_visible_appointment(
    store::Transaction& tx, const std::string& id, const Caller& caller);

// The clinic's contact as an admin set it (PUT /api/v1/clinics/{id}/contact); an empty one
// if none is set. kInternal if the stored document is damaged. The caller checks visibility.
Result<clinic::ClinicContact> load_clinic_contact(store::Transaction& tx,
                                                  const std::string& clinic_id);

// The clinic's calendar settings; the defaults (no opening hours, DOMAIN's healing period) if
// an admin has not set them yet.
Result<planning::CalendarSettings> load_calendar_settings(store::Transaction& tx,
                                                          const std::string& clinic_id);

struct LoadedCalendar {
  ClinicInZone clinic;
  planning::CalendarSettings settings;
  planning::Calendar calendar;
};

// The clinic's calendar between two local dates: opening hours, closures, practitioners with a
// schedule there, rooms, and every occupying appointment of the group in that span (people
// work at more than one site), plus all of the patient's. Appointments for which `ignore`
// is true are left out (the ones being moved). kConflict if the clinic has no opening hours,
// rooms or practitioners to plan with.
Result<LoadedCalendar> load_calendar(
    store::Transaction& tx, const std::string& clinic_id, CalendarDate from, CalendarDate to,
    const std::string& patient_id,
    const std::function<bool(const store::Appointment&)>& ignore = {});

// A start time from a request: "starts_at" as local clinic time "YYYY-MM-DDTHH:MM" and, only
// needed in the hour repeated when clocks go back, "utc_offset". Field errors go to `errors`.
struct RequestedStart {
  LocalDateTime local;
  std::optional<std::chrono::minutes> utc_offset;
};
std::optional<RequestedStart> read_start(const Json& object, const std::string& at,
                                         std::vector<FieldError>& errors);
// The instant it means in `zone`: kInvalidInput (at `at`/starts_at) for a skipped time, or a
// repeated one without an offset.
Result<Instant> resolve_start(const ClinicZone& zone, const RequestedStart& start,
                              const std::string& at);

Json to_json(const store::Appointment& appointment, const ClinicZone& zone);

// What a course was agreed on, from its stored document: the protocol as it was then (a later
// change to the protocol does not change an agreed course) and the patient's preferences.
struct CourseTerms {
  planning::Protocol protocol;
  planning::Preferences preferences;
};
Result<CourseTerms> course_terms(const store::StoredCourse& course);

// A stored chart version as shown: the chart with its version, draft or signed, who and when,
// and the reason of a correction.
Json chart_json(const store::StoredChart& stored);

// Which occurrence of a wall-clock time `instant` is (the later only in a repeated hour).
RepeatedHour occurrence(const ClinicZone& zone, const LocalDateTime& local, Instant instant);

// The maintenance recall after a last session on `last_session`: due date and window.
Json recall_json(const planning::Protocol& protocol, CalendarDate last_session);

// A course as shown: its agreed terms, its sessions as they stand now, the gap flag and the
// maintenance recall after the last session still on the calendar.
Json course_json(const store::StoredCourse& course,
                 const std::vector<store::Appointment>& appointments, const ClinicZone& zone);

}  // namespace mesoclinic::api
