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
};

// A hair as drawn.
struct TrueHair {
  std::vector<PixelPoint> centre_line;  // from its exit, which may lie outside the image
  double width_um = 0;
  bool counted = false;  // its exit lies inside the target area
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

}  // namespace mesoclinic::trichometry
