#include "clinic/assessment.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <utility>

#include "clinic/names.h"
#include "core/text.h"

namespace mesoclinic::clinic {
namespace {

constexpr NameTable<ScalpZone, 9> kZones = {{
    {ScalpZone::kFrontalHairline, "frontal_hairline"},
    {ScalpZone::kFrontal, "frontal"},
    {ScalpZone::kMidScalp, "mid_scalp"},
    {ScalpZone::kVertex, "vertex"},
    {ScalpZone::kLeftTemporal, "left_temporal"},
    {ScalpZone::kRightTemporal, "right_temporal"},
    {ScalpZone::kLeftParietal, "left_parietal"},
    {ScalpZone::kRightParietal, "right_parietal"},
    {ScalpZone::kOccipital, "occipital"},
}};
constexpr NameTable<Diabetes, 3> kDiabetes = {{
    {Diabetes::kNone, "none"},
    {Diabetes::kControlled, "controlled"},
    {Diabetes::kUncontrolled, "uncontrolled"},
}};
constexpr NameTable<Autoimmune, 3> kAutoimmune = {{
    {Autoimmune::kNone, "none"},
    {Autoimmune::kStable, "stable"},
    {Autoimmune::kInFlare, "in_flare"},
}};
constexpr NameTable<PatternScale, 3> kScales = {{
    {PatternScale::kNorwoodHamilton, "norwood_hamilton"},
    {PatternScale::kLudwig, "ludwig"},
    {PatternScale::kSinclair, "sinclair"},
}};
constexpr NameTable<ScalpCondition, 6> kConditions = {{
    {ScalpCondition::kNormal, "normal"},
    {ScalpCondition::kDry, "dry"},
    {ScalpCondition::kOily, "oily"},
    {ScalpCondition::kInflamed, "inflamed"},
    {ScalpCondition::kInfected, "infected"},
    {ScalpCondition::kScarred, "scarred"},
}};
constexpr NameTable<Quantity, 6> kQuantities = {{
    {Quantity::kHairDensity, "hair_density"},
    {Quantity::kFollicularUnitDensity, "follicular_unit_density"},
    {Quantity::kMeanShaftDiameter, "mean_shaft_diameter"},
    {Quantity::kVellusShare, "vellus_share"},
    {Quantity::kDiameterDiversity, "diameter_diversity"},
    {Quantity::kAnagenShare, "anagen_share"},
}};

// Collects field errors under JSON pointers.
class Checker {
 public:
  // The text policy (core/text.h): one line unless `allow_newlines`. Emptiness is the
  // caller's rule (an empty result of a past treatment is fine, an empty allergy is not).
  void text(const std::string& pointer, const std::string& value, std::size_t max_length,
            bool allow_newlines) {
    if (value.empty()) return;
    const TextKind kind = allow_newlines ? TextKind::kNote : TextKind::kName;
    if (auto problem = text_policy_problem(value, kind, max_length)) add(pointer, *problem);
  }

  void short_list(const std::string& pointer, const std::vector<std::string>& values) {
    if (values.size() > kMaxListEntries) {
      return add(pointer, "must have at most " + std::to_string(kMaxListEntries) + " entries");
    }
    for (std::size_t i = 0; i < values.size(); ++i) {
      const std::string at = pointer + "/" + std::to_string(i);
      if (values[i].empty()) add(at, "must not be empty");
      text(at, values[i], kMaxShortText, false);
    }
  }

  template <class Zone>
  void zones(const std::string& pointer, const std::vector<Zone>& values) {
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (std::find(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(i), values[i]) !=
          values.begin() + static_cast<std::ptrdiff_t>(i)) {
        add(pointer + "/" + std::to_string(i), "is listed twice");
      }
    }
  }

  void range(const std::string& pointer, double value, double low, double high,
             std::string_view unit = {}) {
    if (std::isfinite(value) && value >= low && value <= high) return;
    std::string message = "must be between " + number(low) + " and " + number(high);
    if (!unit.empty()) message.append(" ").append(unit);
    add(pointer, message);
  }

  void add(const std::string& pointer, std::string message) {
    errors_.push_back({pointer, std::move(message)});
  }

  Result<void> result() {
    if (errors_.empty()) return {};
    return invalid(std::move(errors_));
  }

 private:
  static std::string number(double value) {
    if (value == std::floor(value)) return std::to_string(static_cast<long long>(value));
    std::string text = std::to_string(value);
    while (text.back() == '0') text.pop_back();
    return text;
  }

  std::vector<FieldError> errors_;
};

}  // namespace

Result<void> validate_history(const MedicalHistory& history) {
  Checker check;
  check.short_list("/conditions", history.conditions);
  check.short_list("/medications", history.medications);
  check.short_list("/allergies", history.allergies);
  for (std::size_t i = 0; i < history.allergies.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (fold_for_search(history.allergies[i]) == fold_for_search(history.allergies[j])) {
        check.add("/allergies/" + std::to_string(i), "is listed twice");
        break;
      }
    }
  }
  if (history.previous_treatments.size() > kMaxListEntries) {
    check.add("/previous_treatments",
              "must have at most " + std::to_string(kMaxListEntries) + " entries");
  }
  for (std::size_t i = 0; i < history.previous_treatments.size() && i < kMaxListEntries; ++i) {
    const std::string at = "/previous_treatments/" + std::to_string(i);
    if (history.previous_treatments[i].treatment.empty()) {
      check.add(at + "/treatment", "must not be empty");
    }
    check.text(at + "/treatment", history.previous_treatments[i].treatment, kMaxShortText, false);
    check.text(at + "/result", history.previous_treatments[i].result, kMaxShortText, false);
  }
  check.text("/notes", history.notes, kMaxNotes, true);
  return check.result();
}

Result<void> validate_assessment(const HairAssessment& assessment) {
  Checker check;
  if (!is_valid_stage(assessment.scale, assessment.stage)) {
    std::string stages;
    for (const auto stage : stages_of(assessment.scale)) {
      stages += (stages.empty() ? "" : ", ") + std::string(stage);
    }
    check.add("/stage", "is not a stage of the " + std::string(to_string(assessment.scale)) +
                            " scale (" + stages + ")");
  }
  check.zones("/affected_zones", assessment.affected_zones);
  check.zones("/scarred_zones", assessment.scarred_zones);
  check.zones("/zones_without_growth", assessment.zones_without_growth);
  check.zones("/scalp_conditions", assessment.scalp_conditions);
  check.range("/loss_duration_months", assessment.loss_duration_months, 0, 1200, "months");
  if (assessment.pull_test) {
    check.range("/pull_test/hairs_pulled", assessment.pull_test->hairs_pulled, 1, 200, "hairs");
    check.range("/pull_test/hairs_out", assessment.pull_test->hairs_out, 0,
                std::max(0, assessment.pull_test->hairs_pulled), "hairs (no more than pulled)");
  }
  if (assessment.shedding_count) {
    check.range("/shedding_count", *assessment.shedding_count, 0, 5000, "hairs");
  }
  if (assessment.measurements.size() > kMaxListEntries) {
    check.add("/measurements", "must have at most " + std::to_string(kMaxListEntries) + " entries");
  }
  for (std::size_t i = 0; i < assessment.measurements.size() && i < kMaxListEntries; ++i) {
    const Measurement& measurement = assessment.measurements[i];
    const std::string at = "/measurements/" + std::to_string(i);
    const std::string_view unit = unit_of(measurement.quantity);
    if (measurement.unit != unit) {
      check.add(at + "/unit", std::string(to_string(measurement.quantity)) + " is recorded in " +
                                  std::string(unit));
    }
    const auto [low, high] = range_of(measurement.quantity);
    check.range(at + "/value", measurement.value, low, high, unit);
  }
  check.text("/notes", assessment.notes, kMaxNotes, true);
  return check.result();
}

const std::vector<std::string_view>& stages_of(PatternScale scale) {
  static const std::vector<std::string_view> norwood = {
      "I", "II", "IIa", "III", "IIIa", "III vertex", "IV", "IVa", "V", "Va", "VI", "VII"};
  static const std::vector<std::string_view> ludwig = {"I", "II", "III"};
  static const std::vector<std::string_view> sinclair = {"1", "2", "3", "4", "5"};
  switch (scale) {
    case PatternScale::kNorwoodHamilton:
      return norwood;
    case PatternScale::kLudwig:
      return ludwig;
    case PatternScale::kSinclair:
      return sinclair;
  }
  return sinclair;
}

bool is_valid_stage(PatternScale scale, std::string_view stage) {
  const auto& stages = stages_of(scale);
  return std::find(stages.begin(), stages.end(), stage) != stages.end();
}

std::string_view unit_of(Quantity quantity) {
  switch (quantity) {
    case Quantity::kHairDensity:
      return "hairs/cm2";
    case Quantity::kFollicularUnitDensity:
      return "FU/cm2";
    case Quantity::kMeanShaftDiameter:
      return "um";
    case Quantity::kVellusShare:
    case Quantity::kDiameterDiversity:
    case Quantity::kAnagenShare:
      return "%";
  }
  return "";
}

std::pair<double, double> range_of(Quantity quantity) {
  switch (quantity) {
    case Quantity::kHairDensity:
      return {0, 1000};
    case Quantity::kFollicularUnitDensity:
      return {0, 500};
    case Quantity::kMeanShaftDiameter:
      return {5, 200};
    case Quantity::kVellusShare:
    case Quantity::kAnagenShare:
      return {0, 100};
    case Quantity::kDiameterDiversity:
      return {0, 200};
  }
  return {0, 0};
}

bool is_positive(const PullTest& test) {
  // More than 6 of about 60, i.e. more than 10% of the hairs pulled.
  return test.hairs_out * 10 > test.hairs_pulled;
}

std::string_view to_string(ScalpZone zone) { return name_in(kZones, zone); }
std::string_view to_string(Diabetes diabetes) { return name_in(kDiabetes, diabetes); }
std::string_view to_string(Autoimmune autoimmune) { return name_in(kAutoimmune, autoimmune); }
std::string_view to_string(PatternScale scale) { return name_in(kScales, scale); }
std::string_view to_string(ScalpCondition condition) { return name_in(kConditions, condition); }
std::string_view to_string(Quantity quantity) { return name_in(kQuantities, quantity); }
std::optional<ScalpZone> parse_scalp_zone(std::string_view text) { return parse_in(kZones, text); }
std::optional<Diabetes> parse_diabetes(std::string_view text) { return parse_in(kDiabetes, text); }
std::optional<Autoimmune> parse_autoimmune(std::string_view text) {
  return parse_in(kAutoimmune, text);
}
std::optional<PatternScale> parse_pattern_scale(std::string_view text) {
  return parse_in(kScales, text);
}
std::optional<ScalpCondition> parse_scalp_condition(std::string_view text) {
  return parse_in(kConditions, text);
}
std::optional<Quantity> parse_quantity(std::string_view text) {
  return parse_in(kQuantities, text);
}

std::string names_of_scalp_zones() {
  std::string names;
  for (const auto& [zone, name] : kZones) names += (names.empty() ? "" : ", ") + std::string(name);
  return names;
}

}  // namespace mesoclinic::clinic
