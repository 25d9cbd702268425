// A stored result keeps each hair's shaft simplified and walks it densely again when two results
// are compared: the shape survives both steps.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "trichometry/trichometry.h"

namespace mesoclinic::trichometry {
namespace {

double distance(const PixelPoint& a, const PixelPoint& b) {
  return std::hypot(a.x - b.x, a.y - b.y);
}

// A traced shaft: a pixel at a time along a quarter circle of radius 60.
std::vector<PixelPoint> traced_arc() {
  std::vector<PixelPoint> line;
  for (int i = 0; i <= 94; ++i) {
    const double angle = i / 60.0;
    line.push_back({100 + 60 * std::cos(angle), 100 + 60 * std::sin(angle)});
  }
  return line;
}

TEST(TrichometryLines, AStraightShaftKeepsItsEndsOnly) {
  std::vector<PixelPoint> line;
  for (int x = 0; x <= 40; ++x) line.push_back({10.0 + x, 20.0 + 0.5 * x});
  const auto kept = simplified(line, 0.5);
  ASSERT_EQ(kept.size(), 2u);
  EXPECT_NEAR(distance(kept.front(), line.front()), 0, 1e-4);
  EXPECT_NEAR(distance(kept.back(), line.back()), 0, 1e-4);
}

TEST(TrichometryLines, ACurvedShaftSimplifiedAndWalkedAgainStaysWithinHalfAPixel) {
  const auto traced = traced_arc();
  const auto kept = simplified(traced, 0.5);
  EXPECT_LT(kept.size(), traced.size() / 4) << "a curve needs few points to be drawn";
  const auto dense = resampled(kept, 1);
  // A point a pixel apart, from the exit to the end, as tracing gives them.
  EXPECT_NEAR(distance(dense.front(), traced.front()), 0, 1e-4);
  EXPECT_NEAR(distance(dense.back(), traced.back()), 0, 1e-4);
  for (std::size_t i = 1; i + 1 < dense.size(); ++i) {
    // A pixel apart along the path; across a corner the straight gap is a little shorter.
    EXPECT_NEAR(distance(dense[i - 1], dense[i]), 1, 0.01) << "at " << i;
  }
  EXPECT_NEAR(static_cast<double>(dense.size()), static_cast<double>(traced.size()), 3);
  // Every point walked lies on the traced shaft, within half a pixel.
  for (const auto& p : dense) {
    double nearest = 1e9;
    for (const auto& q : traced) nearest = std::min(nearest, distance(p, q));
    EXPECT_LT(nearest, 0.5 + 0.5) << "(" << p.x << ", " << p.y << ")";  // + the traced spacing
  }
}

TEST(TrichometryLines, ShortLinesAreLeftAsTheyAre) {
  const std::vector<PixelPoint> one = {{3, 4}};
  EXPECT_EQ(resampled(one, 1).size(), 1u);
  EXPECT_EQ(simplified(one, 0.5).size(), 1u);
  const std::vector<PixelPoint> short_line = {{0, 0}, {0.4, 0}};
  const auto dense = resampled(short_line, 1);
  ASSERT_EQ(dense.size(), 2u);
  EXPECT_NEAR(dense.back().x, 0.4, 1e-9);
}

}  // namespace
}  // namespace mesoclinic::trichometry
