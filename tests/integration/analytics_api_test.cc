// Clinic analytics through the API (issue 15), on both engines: the demo clinic's figures per
// protocol equal what SQL written here computes straight from the tables and documents (costs
// and adverse events read from the JSON the charts and courses keep, not the columns the server
// sums). The CSV carries the same rows; admins read the aggregates, reception cannot; a bad
// query is named and a formula in a protocol's name stays text in the CSV.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <map>
#include <sstream>

#include "api_fixture.h"
#include "direct_sql.h"

namespace mesoclinic::testing {
namespace {

using nlohmann::json;

class AnalyticsApiTest : public ::testing::TestWithParam<store::Engine> {
 protected:
  void SetUp() override {
    database_ = std::make_unique<TestDatabase>(GetParam());
    const CommandResult loaded =
        run_mesoclinic({"demo", "--db", url(), "--patients", "40", "--staff"},
                       std::string(ApiTest::kPassword) + "\n");
    ASSERT_EQ(loaded.exit_code, 0) << loaded.err;
    server_ = std::make_unique<ServerProcess>(url());
    clinic_ = query_value(url(),
                          "SELECT clinic_id FROM courses GROUP BY clinic_id ORDER BY COUNT(*) "
                          "DESC, clinic_id LIMIT 1");
    ASSERT_FALSE(clinic_.empty()) << "the demo starts courses";
  }

  const std::string& url() const { return database_->url(); }
  bool postgres() const { return GetParam() == store::Engine::kPostgres; }

  // A number SQL computed (0 when it computed nothing, as SUM over no rows does).
  double sql_number(const std::string& sql) {
    const std::string value = query_value(url(), sql);
    return value.empty() ? 0 : std::stod(value);
  }

  // The courses of the clinic's protocol `protocol` that have started (an attended session).
  std::string started(const std::string& protocol) const {
    return "FROM courses c WHERE c.clinic_id = '" + clinic_ + "' AND c.protocol_id = '" + protocol +
           "' AND EXISTS (SELECT 1 FROM appointments s WHERE s.course_id = c.id AND s.status = "
           "'attended')";
  }

  // Per started course, the mean of `measure` over the zones measured both at baseline and end
  // of course: (course_id, base, fin).
  std::string measured_pairs(const std::string& protocol, const std::string& measure) const {
    return "WITH z AS (SELECT m.course_id, COALESCE(m.zone, 'scalp') AS zone, m.time_point, "
           "AVG(m.value) AS v FROM outcome_measurements m WHERE m.measure = '" +
           measure +
           "' AND m.time_point IN ('baseline', 'end_of_course') AND m.course_id IN "
           "(SELECT c.id " +
           started(protocol) +
           ") GROUP BY m.course_id, COALESCE(m.zone, 'scalp'), m.time_point), pairs AS (SELECT "
           "b.course_id, AVG(b.v) AS base, AVG(e.v) AS fin FROM z b JOIN z e ON e.course_id = "
           "b.course_id AND e.zone = b.zone AND b.time_point = 'baseline' AND e.time_point = "
           "'end_of_course' GROUP BY b.course_id) ";
  }

  std::unique_ptr<TestDatabase> database_;
  std::unique_ptr<ServerProcess> server_;
  std::string clinic_;
};

// The rows of one protocol added up over the periods (every figure but the means adds up; the
// means are weighted back by their course counts).
struct Totals {
  double started = 0, ended = 0, completed = 0, attended = 0, missed = 0, events = 0;
  double responders = 0, responder_courses = 0, revenue = 0;
  double density_sum = 0, density_courses = 0, diameter_sum = 0, diameter_courses = 0;
};

std::map<std::string, Totals> totals_by_protocol(const json& rows) {
  std::map<std::string, Totals> totals;
  for (const auto& row : rows) {
    Totals& t = totals[row.at("protocol_id").get<std::string>()];
    t.started += row.at("courses_started").get<int>();
    t.ended += row.at("courses_ended").get<int>();
    t.completed += row.at("courses_completed").get<int>();
    t.attended += row.at("sessions_attended").get<int>();
    t.missed += row.at("sessions_missed").get<int>();
    t.events += row.at("adverse_events").get<int>();
    t.responders += row.at("responders").get<int>();
    t.responder_courses += row.at("responder_courses").get<int>();
    t.revenue += row.at("revenue").at("minor_units").get<double>();
    const int density = row.at("density_courses").get<int>();
    if (density > 0) t.density_sum += row.at("density_change_percent").get<double>() * density;
    t.density_courses += density;
    const int diameter = row.at("diameter_courses").get<int>();
    if (diameter > 0) t.diameter_sum += row.at("diameter_change_percent").get<double>() * diameter;
    t.diameter_courses += diameter;
  }
  return totals;
}

std::string years_ago(int years) {
  const auto today = std::chrono::year_month_day{
      std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())};
  return format_iso_date(std::chrono::year_month_day{today.year() - std::chrono::years{years},
                                                     today.month(), std::chrono::day{1}});
}

// Records an end-of-course visit for `course`: each zone measured at baseline, `gain` higher
// (density and diameter alike).
void measure_end_of_course(HttpClient& practitioner, const std::string& url,
                           const std::string& course, double gain) {
  json readings = json::array();
  for (const std::string zone : {"frontal", "mid_scalp", "vertex"}) {
    for (const auto& [measure, unit] :
         {std::pair{"hair_density", "hairs/cm2"}, std::pair{"mean_shaft_diameter", "um"}}) {
      const std::string baseline =
          query_value(url, "SELECT value FROM outcome_measurements WHERE course_id = '" + course +
                               "' AND time_point = 'baseline' AND measure = '" + measure +
                               "' AND zone = '" + zone + "'");
      if (baseline.empty()) continue;
      readings.push_back({{"measure", measure},
                          {"value", std::round(std::stod(baseline) * (1 + gain) * 10) / 10},
                          {"unit", unit},
                          {"zone", zone},
                          {"method", "trichoscopy"}});
    }
  }
  ASSERT_FALSE(readings.empty()) << "course " << course << " was measured at baseline";
  const HttpReply measured =
      practitioner.send_json("POST", "/api/v1/courses/" + course + "/measurements",
                             {{"time_point", "end_of_course"}, {"measurements", readings}});
  ASSERT_EQ(measured.status, 201) << measured.body;
}

TEST_P(AnalyticsApiTest, TheDemoClinicsFiguresEqualWhatSqlComputesFromTheRecords) {
  HttpClient practitioner(server_->port());
  ASSERT_EQ(ApiTest::sign_in(practitioner, "dr.demir").status, 201);
  // Two of the demo's courses measured at their end: one responds (+15%), one does not (+4%).
  for (const auto& [offset, gain] : {std::pair{0, 0.15}, std::pair{1, 0.04}}) {
    const std::string course =
        query_value(url(),
                    "SELECT m.course_id FROM outcome_measurements m JOIN courses c ON c.id = "
                    "m.course_id WHERE c.clinic_id = '" +
                        clinic_ +
                        "' AND m.time_point = 'baseline' GROUP BY m.course_id ORDER BY m.course_id "
                        "LIMIT 1 OFFSET " +
                        std::to_string(offset));
    ASSERT_FALSE(course.empty()) << "the demo measures its courses at baseline";
    measure_end_of_course(practitioner, url(), course, gain);
  }
  // Nine years back to today holds every course the demo started, whatever today is.
  const std::string path =
      "/api/v1/clinics/" + clinic_ + "/analytics?period=month&from=" + years_ago(9);
  const HttpReply reply = practitioner.get(path);
  ASSERT_EQ(reply.status, 200) << reply.body;
  const json body = reply.json();
  EXPECT_EQ(body.at("period"), "month");
  EXPECT_EQ(body.at("responder_rule").at("min_percent"), 10);
  const auto totals = totals_by_protocol(body.at("rows"));
  ASSERT_FALSE(totals.empty());
  EXPECT_EQ(totals.size(),
            static_cast<std::size_t>(sql_number("SELECT COUNT(DISTINCT c.protocol_id) FROM "
                                                "courses c WHERE c.clinic_id = '" +
                                                clinic_ +
                                                "' AND EXISTS (SELECT 1 FROM "
                                                "appointments s WHERE s.course_id = c.id AND "
                                                "s.status = 'attended')")));

  const std::string chart_events = postgres()
                                       ? "json_array_length(sc.body::json -> 'adverse_events')"
                                       : "json_array_length(sc.body, '$.adverse_events')";
  const std::string agreed_cost = postgres()
                                      ? "(c.body::json #>> '{cost_estimate,minor_units}')::BIGINT"
                                      : "json_extract(c.body, '$.cost_estimate.minor_units')";
  const std::string agreed_currency = postgres()
                                          ? "(c.body::json #>> '{cost_estimate,currency}')"
                                          : "json_extract(c.body, '$.cost_estimate.currency')";
  double all_started = 0, all_events = 0, all_missed = 0, all_measured = 0;
  for (const auto& [protocol, got] : totals) {
    SCOPED_TRACE("protocol " + protocol);
    const std::string courses = started(protocol);
    const std::string sessions_of =
        "FROM appointments a WHERE a.course_id IN (SELECT c.id " + courses + ") AND a.status = ";
    const std::string ended =
        " AND NOT EXISTS (SELECT 1 FROM appointments b WHERE b.course_id "
        "= c.id AND b.status = 'booked')";
    EXPECT_EQ(got.started, sql_number("SELECT COUNT(*) " + courses));
    EXPECT_EQ(got.ended, sql_number("SELECT COUNT(*) " + courses + ended));
    EXPECT_EQ(got.completed,
              sql_number("SELECT COUNT(*) " + courses + ended +
                         " AND EXISTS (SELECT 1 FROM appointments l WHERE l.course_id = c.id AND "
                         "l.status = 'attended' AND l.session_number = (SELECT "
                         "MAX(n.session_number) FROM appointments n WHERE n.course_id = c.id))"));
    EXPECT_EQ(got.attended, sql_number("SELECT COUNT(*) " + sessions_of + "'attended'"));
    EXPECT_EQ(got.missed, sql_number("SELECT COUNT(*) " + sessions_of + "'missed'"));
    EXPECT_EQ(got.events,
              sql_number("SELECT SUM(" + chart_events +
                         ") FROM session_charts sc JOIN appointments a ON a.id = "
                         "sc.appointment_id WHERE a.course_id IN (SELECT c.id " +
                         courses +
                         ") AND sc.signed_at IS NOT NULL AND sc.version = (SELECT "
                         "MAX(v.version) FROM session_charts v WHERE v.appointment_id = "
                         "sc.appointment_id AND v.signed_at IS NOT NULL)"));
    // Each course earns its agreed cost x attended / planned sessions, rounded half up.
    EXPECT_EQ(got.revenue,
              sql_number("SELECT SUM((2 * " + agreed_cost +
                         " * (SELECT COUNT(*) FROM appointments a WHERE a.course_id = c.id AND "
                         "a.status = 'attended') + (SELECT COUNT(DISTINCT a.session_number) FROM "
                         "appointments a WHERE a.course_id = c.id)) / (2 * (SELECT COUNT(DISTINCT "
                         "a.session_number) FROM appointments a WHERE a.course_id = c.id))) " +
                         courses + " AND " + agreed_currency +
                         " = (SELECT k.currency FROM clinics k WHERE k.id = c.clinic_id)"));
    const std::string density = measured_pairs(protocol, "hair_density");
    EXPECT_EQ(got.density_courses, sql_number(density + "SELECT COUNT(*) FROM pairs"));
    if (got.density_courses > 0) {
      EXPECT_NEAR(got.density_sum / got.density_courses,
                  sql_number(density + "SELECT AVG((fin - base) / base * 100) FROM pairs"), 1e-6);
    }
    // The clinic's rule: density at end of course at least 10% above baseline.
    EXPECT_EQ(got.responder_courses, got.density_courses);
    EXPECT_EQ(got.responders,
              sql_number(density + "SELECT COUNT(*) FROM pairs WHERE (fin - base) / base * 100 "
                                   ">= 10"));
    const std::string diameter = measured_pairs(protocol, "mean_shaft_diameter");
    EXPECT_EQ(got.diameter_courses, sql_number(diameter + "SELECT COUNT(*) FROM pairs"));
    if (got.diameter_courses > 0) {
      EXPECT_NEAR(got.diameter_sum / got.diameter_courses,
                  sql_number(diameter + "SELECT AVG((fin - base) / base * 100) FROM pairs"), 1e-6);
    }
    all_started += got.started;
    all_events += got.events;
    all_missed += got.missed;
    all_measured += got.density_courses;
  }
  // The demo gives every figure something to count.
  EXPECT_GT(all_started, 5);
  EXPECT_GT(all_events, 0);
  EXPECT_GT(all_missed, 0);
  EXPECT_EQ(all_measured, 2);

  // The same rows as CSV: a header line and one line per row.
  const HttpReply csv = practitioner.get(path + "&format=csv");
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_EQ(csv.header("content-type"), "text/csv; charset=utf-8");
  EXPECT_NE(csv.header("content-disposition").find("attachment"), std::string::npos);
  std::istringstream lines(csv.body);
  std::string header;
  std::getline(lines, header);
  EXPECT_EQ(header.rfind("period,period_start,period_end,protocol_id,protocol_name,", 0), 0u)
      << header;
  std::size_t count = 0;
  for (std::string line; std::getline(lines, line);) ++count;
  EXPECT_EQ(count, body.at("rows").size());
}

TEST_P(AnalyticsApiTest, AdminsReadTheAggregatesReceptionCannotAndBadQueriesAreNamed) {
  HttpClient admin(server_->port());
  ASSERT_EQ(ApiTest::sign_in(admin, "admin").status, 201);
  const std::string path = "/api/v1/clinics/" + clinic_ + "/analytics";
  const HttpReply read = admin.get(path + "?period=year&from=" + years_ago(9));
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(read.body.find("patient"), std::string::npos) << "no patient is named";
  HttpClient reception(server_->port());
  ASSERT_EQ(ApiTest::sign_in(reception, "front.desk").status, 201);
  EXPECT_EQ(reception.get(path).status, 403);

  const HttpReply bad = admin.get(path + "?period=week&from=2026-13-01&to=2020-01-01&x=1");
  ASSERT_EQ(bad.status, 422) << bad.body;
  const json problem = bad.json();
  std::vector<std::string> fields;
  for (const auto& error : problem.at("errors")) fields.push_back(error.at("field"));
  std::sort(fields.begin(), fields.end());
  EXPECT_EQ(fields, (std::vector<std::string>{"/from", "/period", "/x"}));
  const HttpReply backwards = admin.get(path + "?from=2026-05-02&to=2026-05-01");
  ASSERT_EQ(backwards.status, 422);
  EXPECT_EQ(backwards.json().at("errors").at(0).at("field"), "/to");
  EXPECT_EQ(admin.get(path + "?from=2010-01-01&to=2026-01-01").status, 422) << "over ten years";
  EXPECT_EQ(admin.get("/api/v1/clinics/no-such-clinic/analytics").status, 404);

  // A protocol named like a spreadsheet formula stays text in the CSV.
  tamper(url(),
         "UPDATE protocols SET name = '=HYPERLINK(\"http://x\",\"a, b\")' WHERE id = "
         "(SELECT protocol_id FROM courses WHERE clinic_id = '" +
             clinic_ + "' ORDER BY id LIMIT 1)");
  const HttpReply csv = admin.get(path + "?period=year&format=csv&from=" + years_ago(9));
  ASSERT_EQ(csv.status, 200);
  EXPECT_NE(csv.body.find(",\"'=HYPERLINK(\"\"http://x\"\",\"\"a, b\"\")\","), std::string::npos)
      << csv.body;
}

INSTANTIATE_TEST_SUITE_P(BothEngines, AnalyticsApiTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         engine_name);

}  // namespace
}  // namespace mesoclinic::testing
