// The engine on the fixed set of trichoscopy images under tests/data/trichometry, written once
// by the generator from seeds it was never tuned on (the folder's README says how): the figures
// stay within issue 17's targets over the set, and every spoiled image is refused with its
// reason. The files, unlike images drawn anew from seeds, do not change when the generator does.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "trichometry/synthetic.h"
#include "trichometry/trichometry.h"

namespace mesoclinic::trichometry {
namespace {

const std::filesystem::path kFixedSet = MESOCLINIC_TRICHOMETRY_IMAGES;

std::vector<unsigned char> bytes_of(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// An image of the set and what is known about it: its calibration, target area, the true
// figures of the hairs drawn in it and where those counted leave the scalp.
struct Known {
  std::string name;
  std::vector<unsigned char> jpeg;
  nlohmann::json truth;
};

std::vector<Known> images_in(const std::filesystem::path& dir) {
  std::vector<Known> images;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".jpg") continue;
    auto truth = nlohmann::json::parse(
        std::ifstream(std::filesystem::path(entry.path()).replace_extension(".json")));
    images.push_back({entry.path().stem().string(), bytes_of(entry.path()), std::move(truth)});
  }
  std::sort(images.begin(), images.end(),
            [](const Known& a, const Known& b) { return a.name < b.name; });
  return images;
}

Result<Analysis> analysis_of(const Known& image) {
  const auto& area = image.truth["target_area"];
  return analyze(image.jpeg, {image.truth["um_per_px"].get<double>()},
                 {area["left"].get<double>(), area["top"].get<double>(),
                  area["width"].get<double>(), area["height"].get<double>()},
                 {});
}

// The true hairs counted in `image`, each as its exit alone.
std::vector<TrueHair> exits_of(const Known& image) {
  std::vector<TrueHair> exits;
  for (const auto& exit : image.truth["exits"]) {
    exits.push_back({{{exit["x"].get<double>(), exit["y"].get<double>()}},
                     exit["width_um"].get<double>(),
                     true});
  }
  return exits;
}

// Over the set, the targets: count within 5% on average (the set: 3.7%), each image's within 10%
// (the set's worst: +7.7%, seed 2026120505, 42 of 39), mean shaft diameter within 3 um (2.1) and
// vellus share within 5 points (2.8). And hair by hair, at least 85% of the true exits are found
// and at most 15% of the counted ones are false (the set: 89.5% and 12.7%): a count right only
// because misses and false hairs cancel is not what a practitioner needs. The set is small:
// passing here guards what is reached; fresh seeds measure it (bench/trichometry.sh,
// docs/trichometry.md, "How well it does").
TEST(TrichometryFixedSet, CountsAndMeasuresWithinTheTargetsOverTheSet) {
  const auto images = images_in(kFixedSet);
  ASSERT_EQ(images.size(), 6u);
  double count_error = 0, diameter_error = 0, vellus_error = 0;
  int true_exits = 0, found_exits = 0, counted = 0;
  for (const auto& image : images) {
    const auto analysis = analysis_of(image);
    ASSERT_TRUE(analysis) << image.name << ": " << analysis.error().message;
    const auto& truth = image.truth["figures"];
    const int true_count = truth["hair_count"].get<int>();
    const auto& found = analysis->figures;
    const double percent = 100.0 * (found.hair_count - true_count) / true_count;
    EXPECT_LE(std::abs(percent), 10)
        << image.name << ": " << found.hair_count << " counted of " << true_count;
    const auto matched = match_exits(exits_of(image), *analysis);
    ASSERT_EQ(matched.size(), static_cast<std::size_t>(true_count)) << image.name;
    true_exits += true_count;
    found_exits += static_cast<int>(
        std::count_if(matched.begin(), matched.end(), [](int hair) { return hair >= 0; }));
    counted += found.hair_count;
    count_error += std::abs(percent);
    diameter_error += std::abs(found.mean_diameter_um - truth["mean_diameter_um"].get<double>());
    vellus_error +=
        std::abs(found.vellus_share_percent - truth["vellus_share_percent"].get<double>());
  }
  const auto n = static_cast<double>(images.size());
  EXPECT_LE(count_error / n, 5);
  EXPECT_LE(diameter_error / n, 3);
  EXPECT_LE(vellus_error / n, 5);
  EXPECT_GE(100.0 * found_exits / true_exits, 85) << found_exits << " of " << true_exits;
  EXPECT_LE(100.0 * (counted - found_exits) / counted, 15)
      << counted - found_exits << " of " << counted << " counted exits false";
}

// The rings the practitioner is asked to check first (less_sure: confidence under 0.7) hold most
// of the false exits. On the set: 160 counted exits less sure, 40 of them false (25%), against
// 6 false of 201 sure ones (3.0%), so 40 of the 46 false exits are among the rings to check. Held
// with a margin: the sure ones at most 6% false, the less sure at least four times as often
// false, and at least three in four false exits among them.
TEST(TrichometryFixedSet, TheExitsTheEngineIsLessSureOfHoldMostOfItsFalseOnes) {
  int sure = 0, sure_false = 0, less = 0, less_false = 0;
  for (const auto& image : images_in(kFixedSet)) {
    const auto analysis = analysis_of(image);
    ASSERT_TRUE(analysis) << image.name;
    const auto matched = match_exits(exits_of(image), *analysis);
    std::vector<bool> true_one(analysis->hairs.size(), false);
    for (int hair : matched) {
      if (hair >= 0) true_one[static_cast<std::size_t>(hair)] = true;
    }
    for (std::size_t i = 0; i < analysis->hairs.size(); ++i) {
      if (!analysis->hairs[i].counted) continue;
      const bool no_hair = !true_one[i];
      if (less_sure(analysis->hairs[i])) {
        ++less, less_false += no_hair;
      } else {
        ++sure, sure_false += no_hair;
      }
    }
  }
  ASSERT_GT(sure, 0);
  ASSERT_GT(less, 0);
  const double sure_false_percent = 100.0 * sure_false / sure;
  const double less_false_percent = 100.0 * less_false / less;
  EXPECT_LE(sure_false_percent, 6) << sure_false << " of " << sure;
  EXPECT_GE(less_false_percent, 4 * sure_false_percent) << less_false << " of " << less;
  EXPECT_GE(4 * less_false, 3 * (less_false + sure_false));
}

TEST(TrichometryFixedSet, RefusesEachSpoiledImageWithItsReason) {
  const auto images = images_in(kFixedSet / "refused");
  ASSERT_EQ(images.size(), 4u);
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"2026120507-blurred", "is blurred"},
      {"2026120507-not-scalp", "shows no scalp"},
      {"2026120507-over-exposed", "is over-exposed"},
      {"2026120507-under-exposed", "is under-exposed"}};
  for (std::size_t i = 0; i < images.size(); ++i) {
    ASSERT_EQ(images[i].name, expected[i].first);
    const auto analysis = analysis_of(images[i]);
    ASSERT_FALSE(analysis) << images[i].name;
    ASSERT_FALSE(analysis.error().fields.empty());
    EXPECT_EQ(analysis.error().fields.front().field, "/image") << images[i].name;
    EXPECT_EQ(analysis.error().fields.front().message.rfind(expected[i].second, 0), 0u)
        << images[i].name << ": " << analysis.error().fields.front().message;
  }
  // A scalp of the set given another magnification's calibration: hairs four times as wide as
  // any scalp has.
  auto scalp = images_in(kFixedSet).front();
  scalp.truth["um_per_px"] = scalp.truth["um_per_px"].get<double>() * 4;
  const auto analysis = analysis_of(scalp);
  ASSERT_FALSE(analysis);
  EXPECT_EQ(analysis.error().fields.front().field, "/um_per_px");
}

}  // namespace
}  // namespace mesoclinic::trichometry
