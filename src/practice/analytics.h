// The clinic's analytics (issue 15): the courses a clinic started between two of its days,
// counted per protocol and period by clinic::summarise_courses. Aggregates only: what leaves
// here names protocols and periods, never a patient.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "clinic/analytics.h"
#include "store/store.h"

namespace mesoclinic::practice {

// What is asked: a clinic, its local days from and to (both included), and the grouping.
// Without `from`, the span starts on 1 January of last year; without `to`, it ends today.
struct AnalyticsRequest {
  std::string clinic_id;
  std::optional<CalendarDate> from;
  std::optional<CalendarDate> to;
  clinic::AnalyticsPeriod period = clinic::AnalyticsPeriod::kQuarter;
};

struct ClinicAnalytics {
  CalendarDate from{};  // the span counted, defaults filled in
  CalendarDate to{};
  std::string currency;  // the clinic's, which revenue is counted in
  clinic::ResponderRule rule;
  std::vector<clinic::AnalyticsRow> rows;
};

// The rows for `request` at `now`; kNotFound if the clinic does not exist, kInvalidInput as
// clinic::check_analytics_span says.
Result<ClinicAnalytics> clinic_analytics(store::Transaction& tx, const AnalyticsRequest& request,
                                         Instant now);

}  // namespace mesoclinic::practice
