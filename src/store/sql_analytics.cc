// The clinic's analytics (store/analytics.h) over SQL: the courses a clinic started in a span
// (courses.started_at, their first attended session, kept by sql_appointments.cc) counted in one
// grouped pass over their sessions, with the adverse events of each session's current signed
// chart.
#include "store/sql_transaction.h"

namespace mesoclinic::store::internal {
namespace {

struct CountsRow {
  // A session's adverse events are those of its latest signed chart version (a correction is
  // a new signed version; a draft counts for nothing until signed): the chart joined is the one
  // no later signed version follows, so each session joins at most one.
  static constexpr std::string_view kSelect =
      "SELECT c.id, c.protocol_id, p.name, c.agreed_cost_minor, c.agreed_cost_currency, "
      "c.started_at, COUNT(DISTINCT a.session_number), "
      "SUM(CASE WHEN a.status = 'attended' THEN 1 ELSE 0 END), "
      "SUM(CASE WHEN a.status = 'missed' THEN 1 ELSE 0 END), "
      "SUM(CASE WHEN a.status = 'booked' THEN 1 ELSE 0 END), "
      "CASE WHEN MAX(a.session_number) = MAX(CASE WHEN a.status = 'attended' THEN "
      "a.session_number END) THEN 1 ELSE 0 END, "
      "COALESCE(SUM(sc.adverse_event_count), 0) "
      "FROM courses c JOIN protocols p ON p.id = c.protocol_id "
      "JOIN appointments a ON a.course_id = c.id "
      "LEFT JOIN session_charts sc ON sc.appointment_id = a.id AND sc.signed_at IS NOT NULL AND "
      "NOT EXISTS (SELECT 1 FROM session_charts later WHERE later.appointment_id = a.id AND "
      "later.signed_at IS NOT NULL AND later.version > sc.version)";
  CourseCounts value;
  std::optional<long long> cost_minor;
  std::optional<std::string> cost_currency;
  long long planned = 0, attended = 0, missed = 0, booked = 0, last_attended = 0, events = 0;
  void into(Query& query) {
    query.into(value.course_id, value.protocol_id, value.protocol_name, cost_minor, cost_currency,
               value.first_attended, planned, attended, missed, booked, last_attended, events);
  }
  Result<void> finish() {
    value.agreed_cost.reset();
    if (cost_minor && cost_currency) value.agreed_cost = Money{*cost_minor, *cost_currency};
    value.sessions_planned = planned;
    value.attended = attended;
    value.missed = missed;
    value.booked = booked;
    value.last_session_attended = last_attended == 1;
    value.adverse_events = events;
    return {};
  }
};

struct ReadingRow {
  static constexpr std::string_view kSelect =
      "SELECT m.course_id, m.time_point, m.measure, m.value, m.unit, m.zone, m.method FROM "
      "courses c JOIN outcome_measurements m ON m.course_id = c.id";
  CourseReading value;
  MeasurementNames names;
  void into(Query& query) {
    query.into(value.course_id, names.time_point, names.measure, value.measurement.value,
               value.measurement.unit, names.zone, names.method);
  }
  Result<void> finish() { return names.read_into(value.measurement); }
};

// The courses of :clinic_id started in [:from, :to), as a condition on `c`.
constexpr std::string_view kStartedInSpan =
    "c.clinic_id = :clinic_id AND c.started_at >= :from AND c.started_at < :to";

Params span(const std::string& clinic_id, Instant from, Instant to) {
  return {{"clinic_id", clinic_id}, {"from", from}, {"to", to}};
}

// ":name0, :name1, ..." for `values`, each bound under its name in `params`.
template <class Enum>
std::string in_list(std::string_view name, const std::vector<Enum>& values, Params& params) {
  std::string list;
  for (std::size_t i = 0; i < values.size(); ++i) {
    const std::string param = std::string(name) + std::to_string(i);
    list += (i == 0 ? ":" : ", :") + param;
    params.emplace_back(param, std::string(clinic::to_string(values[i])));
  }
  return list;
}

}  // namespace

Result<std::vector<CourseCounts>> SqlTransaction::count_courses_started(
    const std::string& clinic_id, Instant from, Instant to) {
  return rows<CountsRow>(
      "counting the courses started",
      std::string(kStartedInSpan) +
          " GROUP BY c.id, c.protocol_id, p.name, c.agreed_cost_minor, c.agreed_cost_currency, "
          "c.started_at",
      span(clinic_id, from, to));
}

Result<std::vector<CourseReading>> SqlTransaction::readings_of_courses_started(
    const std::string& clinic_id, Instant from, Instant to,
    const std::vector<clinic::Measure>& measures,
    const std::vector<clinic::TimePoint>& time_points) {
  if (measures.empty() || time_points.empty()) return std::vector<CourseReading>{};
  Params params = span(clinic_id, from, to);
  const std::string clause = std::string(kStartedInSpan) + " AND m.measure IN (" +
                             in_list("measure", measures, params) + ") AND m.time_point IN (" +
                             in_list("time_point", time_points, params) + ")";
  return rows<ReadingRow>("reading the measurements of the courses started", clause, params);
}

}  // namespace mesoclinic::store::internal
