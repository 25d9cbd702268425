// The figures of counted hairs: DOMAIN.md's definitions, worked by hand.
#include "trichometry/figures.h"

#include <gtest/gtest.h>

namespace mesoclinic::trichometry {
namespace {

TEST(TrichometryFigures, AreThoseOfTheCountedShaftsOverTheTargetArea) {
  // Four shafts in half a cm2: two vellus under 30 um.
  const Figures f = figures_of({20, 25, 60, 95}, 0.5, Settings{});
  EXPECT_EQ(f.hair_count, 4);
  EXPECT_DOUBLE_EQ(f.density_per_cm2, 8);
  EXPECT_DOUBLE_EQ(f.mean_diameter_um, 50);
  EXPECT_DOUBLE_EQ(f.median_diameter_um, 42.5);
  EXPECT_DOUBLE_EQ(f.vellus_share_percent, 50);
  // Population standard deviation: sqrt((900 + 625 + 100 + 2025) / 4) = 30.2 um, of 50 um.
  EXPECT_NEAR(f.diameter_cv_percent, 60.42, 0.01);
  // 0.2 mm of shafts across, per 0.5 cm2.
  EXPECT_DOUBLE_EQ(f.cumulative_thickness_mm_per_cm2, 0.4);
}

TEST(TrichometryFigures, TheVellusThresholdIsTheClinicsChoice) {
  Settings trichoscan;
  trichoscan.vellus_under_um = 40;
  EXPECT_DOUBLE_EQ(figures_of({35, 45}, 1, Settings{}).vellus_share_percent, 0);
  EXPECT_DOUBLE_EQ(figures_of({35, 45}, 1, trichoscan).vellus_share_percent, 50);
}

TEST(TrichometryFigures, NoHairsGiveZerosNotNonsense) {
  const Figures f = figures_of({}, 0.3, Settings{});
  EXPECT_EQ(f.hair_count, 0);
  EXPECT_DOUBLE_EQ(f.target_area_cm2, 0.3);
  EXPECT_DOUBLE_EQ(f.density_per_cm2, 0);
  EXPECT_DOUBLE_EQ(f.mean_diameter_um, 0);
}

}  // namespace
}  // namespace mesoclinic::trichometry
