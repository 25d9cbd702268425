#include "clinic/analytics.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <tuple>

#include "clinic/names.h"

namespace mesoclinic::clinic {
namespace {

using namespace std::chrono;

constexpr NameTable<AnalyticsPeriod, 3> kPeriods = {{
    {AnalyticsPeriod::kMonth, "month"},
    {AnalyticsPeriod::kQuarter, "quarter"},
    {AnalyticsPeriod::kYear, "year"},
}};

std::optional<double> share(int part, int whole) {
  if (whole <= 0) return std::nullopt;
  return 100.0 * part / whole;
}

// Running sums behind a CourseMean.
struct MeanOf {
  double sum = 0;
  int courses = 0;
  void add(const std::optional<Change>& change) {
    if (!change || !change->percent) return;
    sum += *change->percent;
    ++courses;
  }
  CourseMean result() const {
    if (courses == 0) return {};
    return {.mean = sum / courses, .courses = courses};
  }
};

// A row while its courses are added; revenue summed exactly as a fraction per course, then
// rounded once per course (half up), so the row is the sum of what each course earned.
struct Cell {
  AnalyticsRow row;
  MeanOf density;
  MeanOf diameter;
};

std::int64_t earned(const Money& agreed, int attended, int planned) {
  if (planned <= 0 || attended <= 0) return 0;
  // Agreed prices are bounded (planning/protocol.h), so the product fits comfortably.
  const std::int64_t numerator = agreed.minor_units * std::min(attended, planned);
  return (2 * numerator + planned) / (2 * planned);
}

void add_course(Cell& cell, const CourseTally& course, const ResponderRule& rule,
                const std::string& currency) {
  AnalyticsRow& row = cell.row;
  ++row.courses_started;
  const bool ended = course.booked == 0;
  if (ended) ++row.courses_ended;
  if (ended && course.last_session_attended) ++row.courses_completed;
  cell.density.add(
      overall_change(Measure::kHairDensity, TimePoint::kEndOfCourse, course.measurements));
  cell.diameter.add(
      overall_change(Measure::kMeanShaftDiameter, TimePoint::kEndOfCourse, course.measurements));
  if (const auto responded = is_responder(rule, course.measurements)) {
    ++row.responder_courses;
    if (*responded) ++row.responders;
  }
  row.sessions_attended += course.attended;
  row.sessions_missed += course.missed;
  row.adverse_events += course.adverse_events;
  if (course.agreed_cost && course.agreed_cost->currency == currency) {
    row.revenue.minor_units +=
        earned(*course.agreed_cost, course.attended, course.sessions_planned);
  }
}

}  // namespace

std::string_view to_string(AnalyticsPeriod period) { return name_in(kPeriods, period); }
std::optional<AnalyticsPeriod> parse_analytics_period(std::string_view text) {
  return parse_in(kPeriods, text);
}

std::optional<double> completion_percent(const AnalyticsRow& row) {
  return share(row.courses_completed, row.courses_ended);
}
std::optional<double> responder_percent(const AnalyticsRow& row) {
  return share(row.responders, row.responder_courses);
}
std::optional<double> no_show_percent(const AnalyticsRow& row) {
  return share(row.sessions_missed, row.sessions_attended + row.sessions_missed);
}
std::optional<double> adverse_events_per_100_sessions(const AnalyticsRow& row) {
  return share(row.adverse_events, row.sessions_attended);
}

std::pair<CalendarDate, CalendarDate> period_around(CalendarDate day, AnalyticsPeriod period) {
  const year y = day.year();
  switch (period) {
    case AnalyticsPeriod::kMonth:
      return {y / day.month() / 1, year_month_day{y / day.month() / last}};
    case AnalyticsPeriod::kQuarter: {
      const unsigned first = (static_cast<unsigned>(day.month()) - 1) / 3 * 3 + 1;
      return {y / month{first} / 1, year_month_day{y / month{first + 2} / last}};
    }
    case AnalyticsPeriod::kYear:
      break;
  }
  return {y / January / 1, y / December / 31};
}

std::string period_name(CalendarDate period_start, AnalyticsPeriod period) {
  const int y = static_cast<int>(period_start.year());
  const unsigned m = static_cast<unsigned>(period_start.month());
  char text[32];
  switch (period) {
    case AnalyticsPeriod::kMonth:
      std::snprintf(text, sizeof text, "%04d-%02u", y, m);
      break;
    case AnalyticsPeriod::kQuarter:
      std::snprintf(text, sizeof text, "%04d-Q%u", y, (m - 1) / 3 + 1);
      break;
    case AnalyticsPeriod::kYear:
      std::snprintf(text, sizeof text, "%04d", y);
      break;
  }
  return text;
}

std::vector<FieldError> check_analytics_span(CalendarDate from, CalendarDate to) {
  if (!from.ok()) return {{"/from", "must be a real date"}};
  if (!to.ok()) return {{"/to", "must be a real date"}};
  if (to < from) return {{"/to", "must not be before from"}};
  // Ten years on from 29 February is the 28th.
  const bool leap_day = from.month() == February && from.day() == day{29};
  const year_month_day limit{from.year() + years{kMaxAnalyticsYears}, from.month(),
                             leap_day ? day{28} : from.day()};
  if (limit <= to) {
    return {
        {"/to", "must be less than " + std::to_string(kMaxAnalyticsYears) + " years after from"}};
  }
  return {};
}

std::vector<AnalyticsRow> summarise_courses(const std::vector<CourseTally>& courses,
                                            AnalyticsPeriod period, const ResponderRule& rule,
                                            const std::string& currency) {
  // Keyed by period start, protocol name and id (two protocols may not share a name, but a
  // retired one's name may come back).
  std::map<std::tuple<sys_days, std::string, std::string>, Cell> cells;
  for (const auto& course : courses) {
    const auto [start, end] = period_around(course.started_on, period);
    Cell& cell = cells[{sys_days{start}, course.protocol_name, course.protocol_id}];
    if (cell.row.courses_started == 0) {
      cell.row.protocol_id = course.protocol_id;
      cell.row.protocol_name = course.protocol_name;
      cell.row.period_start = start;
      cell.row.period_end = end;
      cell.row.revenue.currency = currency;
    }
    add_course(cell, course, rule, currency);
  }
  std::vector<AnalyticsRow> rows;
  rows.reserve(cells.size());
  for (auto& [key, cell] : cells) {
    cell.row.density_change_percent = cell.density.result();
    cell.row.diameter_change_percent = cell.diameter.result();
    rows.push_back(std::move(cell.row));
  }
  return rows;
}

}  // namespace mesoclinic::clinic
