// Outcomes (issue 15): a visit's measurements recorded for a course, and the course's outcomes
// read back whole: when each time point falls, what was measured, the changes against baseline
// and whether the patient responded by the clinic's rule. Recording a time point closes the
// worklist item that was chasing it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "clinic/chart.h"
#include "clinic/outcomes.h"
#include "store/store.h"

namespace mesoclinic::practice {

// What staff record at one visit: one time point, the measurements taken (each read and checked
// by the domain's rules already), the session they were taken at, if any, and when.
struct MeasurementVisit {
  clinic::TimePoint time_point = clinic::TimePoint::kBaseline;
  std::optional<std::string> session_id;
  std::optional<Instant> measured_at;  // now if not said
  std::vector<clinic::OutcomeMeasurement> measurements;
  std::optional<std::string> photo_id;  // the trichoscopy photo they were measured on, if any
};

// Records `visit` for `course` as `user_id` at `now`. kInvalidInput at /session_id for a session
// that is not one of the course's, at /measured_at for a time in the future or before the course
// was agreed. An open measurement_due item for the time point is closed, noting the visit.
Result<std::vector<clinic::RecordedMeasurement>> record_measurements(
    store::Transaction& tx, const store::StoredCourse& course, const MeasurementVisit& visit,
    const std::string& user_id, Instant now);

// A session of the course with what its signed chart says (pain, adverse events), if signed.
struct SessionOutcome {
  store::Appointment session;
  CalendarDate starts_on{};                   // on the clinic's calendar
  std::optional<clinic::SessionChart> chart;  // the latest signed version
};

struct CourseOutcomes {
  clinic::ResponderRule rule;                             // the clinic's
  std::optional<bool> responder;                          // none until both points are measured
  std::vector<clinic::FollowUp> time_points;              // when each falls, by the sessions held
  std::vector<clinic::TimePoint> measured;                // the points with a measurement
  std::vector<clinic::RecordedMeasurement> measurements;  // in the order measured
  std::vector<clinic::OutcomeChange> changes;             // against baseline
  std::vector<SessionOutcome> sessions;                   // by session number
};

Result<CourseOutcomes> course_outcomes(store::Transaction& tx, const store::StoredCourse& course);

// When the course's time points fall (clinic::follow_ups), by the days of its sessions that
// hold their time (booked or attended; missed and cancelled ones are not the course's days).
Result<std::vector<clinic::FollowUp>> course_follow_ups(store::Transaction& tx,
                                                        const std::string& course_id);

// The clinic's responder rule, or the default (density +10% at the end of the course).
Result<clinic::ResponderRule> load_responder_rule(store::Transaction& tx,
                                                  const std::string& clinic_id);

}  // namespace mesoclinic::practice
