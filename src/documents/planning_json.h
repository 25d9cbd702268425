// The JSON form of the clinic calendar, practitioners' schedules, planning
// preferences, products and lots. Times of day are "HH:MM" in the clinic's zone; dates are
// "YYYY-MM-DD"; weekdays are named ("monday").
#pragma once

#include "clinic/stock.h"
#include "documents/json_reader.h"
#include "planning/planning.h"

namespace mesoclinic::documents {

Result<planning::CalendarSettings> calendar_settings_from_json(const Json& body);
Json to_json(const planning::CalendarSettings& settings);

Result<planning::WorkSchedule> work_schedule_from_json(const Json& body);
Json to_json(const planning::WorkSchedule& schedule);

// {"weekdays": ["tuesday"], "times": [{"from": "10:00", "to": "12:00"}], "practitioner_id"}
// under `at` (a JSON pointer), every member optional.
planning::Preferences preferences_from_json(const Json* value, const std::string& at,
                                            std::vector<FieldError>& errors);
Json to_json(const planning::Preferences& preferences);

// {"percent": 10, "reason": "..."} under /discount, if present.
std::optional<planning::Discount> discount_from_json(const Json* value,
                                                     std::vector<FieldError>& errors);

Json discount_json(const std::optional<planning::Discount>& discount);
// `id` is the caller's to give.
Result<clinic::Product> product_from_json(const Json& body);
Json to_json(const clinic::Product& product);

// A delivery of stock: product, clinic, lot number, expiry and vials. `id` is the caller's.
Result<clinic::Lot> lot_from_json(const Json& body);
Json to_json(const clinic::Lot& lot);

// "10:30" for 630 minutes.
std::string format_time_of_day(std::chrono::minutes time);

}  // namespace mesoclinic::documents
