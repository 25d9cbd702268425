#include "report/course_words.h"

#include "catalogue/catalogue.h"

namespace mesoclinic::report {
namespace {

// The catalogue's words under `prefix` for `id` (an enumeration's name as the API spells it).
std::string words_for(const std::string& language, std::string_view prefix, std::string_view id) {
  return catalogue::text(language, std::string(prefix).append(id));
}

}  // namespace

std::string isolated(std::string_view typed) {
  return std::string("\u2068").append(typed).append("\u2069");
}

std::string measure_name(const std::string& language, clinic::Measure measure) {
  return words_for(language, "report.measure.", clinic::to_string(measure));
}

std::string measure_unit(const std::string& language, clinic::Measure measure) {
  return words_for(language, "report.unit.", clinic::to_string(measure));
}

std::string zone_name(const std::string& language, std::optional<clinic::ScalpZone> zone) {
  return zone ? words_for(language, "report.zone.", clinic::to_string(*zone))
              : catalogue::text(language, "report.zone.whole_scalp");
}

std::string time_point_name(const std::string& language, clinic::TimePoint point) {
  return words_for(language, "report.time_point.", clinic::to_string(point));
}

std::string time_point_short(const std::string& language, clinic::TimePoint point) {
  return words_for(language, "report.time_point_short.", clinic::to_string(point));
}

std::string view_name(const std::string& language, const std::string& view) {
  const std::string key = std::string("report.view.").append(view);
  std::string words = catalogue::text(language, key);
  return words == key ? view : words;
}

std::string attendance_name(const std::string& language, planning::Attendance attendance) {
  return words_for(language, "report.attendance.", planning::to_string(attendance));
}

std::string severity_name(const std::string& language, clinic::Severity severity) {
  return words_for(language, "report.severity.", clinic::to_string(severity));
}

int decimals_of(clinic::Measure measure) {
  switch (measure) {
    case clinic::Measure::kMeanShaftDiameter:
    case clinic::Measure::kVellusShare:
    case clinic::Measure::kDiameterDiversity:
    case clinic::Measure::kAnagenShare:
      return 1;
    case clinic::Measure::kHairDensity:
    case clinic::Measure::kFollicularUnitDensity:
    case clinic::Measure::kPullTest:
    case clinic::Measure::kSheddingCount:
    case clinic::Measure::kSelfAssessment:
      return 0;
  }
  return 1;
}

}  // namespace mesoclinic::report
