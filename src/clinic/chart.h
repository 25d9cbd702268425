// A treatment session as charted in the chair (DOMAIN.md step 5): where and how the scalp was
// treated, with which lots, how it went. A chart is a draft until the practitioner signs it;
// a signed chart never changes, and a correction is a new signed version with its reason.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "clinic/assessment.h"
#include "core/result.h"
#include "core/time.h"

namespace mesoclinic::clinic {

enum class Technique { kNappage, kPointByPoint, kPapule, kMicroneedling, kInjectorGun };
std::string_view to_string(Technique technique);
std::optional<Technique> parse_technique(std::string_view text);
// "nappage, point_by_point, ..." for error messages.
std::string names_of_techniques();

struct ZoneTreatment {
  ScalpZone zone = ScalpZone::kVertex;
  double volume_ml = 0;
  int injection_points = 0;
};

// A point on the top-view scalp diagram, in normalised coordinates (0..1 both ways, 0,0 at the
// top left, the forehead up), for what the zone list cannot say.
struct ScalpPoint {
  double x = 0;
  double y = 0;
  double volume_ml = 0;
  std::string label;
};

// Vials of one lot that went into the patient this session.
struct LotUse {
  std::string lot_id;
  int vials = 1;
  friend bool operator==(const LotUse&, const LotUse&) = default;
};

enum class Severity { kMild, kModerate, kSevere };
std::string_view to_string(Severity severity);
std::optional<Severity> parse_severity(std::string_view text);

struct AdverseEvent {
  std::string kind;  // e.g. "haematoma", "vasovagal reaction"
  Severity severity = Severity::kMild;
  std::string action_taken;
  std::optional<CalendarDate> follow_up_on;
};

struct SessionChart {
  std::vector<ZoneTreatment> zones;
  std::vector<ScalpPoint> points;
  Technique technique = Technique::kNappage;
  int needle_gauge = 30;        // G
  double needle_length_mm = 4;  // mm
  double depth_mm = 1.5;        // injection depth
  std::vector<LotUse> lots;
  int pain_score = 0;  // 0..10, as the patient rates it
  std::vector<AdverseEvent> adverse_events;
  std::string notes;
};

// Every broken rule as a field error: at least one zone or point; each zone once; volumes
// 0..10 ml, points 0..500 per zone; coordinates 0..1; needle 25..34 G and 1..13 mm; depth
// 0.1..6 mm and not deeper than the needle is long; each lot once with 1..50 vials; pain 0..10;
// adverse events with a kind and the action taken.
Result<void> validate_chart(const SessionChart& chart);

// How stock changes when a chart's lots replace earlier ones (a correction): per lot, the vials
// now used minus those used before. Positive takes stock, negative gives it back.
std::vector<LotUse> lot_changes(const std::vector<LotUse>& before, const std::vector<LotUse>& now);

}  // namespace mesoclinic::clinic
