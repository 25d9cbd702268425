// Hairs in hard places (where shafts meet, clipped to stubs, faint on mottled skin), in scenes
// painted for the purpose: what the engine must make of one place at a time, where the generated
// scalps only show it on average.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <numbers>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <optional>
#include <vector>

#include "trichometry/trichometry.h"

namespace mesoclinic::trichometry {
namespace {

constexpr double kUmPerPx = 5;

struct Painted {
  cv::Point2d exit, tip;
  double width_um = 0;
  bool opening = true;    // its follicle opening painted round its exit
  double darkness = 0.8;  // the share of light its shaft takes (a light vellus, 0.3 to 0.6)
};

// Warm skin with a little noise (and mottled, by `mottle`: the share its light varies by, patches
// some 40 pixels across), each hair's follicle opening at its exit (a pit about twice as wide as
// its shaft), then the shafts; blurred by the lens, stored as a JPEG.
std::vector<unsigned char> scene(cv::Size size, const std::vector<Painted>& hairs,
                                 double mottle = 0) {
  cv::Mat canvas(size, CV_32FC3, cv::Scalar(150, 170, 215));
  if (mottle > 0) {
    cv::Mat patches(size, CV_32F);
    cv::RNG(11).fill(patches, cv::RNG::NORMAL, 0, 1);
    cv::GaussianBlur(patches, patches, {0, 0}, 15);
    cv::Scalar mean, deviation;
    cv::meanStdDev(patches, mean, deviation);
    patches = 1 + (patches - mean[0]) * (mottle / deviation[0]);
    cv::Mat light;
    cv::merge(std::vector<cv::Mat>(3, patches), light);
    canvas = canvas.mul(light);
  }
  for (const auto& hair : hairs) {
    if (!hair.opening) continue;
    const double radius = 0.9 * hair.width_um / kUmPerPx + 2;
    cv::circle(canvas, hair.exit, static_cast<int>(radius), cv::Scalar(125, 142, 186), -1,
               cv::LINE_AA);
  }
  for (const auto& hair : hairs) {
    const cv::Point2d along = (hair.tip - hair.exit) / cv::norm(hair.tip - hair.exit);
    const double length = cv::norm(hair.tip - hair.exit), half = hair.width_um / kUmPerPx / 2;
    for (int y = 0; y < size.height; ++y) {
      for (int x = 0; x < size.width; ++x) {
        const cv::Point2d from_exit = cv::Point2d(x, y) - hair.exit;
        const double t = from_exit.dot(along);
        // Round where it leaves the skin (as the generated hairs are), square where clipped.
        const double d =
            t < 0 ? cv::norm(from_exit) : std::abs(from_exit.x * along.y - from_exit.y * along.x);
        const double cover =
            std::clamp(half - d + 0.5, 0.0, 1.0) * std::clamp(length - t + 0.5, 0.0, 1.0);
        if (cover <= 0) continue;
        // Hair pigment is warm: it takes a little more blue and green than red.
        const auto taken = static_cast<float>(hair.darkness * cover);
        auto& pixel = canvas.at<cv::Vec3f>(y, x);
        pixel = pixel.mul(cv::Vec3f(1 - taken, 1 - 0.975f * taken, 1 - 0.925f * taken));
      }
    }
  }
  cv::GaussianBlur(canvas, canvas, {0, 0}, 0.7);
  cv::Mat noise(size, CV_32FC3);
  cv::RNG(7).fill(noise, cv::RNG::NORMAL, cv::Scalar::all(0), cv::Scalar::all(2));
  canvas += noise;
  cv::Mat pixels;
  canvas.convertTo(pixels, CV_8UC3);
  std::vector<unsigned char> jpeg;
  cv::imencode(".jpg", pixels, jpeg, {cv::IMWRITE_JPEG_QUALITY, 92});
  return jpeg;
}

// The scene's analysis at kUmPerPx over the whole image (none, and a failure, if refused).
Analysis analysed(const std::vector<unsigned char>& image) {
  auto analysis = analyze(image, {kUmPerPx}, {}, {});
  EXPECT_TRUE(analysis) << analysis.error().message;
  return analysis ? *analysis : Analysis{};
}

std::vector<Hair> counted_hairs(const Analysis& analysis) {
  std::vector<Hair> counted;
  std::copy_if(analysis.hairs.begin(), analysis.hairs.end(), std::back_inserter(counted),
               [](const Hair& hair) { return hair.counted; });
  return counted;
}

double distance(const PixelPoint& a, const cv::Point2d& b) {
  return std::hypot(a.x - b.x, a.y - b.y);
}

// The one hair of `hairs`, which must leave the scalp within `reach` pixels of `exit`; nothing
// (and a failure) unless there is exactly one.
std::optional<Hair> one_hair_at(const std::vector<Hair>& hairs, const cv::Point2d& exit,
                                double reach) {
  EXPECT_EQ(hairs.size(), 1u);
  if (hairs.size() != 1) return std::nullopt;
  const auto& at = hairs.front().centre_line.front();
  EXPECT_LT(distance(at, exit), reach) << at.x << "," << at.y;
  return hairs.front();
}

// `hair` painted among `others` in a scene `size` large: without its opening nothing is counted;
// with it, `hair` alone, leaving the scalp within `reach` pixels of its exit. That hair, or
// nothing (and a failure).
std::optional<Hair> counted_only_with_its_opening(cv::Size size, std::vector<Painted> others,
                                                  Painted hair, double reach) {
  const auto counted = [&](bool opening) {
    hair.opening = opening;
    auto all = others;
    all.push_back(hair);
    return counted_hairs(analysed(scene(size, all)));
  };
  EXPECT_EQ(counted(false).size(), 0u);
  return one_hair_at(counted(true), hair.exit, reach);
}

// A thick hair leaves the scalp just beside a thicker one and runs in under it: all that shows
// of it is the stretch between its opening and the other shaft, shorter than two and a half
// times its width, which alone would make it a mark, not a hair. Its opening says it is one: the
// hair is counted there, once, and measured as itself; the hair it runs under leaves the scalp
// out of view.
TEST(TrichometryCrossings, AHairRunningUnderAnotherJustAfterItsExitIsCountedThere) {
  const cv::Point2d exit(200, 122);
  const Painted thicker{{-40, 160}, {440, 150}, 95};
  const auto hair = one_hair_at(
      counted_hairs(analysed(scene({400, 300}, {thicker, {exit, {204, 160}, 80}}))), exit, 10);
  ASSERT_TRUE(hair);
  EXPECT_NEAR(hair->width_um, 80, 10);
}

// A clipped hair whose shaft ends against a thicker one leaves the scalp there, under it, only
// if its opening shows round that end; with bare skin all round the meeting it is a hair lying
// there whose exit cannot be seen (as the tip-side piece of a hair a crossing split is), and is
// not counted.
TEST(TrichometryCrossings, AShaftEndingAgainstAnotherLeavesTheScalpThereOnlyWhereItsOpeningShows) {
  const Painted across{{-40, 165}, {440, 165}, 95};
  EXPECT_TRUE(counted_only_with_its_opening({400, 300}, {across}, {{200, 158}, {196, 90}, 70}, 15));
}

// A thick hair leaving the scalp against the side of another and running in under it at once:
// only its round end sticks out of the other's shaft, which thinning takes for a bulge of it. The
// opening round that end says a hair leaves there: it is counted, once, and as wide as it is;
// with bare skin round the bump it is the other's bulge, and nothing is counted.
TEST(TrichometryCrossings, AHairWhoseEndAloneSticksOutOfAnotherIsCountedAtItsOpening) {
  const Painted across{{-40, 150}, {440, 150}, 95};
  const auto hair =
      counted_only_with_its_opening({400, 300}, {across}, {{200, 134}, {212, 230}, 70}, 10);
  ASSERT_TRUE(hair);
  EXPECT_NEAR(hair->width_um, 70, 10);
}

// A thick hair leaving the scalp right against another and lying along it: the two shafts are one
// shape from its exit on, so no line of its own is traced and no end of one lies there. Only its
// opening shows, on the skin beside the shafts round its exit: it is counted there, once, as a
// thick hair. With no opening painted, nothing tells that a second hair is there. Its line, all
// that can be said of where its shaft lies, runs from its exit along the shafts (the overlay
// draws it so); where the two merge the traced line kinks, and the line followed that kink 29
// degrees off until the way along was taken over a hair's width.
TEST(TrichometryCrossings, AHairLyingAlongAnotherFromItsExitIsCountedByItsOpeningBeside) {
  const Painted along{{-40, 150}, {440, 150}, 95};
  const Painted lying{{200, 136}, {440, 146}, 70};
  const auto hair = counted_only_with_its_opening({400, 300}, {along}, lying, 8);
  ASSERT_TRUE(hair);
  EXPECT_NEAR(hair->width_um, 70, 15);
  const auto& exit = hair->centre_line.front();
  const auto& end = hair->centre_line.back();
  const double painted = std::atan2(lying.tip.y - lying.exit.y, lying.tip.x - lying.exit.x);
  const double drawn = std::atan2(end.y - exit.y, end.x - exit.x);
  EXPECT_LT(std::abs(drawn - painted) * 180 / std::numbers::pi, 20);
}

// A thick hair clipped to a stub under two and a half times as long as it is wide has the shape
// of a mark (a speck, a pore); the opening round one end only (an empty opening is dark all round
// alike) says it is a hair. It is counted there, once, and measured as itself; without its
// opening it is a mark, not counted.
TEST(TrichometryStubs, AThickHairClippedToAStubIsCountedAtItsOpening) {
  const auto hair = counted_only_with_its_opening({300, 200}, {}, {{150, 100}, {192, 115}, 90}, 10);
  ASSERT_TRUE(hair);
  EXPECT_NEAR(hair->width_um, 90, 10);
}

// A light vellus hair on mottled skin: its shaft is fainter than the mottle's darker patches, so
// no bar on darkness alone tells it from them, but it stands out from the skin right beside it.
// It is counted, at its opening, as vellus; on the same skin with no hair nothing is counted.
TEST(TrichometryFaintShafts, ALightVellusHairOnMottledSkinIsCountedAtItsOpening) {
  const cv::Point2d exit(120, 150);
  const Painted vellus{exit, {300, 110}, 12, true, 0.3};
  EXPECT_EQ(counted_hairs(analysed(scene({400, 300}, {}, 0.06))).size(), 0u);
  const auto hair =
      one_hair_at(counted_hairs(analysed(scene({400, 300}, {vellus}, 0.06))), exit, 6);
  ASSERT_TRUE(hair);
  EXPECT_TRUE(hair->vellus) << hair->width_um;
}

// A vellus hair lying across a thick hair's exit, over its opening: the thick hair shows its end
// among the vellus's pieces, and the opening darkens the skin round where the vellus passes over
// it. Only the thick hair leaves the scalp there; the vellus passes through (its exit is out of
// view) and is not counted.
TEST(TrichometryFaintShafts, AVellusHairLyingAcrossAnotherHairsOpeningIsNotCountedThere) {
  const cv::Point2d exit(200, 100);
  const Painted thick{exit, {215, 260}, 70};
  const Painted vellus{{-20, 98}, {420, 104}, 8, false, 0.5};
  const auto hair =
      one_hair_at(counted_hairs(analysed(scene({400, 300}, {thick, vellus}))), exit, 10);
  ASSERT_TRUE(hair);
  EXPECT_NEAR(hair->width_um, 70, 10);
}

}  // namespace
}  // namespace mesoclinic::trichometry
