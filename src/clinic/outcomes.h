// Outcomes (DOMAIN.md step 7): measurements repeated at set time points of a course and after
// it, each compared with the course's baseline; and whether the patient responded, by the
// clinic's rule (by default hair density up at least 10% at the end of the course).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clinic/assessment.h"
#include "core/result.h"
#include "core/time.h"

namespace mesoclinic::clinic {

// When a measurement is taken, in the course's life.
enum class TimePoint {
  kBaseline,     // before the first session
  kMidCourse,    // at the middle session
  kEndOfCourse,  // at the last session
  kMonth3,       // 3, 6 and 12 months after the last session
  kMonth6,
  kMonth12,
  kMaintenance,  // at a maintenance visit after the recall
};

// What is measured: DOMAIN.md's trichoscopy and phototrichogram quantities, then the pull test
// (hairs out of about 60 pulled), the shedding count and the patient's own 7-point view.
enum class Measure {
  kHairDensity,
  kFollicularUnitDensity,
  kMeanShaftDiameter,
  kVellusShare,
  kDiameterDiversity,
  kAnagenShare,
  kPullTest,
  kSheddingCount,
  kSelfAssessment,  // -3 much worse .. 0 unchanged .. +3 much better
};

// How it was measured; each measure has the methods that can take it (methods_of).
enum class Method { kTrichoscopy, kPhototrichogram, kManual, kStandardWash, kCombTest, kPatient };

struct OutcomeMeasurement {
  TimePoint time_point = TimePoint::kBaseline;
  Measure measure = Measure::kHairDensity;
  double value = 0;
  std::string unit;               // must be the measure's unit (unit_of)
  std::optional<ScalpZone> zone;  // none: the scalp as a whole (shedding, self-assessment)
  Method method = Method::kTrichoscopy;
  friend bool operator==(const OutcomeMeasurement&, const OutcomeMeasurement&) = default;
};

// A measurement as recorded for a course: which course and session, when, and who measured.
// Recorded once and never edited.
struct RecordedMeasurement {
  std::string id;
  std::string patient_id;
  std::string course_id;
  std::optional<std::string> session_id;  // the appointment it was taken at, if any
  OutcomeMeasurement measurement;
  Instant measured_at{};
  std::string measured_by;              // user id
  std::optional<std::string> photo_id;  // the trichoscopy image it was measured on, if any
  friend bool operator==(const RecordedMeasurement&, const RecordedMeasurement&) = default;
};

// Every broken rule as a field error under `at` (e.g. "/measurements/2"): the unit, the plausible
// range, a method that can take the measure, a whole number where one is counted, and no
// self-assessment at baseline (there is nothing yet to compare with).
std::vector<FieldError> check_outcome(const OutcomeMeasurement& measurement, const std::string& at);

// The measure's unit ("hairs/cm2", "um", "%", "hairs", "points") and plausible range.
std::string_view unit_of(Measure measure);
std::pair<double, double> range_of(Measure measure);
// The methods that can take a measure, e.g. trichoscopy for hair density.
const std::vector<Method>& methods_of(Measure measure);

// A value against the baseline: the difference, and the difference in percent of the baseline
// (none when the baseline is zero).
struct Change {
  double absolute = 0;
  std::optional<double> percent;
  friend bool operator==(const Change&, const Change&) = default;
};
Change change_from(double baseline, double value);

// One measure in one zone at a later time point against the same at baseline. Repeated readings
// count by their mean, so a second reading of a zone does not weigh twice.
struct OutcomeChange {
  Measure measure = Measure::kHairDensity;
  std::optional<ScalpZone> zone;
  TimePoint at = TimePoint::kEndOfCourse;
  double baseline = 0;
  double value = 0;
  Change change;
  friend bool operator==(const OutcomeChange&, const OutcomeChange&) = default;
};

// Every (measure, zone, later time point) that has a baseline to compare with, in the order of
// measure, zone (the whole scalp first) and time point. The self-assessment is a change in
// itself and has no baseline, so it never appears.
std::vector<OutcomeChange> changes_against_baseline(
    const std::vector<OutcomeMeasurement>& measurements);

// The clinic's rule for calling a patient a responder.
struct ResponderRule {
  Measure measure = Measure::kHairDensity;
  TimePoint at = TimePoint::kEndOfCourse;
  double min_percent = 10;  // at least this much above baseline
  friend bool operator==(const ResponderRule&, const ResponderRule&) = default;
};

// The rule's field errors under "/responder": a measure that grows as hair improves (hair and
// follicular unit density, mean shaft diameter, anagen share; a fall in shedding is no rise), a
// time point after baseline, and a threshold of 1 to 200 percent.
std::vector<FieldError> check_responder_rule(const ResponderRule& rule);

// The measure's change at `at` over the zones measured both at baseline and then: the mean of
// those zones' baselines against the mean of their values at `at`, each zone's repeated readings
// by their mean. None until both exist. What the responder rule and the clinic's analytics
// compare, so the two always agree.
std::optional<Change> overall_change(Measure measure, TimePoint at,
                                     const std::vector<OutcomeMeasurement>& measurements);

// Whether the course's measurements meet the rule: the mean of the measure over the zones
// measured both at baseline and at the rule's time point, compared. None until both exist (or
// when the baseline mean is zero). A zone measured more than once at a time point counts by its
// mean, so a repeated reading does not weigh twice.
std::optional<bool> is_responder(const ResponderRule& rule,
                                 const std::vector<OutcomeMeasurement>& measurements);

// When a course's time points fall: baseline at the first session, mid-course at the middle one
// (the 3rd of 6, the 4th of 7), end of course at the last, then 3, 6 and 12 months after the
// last. Maintenance follows the recall and is not scheduled here. `session_days` in order.
struct FollowUp {
  TimePoint point = TimePoint::kBaseline;
  CalendarDate due_on;
  friend bool operator==(const FollowUp&, const FollowUp&) = default;
};
std::vector<FollowUp> follow_ups(const std::vector<CalendarDate>& session_days);

// The time points due by `today` at which nothing was measured: the worklist's to chase.
std::vector<FollowUp> missing_follow_ups(const std::vector<FollowUp>& due,
                                         const std::vector<TimePoint>& recorded,
                                         CalendarDate today);

std::string_view to_string(TimePoint point);
std::string_view to_string(Measure measure);
std::string_view to_string(Method method);
std::optional<TimePoint> parse_time_point(std::string_view text);
std::optional<Measure> parse_measure(std::string_view text);
std::optional<Method> parse_method(std::string_view text);
std::string names_of_time_points();
std::string names_of_measures();
std::string names_of_methods();
// The time point as staff say it before "measurements" ("end-of-course", "3-month").
std::string_view words_for(TimePoint point);

}  // namespace mesoclinic::clinic
