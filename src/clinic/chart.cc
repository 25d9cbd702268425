#include "clinic/chart.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "clinic/names.h"
#include "core/text.h"

namespace mesoclinic::clinic {
namespace {

constexpr NameTable<Technique, 5> kTechniques = {{
    {Technique::kNappage, "nappage"},
    {Technique::kPointByPoint, "point_by_point"},
    {Technique::kPapule, "papule"},
    {Technique::kMicroneedling, "microneedling"},
    {Technique::kInjectorGun, "injector_gun"},
}};

constexpr NameTable<Severity, 3> kSeverities = {{
    {Severity::kMild, "mild"},
    {Severity::kModerate, "moderate"},
    {Severity::kSevere, "severe"},
}};

bool within(double value, double low, double high) {
  return std::isfinite(value) && value >= low && value <= high;
}

}  // namespace

std::string_view to_string(Technique technique) { return name_in(kTechniques, technique); }
std::optional<Technique> parse_technique(std::string_view text) {
  return parse_in(kTechniques, text);
}
std::string names_of_techniques() {
  std::string names;
  for (const auto& [value, name] : kTechniques) {
    if (!names.empty()) names += ", ";
    names += name;
  }
  return names;
}

std::string_view to_string(Severity severity) { return name_in(kSeverities, severity); }
std::optional<Severity> parse_severity(std::string_view text) {
  return parse_in(kSeverities, text);
}

Result<void> validate_chart(const SessionChart& chart) {
  std::vector<FieldError> errors;
  if (chart.zones.empty() && chart.points.empty()) {
    errors.push_back({"/zones", "at least one treated zone or scalp point is required"});
  }
  std::set<ScalpZone> seen_zones;
  for (std::size_t i = 0; i < chart.zones.size(); ++i) {
    const auto& zone = chart.zones[i];
    const std::string at = "/zones/" + std::to_string(i);
    if (!seen_zones.insert(zone.zone).second) errors.push_back({at + "/zone", "is charted twice"});
    if (!within(zone.volume_ml, 0, 10)) errors.push_back({at + "/volume_ml", "must be 0 to 10 ml"});
    if (zone.injection_points < 0 || zone.injection_points > 500) {
      errors.push_back({at + "/injection_points", "must be 0 to 500"});
    }
  }
  if (chart.points.size() > 200) errors.push_back({"/points", "must be at most 200"});
  for (std::size_t i = 0; i < chart.points.size(); ++i) {
    const auto& point = chart.points[i];
    const std::string at = "/points/" + std::to_string(i);
    if (!within(point.x, 0, 1)) errors.push_back({at + "/x", "must be 0 to 1 (normalised)"});
    if (!within(point.y, 0, 1)) errors.push_back({at + "/y", "must be 0 to 1 (normalised)"});
    if (!within(point.volume_ml, 0, 10))
      errors.push_back({at + "/volume_ml", "must be 0 to 10 ml"});
    if (code_point_count(point.label) > 100) {
      errors.push_back({at + "/label", "must be at most 100 characters"});
    }
  }
  if (chart.needle_gauge < 25 || chart.needle_gauge > 34) {
    errors.push_back({"/needle_gauge", "must be 25 to 34 G"});
  }
  if (!within(chart.needle_length_mm, 1, 13)) {
    errors.push_back({"/needle_length_mm", "must be 1 to 13 mm"});
  }
  if (!within(chart.depth_mm, 0.1, 6)) {
    errors.push_back({"/depth_mm", "must be 0.1 to 6 mm"});
  } else if (within(chart.needle_length_mm, 1, 13) && chart.depth_mm > chart.needle_length_mm) {
    errors.push_back({"/depth_mm", "cannot be deeper than the needle is long"});
  }
  std::set<std::string> seen_lots;
  for (std::size_t i = 0; i < chart.lots.size(); ++i) {
    const std::string at = "/lots/" + std::to_string(i);
    if (chart.lots[i].lot_id.empty()) errors.push_back({at + "/lot_id", "is required"});
    if (!seen_lots.insert(chart.lots[i].lot_id).second) {
      errors.push_back({at + "/lot_id", "is listed twice; give the vials once"});
    }
    if (chart.lots[i].vials < 1 || chart.lots[i].vials > 50) {
      errors.push_back({at + "/vials", "must be 1 to 50"});
    }
  }
  if (chart.pain_score < 0 || chart.pain_score > 10) {
    errors.push_back({"/pain_score", "must be 0 to 10"});
  }
  for (std::size_t i = 0; i < chart.adverse_events.size(); ++i) {
    const auto& event = chart.adverse_events[i];
    const std::string at = "/adverse_events/" + std::to_string(i);
    if (event.kind.empty() || code_point_count(event.kind) > 200) {
      errors.push_back({at + "/kind", "must be 1 to 200 characters"});
    }
    if (event.action_taken.empty() || code_point_count(event.action_taken) > 2000) {
      errors.push_back({at + "/action_taken", "must say what was done (1 to 2000 characters)"});
    }
  }
  if (code_point_count(chart.notes) > 10000) {
    errors.push_back({"/notes", "must be at most 10000 characters"});
  }
  if (errors.empty()) return {};
  return invalid(std::move(errors));
}

std::vector<LotUse> lot_changes(const std::vector<LotUse>& before, const std::vector<LotUse>& now) {
  std::map<std::string, int> delta;
  for (const auto& use : now) delta[use.lot_id] += use.vials;
  for (const auto& use : before) delta[use.lot_id] -= use.vials;
  std::vector<LotUse> changes;
  for (const auto& [lot, vials] : delta) {
    if (vials != 0) changes.push_back({lot, vials});
  }
  return changes;
}

}  // namespace mesoclinic::clinic
