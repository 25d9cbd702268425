// Synthetic trichoscopy images with known hairs: the ground truth trichometry is measured
// against. Skin with texture and follicle openings, hairs of 5-120 um (curved, light vellus,
// crossing, clipped stubs), uneven light, glare, blur, noise and JPEG, and the truth beside each
// image. tests/data holds a fixed set; bench/trichometry makes fresh ones. Not part of the server.
#pragma once

#include <cstdint>
#include <vector>

#include "trichometry/trichometry.h"

namespace mesoclinic::trichometry {

// What is wrong with an image on purpose: each spoiling is one the engine must refuse.
enum class Spoiling { kNone, kBlurred, kOverExposed, kUnderExposed, kNotScalp };

struct SyntheticOptions {
  int width = 1600;  // 1600 x 1200: a 2-megapixel dermoscope image
  int height = 1200;
  Spoiling spoiling = Spoiling::kNone;
  double density_per_cm2 = 0;  // hair exits a cm2; 0: drawn from 100-320, as scalps have
  // The share of terminal hairs whose opening one or two more hairs leave by (a follicular
  // unit); 0, each hair from an opening of its own, as the sets measured so far are drawn.
  double follicular_unit_share = 0;
};

// A hair as drawn.
struct TrueHair {
  std::vector<PixelPoint> centre_line;  // from its exit, which may lie outside the image
  double width_um = 0;
  bool counted = false;  // its exit lies inside the target area
  // Where it leaves the scalp in the site's own frame (mm): the same at every visit, so a hair is
  // known again from one visit's image to the next.
  double site_x_mm = 0, site_y_mm = 0;
};

struct SyntheticImage {
  std::vector<unsigned char> jpeg;
  Calibration calibration;
  TargetArea target;
  std::vector<TrueHair> hairs;  // every hair drawn, also those whose shaft only enters the image
  Figures truth;                // of the counted hairs, by the default settings
};

// The image the seed makes: the same seed always gives the same image.
SyntheticImage synthesize(std::uint64_t seed, const SyntheticOptions& options);

// For each true hair counted in the target area, the counted hair of `analysis` whose exit meets
// its exit (within a shaft's width), one to one, in the order of `truth`; -1 where none does
// and for the hairs not counted. A count can be right with misses and false hairs cancelling
// out; a practitioner sees, and corrects, each of them.
std::vector<int> match_exits(const std::vector<TrueHair>& truth, const Analysis& analysis);

// One marked site at two visits months apart: the baseline (the image synthesize makes) and a
// follow-up taken with the dermoscope a little turned (up to 8 degrees), shifted (up to 6%) and
// calibrated apart (up to 5%), after some hairs shed (up to 12%), new ones grew (up to 15%) and
// the rest thickened or thinned a little; every clipped hair is clipped anew.
struct SyntheticVisits {
  SyntheticImage baseline;
  SyntheticImage follow_up;
  int baseline_count = 0;  // true exits in the baseline's target area
  int change = 0;          // true exits in that same area at follow-up, less baseline_count
};
SyntheticVisits synthesize_visits(std::uint64_t seed, const SyntheticOptions& options);

// A phototrichogram: the site clipped close (0.2-0.5 mm) and imaged on day 0, imaged again
// `days` later (the dermoscope set again as for a visit), its anagen hairs (60-95%) grown by
// 0.25-0.45 mm a day, its telogen ones not.
struct SyntheticGrowth {
  SyntheticImage day_0;
  SyntheticImage later;
  double days = 0;
  int followed = 0;  // true exits in day 0's target area
  int growing = 0;   // of those, anagen
  double anagen_share_percent = 0;
  double growth_mm_per_day = 0;  // mean, of the anagen hairs
};
SyntheticGrowth synthesize_growth(std::uint64_t seed, double days, const SyntheticOptions& options);

}  // namespace mesoclinic::trichometry
