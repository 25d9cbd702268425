// Two images of one site compared: visits months apart (hair by hair) and a phototrichogram's
// day 0 and re-image (growth), against synthetic pairs whose changes are known
// (trichometry/synthetic.h).
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numbers>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <string>

#include "trichometry/synthetic.h"
#include "trichometry/trichometry.h"

namespace mesoclinic::trichometry {
namespace {

// The same site months later, the dermoscope set on it again by hand: registered and matched
// hair to hair, the change in count comes close to the true one. Guarded on the mean over eight
// pairs, at the level reached (2.3% on these pairs; bench/trichometry.sh visits measures it on
// fresh ones: issue 17's target is 2%), and loosely on each pair: a guard of one or two pairs
// decides by the pair's chance which of two rules stays, as it did twice before session 29.
TEST(TrichometryVisits, TwoVisitsOfASiteAreComparedHairByHair) {
  constexpr int kPairs = 8;
  double errors_percent = 0;
  for (std::uint64_t seed = 1; seed <= kPairs; ++seed) {
    const auto visits = synthesize_visits(seed, {});
    const auto baseline =
        analyze(visits.baseline.jpeg, visits.baseline.calibration, visits.baseline.target, {});
    const auto follow_up = analyze(visits.follow_up.jpeg, visits.follow_up.calibration, {}, {});
    ASSERT_TRUE(baseline && follow_up) << seed;
    const auto compared =
        compare_visits({visits.baseline.jpeg, *baseline}, {visits.follow_up.jpeg, *follow_up});
    ASSERT_TRUE(compared) << seed;
    const double error_percent =
        100.0 * std::abs(compared->change - visits.change) / visits.baseline_count;
    EXPECT_LE(error_percent, 8.0) << seed;
    errors_percent += error_percent;
    EXPECT_EQ(compared->change, compared->new_hairs - compared->lost);
    EXPECT_EQ(compared->baseline_count, baseline->figures.hair_count) << seed;
    // Matched one to one within 100 um; the rest are judged by looking at the other visit.
    EXPECT_GT(compared->matches.size(), visits.baseline_count / 3u) << seed;
  }
  EXPECT_LE(errors_percent / kPairs, 3.0);
}

TEST(TrichometryVisits, AVisitComparedWithItselfHasNoChange) {
  const auto image = synthesize(6, {});
  const auto analysis = analyze(image.jpeg, image.calibration, image.target, {});
  ASSERT_TRUE(analysis);
  const auto compared = compare_visits({image.jpeg, *analysis}, {image.jpeg, *analysis});
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
  const auto compared = compare_visits({one.jpeg, *a}, {other.jpeg, *b});
  ASSERT_FALSE(compared);
  EXPECT_EQ(compared.error().fields.front().field, "/follow_up");
  EXPECT_NE(compared.error().fields.front().message.find("does not show the baseline's site"),
            std::string::npos);
}

// A counted hair of `analysis`, at least `length_px` long, whose shaft no other shaft comes within
// 30 pixels of; its index.
std::size_t lone_hair(const Analysis& analysis, double length_px) {
  for (std::size_t i = 0; i < analysis.hairs.size(); ++i) {
    const auto& line = analysis.hairs[i].centre_line;
    if (!analysis.hairs[i].counted ||
        std::hypot(line.back().x - line.front().x, line.back().y - line.front().y) < length_px) {
      continue;
    }
    bool alone = true;
    for (std::size_t j = 0; j < analysis.hairs.size() && alone; ++j) {
      if (j == i) continue;
      for (const auto& p : analysis.hairs[j].centre_line) {
        for (const auto& q : line) alone = alone && std::hypot(p.x - q.x, p.y - q.y) > 30;
      }
    }
    if (alone) return i;
  }
  return analysis.hairs.size();
}

// `jpeg` with the shaft of `hair` painted over by the skin beside it, as if it had shed; or only
// its first `points` points from its exit.
std::vector<unsigned char> without_shaft(
    const std::vector<unsigned char>& jpeg, const Hair& hair, double um_per_px,
    std::size_t points = std::numeric_limits<std::size_t>::max()) {
  cv::Mat image = cv::imdecode(jpeg, cv::IMREAD_COLOR);
  const auto& line = hair.centre_line;
  const double half = hair.width_um / um_per_px / 2 + 3;
  for (std::size_t i = 0; i < std::min(points, line.size()); ++i) {
    // The skin a little way to the side, across the shaft, gives the colour: the light changes
    // along it.
    const auto& a = line[i == 0 ? 0 : i - 1];
    const auto& b = line[std::min(i + 1, line.size() - 1)];
    const double norm = std::max(1e-9, std::hypot(b.x - a.x, b.y - a.y));
    const cv::Point beside(std::clamp(static_cast<int>(line[i].x - (b.y - a.y) / norm * (half + 8)),
                                      0, image.cols - 1),
                           std::clamp(static_cast<int>(line[i].y + (b.x - a.x) / norm * (half + 8)),
                                      0, image.rows - 1));
    const cv::Point at(static_cast<int>(line[i].x), static_cast<int>(line[i].y));
    cv::circle(image, at, static_cast<int>(half), cv::Scalar(image.at<cv::Vec3b>(beside)),
               cv::FILLED);
  }
  std::vector<unsigned char> encoded;
  cv::imencode(".jpg", image, encoded, {cv::IMWRITE_JPEG_QUALITY, 95});
  return encoded;
}

// Synthetic image 6 analysed, a counted hair of it at least `length_um` long whose shaft stands
// alone (`lone`; the analysis's hair count if it has none, or no analysis), and the analysis
// without that hair, as one visit's analysis missing it.
struct OneHairMissing {
  SyntheticImage image;
  Analysis analysis;
  std::size_t lone = 0;
  Analysis missing;
};
OneHairMissing one_hair_missing(double length_um) {
  OneHairMissing set;
  set.image = synthesize(6, {});
  auto analysis = analyze(set.image.jpeg, set.image.calibration, set.image.target, {});
  if (!analysis) return set;
  set.analysis = std::move(*analysis);
  set.lone = lone_hair(set.analysis, length_um / set.image.calibration.um_per_px);
  set.missing = set.analysis;
  if (set.lone < set.missing.hairs.size()) {
    set.missing.hairs.erase(set.missing.hairs.begin() + static_cast<std::ptrdiff_t>(set.lone));
  }
  return set;
}

// A hair one visit's analysis lacks is looked for in that visit's image: if the image shows its
// shaft it was missed, not lost; if the image shows bare skin there it is lost (and, the visits
// swapped, new).
TEST(TrichometryVisits, AHairNoLongerInTheImageIsLostAndOneOnlyMissedIsNot) {
  const auto [image, analysis, lone, missing] = one_hair_missing(300);
  ASSERT_LT(lone, analysis.hairs.size()) << "the image has a hair standing alone";
  const double um = image.calibration.um_per_px;

  const auto missed = compare_visits({image.jpeg, analysis}, {image.jpeg, missing});
  ASSERT_TRUE(missed);
  EXPECT_EQ(missed->lost, 0);
  EXPECT_EQ(missed->change, 0);

  const auto shed = without_shaft(image.jpeg, analysis.hairs[lone], um);
  const auto lost = compare_visits({image.jpeg, analysis}, {shed, missing});
  ASSERT_TRUE(lost);
  EXPECT_EQ(lost->lost, 1);
  EXPECT_EQ(lost->change, -1);
  // Named for the practitioner to check: the hair, and where it left the scalp on the follow-up
  // (the same pixels here: the same view).
  ASSERT_EQ(lost->which_lost.size(), 1u);
  const auto& named = lost->which_lost[0];
  EXPECT_EQ(named.hair, lone);
  const PixelPoint exit = analysis.hairs[lone].centre_line.front();
  EXPECT_NEAR(named.added_back.exit.x, exit.x, 1);
  EXPECT_NEAR(named.added_back.exit.y, exit.y, 1);
  EXPECT_EQ(named.less_sure, less_sure(analysis.hairs[lone]));
  const PixelPoint end = analysis.hairs[lone].centre_line.back();
  EXPECT_NEAR(named.added_back.end.x, end.x, 1);
  EXPECT_NEAR(named.added_back.end.y, end.y, 1);
  EXPECT_EQ(named.added_back.width_um, analysis.hairs[lone].width_um);
  EXPECT_TRUE(lost->which_new.empty());
  // The practitioner, seeing the hair still there, adds it to the follow-up as a missed hair as
  // the comparison gives it: then it is found again, not lost.
  const auto put_back = apply_correction(missing, {{}, {named.added_back}}, {});
  ASSERT_TRUE(put_back);
  const auto found_again = compare_visits({image.jpeg, analysis}, {shed, *put_back});
  ASSERT_TRUE(found_again);
  EXPECT_EQ(found_again->lost, 0);
  EXPECT_EQ(found_again->change, 0);
  const auto grown = compare_visits({shed, missing}, {image.jpeg, analysis});
  ASSERT_TRUE(grown);
  EXPECT_EQ(grown->new_hairs, 1);
  EXPECT_EQ(grown->change, 1);
  EXPECT_EQ(grown->which_new, std::vector<std::size_t>{lone});
  EXPECT_TRUE(grown->which_lost.empty());

  // Struck out by the practitioner at the follow-up (no hair, they say), what the image shows
  // there is no shaft: lost.
  Analysis struck = analysis;
  struck.hairs[lone].source = HairSource::kRemovedByPractitioner;
  struck.hairs[lone].counted = false;
  const auto denied = compare_visits({image.jpeg, analysis}, {image.jpeg, struck});
  ASSERT_TRUE(denied);
  EXPECT_EQ(denied->lost, 1);
}

// A hair is looked for from its exit, and from its other end too only where the engine is less
// sure of that exit (less_sure): such an exit may be a clipped hair's tip, clipped shorter since,
// whose true exit at the far end still shows. A sure exit whose own stretch is gone is lost,
// whatever still lies along its far end.
TEST(TrichometryVisits, ASureExitIsLookedForFromItselfALessSureOneFromEitherEnd) {
  const auto [image, analysis, lone, missing] = one_hair_missing(400);
  ASSERT_LT(lone, analysis.hairs.size()) << "the image has a long hair standing alone";
  const double um = image.calibration.um_per_px;
  ASSERT_FALSE(less_sure(analysis.hairs[lone]));
  // The first 200 um from the exit painted out: the last 150 um still show.
  const auto cut_short =
      without_shaft(image.jpeg, analysis.hairs[lone], um, static_cast<std::size_t>(200 / um));

  const auto sure = compare_visits({image.jpeg, analysis}, {cut_short, missing});
  ASSERT_TRUE(sure);
  EXPECT_EQ(sure->lost, 1);

  Analysis doubtful = analysis;
  doubtful.hairs[lone].confidence = kSureConfidence / 2;
  const auto less = compare_visits({image.jpeg, doubtful}, {cut_short, missing});
  ASSERT_TRUE(less);
  EXPECT_EQ(less->lost, 0);
  EXPECT_EQ(less->change, 0);
}

// The same across a real turn and shift: the follow-up is the baseline's skin with the
// dermoscope turned 4 degrees and moved, so each visit's pixels must be carried into the other's
// to find a hair there.
TEST(TrichometryVisits, AMissedHairIsLookedForWhereTheOtherImageShowsIt) {
  const auto image = synthesize(6, {});
  const cv::Mat pixels = cv::imdecode(image.jpeg, cv::IMREAD_COLOR);
  cv::Mat turn = cv::getRotationMatrix2D(cv::Point2f(800, 600), 4, 1.0);
  turn.at<double>(0, 2) += 40;
  turn.at<double>(1, 2) -= 25;
  cv::Mat turned;
  cv::warpAffine(pixels, turned, turn, pixels.size(), cv::INTER_LINEAR, cv::BORDER_REFLECT);
  std::vector<unsigned char> later;
  cv::imencode(".jpg", turned, later, {cv::IMWRITE_JPEG_QUALITY, 95});
  const double um = image.calibration.um_per_px;
  const auto baseline = analyze(image.jpeg, image.calibration, image.target, {});
  const auto follow_up = analyze(later, image.calibration, {}, {});
  ASSERT_TRUE(baseline && follow_up);
  const auto whole = compare_visits({image.jpeg, *baseline}, {later, *follow_up});
  ASSERT_TRUE(whole);
  EXPECT_NEAR(whole->follow_up_to_baseline[0], std::cos(4 * std::numbers::pi / 180), 0.01);

  // A lone hair matched at both visits, then missing from the follow-up's analysis.
  const std::size_t lone = lone_hair(*baseline, 300 / um);
  std::size_t again = follow_up->hairs.size();
  for (const auto& [b, f] : whole->matches) {
    if (b == lone) again = f;
  }
  ASSERT_LT(again, follow_up->hairs.size()) << "the lone hair is matched at follow-up";
  Analysis missing = *follow_up;
  missing.hairs.erase(missing.hairs.begin() + static_cast<std::ptrdiff_t>(again));
  const auto missed = compare_visits({image.jpeg, *baseline}, {later, missing});
  ASSERT_TRUE(missed);
  EXPECT_EQ(missed->lost, whole->lost);
  EXPECT_EQ(missed->change, whole->change);
  // Painted out of the follow-up image where that image shows it: lost.
  const auto shed = without_shaft(later, follow_up->hairs[again], um);
  const auto lost = compare_visits({image.jpeg, *baseline}, {shed, missing});
  ASSERT_TRUE(lost);
  EXPECT_EQ(lost->lost, whole->lost + 1);
  EXPECT_EQ(lost->change, whole->change - 1);
  // Marked on the follow-up where the turn and shift carried its exit.
  const PixelPoint exit = baseline->hairs[lone].centre_line.front();
  const auto named = std::ranges::find(lost->which_lost, lone, &VisitComparison::Lost::hair);
  ASSERT_NE(named, lost->which_lost.end());
  EXPECT_NEAR(
      named->added_back.exit.x,
      turn.at<double>(0, 0) * exit.x + turn.at<double>(0, 1) * exit.y + turn.at<double>(0, 2), 2);
  EXPECT_NEAR(
      named->added_back.exit.y,
      turn.at<double>(1, 0) * exit.x + turn.at<double>(1, 1) * exit.y + turn.at<double>(1, 2), 2);
}

// An image that cannot be decoded is said to be the one that cannot.
TEST(TrichometryVisits, AnUnreadableImageIsNamed) {
  const auto image = synthesize(6, {});
  const auto analysis = analyze(image.jpeg, image.calibration, image.target, {});
  ASSERT_TRUE(analysis);
  const std::vector<unsigned char> garbage(100, 7);
  for (const bool later : {true, false}) {
    const auto compared = later ? compare_visits({image.jpeg, *analysis}, {garbage, *analysis})
                                : compare_visits({garbage, *analysis}, {image.jpeg, *analysis});
    ASSERT_FALSE(compared);
    EXPECT_EQ(compared.error().fields.front().field,
              later ? "/follow_up/image" : "/baseline/image");
    EXPECT_EQ(compared.error().fields.front().message,
              "cannot be read as a JPEG, PNG or TIFF image");
  }
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
