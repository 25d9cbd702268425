#include "documents/outcomes_json.h"

namespace mesoclinic::documents {
namespace {

Json zone_json(const std::optional<clinic::ScalpZone>& zone) {
  return zone ? Json(clinic::to_string(*zone)) : Json(nullptr);
}

// Percentages and means to two decimals: enough for a chart, no binary noise in the reply.
double rounded(double value) { return std::round(value * 100) / 100; }

}  // namespace

clinic::OutcomeMeasurement outcome_measurement_from_json(const Json& item, const std::string& at,
                                                         clinic::TimePoint time_point,
                                                         std::vector<FieldError>& errors) {
  Members members(item, at, errors);
  members.refuse_unknown({"measure", "value", "unit", "zone", "method"});
  clinic::OutcomeMeasurement measurement;
  measurement.time_point = time_point;
  const std::size_t before = errors.size();
  static const std::string measures = clinic::names_of_measures();
  static const std::string methods = clinic::names_of_methods();
  static const std::string zones = clinic::names_of_scalp_zones();
  members.choice("measure", measurement.measure, members.required("measure"), clinic::parse_measure,
                 measures);
  members.number("value", measurement.value, members.required("value"));
  members.name("unit", measurement.unit, members.required("unit"));
  members.choice("method", measurement.method, members.required("method"), clinic::parse_method,
                 methods);
  if (const Json* zone = members.optional("zone")) {
    clinic::ScalpZone parsed{};
    members.choice("zone", parsed, zone, clinic::parse_scalp_zone, zones);
    measurement.zone = parsed;
  }
  // The domain's rules only make sense of a measurement read whole.
  if (errors.size() == before) {
    for (auto& error : clinic::check_outcome(measurement, at)) errors.push_back(std::move(error));
  }
  return measurement;
}

Json measurement_json(const clinic::RecordedMeasurement& recorded) {
  const clinic::OutcomeMeasurement& m = recorded.measurement;
  return {{"id", recorded.id},
          {"course_id", recorded.course_id},
          {"patient_id", recorded.patient_id},
          {"session_id", recorded.session_id ? Json(*recorded.session_id) : Json(nullptr)},
          {"time_point", clinic::to_string(m.time_point)},
          {"measure", clinic::to_string(m.measure)},
          {"value", m.value},
          {"unit", m.unit},
          {"zone", zone_json(m.zone)},
          {"method", clinic::to_string(m.method)},
          {"measured_at", format_rfc3339(recorded.measured_at)},
          {"measured_by", recorded.measured_by},
          {"photo_id", recorded.photo_id ? Json(*recorded.photo_id) : Json(nullptr)}};
}

Json change_json(const clinic::OutcomeChange& change) {
  return {{"measure", clinic::to_string(change.measure)},
          {"zone", zone_json(change.zone)},
          {"time_point", clinic::to_string(change.at)},
          {"unit", clinic::unit_of(change.measure)},
          {"baseline", rounded(change.baseline)},
          {"value", rounded(change.value)},
          {"change",
           {{"absolute", rounded(change.change.absolute)},
            {"percent",
             change.change.percent ? Json(rounded(*change.change.percent)) : Json(nullptr)}}}};
}

Result<clinic::ResponderRule> outcome_settings_from_json(const Json& body) {
  std::vector<FieldError> errors;
  Members members(body, "", errors);
  members.refuse_unknown({"responder"});
  clinic::ResponderRule rule;
  const Json* responder = members.required("responder");
  if (responder && !responder->is_object()) {
    members.error("responder", "must be an object {measure, time_point, min_percent}");
  } else if (responder) {
    Members inner(*responder, "/responder", errors);
    inner.refuse_unknown({"measure", "time_point", "min_percent"});
    static const std::string measures = clinic::names_of_measures();
    static const std::string points = clinic::names_of_time_points();
    inner.choice("measure", rule.measure, inner.required("measure"), clinic::parse_measure,
                 measures);
    inner.choice("time_point", rule.at, inner.required("time_point"), clinic::parse_time_point,
                 points);
    inner.number("min_percent", rule.min_percent, inner.required("min_percent"));
  }
  if (errors.empty()) errors = clinic::check_responder_rule(rule);
  if (!errors.empty()) return invalid(std::move(errors));
  return rule;
}

Json outcome_settings_json(const clinic::ResponderRule& rule) {
  return {{"responder",
           {{"measure", clinic::to_string(rule.measure)},
            {"time_point", clinic::to_string(rule.at)},
            {"min_percent", rule.min_percent}}}};
}

Result<clinic::ResponderRule> outcome_settings_from_document(const std::string& body) {
  const Json document = Json::parse(body, nullptr, false);
  Result<clinic::ResponderRule> rule = fail(ErrorCode::kInternal, "not a JSON object");
  if (document.is_object()) rule = outcome_settings_from_json(document);
  if (!rule) return fail(ErrorCode::kInternal, "the stored outcome settings are invalid");
  return rule;
}

}  // namespace mesoclinic::documents
