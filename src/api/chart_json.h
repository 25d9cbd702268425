// Private to api/: the JSON form of session charts and aftercare (DOMAIN.md steps 5 and 6).
#pragma once

#include "api/json_body.h"
#include "clinic/aftercare.h"
#include "clinic/chart.h"
#include "core/clinic_time.h"

namespace mesoclinic::api {

Result<clinic::SessionChart> chart_from_json(const Json& body);
Json to_json(const clinic::SessionChart& chart);

// {"rules": [{"id", "minimum_days", "recommended_days", "until_healed"}]}
Result<std::vector<clinic::AftercareRule>> aftercare_rules_from_json(const Json& body);
Json aftercare_rules_json(const std::vector<clinic::AftercareRule>& rules);

// The plan with each end time in the clinic's wall-clock time, its UTC offset, and UTC.
Json to_json(const clinic::AftercarePlan& plan, const ClinicZone& zone);
// The plan back from that stored form (read by its UTC instants); kInternal if it does not
// decode, which only a damaged database can cause.
Result<clinic::AftercarePlan> aftercare_plan_from_json(const Json& body);

}  // namespace mesoclinic::api
