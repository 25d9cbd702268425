// Clinic wall-clock time as every reply shows it: one named structure, so a front end reads an
// appointment's start, a planned session and an aftercare restriction's end the same way.
#pragma once

#include "core/clinic_time.h"
#include "documents/json_reader.h"

namespace mesoclinic::documents {

// {"local": "YYYY-MM-DDTHH:MM" on the clinic's wall clock, "utc_offset": "+HH:MM" (which of two
//  repeated times it is), "utc": RFC 3339}.
Json clinic_time_json(Instant instant, const ClinicZone& zone);

}  // namespace mesoclinic::documents
