// GET /api/v1/clinics/{id}/analytics: the clinic's analytics (issue 15) per protocol and period,
// as JSON or, with ?format=csv, as a CSV file. Aggregates only, so admins read them as well as
// practitioners; not audited, since no patient's data leaves (and, counted over a whole clinic,
// they are read in a read transaction that keeps no writer waiting).
#include "practice/analytics.h"

#include "api/handler.h"
#include "api/routes.h"
#include "documents/analytics_json.h"
#include "documents/outcomes_json.h"

namespace mesoclinic::api {
namespace {

struct AnalyticsQuery {
  practice::AnalyticsRequest request;
  bool csv = false;
};

// ?from, ?to (clinic dates), ?period and ?format, each at most once; anything else is named.
Result<AnalyticsQuery> read_query(const http::Request& request) {
  AnalyticsQuery read;
  read.request.clinic_id = request.path_params.at("id");
  std::vector<FieldError> errors;
  for (const auto& [name, value] : request.query) {
    const std::string field = "/" + name;
    if (request.query.count(name) > 1) {
      errors.push_back({field, "may be given only once"});
    } else if (name == "from" || name == "to") {
      auto day = parse_iso_date(value);
      if (!day) {
        errors.push_back({field, "must be a date written YYYY-MM-DD"});
      } else {
        (name == "from" ? read.request.from : read.request.to) = *day;
      }
    } else if (name == "period") {
      const auto period = clinic::parse_analytics_period(value);
      if (!period) {
        errors.push_back({field, "must be month, quarter or year"});
      } else {
        read.request.period = *period;
      }
    } else if (name == "format") {
      if (value != "json" && value != "csv") errors.push_back({field, "must be json or csv"});
      read.csv = value == "csv";
    } else {
      errors.push_back({field, "is not a known query parameter"});
    }
  }
  if (!errors.empty()) return invalid(std::move(errors), "The query has invalid parameters.");
  return read;
}

Json reply_json(const std::string& clinic_id, const practice::ClinicAnalytics& counted,
                clinic::AnalyticsPeriod period) {
  Json rows = Json::array();
  for (const auto& row : counted.rows) rows.push_back(documents::analytics_row_json(row, period));
  return {{"clinic_id", clinic_id},
          {"from", format_iso_date(counted.from)},
          {"to", format_iso_date(counted.to)},
          {"period", clinic::to_string(period)},
          {"currency", counted.currency},
          {"responder_rule", documents::outcome_settings_json(counted.rule).at("responder")},
          {"rows", std::move(rows)}};
}

http::Response read(store::Store& store, const http::Request& request, const Caller& caller) {
  auto query = read_query(request);
  if (!query) return http::problem_from(query.error());
  if (!caller.sees_clinic(query->request.clinic_id)) {
    return http::problem(404, "Not found", "No clinic with this id.");
  }
  return handle(store, request, caller, store::TransactionMode::kRead,
                [&](Work& work) -> Result<http::Response> {
                  auto counted = practice::clinic_analytics(work.tx, query->request, now());
                  if (!counted) return std::unexpected(counted.error());
                  const auto period = query->request.period;
                  if (!query->csv) {
                    return json_reply(200, reply_json(query->request.clinic_id, *counted, period));
                  }
                  http::Response response;
                  response.status = 200;
                  response.content_type = "text/csv; charset=utf-8";
                  response.body = documents::analytics_csv(counted->rows, period);
                  response.with_header("Content-Disposition",
                                       "attachment; filename=\"analytics-" +
                                           format_iso_date(counted->from) + "-" +
                                           format_iso_date(counted->to) + ".csv\"");
                  return response;
                });
}

}  // namespace

void add_analytics_routes(http::Router& router, const Gate& gate,
                          const http::RouteOptions& limits) {
  gate.add(router, "GET", "/api/v1/clinics/{id}/analytics", with_store(gate.store(), read), limits);
}

}  // namespace mesoclinic::api
