// The store's door for the clinic's analytics (clinic/analytics.h): each course a clinic started
// in a span of time, counted by the database in one pass, and those courses' measurements.
// Nothing here names a patient. Part of store::Transaction (store.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "clinic/outcomes.h"
#include "core/money.h"
#include "core/result.h"
#include "core/time.h"

namespace mesoclinic::store {

// One course's sessions and charts as counted by the database.
struct CourseCounts {
  std::string course_id;
  std::string protocol_id;
  std::string protocol_name;
  Instant first_attended{};           // when its first attended session began
  std::int64_t sessions_planned = 0;  // distinct session numbers, cancelled ones included
  std::int64_t attended = 0;
  std::int64_t missed = 0;
  std::int64_t booked = 0;
  bool last_session_attended = false;  // its highest session number has an attended session
  std::int64_t adverse_events = 0;     // in the current signed chart of each session
  std::optional<Money> agreed_cost;
};

// A course's measurement as the analytics need it.
struct CourseReading {
  std::string course_id;
  clinic::OutcomeMeasurement measurement;
};

// Every method fails with kUnavailable when the database cannot be reached and kInternal on an
// unexpected database error.
class Analytics {
 public:
  virtual ~Analytics() = default;

  // The courses of `clinic_id` whose first attended session began in [from, to), in no order.
  virtual Result<std::vector<CourseCounts>> count_courses_started(const std::string& clinic_id,
                                                                  Instant from, Instant to) = 0;
  // Those courses' measurements of `measures` at `time_points`, in no order.
  virtual Result<std::vector<CourseReading>> readings_of_courses_started(
      const std::string& clinic_id, Instant from, Instant to,
      const std::vector<clinic::Measure>& measures,
      const std::vector<clinic::TimePoint>& time_points) = 0;
};

}  // namespace mesoclinic::store
