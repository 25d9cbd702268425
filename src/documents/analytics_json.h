// The clinic's analytics (clinic/analytics.h) as the API writes them: JSON rows, and the same
// rows as CSV for a spreadsheet. Both name protocols and periods only, never a patient.
#pragma once

#include <string>
#include <vector>

#include "clinic/analytics.h"
#include "documents/json_reader.h"

namespace mesoclinic::documents {

// One row: its protocol, period, counts and shares (null where nothing is counted beneath).
Json analytics_row_json(const clinic::AnalyticsRow& row, clinic::AnalyticsPeriod period);

// The rows as CSV (RFC 4180, CRLF line ends, a header line of the JSON member names). A text
// cell that a spreadsheet would run as a formula (starting with =, +, -, @, a tab or a carriage
// return) is written with a leading apostrophe, so a protocol's name never becomes one.
std::string analytics_csv(const std::vector<clinic::AnalyticsRow>& rows,
                          clinic::AnalyticsPeriod period);

}  // namespace mesoclinic::documents
