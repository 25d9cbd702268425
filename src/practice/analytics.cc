#include "practice/analytics.h"

#include <unordered_map>

#include "planning/calendar.h"
#include "practice/clinic_context.h"
#include "practice/outcomes.h"

namespace mesoclinic::practice {

Result<ClinicAnalytics> clinic_analytics(store::Transaction& tx, const AnalyticsRequest& request,
                                         Instant now) {
  auto site = find_clinic_in_zone(tx, request.clinic_id);
  if (!site) return std::unexpected(site.error());
  const CalendarDate today = site->zone.to_local(now).date;
  const CalendarDate first_day = request.from.value_or(
      CalendarDate{(today.year() - std::chrono::years{1}) / std::chrono::January / 1});
  const CalendarDate last_day = request.to.value_or(today);
  if (auto errors = clinic::check_analytics_span(first_day, last_day); !errors.empty()) {
    return invalid(std::move(errors), "The span asked for cannot be counted.");
  }
  auto rule = load_responder_rule(tx, request.clinic_id);
  if (!rule) return std::unexpected(rule.error());
  const Instant from = planning::start_of_day(site->zone, first_day);
  const Instant to = planning::start_of_day(site->zone, add_days(last_day, 1));

  auto counted = tx.count_courses_started(request.clinic_id, from, to);
  if (!counted) return std::unexpected(counted.error());
  // Only what the figures compare: density and diameter at end of course, and the rule's own.
  auto readings = tx.readings_of_courses_started(
      request.clinic_id, from, to,
      {clinic::Measure::kHairDensity, clinic::Measure::kMeanShaftDiameter, rule->measure},
      {clinic::TimePoint::kBaseline, clinic::TimePoint::kEndOfCourse, rule->at});
  if (!readings) return std::unexpected(readings.error());

  std::vector<clinic::CourseTally> courses;
  courses.reserve(counted->size());
  std::unordered_map<std::string, std::size_t> index;
  for (const auto& course : *counted) {
    index.emplace(course.course_id, courses.size());
    courses.push_back({.protocol_id = course.protocol_id,
                       .protocol_name = course.protocol_name,
                       .started_on = site->zone.to_local(course.first_attended).date,
                       .sessions_planned = static_cast<int>(course.sessions_planned),
                       .attended = static_cast<int>(course.attended),
                       .missed = static_cast<int>(course.missed),
                       .booked = static_cast<int>(course.booked),
                       .last_session_attended = course.last_session_attended,
                       .adverse_events = static_cast<int>(course.adverse_events),
                       .agreed_cost = course.agreed_cost,
                       .measurements = {}});
  }
  for (auto& reading : *readings) {
    if (const auto at = index.find(reading.course_id); at != index.end()) {
      courses[at->second].measurements.push_back(std::move(reading.measurement));
    }
  }
  return ClinicAnalytics{
      .from = first_day,
      .to = last_day,
      .currency = site->clinic.currency,
      .rule = *rule,
      .rows = clinic::summarise_courses(courses, request.period, *rule, site->clinic.currency)};
}

}  // namespace mesoclinic::practice
