#include "practice/outcomes.h"

#include <algorithm>

#include "core/ids.h"
#include "documents/chart_json.h"
#include "documents/outcomes_json.h"
#include "planning/planning.h"
#include "practice/clinic_context.h"

namespace mesoclinic::practice {
namespace {

std::vector<clinic::TimePoint> points_measured(
    const std::vector<clinic::RecordedMeasurement>& measurements) {
  std::vector<clinic::TimePoint> points;
  for (const auto& recorded : measurements) {
    const clinic::TimePoint point = recorded.measurement.time_point;
    if (std::find(points.begin(), points.end(), point) == points.end()) points.push_back(point);
  }
  std::sort(points.begin(), points.end());
  return points;
}

// The worklist item chasing the course's `point`, closed: the measurement it asked for is here.
Result<void> close_measurement_due(store::Transaction& tx, const std::string& course_id,
                                   clinic::TimePoint point, const std::string& user_id,
                                   Instant at) {
  auto items = tx.list_source_worklist(clinic::WorklistKind::kMeasurementDue, course_id);
  if (!items) return std::unexpected(items.error());
  for (const auto& item : *items) {
    if (item.source_key != clinic::to_string(point) || item.closure) continue;
    auto closed = clinic::close(
        item, {.closed_at = at, .closed_by = user_id, .note = "Measurements recorded."});
    if (!closed) return std::unexpected(closed.error());
    if (auto saved = tx.close_worklist_item(*closed); !saved) return saved;
  }
  return {};
}

Result<void> check_visit(store::Transaction& tx, const store::StoredCourse& course,
                         const MeasurementVisit& visit, Instant measured_at, Instant now) {
  std::vector<FieldError> errors;
  if (measured_at > now) errors.push_back({"/measured_at", "must not be in the future"});
  if (measured_at < course.created_at) {
    errors.push_back({"/measured_at", "must not be before the course was agreed"});
  }
  if (visit.session_id) {
    auto session = tx.find_appointment(*visit.session_id);
    if (!session) return std::unexpected(session.error());
    if (!*session || (*session)->course_id != course.id) {
      errors.push_back({"/session_id", "must be a session of this course"});
    }
  }
  if (!errors.empty()) return invalid(std::move(errors));
  return {};
}

// The latest signed version of a session's chart, if the session was charted and signed.
Result<std::optional<clinic::SessionChart>> signed_chart(store::Transaction& tx,
                                                         const std::string& appointment_id) {
  auto stored = tx.find_chart(appointment_id, std::nullopt);
  if (!stored) return std::unexpected(stored.error());
  if (!*stored || !(*stored)->signed_at) return std::nullopt;
  auto chart = documents::chart_from_document((*stored)->body);
  if (!chart) return std::unexpected(chart.error());
  return std::optional(std::move(*chart));
}

Result<std::vector<SessionOutcome>> sessions_of(store::Transaction& tx,
                                                const store::StoredCourse& course) {
  auto sessions = tx.list_course_appointments(course.id);
  if (!sessions) return std::unexpected(sessions.error());
  auto site = find_clinic_in_zone(tx, course.clinic_id);
  if (!site) return std::unexpected(site.error());
  std::sort(sessions->begin(), sessions->end(),
            [](const auto& a, const auto& b) { return a.session_number < b.session_number; });
  std::vector<SessionOutcome> outcomes;
  for (auto& session : *sessions) {
    auto chart = signed_chart(tx, session.id);
    if (!chart) return std::unexpected(chart.error());
    const CalendarDate day = site->zone.to_local(session.starts_at).date;
    outcomes.push_back({std::move(session), day, std::move(*chart)});
  }
  return outcomes;
}

}  // namespace

Result<std::vector<clinic::RecordedMeasurement>> record_measurements(
    store::Transaction& tx, const store::StoredCourse& course, const MeasurementVisit& visit,
    const std::string& user_id, Instant now) {
  const Instant measured_at = visit.measured_at.value_or(now);
  if (auto checked = check_visit(tx, course, visit, measured_at, now); !checked) {
    return std::unexpected(checked.error());
  }
  std::vector<clinic::RecordedMeasurement> recorded;
  for (const auto& measurement : visit.measurements) {
    recorded.push_back({.id = new_id(),
                        .patient_id = course.patient_id,
                        .course_id = course.id,
                        .session_id = visit.session_id,
                        .measurement = measurement,
                        .measured_at = measured_at,
                        .measured_by = user_id,
                        .photo_id = visit.photo_id});
    recorded.back().measurement.time_point = visit.time_point;
  }
  if (auto saved = tx.insert_measurements(recorded); !saved) return std::unexpected(saved.error());
  if (auto closed = close_measurement_due(tx, course.id, visit.time_point, user_id, now); !closed) {
    return std::unexpected(closed.error());
  }
  return recorded;
}

Result<std::vector<clinic::FollowUp>> course_follow_ups(store::Transaction& tx,
                                                        const std::string& course_id) {
  auto course = tx.find_course(course_id);
  if (!course) return std::unexpected(course.error());
  if (!*course) return fail(ErrorCode::kNotFound, "No course with this id.");
  auto sessions = tx.list_course_appointments(course_id);
  if (!sessions) return std::unexpected(sessions.error());
  auto site = find_clinic_in_zone(tx, (*course)->clinic_id);
  if (!site) return std::unexpected(site.error());
  std::vector<store::Appointment> held;
  for (const auto& session : *sessions) {
    if (planning::occupies(session.status)) held.push_back(session);
  }
  std::sort(held.begin(), held.end(),
            [](const auto& a, const auto& b) { return a.starts_at < b.starts_at; });
  std::vector<CalendarDate> days;
  for (const auto& session : held) days.push_back(site->zone.to_local(session.starts_at).date);
  return clinic::follow_ups(days);
}

Result<CourseOutcomes> course_outcomes(store::Transaction& tx, const store::StoredCourse& course) {
  CourseOutcomes outcomes;
  auto rule = load_responder_rule(tx, course.clinic_id);
  if (!rule) return std::unexpected(rule.error());
  outcomes.rule = *rule;
  auto measurements = tx.list_course_measurements(course.id);
  if (!measurements) return std::unexpected(measurements.error());
  outcomes.measurements = std::move(*measurements);
  auto points = course_follow_ups(tx, course.id);
  if (!points) return std::unexpected(points.error());
  outcomes.time_points = std::move(*points);
  outcomes.measured = points_measured(outcomes.measurements);
  std::vector<clinic::OutcomeMeasurement> values;
  for (const auto& recorded : outcomes.measurements) values.push_back(recorded.measurement);
  outcomes.changes = clinic::changes_against_baseline(values);
  outcomes.responder = clinic::is_responder(outcomes.rule, values);
  auto sessions = sessions_of(tx, course);
  if (!sessions) return std::unexpected(sessions.error());
  outcomes.sessions = std::move(*sessions);
  return outcomes;
}

Result<clinic::ResponderRule> load_responder_rule(store::Transaction& tx,
                                                  const std::string& clinic_id) {
  auto stored = tx.find_clinic_setting(clinic_id, std::string(documents::kOutcomeSettingName));
  if (!stored) return std::unexpected(stored.error());
  if (!*stored) return clinic::ResponderRule{};
  return documents::outcome_settings_from_document((*stored)->body);
}

}  // namespace mesoclinic::practice
