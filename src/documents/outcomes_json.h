// Outcome measurements, their changes against baseline and the clinic's responder rule as JSON:
// the API's members and the stored setting document.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "clinic/outcomes.h"
#include "core/result.h"
#include "documents/json_reader.h"

namespace mesoclinic::documents {

// The setting the responder rule is stored under, per clinic; none stored means the default.
inline constexpr std::string_view kOutcomeSettingName = "outcomes";

// One measurement of a visit: {"measure", "value", "unit", "zone" (absent or null: the whole
// scalp), "method"}, at `time_point`. Field errors under `at` (e.g. "/measurements/0"), the
// domain's (clinic::check_outcome) included.
clinic::OutcomeMeasurement outcome_measurement_from_json(const Json& item, const std::string& at,
                                                         clinic::TimePoint time_point,
                                                         std::vector<FieldError>& errors);

Json measurement_json(const clinic::RecordedMeasurement& recorded);
Json change_json(const clinic::OutcomeChange& change);

// {"responder": {"measure", "time_point", "min_percent"}}, every member required.
Result<clinic::ResponderRule> outcome_settings_from_json(const Json& body);
Json outcome_settings_json(const clinic::ResponderRule& rule);
// The stored document read back; kInternal if it no longer decodes (a damaged database).
Result<clinic::ResponderRule> outcome_settings_from_document(const std::string& body);

}  // namespace mesoclinic::documents
