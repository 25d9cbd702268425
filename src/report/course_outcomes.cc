#include "report/course_outcomes.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "catalogue/catalogue.h"
#include "report/course_words.h"

namespace mesoclinic::report {
namespace {

// The readings of one measure in one zone at one time point: their mean and the first day.
struct Readings {
  double sum = 0;
  int count = 0;
  CalendarDate first_day{};
  double mean() const { return sum / count; }
};
using ByTimePoint = std::map<clinic::TimePoint, Readings>;

// Zones in the enumeration's order, the whole scalp (none) after them.
struct ZoneOrder {
  bool operator()(const std::optional<clinic::ScalpZone>& a,
                  const std::optional<clinic::ScalpZone>& b) const {
    if (a.has_value() != b.has_value()) return a.has_value();
    return a && *a < *b;
  }
};
using Key = std::pair<clinic::Measure, std::optional<clinic::ScalpZone>>;
struct KeyOrder {
  bool operator()(const Key& a, const Key& b) const {
    if (a.first != b.first) return a.first < b.first;
    return ZoneOrder{}(a.second, b.second);
  }
};

std::map<Key, ByTimePoint, KeyOrder> grouped(const std::vector<DatedMeasurement>& measurements) {
  std::map<Key, ByTimePoint, KeyOrder> groups;
  for (const auto& [m, day] : measurements) {
    Readings& readings = groups[{m.measure, m.zone}][m.time_point];
    if (readings.count == 0 || day < readings.first_day) readings.first_day = day;
    readings.sum += m.value;
    ++readings.count;
  }
  return groups;
}

// The number of the session held on `day` (not cancelled), if one was.
std::optional<int> session_on(const std::vector<ReportSession>& sessions, CalendarDate day) {
  for (const auto& session : sessions) {
    if (session.starts_at.date == day && session.attendance != planning::Attendance::kCancelled) {
      return session.number;
    }
  }
  return std::nullopt;
}

}  // namespace

std::vector<MeasurementRow> measurement_rows(const std::vector<DatedMeasurement>& measurements) {
  std::vector<MeasurementRow> rows;
  for (const auto& [key, points] : grouped(measurements)) {
    MeasurementRow row{.measure = key.first,
                       .zone = key.second,
                       .baseline = std::nullopt,
                       .latest = std::nullopt,
                       .latest_at = std::nullopt,
                       .change = std::nullopt};
    if (const auto base = points.find(clinic::TimePoint::kBaseline); base != points.end()) {
      row.baseline = base->second.mean();
    }
    if (const auto last = points.rbegin(); last->first != clinic::TimePoint::kBaseline) {
      row.latest = last->second.mean();
      row.latest_at = last->first;
    }
    if (row.baseline && row.latest) row.change = clinic::change_from(*row.baseline, *row.latest);
    rows.push_back(row);
  }
  return rows;
}

ProgressChart pain_chart(const std::string& language, const std::vector<ReportSession>& sessions) {
  ProgressChart chart;
  chart.language = language;
  chart.title = catalogue::text(language, "report.chart.pain_title");
  chart.unit = catalogue::text(language, "report.chart.pain_unit");
  chart.axis_label = catalogue::text(language, "report.chart.session_axis");
  chart.no_values = catalogue::text(language, "report.chart.no_values");
  chart.decimals = 0;
  chart.y_from = 0;
  chart.y_to = 10;
  ChartSeries pain{catalogue::text(language, "report.chart.pain_series"), {}};
  for (const auto& session : sessions) {
    if (session.attendance == planning::Attendance::kCancelled) continue;
    chart.columns.push_back({std::to_string(session.number), session.starts_at.date});
    pain.values.push_back(session.pain ? std::optional<double>(*session.pain) : std::nullopt);
  }
  chart.series.push_back(std::move(pain));
  return chart;
}

ProgressChart measure_chart(const std::string& language, clinic::Measure measure,
                            std::optional<clinic::ScalpZone> zone,
                            const std::vector<ReportSession>& sessions,
                            const std::vector<DatedMeasurement>& measurements) {
  ProgressChart chart;
  chart.language = language;
  const std::string zone_words = zone_name(language, zone);
  chart.title =
      catalogue::text(language, "report.chart.measure_title",
                      {{"measure", measure_name(language, measure)}, {"zone", zone_words}});
  chart.unit = measure_unit(language, measure);
  chart.axis_label = catalogue::text(language, "report.chart.session_axis");
  chart.baseline_label = catalogue::text(language, "report.chart.baseline");
  chart.no_values = catalogue::text(language, "report.chart.no_values");
  chart.decimals = decimals_of(measure);
  ChartSeries series{zone_words, {}};
  const auto groups = grouped(measurements);
  if (const auto found = groups.find({measure, zone}); found != groups.end()) {
    for (const auto& [point, readings] : found->second) {
      const auto session = session_on(sessions, readings.first_day);
      chart.columns.push_back(
          {session ? std::to_string(*session) : time_point_short(language, point),
           readings.first_day});
      series.values.push_back(readings.mean());
      if (point == clinic::TimePoint::kBaseline) chart.baseline = readings.mean();
    }
  }
  chart.series.push_back(std::move(series));
  return chart;
}

const std::vector<clinic::Measure>& charted_measures() {
  static const std::vector<clinic::Measure> measures = {clinic::Measure::kHairDensity,
                                                        clinic::Measure::kMeanShaftDiameter,
                                                        clinic::Measure::kSheddingCount};
  return measures;
}

std::vector<ProgressChart> measure_charts(const CourseReport& report) {
  std::vector<ProgressChart> charts;
  for (const auto& row : measurement_rows(report.measurements)) {
    const auto& charted = charted_measures();
    if (std::find(charted.begin(), charted.end(), row.measure) == charted.end()) continue;
    // A line needs a second point: measured at baseline only, the table says all there is.
    if (!row.latest) continue;
    charts.push_back(measure_chart(report.language, row.measure, row.zone, report.sessions,
                                   report.measurements));
  }
  return charts;
}

}  // namespace mesoclinic::report
