// What the practitioner records before any treatment (DOMAIN.md, step 2): the medical history
// and the hair assessment with its baseline measurements. Pure values and their validation;
// each save is stored as a new version elsewhere.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace mesoclinic::clinic {

// DOMAIN.md "Scalp zones".
enum class ScalpZone {
  kFrontalHairline,
  kFrontal,
  kMidScalp,
  kVertex,
  kLeftTemporal,
  kRightTemporal,
  kLeftParietal,
  kRightParietal,
  kOccipital,
};

enum class Diabetes { kNone, kControlled, kUncontrolled };
enum class Autoimmune { kNone, kStable, kInFlare };

struct PreviousHairTreatment {
  std::string treatment;  // e.g. "topical minoxidil 5%"
  std::string result;     // e.g. "slowed shedding, stopped after 6 months"
  friend bool operator==(const PreviousHairTreatment&, const PreviousHairTreatment&) = default;
};

struct MedicalHistory {
  std::vector<std::string> conditions;
  std::vector<std::string> medications;
  // Substances, one per entry ("biotin", "lidocaine"); matched against formulation
  // ingredients ignoring case.
  std::vector<std::string> allergies;
  bool pregnant_or_breastfeeding = false;
  bool bleeding_disorder = false;
  bool anticoagulants = false;
  bool active_cancer_treatment = false;
  Diabetes diabetes = Diabetes::kNone;
  Autoimmune autoimmune = Autoimmune::kNone;
  bool keloid_tendency = false;
  std::vector<PreviousHairTreatment> previous_treatments;
  std::string notes;
  friend bool operator==(const MedicalHistory&, const MedicalHistory&) = default;
};

// Pattern-loss scales: Norwood-Hamilton (male), Ludwig and Sinclair (female).
enum class PatternScale { kNorwoodHamilton, kLudwig, kSinclair };

enum class ScalpCondition { kNormal, kDry, kOily, kInflamed, kInfected, kScarred };

// DOMAIN.md "Measurements" taken by trichoscopy or phototrichogram.
enum class Quantity {
  kHairDensity,            // hairs/cm2
  kFollicularUnitDensity,  // FU/cm2
  kMeanShaftDiameter,      // um
  kVellusShare,            // % of hairs under 30 um
  kDiameterDiversity,      // coefficient of variation, %
  kAnagenShare,            // %
};

struct Measurement {
  Quantity quantity = Quantity::kHairDensity;
  double value = 0;
  std::string unit;  // must be the quantity's unit (unit_of); kept so stored data says it
  std::optional<ScalpZone> zone;
  friend bool operator==(const Measurement&, const Measurement&) = default;
};

struct PullTest {
  int hairs_out = 0;
  int hairs_pulled = 60;
  friend bool operator==(const PullTest&, const PullTest&) = default;
};

struct HairAssessment {
  PatternScale scale = PatternScale::kNorwoodHamilton;
  std::string stage;  // "I".."VII" with "a"/"vertex" variants; Ludwig "I".."III"; Sinclair "1".."5"
  std::vector<ScalpZone> affected_zones;  // the target area of treatment
  int loss_duration_months = 0;
  std::optional<PullTest> pull_test;
  std::optional<int> shedding_count;  // hairs, standard wash or 60-second comb test
  std::vector<ScalpCondition> scalp_conditions;
  std::vector<ScalpZone> scarred_zones;         // scarring seen in these zones
  std::vector<ScalpZone> zones_without_growth;  // no remaining hair growth there
  std::vector<Measurement> measurements;        // the baseline
  std::string notes;
  friend bool operator==(const HairAssessment&, const HairAssessment&) = default;
};

inline constexpr std::size_t kMaxListEntries = 50;
inline constexpr std::size_t kMaxShortText = 200;  // code points, list entries
inline constexpr std::size_t kMaxNotes = 10'000;   // code points

// Every broken rule as a field error (JSON pointers such as "/allergies/2"): text lengths and
// control characters, list sizes, repeated allergies.
Result<void> validate_history(const MedicalHistory& history);

// Every broken rule as a field error: a stage valid on its scale, zones named once, plausible
// ranges (pull test hairs out 0..hairs pulled, hairs pulled 1..200, shedding 0..5000,
// duration 0..1200 months) and each measurement in its unit and range (unit_of, range_of).
Result<void> validate_assessment(const HairAssessment& assessment);

// True if `stage` exists on `scale` (e.g. "IIIa" and "III vertex" on Norwood-Hamilton, "II" on
// Ludwig, "4" on Sinclair).
bool is_valid_stage(PatternScale scale, std::string_view stage);
// The stages of a scale, in order (for error messages and the API description).
const std::vector<std::string_view>& stages_of(PatternScale scale);

// The unit a quantity is recorded in, e.g. "hairs/cm2", "um", "%".
std::string_view unit_of(Quantity quantity);
// The plausible range of a quantity, e.g. 0..1000 hairs/cm2, 5..200 um.
std::pair<double, double> range_of(Quantity quantity);

// A pull test is positive when more than 6 hairs come out of about 60 pulled (scaled for other
// counts).
bool is_positive(const PullTest& test);

// Names as they appear in the API and stored documents ("vertex", "norwood_hamilton", ...).
std::string_view to_string(ScalpZone zone);
std::string_view to_string(Diabetes diabetes);
std::string_view to_string(Autoimmune autoimmune);
std::string_view to_string(PatternScale scale);
std::string_view to_string(ScalpCondition condition);
std::string_view to_string(Quantity quantity);
std::optional<ScalpZone> parse_scalp_zone(std::string_view text);
std::optional<Diabetes> parse_diabetes(std::string_view text);
std::optional<Autoimmune> parse_autoimmune(std::string_view text);
std::optional<PatternScale> parse_pattern_scale(std::string_view text);
std::optional<ScalpCondition> parse_scalp_condition(std::string_view text);
std::optional<Quantity> parse_quantity(std::string_view text);
// Every name of an enum, for messages such as "must be one of ...".
std::string names_of_scalp_zones();

}  // namespace mesoclinic::clinic
