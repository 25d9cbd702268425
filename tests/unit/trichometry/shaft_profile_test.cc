// The width a profile across a shaft implies, once the lens's blur is known.
#include "trichometry/shaft_profile.h"

#include <gtest/gtest.h>

#include <cmath>

namespace mesoclinic::trichometry {
namespace {

// The profile of an opaque band `width` pixels wide and `darkness` dark, blurred by a Gaussian
// of `blur` pixels: its area is width times darkness whatever the blur; its peak is lowered.
ShaftProfile blurred_band(double width, double darkness, double blur) {
  ShaftProfile profile;
  profile.area = width * darkness;
  profile.peak = darkness * std::erf(width / (2 * std::sqrt(2.0) * blur));
  profile.half_peak_width = width;
  return profile;
}

TEST(TrichometryWidths, AThinBandIsMeasuredByItsPeakAgainstItsArea) {
  EXPECT_NEAR(width_of(blurred_band(3, 0.6, 1.0), 1.0), 3, 0.01);
  EXPECT_NEAR(width_of(blurred_band(1.2, 0.4, 1.5), 1.5), 1.2, 0.01);
}

// A thin shaft less blurred than the image's wide ones (whose edges measured the blur) has a
// profile sharper than any band so blurred could have. It is as wide as its area over its peak,
// not a twentieth of a pixel (0.28 um on a vellus hair, as seen on the generated images).
TEST(TrichometryWidths, AProfileSharperThanTheImagesBlurIsAsWideAsItsAreaOverItsPeak) {
  const ShaftProfile sharp = blurred_band(1.5, 0.5, 0.5);
  EXPECT_NEAR(width_of(sharp, 2.0), sharp.area / sharp.peak, 1e-9);
  EXPECT_GT(width_of(sharp, 2.0), 1.4);
}

}  // namespace
}  // namespace mesoclinic::trichometry
