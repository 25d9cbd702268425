// Two images of one site compared: visits months apart (hair by hair) and a phototrichogram's
// day 0 and re-image (growth), against synthetic pairs whose changes are known
// (trichometry/synthetic.h).
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <string>

#include "trichometry/synthetic.h"
#include "trichometry/trichometry.h"

namespace mesoclinic::trichometry {
namespace {

// The same site months later, the dermoscope set on it again by hand: registered and matched
// hair to hair, the change in count comes close to the true one, far closer than two separate
// counts. A guard at the level reached (bench/trichometry.sh visits measures it: issue 17's
// target is 2%).
TEST(TrichometryVisits, TwoVisitsOfASiteAreComparedHairByHair) {
  for (std::uint64_t seed : {1, 2}) {
    const auto visits = synthesize_visits(seed, {});
    const auto baseline =
        analyze(visits.baseline.jpeg, visits.baseline.calibration, visits.baseline.target, {});
    const auto follow_up = analyze(visits.follow_up.jpeg, visits.follow_up.calibration, {}, {});
    ASSERT_TRUE(baseline && follow_up) << seed;
    const auto compared = compare_visits(*baseline, *follow_up);
    ASSERT_TRUE(compared) << seed;
    EXPECT_LE(std::abs(compared->change - visits.change), 0.05 * visits.baseline_count) << seed;
    EXPECT_EQ(compared->change, compared->new_hairs - compared->lost);
    EXPECT_EQ(compared->baseline_count, baseline->figures.hair_count) << seed;
    // Matched one to one within 100 um; the rest are judged by looking at the other visit.
    EXPECT_GT(compared->matches.size(), visits.baseline_count / 3u) << seed;
  }
}

TEST(TrichometryVisits, AVisitComparedWithItselfHasNoChange) {
  const auto image = synthesize(6, {});
  const auto analysis = analyze(image.jpeg, image.calibration, image.target, {});
  ASSERT_TRUE(analysis);
  const auto compared = compare_visits(*analysis, *analysis);
  ASSERT_TRUE(compared);
  EXPECT_EQ(compared->change, 0);
  EXPECT_EQ(compared->persisting, analysis->figures.hair_count);
  EXPECT_EQ(static_cast<int>(compared->matches.size()), analysis->figures.hair_count);
  const std::array<double, 6> identity{1, 0, 0, 0, 1, 0};
  for (std::size_t i = 0; i < 6; ++i) {
    EXPECT_NEAR(compared->follow_up_to_baseline[i], identity[i], 1e-6) << i;
  }
}

TEST(TrichometryVisits, TwoDifferentSitesAreNotCompared) {
  const auto one = synthesize(4, {});
  const auto other = synthesize(9, {});
  const auto a = analyze(one.jpeg, one.calibration, one.target, {});
  const auto b = analyze(other.jpeg, other.calibration, {}, {});
  ASSERT_TRUE(a && b);
  const auto compared = compare_visits(*a, *b);
  ASSERT_FALSE(compared);
  EXPECT_EQ(compared.error().fields.front().field, "/follow_up");
  EXPECT_NE(compared.error().fields.front().message.find("does not show the baseline's site"),
            std::string::npos);
}

// Clipped on day 0, imaged again two days later: the hairs that grew are told from those that
// rest, and how fast they grow. A guard at the level reached (bench/trichometry.sh measures it;
// the issue sets no target for these).
TEST(TrichometryVisits, APhototrichogramTellsGrowingHairsFromRestingOnes) {
  const auto truth = synthesize_growth(6, 2, {});
  const auto day_0 = analyze(truth.day_0.jpeg, truth.day_0.calibration, truth.day_0.target, {});
  const auto later = analyze(truth.later.jpeg, truth.later.calibration, {}, {});
  ASSERT_TRUE(day_0 && later);
  const auto growth = measure_growth(*day_0, *later, 2);
  ASSERT_TRUE(growth);
  EXPECT_GT(growth->hairs_followed, truth.followed * 3 / 4);
  EXPECT_NEAR(growth->anagen_share_percent, truth.anagen_share_percent, 10);
  EXPECT_NEAR(growth->growth_mm_per_day, truth.growth_mm_per_day, 0.1);
  // Against itself nothing has grown.
  const auto still = measure_growth(*day_0, *day_0, 2);
  ASSERT_TRUE(still);
  EXPECT_EQ(still->growing, 0);
  EXPECT_EQ(still->anagen_share_percent, 0);
}

TEST(TrichometryVisits, APhototrichogramNeedsDaysBetweenItsImages) {
  const auto image = synthesize(6, {});
  const auto analysis = analyze(image.jpeg, image.calibration, image.target, {});
  ASSERT_TRUE(analysis);
  for (double days : {0.0, -1.0, 30.0, std::nan("")}) {
    const auto growth = measure_growth(*analysis, *analysis, days);
    ASSERT_FALSE(growth) << days;
    EXPECT_EQ(growth.error().fields.front().field, "/days");
  }
}

}  // namespace
}  // namespace mesoclinic::trichometry
