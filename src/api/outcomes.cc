// /api/v1/courses/{id}/measurements and /outcomes: a visit's outcome measurements recorded for a
// course, and the course's outcomes read back (time points, measurements, changes against
// baseline, responder flag); /api/v1/clinics/{id}/outcome-settings: the clinic's responder rule.
// The rules are in clinic/outcomes.h and the workflow in practice/outcomes.h.
#include "practice/outcomes.h"

#include "api/handler.h"
#include "api/idempotency.h"
#include "api/routes.h"
#include "api/settings.h"
#include "documents/outcomes_json.h"

namespace mesoclinic::api {
namespace {

using store::TransactionMode;

// More than a visit needs (nine zones, a few measures each), few enough to bound the work.
constexpr std::size_t kMaxMeasurementsPerVisit = 100;

Result<practice::MeasurementVisit> read_visit(const Json& body) {
  std::vector<FieldError> errors;
  documents::Members members(body, "", errors);
  members.refuse_unknown({"time_point", "session_id", "measured_at", "measurements"});
  practice::MeasurementVisit visit;
  static const std::string points = clinic::names_of_time_points();
  members.choice("time_point", visit.time_point, members.required("time_point"),
                 clinic::parse_time_point, points);
  visit.session_id = members.string("session_id", false, true);
  if (const auto at = members.string("measured_at", false, true)) {
    if (auto parsed = parse_rfc3339(*at)) {
      visit.measured_at = *parsed;
    } else {
      members.error("measured_at",
                    "must be an RFC 3339 time with its offset, e.g. 2026-12-01T10:30:00Z");
    }
  }
  const Json* measurements = members.required("measurements");
  if (measurements && measurements->is_array() && measurements->empty()) {
    members.error("measurements", "must hold at least one measurement");
  }
  // The time point is read first: a measurement's rules depend on it.
  if (errors.empty()) {
    documents::read_items(members, "measurements", measurements, kMaxMeasurementsPerVisit,
                          [&](const Json& item, const std::string& at) {
                            visit.measurements.push_back(documents::outcome_measurement_from_json(
                                item, at, visit.time_point, errors));
                          });
  }
  if (!errors.empty()) return invalid(std::move(errors));
  return visit;
}

Json outcomes_json(const store::StoredCourse& course, const practice::CourseOutcomes& outcomes) {
  const auto measured = [&](clinic::TimePoint point) {
    return std::find(outcomes.measured.begin(), outcomes.measured.end(), point) !=
           outcomes.measured.end();
  };
  Json points = Json::array();
  for (const auto& point : outcomes.time_points) {
    points.push_back({{"time_point", clinic::to_string(point.point)},
                      {"due_on", format_iso_date(point.due_on)},
                      {"measured", measured(point.point)}});
  }
  // Maintenance follows the recall and has no day of its own until it happens.
  if (measured(clinic::TimePoint::kMaintenance)) {
    points.push_back({{"time_point", "maintenance"}, {"due_on", nullptr}, {"measured", true}});
  }
  Json measurements = Json::array();
  for (const auto& recorded : outcomes.measurements) {
    measurements.push_back(documents::measurement_json(recorded));
  }
  Json changes = Json::array();
  for (const auto& change : outcomes.changes) changes.push_back(documents::change_json(change));
  // Each session's pain from its signed chart, for the pain-per-session chart.
  Json sessions = Json::array();
  for (const auto& outcome : outcomes.sessions) {
    sessions.push_back(
        {{"id", outcome.session.id},
         {"number", outcome.session.session_number},
         {"starts_on", format_iso_date(outcome.starts_on)},
         {"status", planning::to_string(outcome.session.status)},
         {"pain", outcome.chart ? Json(outcome.chart->pain_score) : Json(nullptr)},
         {"adverse_events", outcome.chart ? outcome.chart->adverse_events.size() : 0}});
  }
  return {{"course_id", course.id},
          {"patient_id", course.patient_id},
          {"responder_rule", documents::outcome_settings_json(outcomes.rule)["responder"]},
          {"responder", outcomes.responder ? Json(*outcomes.responder) : Json(nullptr)},
          {"time_points", std::move(points)},
          {"measurements", std::move(measurements)},
          {"changes", std::move(changes)},
          {"sessions", std::move(sessions)}};
}

http::Response record(store::Store& store, const http::Request& request, const Caller& caller) {
  auto body = parse_json_object(request);
  if (!body) return body.error();
  auto visit = read_visit(*body);
  if (!visit) return http::problem_from(visit.error());
  return create_idempotently(
      store, request, caller, "POST /api/v1/courses/{id}/measurements",
      [&](Work& work) -> Result<http::Response> {
        auto found = find_visible_course(work.tx, request.path_params.at("id"), caller);
        if (!found) return std::unexpected(found.error());
        const auto& [course, patient] = *found;
        auto recorded =
            practice::record_measurements(work.tx, course, *visit, caller.user->id, now());
        if (!recorded) return std::unexpected(recorded.error());
        Json items = Json::array();
        for (const auto& measurement : *recorded) {
          items.push_back(documents::measurement_json(measurement));
        }
        work.audit("outcome.record", "course", course.id, patient.id);
        return json_reply(201, {{"measurements", std::move(items)}})
            .with_header("Location", "/api/v1/courses/" + course.id + "/outcomes");
      });
}

http::Response read(store::Store& store, const http::Request& request, const Caller& caller) {
  return handle(store, request, caller, TransactionMode::kRead,
                [&](Work& work) -> Result<http::Response> {
                  auto found = find_visible_course(work.tx, request.path_params.at("id"), caller);
                  if (!found) return std::unexpected(found.error());
                  const auto& [course, patient] = *found;
                  auto outcomes = practice::course_outcomes(work.tx, course);
                  if (!outcomes) return std::unexpected(outcomes.error());
                  work.audit("outcome.read", "course", course.id, patient.id);
                  return json_reply(200, outcomes_json(course, *outcomes));
                });
}

http::Response read_settings(store::Store& store, const http::Request& request,
                             const Caller& caller) {
  const std::string& clinic_id = request.path_params.at("id");
  if (!caller.sees_clinic(clinic_id)) {
    return http::problem(404, "Not found", "No clinic with this id.");
  }
  return handle(
      store, request, caller, TransactionMode::kRead, [&](Work& work) -> Result<http::Response> {
        auto rule = practice::load_responder_rule(work.tx, clinic_id);
        if (!rule) return std::unexpected(rule.error());
        return setting_reply(work.tx, clinic_id, std::string(documents::kOutcomeSettingName),
                             json_reply(200, documents::outcome_settings_json(*rule)));
      });
}

http::Response replace_settings(store::Store& store, const http::Request& request,
                                const Caller& caller) {
  const std::string& clinic_id = request.path_params.at("id");
  if (!caller.sees_clinic(clinic_id)) {
    return http::problem(404, "Not found", "No clinic with this id.");
  }
  return handle(store, request, caller, TransactionMode::kWrite,
                [&](Work& work) -> Result<http::Response> {
                  auto replaced = replace_setting(
                      work.tx, request, clinic_id, std::string(documents::kOutcomeSettingName),
                      [](const Json& body) -> Result<SettingEdit> {
                        auto rule = documents::outcome_settings_from_json(body);
                        if (!rule) return std::unexpected(rule.error());
                        const Json reply = documents::outcome_settings_json(*rule);
                        return SettingEdit{reply.dump(), reply};
                      });
                  if (replaced && replaced->status == 200) {
                    work.audit("outcome_settings.replace", "clinic", clinic_id);
                  }
                  return replaced;
                });
}

}  // namespace

void add_outcome_routes(http::Router& router, const Gate& gate, const http::RouteOptions& limits) {
  store::Store& store = gate.store();
  gate.add(router, "POST", "/api/v1/courses/{id}/measurements", with_store(store, record), limits);
  gate.add(router, "GET", "/api/v1/courses/{id}/outcomes", with_store(store, read), limits);
  const std::string settings = "/api/v1/clinics/{id}/outcome-settings";
  gate.add(router, "GET", settings, with_store(store, read_settings), limits);
  gate.add(router, "PUT", settings, with_store(store, replace_settings), limits);
}

}  // namespace mesoclinic::api
