// Outcome measurements (store/outcomes.h) over SQL. A visit's measurements share their time, so
// each keeps its position in the visit and reads back in the order it was written down.
#include "store/sql_transaction.h"

namespace mesoclinic::store::internal {
namespace {

struct MeasurementRow {
  static constexpr std::string_view kSelect =
      "SELECT id, patient_id, course_id, session_id, time_point, measure, value, unit, zone, "
      "method, measured_at, measured_by, photo_id FROM outcome_measurements";
  clinic::RecordedMeasurement value;
  MeasurementNames names;
  void into(Query& query) {
    query.into(value.id, value.patient_id, value.course_id, value.session_id, names.time_point,
               names.measure, value.measurement.value, value.measurement.unit, names.zone,
               names.method, value.measured_at, value.measured_by, value.photo_id);
  }
  Result<void> finish() { return names.read_into(value.measurement); }
};

}  // namespace

Result<void> MeasurementNames::read_into(clinic::OutcomeMeasurement& measurement) const {
  const auto point = clinic::parse_time_point(time_point);
  const auto parsed_measure = clinic::parse_measure(measure);
  const auto parsed_method = clinic::parse_method(method);
  const auto parsed_zone = zone ? clinic::parse_scalp_zone(*zone) : std::nullopt;
  if (!point || !parsed_measure || !parsed_method || (zone && !parsed_zone)) {
    return fail(ErrorCode::kInternal,
                "a stored measurement has an unknown time point, measure, method or zone");
  }
  measurement.time_point = *point;
  measurement.measure = *parsed_measure;
  measurement.method = *parsed_method;
  measurement.zone = parsed_zone;
  return {};
}

Result<void> SqlTransaction::insert_measurements(
    const std::vector<clinic::RecordedMeasurement>& measurements) {
  return guarded("saving outcome measurements", [&]() -> Result<void> {
    long long position = 0;
    for (const auto& recorded : measurements) {
      const clinic::OutcomeMeasurement& m = recorded.measurement;
      run("INSERT INTO outcome_measurements (id, patient_id, course_id, session_id, time_point, "
          "measure, value, unit, zone, method, measured_at, measured_by, photo_id, visit_order) "
          "VALUES (:id, :patient_id, :course_id, :session_id, :time_point, :measure, :value, "
          ":unit, :zone, :method, :measured_at, :measured_by, :photo_id, :visit_order)",
          {{"id", recorded.id},
           {"patient_id", recorded.patient_id},
           {"course_id", recorded.course_id},
           {"session_id", recorded.session_id},
           {"time_point", std::string(clinic::to_string(m.time_point))},
           {"measure", std::string(clinic::to_string(m.measure))},
           {"value", m.value},
           {"unit", m.unit},
           {"zone", m.zone ? std::optional(std::string(clinic::to_string(*m.zone)))
                           : std::optional<std::string>()},
           {"method", std::string(clinic::to_string(m.method))},
           {"measured_at", recorded.measured_at},
           {"measured_by", recorded.measured_by},
           {"photo_id", recorded.photo_id},
           {"visit_order", position++}});
    }
    return {};
  });
}

Result<std::vector<clinic::RecordedMeasurement>> SqlTransaction::list_course_measurements(
    const std::string& course_id) {
  return rows<MeasurementRow>("reading a course's measurements",
                              "course_id = :course_id ORDER BY measured_at, visit_order, id",
                              {{"course_id", course_id}});
}

Result<std::vector<clinic::RecordedMeasurement>> SqlTransaction::list_patient_measurements(
    const std::string& patient_id) {
  return rows<MeasurementRow>("reading a patient's measurements",
                              "patient_id = :patient_id ORDER BY measured_at, visit_order, id",
                              {{"patient_id", patient_id}});
}

}  // namespace mesoclinic::store::internal
