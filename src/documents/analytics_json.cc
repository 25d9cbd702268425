#include "documents/analytics_json.h"

#include <cstdio>
#include <functional>

namespace mesoclinic::documents {
namespace {

Json number_or_null(const std::optional<double>& value) {
  return value ? Json(*value) : Json(nullptr);
}

// One CSV column: its header and how a row's cell is written.
struct Column {
  const char* name;
  std::function<std::string(const clinic::AnalyticsRow&, clinic::AnalyticsPeriod)> cell;
};

std::string decimal(const std::optional<double>& value) {
  if (!value) return "";
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", *value);
  return text;
}

// A text cell quoted where CSV needs it, and kept from being read as a formula.
std::string text_cell(const std::string& text) {
  std::string cell = text;
  if (!cell.empty() && std::string_view("=+-@\t\r").find(cell.front()) != std::string_view::npos) {
    cell.insert(cell.begin(), '\'');
  }
  if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
  std::string quoted = "\"";
  for (char c : cell) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

template <class Count>
std::string count(Count value) {
  return std::to_string(value);
}

const std::vector<Column>& columns() {
  using Row = clinic::AnalyticsRow;
  using Period = clinic::AnalyticsPeriod;
  static const std::vector<Column> kColumns = {
      {"period", [](const Row& r, Period p) { return clinic::period_name(r.period_start, p); }},
      {"period_start", [](const Row& r, Period) { return format_iso_date(r.period_start); }},
      {"period_end", [](const Row& r, Period) { return format_iso_date(r.period_end); }},
      {"protocol_id", [](const Row& r, Period) { return text_cell(r.protocol_id); }},
      {"protocol_name", [](const Row& r, Period) { return text_cell(r.protocol_name); }},
      {"courses_started", [](const Row& r, Period) { return count(r.courses_started); }},
      {"courses_ended", [](const Row& r, Period) { return count(r.courses_ended); }},
      {"courses_completed", [](const Row& r, Period) { return count(r.courses_completed); }},
      {"completion_percent",
       [](const Row& r, Period) { return decimal(clinic::completion_percent(r)); }},
      {"density_change_percent",
       [](const Row& r, Period) { return decimal(r.density_change_percent.mean); }},
      {"density_courses",
       [](const Row& r, Period) { return count(r.density_change_percent.courses); }},
      {"diameter_change_percent",
       [](const Row& r, Period) { return decimal(r.diameter_change_percent.mean); }},
      {"diameter_courses",
       [](const Row& r, Period) { return count(r.diameter_change_percent.courses); }},
      {"responders", [](const Row& r, Period) { return count(r.responders); }},
      {"responder_courses", [](const Row& r, Period) { return count(r.responder_courses); }},
      {"responder_percent",
       [](const Row& r, Period) { return decimal(clinic::responder_percent(r)); }},
      {"sessions_attended", [](const Row& r, Period) { return count(r.sessions_attended); }},
      {"adverse_events", [](const Row& r, Period) { return count(r.adverse_events); }},
      {"adverse_events_per_100_sessions",
       [](const Row& r, Period) { return decimal(clinic::adverse_events_per_100_sessions(r)); }},
      {"sessions_missed", [](const Row& r, Period) { return count(r.sessions_missed); }},
      {"no_show_percent", [](const Row& r, Period) { return decimal(clinic::no_show_percent(r)); }},
      // Minor units (cents, kuruş) as the API gives them: exact whatever the currency's decimals.
      {"revenue_minor_units", [](const Row& r, Period) { return count(r.revenue.minor_units); }},
      {"currency", [](const Row& r, Period) { return text_cell(r.revenue.currency); }},
  };
  return kColumns;
}

}  // namespace

Json analytics_row_json(const clinic::AnalyticsRow& row, clinic::AnalyticsPeriod period) {
  return {{"protocol_id", row.protocol_id},
          {"protocol_name", row.protocol_name},
          {"period", clinic::period_name(row.period_start, period)},
          {"period_start", format_iso_date(row.period_start)},
          {"period_end", format_iso_date(row.period_end)},
          {"courses_started", row.courses_started},
          {"courses_ended", row.courses_ended},
          {"courses_completed", row.courses_completed},
          {"completion_percent", number_or_null(clinic::completion_percent(row))},
          {"density_change_percent", number_or_null(row.density_change_percent.mean)},
          {"density_courses", row.density_change_percent.courses},
          {"diameter_change_percent", number_or_null(row.diameter_change_percent.mean)},
          {"diameter_courses", row.diameter_change_percent.courses},
          {"responders", row.responders},
          {"responder_courses", row.responder_courses},
          {"responder_percent", number_or_null(clinic::responder_percent(row))},
          {"sessions_attended", row.sessions_attended},
          {"adverse_events", row.adverse_events},
          {"adverse_events_per_100_sessions",
           number_or_null(clinic::adverse_events_per_100_sessions(row))},
          {"sessions_missed", row.sessions_missed},
          {"no_show_percent", number_or_null(clinic::no_show_percent(row))},
          {"revenue", money_json(row.revenue)}};
}

std::string analytics_csv(const std::vector<clinic::AnalyticsRow>& rows,
                          clinic::AnalyticsPeriod period) {
  std::string csv;
  for (const auto& column : columns()) {
    if (!csv.empty()) csv += ',';
    csv += column.name;
  }
  csv += "\r\n";
  for (const auto& row : rows) {
    bool first = true;
    for (const auto& column : columns()) {
      if (!first) csv += ',';
      first = false;
      csv += column.cell(row, period);
    }
    csv += "\r\n";
  }
  return csv;
}

}  // namespace mesoclinic::documents
