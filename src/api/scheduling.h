// Private to api/: appointments, charts and courses as the API shows them (clinic wall-clock
// time with its UTC offset, and UTC), and finding an appointment the caller may see.
#pragma once

#include <optional>
#include <string>

#include "api/access.h"
#include "api/json_body.h"
#include "clinic/clinic.h"
#include "core/clinic_time.h"
#include "planning/planning.h"
#include "practice/clinic_context.h"
#include "store/store.h"

namespace mesoclinic::api {

// The clinic context and calendar come from the workflow layer.
using practice::ClinicInZone;
using practice::find_clinic_in_zone;
using practice::load_calendar;
using practice::load_calendar_settings;
using practice::load_clinic_contact;
using practice::LoadedCalendar;
using practice::occurrence;
using practice::RequestedStart;
using practice::resolve_start;

// The clinic named by the path's "id" if the caller belongs to it; kNotFound otherwise, as for
// an unknown id, so other clinics' ids leak nothing.
Result<ClinicInZone> visible_clinic(store::Transaction& tx, const http::Request& request,
                                    const Caller& caller);

// An appointment and its patient, if the patient is visible to the caller; kNotFound otherwise
// (the same for all, so other clinics' ids leak nothing).
Result<std::pair<store::Appointment, clinic::Patient>> find_visible_appointment(
    store::Transaction& tx, const std::string& id, const Caller& caller);

// A start time from a request: "starts", a ClinicTime with "local" (clinic time written
// "YYYY-MM-DDTHH:MM") and, only needed in the hour repeated when clocks go back, "utc_offset";
// "utc" too where a client sends back a time as shown. Field errors go to `errors`.
std::optional<RequestedStart> read_start(const Json& object, const std::string& at,
                                         std::vector<FieldError>& errors);
Json to_json(const store::Appointment& appointment, const ClinicZone& zone);

// A stored chart version as shown: the chart with its version, draft or signed, who and when,
// and the reason of a correction.
Json chart_json(const store::StoredChart& stored);

// The maintenance recall after a last session on `last_session`: due date and window.
Json recall_json(const planning::Protocol& protocol, CalendarDate last_session);

// A course as shown: its agreed terms, its sessions as they stand now, the gap flag and the
// maintenance recall after the last session still on the calendar.
Json course_json(const store::StoredCourse& course,
                 const std::vector<store::Appointment>& appointments, const ClinicZone& zone);

}  // namespace mesoclinic::api
