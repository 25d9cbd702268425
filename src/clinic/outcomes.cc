#include "clinic/outcomes.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>
#include <utility>

#include "clinic/names.h"

namespace mesoclinic::clinic {
namespace {

constexpr NameTable<TimePoint, 7> kTimePoints = {{
    {TimePoint::kBaseline, "baseline"},
    {TimePoint::kMidCourse, "mid_course"},
    {TimePoint::kEndOfCourse, "end_of_course"},
    {TimePoint::kMonth3, "month_3"},
    {TimePoint::kMonth6, "month_6"},
    {TimePoint::kMonth12, "month_12"},
    {TimePoint::kMaintenance, "maintenance"},
}};
constexpr NameTable<Measure, 9> kMeasures = {{
    {Measure::kHairDensity, "hair_density"},
    {Measure::kFollicularUnitDensity, "follicular_unit_density"},
    {Measure::kMeanShaftDiameter, "mean_shaft_diameter"},
    {Measure::kVellusShare, "vellus_share"},
    {Measure::kDiameterDiversity, "diameter_diversity"},
    {Measure::kAnagenShare, "anagen_share"},
    {Measure::kPullTest, "pull_test"},
    {Measure::kSheddingCount, "shedding_count"},
    {Measure::kSelfAssessment, "self_assessment"},
}};
constexpr NameTable<Method, 6> kMethods = {{
    {Method::kTrichoscopy, "trichoscopy"},
    {Method::kPhototrichogram, "phototrichogram"},
    {Method::kManual, "manual"},
    {Method::kStandardWash, "standard_wash"},
    {Method::kCombTest, "comb_test"},
    {Method::kPatient, "patient"},
}};

// The six quantities a hair assessment also records keep their units and ranges there.
std::optional<Quantity> as_quantity(Measure measure) {
  switch (measure) {
    case Measure::kHairDensity:
      return Quantity::kHairDensity;
    case Measure::kFollicularUnitDensity:
      return Quantity::kFollicularUnitDensity;
    case Measure::kMeanShaftDiameter:
      return Quantity::kMeanShaftDiameter;
    case Measure::kVellusShare:
      return Quantity::kVellusShare;
    case Measure::kDiameterDiversity:
      return Quantity::kDiameterDiversity;
    case Measure::kAnagenShare:
      return Quantity::kAnagenShare;
    default:
      return std::nullopt;
  }
}

// Counted, not measured: a fraction of a hair or of a point means a mistyped value.
bool is_count(Measure measure) {
  return measure == Measure::kPullTest || measure == Measure::kSheddingCount ||
         measure == Measure::kSelfAssessment;
}

template <class Enum, std::size_t N>
std::string names_in(const NameTable<Enum, N>& table) {
  std::string names;
  for (const auto& [value, name] : table) names += (names.empty() ? "" : ", ") + std::string(name);
  return names;
}

// (measure, zone or -1 for the whole scalp, time point) -> the mean of its readings. Ordered, so
// changes come out by measure, zone and time point.
using ZoneKey = std::tuple<Measure, int, TimePoint>;
std::map<ZoneKey, double> means_by_zone(const std::vector<OutcomeMeasurement>& measurements) {
  std::map<ZoneKey, std::pair<double, int>> sums;
  for (const auto& m : measurements) {
    auto& [sum, count] = sums[{m.measure, m.zone ? static_cast<int>(*m.zone) : -1, m.time_point}];
    sum += m.value;
    ++count;
  }
  std::map<ZoneKey, double> means;
  for (const auto& [key, reading] : sums) means[key] = reading.first / reading.second;
  return means;
}

std::string format_number(double value) {
  std::string text = std::to_string(value);
  text.erase(text.find_last_not_of('0') + 1);
  if (!text.empty() && text.back() == '.') text.pop_back();
  return text;
}

}  // namespace

std::string_view unit_of(Measure measure) {
  if (auto quantity = as_quantity(measure)) return unit_of(*quantity);
  return measure == Measure::kSelfAssessment ? "points" : "hairs";
}

std::pair<double, double> range_of(Measure measure) {
  if (auto quantity = as_quantity(measure)) return range_of(*quantity);
  switch (measure) {
    case Measure::kPullTest:
      return {0, 200};  // hairs out of about 60 pulled (at most 200)
    case Measure::kSheddingCount:
      return {0, 5000};
    default:
      return {-3, 3};  // self-assessment
  }
}

const std::vector<Method>& methods_of(Measure measure) {
  static const std::vector<Method> trichoscopy = {Method::kTrichoscopy};
  static const std::vector<Method> phototrichogram = {Method::kPhototrichogram};
  static const std::vector<Method> manual = {Method::kManual};
  static const std::vector<Method> shedding = {Method::kStandardWash, Method::kCombTest};
  static const std::vector<Method> patient = {Method::kPatient};
  switch (measure) {
    case Measure::kAnagenShare:
      return phototrichogram;
    case Measure::kPullTest:
      return manual;
    case Measure::kSheddingCount:
      return shedding;
    case Measure::kSelfAssessment:
      return patient;
    default:
      return trichoscopy;
  }
}

std::vector<FieldError> check_outcome(const OutcomeMeasurement& m, const std::string& at) {
  std::vector<FieldError> errors;
  const std::string unit(unit_of(m.measure));
  if (m.unit != unit)
    errors.push_back(
        {at + "/unit", "must be " + unit + " for " + std::string(to_string(m.measure))});
  const auto [low, high] = range_of(m.measure);
  if (!std::isfinite(m.value) || m.value < low || m.value > high) {
    errors.push_back({at + "/value",
                      "must be " + format_number(low) + " to " + format_number(high) + " " + unit});
  } else if (is_count(m.measure) && m.value != std::floor(m.value)) {
    errors.push_back({at + "/value", "must be a whole number"});
  }
  const auto& methods = methods_of(m.measure);
  if (std::find(methods.begin(), methods.end(), m.method) == methods.end()) {
    std::string names;
    for (Method method : methods)
      names += (names.empty() ? "" : " or ") + std::string(to_string(method));
    errors.push_back(
        {at + "/method", "must be " + names + " for " + std::string(to_string(m.measure))});
  }
  if (m.measure == Measure::kSelfAssessment && m.time_point == TimePoint::kBaseline) {
    errors.push_back({at + "/time_point",
                      "a self-assessment compares with before, so it is not taken at baseline"});
  }
  return errors;
}

Change change_from(double baseline, double value) {
  Change change;
  change.absolute = value - baseline;
  if (baseline != 0) change.percent = change.absolute / baseline * 100;
  return change;
}

std::vector<OutcomeChange> changes_against_baseline(
    const std::vector<OutcomeMeasurement>& measurements) {
  const auto means = means_by_zone(measurements);
  std::vector<OutcomeChange> changes;
  for (const auto& [key, mean] : means) {
    const auto& [measure, zone, point] = key;
    if (point == TimePoint::kBaseline) continue;
    const auto baseline = means.find({measure, zone, TimePoint::kBaseline});
    if (baseline == means.end()) continue;
    changes.push_back(
        {.measure = measure,
         .zone = zone < 0 ? std::nullopt : std::optional(static_cast<ScalpZone>(zone)),
         .at = point,
         .baseline = baseline->second,
         .value = mean,
         .change = change_from(baseline->second, mean)});
  }
  return changes;
}

std::vector<FieldError> check_responder_rule(const ResponderRule& rule) {
  std::vector<FieldError> errors;
  constexpr Measure kRising[] = {Measure::kHairDensity, Measure::kFollicularUnitDensity,
                                 Measure::kMeanShaftDiameter, Measure::kAnagenShare};
  if (std::find(std::begin(kRising), std::end(kRising), rule.measure) == std::end(kRising)) {
    errors.push_back({"/responder/measure",
                      "must be one of hair_density, follicular_unit_density, "
                      "mean_shaft_diameter, anagen_share (a measure that rises as hair improves)"});
  }
  if (rule.at == TimePoint::kBaseline) {
    errors.push_back({"/responder/time_point", "must be a time point after baseline"});
  }
  if (!std::isfinite(rule.min_percent) || rule.min_percent < 1 || rule.min_percent > 200) {
    errors.push_back({"/responder/min_percent", "must be 1 to 200 (percent above baseline)"});
  }
  return errors;
}

std::optional<Change> overall_change(Measure measure, TimePoint at,
                                     const std::vector<OutcomeMeasurement>& measurements) {
  double baseline = 0;
  double outcome = 0;
  int zones = 0;
  for (const auto& change : changes_against_baseline(measurements)) {
    if (change.measure != measure || change.at != at) continue;
    baseline += change.baseline;
    outcome += change.value;
    ++zones;
  }
  if (zones == 0) return std::nullopt;
  return change_from(baseline / zones, outcome / zones);
}

std::optional<bool> is_responder(const ResponderRule& rule,
                                 const std::vector<OutcomeMeasurement>& measurements) {
  const auto change = overall_change(rule.measure, rule.at, measurements);
  // No percent: a zero baseline, against which no rise means anything.
  if (!change || !change->percent) return std::nullopt;
  return *change->percent >= rule.min_percent;
}

std::vector<FollowUp> follow_ups(const std::vector<CalendarDate>& session_days) {
  if (session_days.empty()) return {};
  const CalendarDate last = session_days.back();
  return {{TimePoint::kBaseline, session_days.front()},
          {TimePoint::kMidCourse, session_days[(session_days.size() - 1) / 2]},
          {TimePoint::kEndOfCourse, last},
          {TimePoint::kMonth3, add_months(last, 3)},
          {TimePoint::kMonth6, add_months(last, 6)},
          {TimePoint::kMonth12, add_months(last, 12)}};
}

std::vector<FollowUp> missing_follow_ups(const std::vector<FollowUp>& due,
                                         const std::vector<TimePoint>& recorded,
                                         CalendarDate today) {
  std::vector<FollowUp> missing;
  for (const auto& point : due) {
    const bool taken = std::find(recorded.begin(), recorded.end(), point.point) != recorded.end();
    if (point.due_on <= today && !taken) missing.push_back(point);
  }
  return missing;
}

std::string_view to_string(TimePoint point) { return name_in(kTimePoints, point); }
std::string_view to_string(Measure measure) { return name_in(kMeasures, measure); }
std::string_view to_string(Method method) { return name_in(kMethods, method); }
std::optional<TimePoint> parse_time_point(std::string_view text) {
  return parse_in(kTimePoints, text);
}
std::optional<Measure> parse_measure(std::string_view text) { return parse_in(kMeasures, text); }
std::optional<Method> parse_method(std::string_view text) { return parse_in(kMethods, text); }
std::string names_of_time_points() { return names_in(kTimePoints); }
std::string names_of_measures() { return names_in(kMeasures); }
std::string names_of_methods() { return names_in(kMethods); }

std::string_view words_for(TimePoint point) {
  switch (point) {
    case TimePoint::kBaseline:
      return "baseline";
    case TimePoint::kMidCourse:
      return "mid-course";
    case TimePoint::kEndOfCourse:
      return "end-of-course";
    case TimePoint::kMonth3:
      return "3-month";
    case TimePoint::kMonth6:
      return "6-month";
    case TimePoint::kMonth12:
      return "12-month";
    case TimePoint::kMaintenance:
      return "maintenance";
  }
  return "follow-up";
}

}  // namespace mesoclinic::clinic
