// The trichometry engine against synthetic images whose hairs are known
// (trichometry/synthetic.h), and the images it must refuse, each with its reason.
#include "trichometry/trichometry.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <opencv2/imgcodecs.hpp>
#include <string>
#include <vector>

#include "trichometry/synthetic.h"

namespace mesoclinic::trichometry {
namespace {

std::string reason_of(const Result<Analysis>& analysis) {
  if (analysis || analysis.error().fields.empty()) return "";
  return analysis.error().fields.front().field + " " + analysis.error().fields.front().message;
}

// Scalps of 100-320 hairs a cm2 with crossings, light vellus, glare and blur: each counted
// within the worst case issue 17 asks (10%) and measured within bounds, on six development seeds
// (their worst: seed 2, 149 counted of 161, -7.5%; the densest, seeds 2 and 3, were left out
// while they were past 10%). The targets themselves are measured by bench/trichometry.sh on fresh
// seeds (docs/trichometry.md, "How well it does").
TEST(Trichometry, CountsAndMeasuresTheHairsOfScalps) {
  for (std::uint64_t seed : {1, 2, 3, 4, 5, 6}) {
    const auto image = synthesize(seed, {});
    ASSERT_GE(image.truth.hair_count, 50) << "seed " << seed;
    const auto analysis = analyze(image.jpeg, image.calibration, image.target, {});
    ASSERT_TRUE(analysis) << reason_of(analysis);
    const auto& found = analysis->figures;
    const auto& truth = image.truth;
    EXPECT_LE(std::abs(found.hair_count - truth.hair_count), truth.hair_count / 10)
        << "seed " << seed << ": " << found.hair_count << " counted of " << truth.hair_count;
    EXPECT_NEAR(found.mean_diameter_um, truth.mean_diameter_um, 4) << "seed " << seed;
    EXPECT_NEAR(found.vellus_share_percent, truth.vellus_share_percent, 8) << "seed " << seed;
    EXPECT_NEAR(found.target_area_cm2, truth.target_area_cm2, 1e-9);
    EXPECT_NEAR(found.density_per_cm2, found.hair_count / truth.target_area_cm2, 1e-9);
  }
}

// A hair is counted where it leaves the scalp: two halves of the image count every hair of
// the whole exactly once between them, however many shafts cross the line between them.
// The ground truth is only worth its seed if the seed alone makes the image: the same image
// whichever were made before it (a shared random generator once made it depend on them).
TEST(Trichometry, ASyntheticImageDependsOnlyOnItsSeed) {
  const auto first = synthesize(5, {400, 300});
  synthesize(6, {400, 300});
  EXPECT_EQ(synthesize(5, {400, 300}).jpeg, first.jpeg);
  EXPECT_NE(synthesize(6, {400, 300}).jpeg, first.jpeg);
}

// Follicular units are drawn only when asked for: then a share of terminal hairs have one or two
// more hairs leaving the scalp from their opening (within a third of a width), so the engine can
// be measured on them; by default each hair has an opening of its own, and each seed draws the
// scalp it always has.
TEST(Trichometry, SyntheticFollicularUnitsAreDrawnOnlyWhenAskedFor) {
  const auto hairs_sharing_an_opening = [](const SyntheticImage& image) {
    int pairs = 0;
    const auto& hairs = image.hairs;
    for (std::size_t i = 0; i < hairs.size(); ++i) {
      for (std::size_t j = i + 1; j < hairs.size(); ++j) {
        const auto& a = hairs[i].centre_line.front();
        const auto& b = hairs[j].centre_line.front();
        const double width = std::max(hairs[i].width_um, hairs[j].width_um);
        if (std::hypot(a.x - b.x, a.y - b.y) < 0.3 * width / image.calibration.um_per_px) ++pairs;
      }
    }
    return pairs;
  };
  SyntheticOptions units;
  units.follicular_unit_share = 0.6;
  EXPECT_EQ(hairs_sharing_an_opening(synthesize(8, {})), 0);
  EXPECT_GE(hairs_sharing_an_opening(synthesize(8, units)), 20);
}

TEST(Trichometry, TwoHalvesCountEachHairOnce) {
  const auto image = synthesize(7, {});
  const TargetArea whole{0, 0, 1600, 1200};
  const TargetArea left{0, 0, 800, 1200};
  const TargetArea right{800, 0, 800, 1200};
  const auto all = analyze(image.jpeg, image.calibration, whole, {});
  const auto west = analyze(image.jpeg, image.calibration, left, {});
  const auto east = analyze(image.jpeg, image.calibration, right, {});
  ASSERT_TRUE(all && west && east);
  EXPECT_GT(all->figures.hair_count, 50);
  EXPECT_EQ(west->figures.hair_count + east->figures.hair_count, all->figures.hair_count);
  EXPECT_GT(west->figures.hair_count, 0);
  EXPECT_GT(east->figures.hair_count, 0);
}

TEST(Trichometry, AWiderVellusThresholdCountsMoreVellus) {
  const auto image = synthesize(4, {});
  Settings trichoscan;
  trichoscan.vellus_under_um = 40;
  const auto ours = analyze(image.jpeg, image.calibration, image.target, {});
  const auto theirs = analyze(image.jpeg, image.calibration, image.target, trichoscan);
  ASSERT_TRUE(ours && theirs);
  EXPECT_EQ(ours->figures.hair_count, theirs->figures.hair_count);
  EXPECT_GE(theirs->figures.vellus_share_percent, ours->figures.vellus_share_percent);
}

TEST(Trichometry, TheOverlayIsAPngOfTheWholeImage) {
  const auto image = synthesize(6, {});
  const auto analysis = analyze(image.jpeg, image.calibration, image.target, {});
  ASSERT_TRUE(analysis);
  const auto overlay = draw_overlay(image.jpeg, *analysis);
  ASSERT_TRUE(overlay);
  ASSERT_GT(overlay->size(), 24u);
  EXPECT_EQ(std::string(overlay->begin() + 1, overlay->begin() + 4), "PNG");
  // IHDR: width and height, big-endian, at bytes 16 and 20.
  const auto big_endian = [&](std::size_t at) {
    return ((*overlay)[at] << 24) | ((*overlay)[at + 1] << 16) | ((*overlay)[at + 2] << 8) |
           (*overlay)[at + 3];
  };
  EXPECT_EQ(big_endian(16), 1600);
  EXPECT_EQ(big_endian(20), 1200);
}

// Where the engine is less sure a counted hair leaves the scalp, the overlay rings its exit orange,
// not red: the practitioner checks those first.
TEST(Trichometry, TheOverlayRingsTheExitsTheEngineIsLessSureOfInOrange) {
  const auto image = synthesize(6, {});
  Analysis analysis;
  analysis.calibration = image.calibration;
  analysis.target = {0, 0, 1600, 1200};
  const auto hair_at = [](double x, double confidence) {
    Hair hair;
    hair.centre_line = {{x, 600}, {x, 700}};
    hair.width_um = 10;  // a ring of radius 4 pixels
    hair.confidence = confidence;
    hair.counted = true;
    return hair;
  };
  analysis.hairs = {hair_at(400, 0.35), hair_at(1200, 1)};
  ASSERT_TRUE(less_sure(analysis.hairs[0]));
  ASSERT_FALSE(less_sure(analysis.hairs[1]));
  const auto png = draw_overlay(image.jpeg, analysis);
  ASSERT_TRUE(png);
  const cv::Mat drawn = cv::imdecode(*png, cv::IMREAD_COLOR);
  // The ring's pixel above each exit, on the side away from the shaft.
  const auto ring_above = [&](int x) { return drawn.at<cv::Vec3b>(600 - 4, x); };
  const auto orange = ring_above(400), red = ring_above(1200);
  EXPECT_GT(orange[2], 200);  // BGR
  EXPECT_GT(orange[1], 100);
  EXPECT_LT(orange[0], 60);
  EXPECT_GT(red[2], 200);
  EXPECT_LT(red[1], 60);
  EXPECT_LT(red[0], 60);
}

// The practitioner removes two marks that are no hair and adds three the engine missed: the
// corrected figures count and measure exactly those, and the automatic analysis is unchanged.
TEST(Trichometry, APractitionersCorrectionIsCountedBesideTheAutomaticFigures) {
  const auto image = synthesize(4, {});
  const auto automatic = analyze(image.jpeg, image.calibration, image.target, {});
  ASSERT_TRUE(automatic);
  std::vector<std::size_t> counted;
  for (std::size_t i = 0; i < automatic->hairs.size(); ++i) {
    if (automatic->hairs[i].counted) counted.push_back(i);
  }
  ASSERT_GE(counted.size(), 2u);
  const double um = image.calibration.um_per_px;
  const PixelPoint middle{image.target.left + image.target.width / 2,
                          image.target.top + image.target.height / 2};
  Correction correction;
  correction.removed = {counted[0], counted[1]};
  for (double width : {12.0, 60.0, 90.0}) {
    correction.added.push_back({middle, {middle.x + 1000 / um, middle.y}, width});
  }
  const auto corrected = apply_correction(*automatic, correction, {});
  ASSERT_TRUE(corrected) << corrected.error().message;
  EXPECT_EQ(corrected->figures.hair_count, automatic->figures.hair_count + 1);
  std::vector<double> widths;
  for (const auto& hair : corrected->hairs) {
    if (hair.counted) widths.push_back(hair.width_um);
  }
  double sum = 0;
  for (double width : widths) sum += width;
  EXPECT_NEAR(corrected->figures.mean_diameter_um, sum / static_cast<double>(widths.size()), 1e-9);
  EXPECT_EQ(corrected->hairs[counted[0]].source, HairSource::kRemovedByPractitioner);
  EXPECT_FALSE(corrected->hairs[counted[0]].counted);
  const auto& added = corrected->hairs.back();
  EXPECT_EQ(added.source, HairSource::kAddedByPractitioner);
  EXPECT_TRUE(added.counted);
  EXPECT_NEAR(added.length_um, 1000, 1e-6);
  EXPECT_TRUE(corrected->hairs[corrected->hairs.size() - 3].vellus);  // 12 um
  EXPECT_EQ(automatic->hairs[counted[0]].source, HairSource::kFound);
  EXPECT_TRUE(draw_overlay(image.jpeg, *corrected));

  // Nothing is applied from a correction with a mistake in it.
  Correction wrong;
  wrong.removed = {counted[0], counted[0], automatic->hairs.size()};
  wrong.added = {{{0, 0}, {10, 10}, 60}, {middle, middle, 300}};
  const auto refused = apply_correction(*automatic, wrong, {});
  ASSERT_FALSE(refused);
  std::vector<std::string> fields;
  for (const auto& field : refused.error().fields) fields.push_back(field.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"/removed/1", "/removed/2", "/added/0/exit",
                                              "/added/1/width_um"}));
}

// Each image that cannot give true figures is refused, with the reason under the field at fault.
TEST(Trichometry, RefusesWhatItCannotMeasureAndSaysWhy) {
  const auto spoiled = [](Spoiling spoiling) {
    SyntheticOptions options;
    options.spoiling = spoiling;
    return synthesize(5, options);
  };
  const auto refused = [](const SyntheticImage& image, double um_per_px) {
    return reason_of(analyze(image.jpeg, {um_per_px}, image.target, {}));
  };
  const auto blurred = spoiled(Spoiling::kBlurred);
  EXPECT_EQ(refused(blurred, blurred.calibration.um_per_px).rfind("/image is blurred", 0), 0u)
      << refused(blurred, blurred.calibration.um_per_px);
  const auto bright = spoiled(Spoiling::kOverExposed);
  EXPECT_EQ(refused(bright, bright.calibration.um_per_px).rfind("/image is over-exposed", 0), 0u);
  const auto dark = spoiled(Spoiling::kUnderExposed);
  EXPECT_EQ(refused(dark, dark.calibration.um_per_px).rfind("/image is under-exposed", 0), 0u);
  const auto paper = spoiled(Spoiling::kNotScalp);
  EXPECT_EQ(refused(paper, paper.calibration.um_per_px).rfind("/image shows no scalp", 0), 0u);

  // The calibration of another magnification: the hairs it implies cannot be.
  const auto good = spoiled(Spoiling::kNone);
  const double um = good.calibration.um_per_px;
  EXPECT_EQ(refused(good, um * 4).rfind("/um_per_px gives hairs", 0), 0u) << refused(good, um * 4);
  EXPECT_EQ(refused(good, um / 8).rfind("/um_per_px gives hairs", 0), 0u) << refused(good, um / 8);
  EXPECT_EQ(refused(good, 0).rfind("/um_per_px must be", 0), 0u);
  EXPECT_EQ(refused(good, std::nan("")).rfind("/um_per_px must be", 0), 0u);
  EXPECT_EQ(refused(good, um), "");

  const std::vector<unsigned char> not_an_image = {'G', 'I', 'F', '8', '9', 'a', 0, 0};
  EXPECT_EQ(reason_of(analyze(not_an_image, {5}, {}, {})).rfind("/image cannot be read", 0), 0u);
  EXPECT_EQ(reason_of(analyze(good.jpeg, {um}, {1500, 0, 200, 100}, {})),
            "/target_area must lie inside the image");
}

}  // namespace
}  // namespace mesoclinic::trichometry
