// Clinic analytics (issue 15): which protocols work, counted per protocol and period from the
// courses started in it. Aggregates only: nothing here names a patient, so admins may read it.
// A course counts in the period of its first attended session (a cohort), and every figure of
// the row is about those courses, whenever their later sessions fell. Pure values and rules.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clinic/outcomes.h"
#include "core/money.h"
#include "core/result.h"
#include "core/time.h"

namespace mesoclinic::clinic {

// How the courses are grouped in time: by calendar month, quarter or year of their start.
enum class AnalyticsPeriod { kMonth, kQuarter, kYear };

std::string_view to_string(AnalyticsPeriod period);
std::optional<AnalyticsPeriod> parse_analytics_period(std::string_view text);

// One course as the analytics count it.
struct CourseTally {
  std::string protocol_id;
  std::string protocol_name;
  CalendarDate started_on{};  // its first attended session, in the clinic's zone
  int sessions_planned = 0;   // its distinct session numbers
  int attended = 0;
  int missed = 0;
  int booked = 0;                                // still to come: the course has not ended
  bool last_session_attended = false;            // the highest-numbered session took place
  int adverse_events = 0;                        // recorded in the signed charts of its sessions
  std::optional<Money> agreed_cost;              // the estimate the patient agreed to
  std::vector<OutcomeMeasurement> measurements;  // at least the baseline and the rule's time point
};

// A mean over the courses that have a value, and how many had one.
struct CourseMean {
  std::optional<double> mean;  // none when no course had a value
  int courses = 0;
};

// One protocol in one period.
struct AnalyticsRow {
  std::string protocol_id;
  std::string protocol_name;
  CalendarDate period_start{};
  CalendarDate period_end{};  // inclusive
  int courses_started = 0;
  int courses_ended = 0;               // none of their sessions still booked
  int courses_completed = 0;           // ended with their last planned session attended
  CourseMean density_change_percent;   // hair density at end of course against baseline
  CourseMean diameter_change_percent;  // mean shaft diameter, likewise
  int responders = 0;
  int responder_courses = 0;  // measured enough for the responder rule to say
  int sessions_attended = 0;
  int sessions_missed = 0;
  int adverse_events = 0;
  // The value of the attended sessions at each course's agreed price: agreed cost x attended /
  // planned sessions, in minor units rounded half up. No payments are recorded (yet), so this is
  // what the clinic earned by treating, not what it was paid.
  Money revenue;
};

// Shares in percent, none when nothing is counted beneath them.
std::optional<double> completion_percent(const AnalyticsRow& row);  // completed / ended
std::optional<double> responder_percent(const AnalyticsRow& row);   // of responder_courses
std::optional<double> no_show_percent(const AnalyticsRow& row);     // missed / (attended+missed)
std::optional<double> adverse_events_per_100_sessions(const AnalyticsRow& row);  // per attended

// The period `day` falls in: its first and last day.
std::pair<CalendarDate, CalendarDate> period_around(CalendarDate day, AnalyticsPeriod period);
// Its name in tables and files: "2026-03", "2026-Q1" or "2026".
std::string period_name(CalendarDate period_start, AnalyticsPeriod period);

// The longest span asked for at once: ten years of months is 120 columns of any table.
inline constexpr int kMaxAnalyticsYears = 10;

// A span of days from `from` to `to` (both included) that is the right way round and at most
// kMaxAnalyticsYears long; field errors at "/from" or "/to" otherwise.
std::vector<FieldError> check_analytics_span(CalendarDate from, CalendarDate to);

// The rows for `courses` (any order) in `currency` (the clinic's; a course agreed in another
// counts everywhere but in revenue): one per protocol and period with a course started, ordered
// by period, then protocol name. `rule` decides the responders.
std::vector<AnalyticsRow> summarise_courses(const std::vector<CourseTally>& courses,
                                            AnalyticsPeriod period, const ResponderRule& rule,
                                            const std::string& currency);

}  // namespace mesoclinic::clinic
