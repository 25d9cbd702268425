// Trichometry: the hairs of a calibrated trichoscopy image counted and measured inside its
// marked target area, with an overlay the practitioner checks them on. Pure image work: the
// bytes of an image in, figures out; no HTTP, no store. OpenCV stays behind this door.
#pragma once

#include <array>
#include <cmath>
#include <span>
#include <vector>

#include "core/result.h"

namespace mesoclinic::trichometry {

// Which engine counted: kept with each stored result, and changed whenever a change to the
// engine can change what it finds in an image.
inline constexpr const char* kEngine = "mesoclinic-trichometry 2026.12";

// A point in the image, in pixels from its top left corner.
struct PixelPoint {
  double x = 0;
  double y = 0;
};

// How large a pixel is on the scalp: the dermoscope's calibration.
struct Calibration {
  double um_per_px = 0;
};

// The marked target area, in pixels. Empty (zero width or height) means the whole image.
struct TargetArea {
  double left = 0;
  double top = 0;
  double width = 0;
  double height = 0;
};

struct Settings {
  // Shafts thinner than this are vellus: 30 um as DOMAIN.md counts them; 40 um as TrichoScan.
  double vellus_under_um = 30;
};

// Who says a hair is there: the engine, or the practitioner correcting it on the overlay.
enum class HairSource { kFound, kRemovedByPractitioner, kAddedByPractitioner };

// One hair seen in the image.
struct Hair {
  // From where it leaves the scalp (its exit point, the first) along its shaft to its visible end.
  std::vector<PixelPoint> centre_line;
  double length_um = 0;   // of the visible shaft
  double width_um = 0;    // measured across the shaft
  double confidence = 0;  // 0 to 1: how clearly it stands out and how surely its exit is known
  bool counted = false;   // its exit lies inside the target area
  bool vellus = false;
  HairSource source = HairSource::kFound;
};

// A hair whose confidence is under this is one the engine is less sure of, and the first to check:
// on fresh generated images about one such counted exit in five is no hair, against one in forty
// at or above it (docs/trichometry-history.md, session 29). Most are exits inferred from an opening
// under or beside another shaft, or at the end of a short or faint shaft. A hair the practitioner
// adds has confidence 1. Told at the hundredth a stored result keeps confidence to, so a hair reads
// the same found and stored (one at 0.696 is kept as 0.70).
inline constexpr double kSureConfidence = 0.7;
inline bool less_sure(const Hair& hair) {
  return std::round(hair.confidence * 100) < std::round(kSureConfidence * 100);
}

// The figures of the counted hairs (DOMAIN.md's measurement table).
struct Figures {
  int hair_count = 0;
  double target_area_cm2 = 0;
  double density_per_cm2 = 0;
  double mean_diameter_um = 0;
  double median_diameter_um = 0;
  double diameter_cv_percent = 0;  // coefficient of variation of the diameters
  double vellus_share_percent = 0;
  double cumulative_thickness_mm_per_cm2 = 0;  // the counted shafts' widths added up, per cm2
};

struct Analysis {
  std::vector<Hair> hairs;  // every hair seen, counted or not
  Figures figures;
  TargetArea target;  // as measured: the whole image if none was given
  Calibration calibration;
};

// Counts and measures the hairs in an encoded image (JPEG, PNG, TIFF). A hair is counted once,
// where it leaves the scalp: its exit must lie inside the target area, so a shaft that only
// passes through is not counted there. Fails with kInvalidInput, the reason under "/image",
// "/um_per_px" or "/target_area", for what cannot be measured: not a decodable image, larger
// than 40 megapixels, blurred, over- or under-exposed, no scalp in view, or a calibration the
// hairs found contradict.
Result<Analysis> analyze(std::span<const unsigned char> image, const Calibration& calibration,
                         const TargetArea& target, const Settings& settings);

// Tells the C library (glibc) to keep the memory an analysis frees for the next one, up to
// 64 MB of it, rather than give it back to the system: an analysis works through a few dozen
// images the size of the photo, and each one's pages faulted in anew cost about a tenth of its
// time. For the whole process, so called once as it starts (the server, the command line, the
// benchmark); without it analyses give the same results, only slower.
void keep_working_memory();

// `line` with as few of its points as draw it within `tolerance_px` (Douglas-Peucker), its
// first and last kept: how a stored result keeps its hairs' shafts small.
std::vector<PixelPoint> simplified(std::span<const PixelPoint> line, double tolerance_px);
// `line` walked again with a point every `spacing_px` (its first and last kept): a stored,
// simplified shaft made as dense as a traced one, which compare_visits and measure_growth walk.
std::vector<PixelPoint> resampled(std::span<const PixelPoint> line, double spacing_px);

// The widths a hair the practitioner marks may have: as narrow as the finest vellus and as wide
// as any scalp hair, with room to spare.
inline constexpr double kNarrowestMarkUm = 5;
inline constexpr double kWidestMarkUm = 200;

// A hair the engine missed, as the practitioner marks it on the overlay.
struct AddedHair {
  PixelPoint exit;  // where it leaves the scalp
  PixelPoint end;   // where its visible shaft ends
  double width_um = 0;
};

// A practitioner's corrections to an analysis, made on its overlay.
struct Correction {
  std::vector<std::size_t> removed;  // counted marks that are no hair (Analysis::hairs indices)
  std::vector<AddedHair> added;      // hairs missed, each leaving the scalp in the target area
};

// The analysis as the practitioner corrected it, the automatic one unchanged beside it: removed
// hairs kept but no longer counted, added ones counted, the figures recomputed. kInvalidInput,
// under "/removed/N" or "/added/N/...", for an index that is not a counted hair (or is given
// twice), an added exit outside the target area, or a width outside 5-200 um.
Result<Analysis> apply_correction(const Analysis& automatic, const Correction& correction,
                                  const Settings& settings);

// Two visits of one marked site compared hair by hair: the follow-up registered onto the
// baseline, each hair matched one to one, so the change is counted in exactly the baseline's
// target area and a hair one visit's analysis missed (hidden under another shaft, or too faint
// that day) is not taken for one lost or new.
struct VisitComparison {
  // A follow-up pixel (x, y) lies at (a x + b y + c, d x + e y + f) in the baseline: {a..f}.
  std::array<double, 6> follow_up_to_baseline{};
  int baseline_count = 0;   // counted at baseline in its target area
  int follow_up_count = 0;  // exits found at follow-up inside that same area
  int persisting = 0;       // baseline hairs found again
  int lost = 0;       // baseline hairs unmatched, whose shaft the follow-up image does not show
  int new_hairs = 0;  // follow-up hairs unmatched, whose shaft the baseline image does not show
  int change = 0;     // new_hairs - lost
  double change_percent = 0;                 // of the baseline count
  double persisting_diameter_change_um = 0;  // mean, of the hairs matched one to one
  // Matched hairs: indices into the baseline's and the follow-up's Analysis::hairs.
  std::vector<std::pair<std::size_t, std::size_t>> matches;
  // The hairs the change is made of, for the practitioner to check: each one judged wrongly moves
  // it by a hair. A lost one is its index into the baseline's Analysis::hairs, whether the engine
  // was less sure of its exit, and the hair as the follow-up would have it added back if it is
  // still there (as a missed hair: its exit and end carried into the follow-up's pixels, the end
  // kept inside that image, the width within kNarrowestMarkUm-kWidestMarkUm); its exit is where
  // it is marked. A new one is its index into the follow-up's.
  struct Lost {
    std::size_t hair = 0;
    bool less_sure = false;
    AddedHair added_back;
  };
  std::vector<Lost> which_lost;
  std::vector<std::size_t> which_new;
};

// One visit as compare_visits takes it: the image as analysed, and its analysis (as reviewed).
struct VisitImage {
  std::span<const unsigned char> image;
  const Analysis& analysis;
};

// Compares `follow_up` (best analysed over its whole image) with `baseline`, whose target area
// is the one counted. A hair one analysis has and the other lacks is looked for in the other's
// image before it is taken for lost or new. kInvalidInput under "/follow_up" if the two do not
// show the same site (too few hairs agree once registered) or either has too few hairs to
// register, and under "/baseline/image" or "/follow_up/image" for an image that cannot be
// decoded or is out of size bounds (as analyze says).
Result<VisitComparison> compare_visits(const VisitImage& baseline, const VisitImage& follow_up);

// A phototrichogram: the site clipped and imaged on day 0, imaged again a few days later. A hair
// in anagen (growing) has grown since; one in telogen (resting) has not.
struct HairGrowth {
  int hairs_followed = 0;  // counted on day 0 in its target area and matched one to one later
  int growing = 0;         // of those, grown at least kLeastGrowthMmPerDay a day since
  double anagen_share_percent = 0;
  double growth_mm_per_day = 0;  // median, of the growing hairs
};
inline constexpr double kLeastGrowthMmPerDay = 0.1;

// Growth between `day_0` and `later`, `days` apart (0.5-14). kInvalidInput under "/days" for an
// interval out of range, and as compare_visits for analyses that do not show the same site.
Result<HairGrowth> measure_growth(const Analysis& day_0, const Analysis& later, double days);

// The image as a PNG with the analysis drawn over it for the practitioner to check: the target
// area, each counted hair's shaft (green, vellus blue) with its exit ringed red (a broken orange
// ring if the engine is less sure of it, white if the practitioner added it), the hairs seen but
// not counted in grey, those the practitioner removed crossed out in red. kInvalidInput if `image`
// cannot be decoded.
Result<std::vector<unsigned char>> draw_overlay(std::span<const unsigned char> image,
                                                const Analysis& analysis);

}  // namespace mesoclinic::trichometry
