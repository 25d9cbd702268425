// Thinning (trichometry/thinning.h) against Zhang and Suen's method done the plain way, every
// pixel looked at in every sub-iteration: the centre lines every hair is traced from must be
// exactly theirs, however the work is skipped or packed.
#include "trichometry/thinning.h"

#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>
#include <random>

namespace tri = mesoclinic::trichometry;

namespace {

cv::Mat thinned_plainly(cv::Mat pixels) {
  pixels.row(0).setTo(0);
  pixels.row(pixels.rows - 1).setTo(0);
  pixels.col(0).setTo(0);
  pixels.col(pixels.cols - 1).setTo(0);
  bool changed = true;
  while (changed) {
    changed = false;
    for (int pass = 0; pass < 2; ++pass) {
      cv::Mat going = cv::Mat::zeros(pixels.size(), CV_8U);
      for (int y = 1; y < pixels.rows - 1; ++y) {
        for (int x = 1; x < pixels.cols - 1; ++x) {
          if (!pixels.at<unsigned char>(y, x)) continue;
          std::array<int, 8> p{};  // P2..P9
          for (int i = 0; i < 8; ++i) {
            p[i] =
                pixels.at<unsigned char>(y + tri::kNeighbourDy[i], x + tri::kNeighbourDx[i]) != 0;
          }
          int neighbours = 0, transitions = 0;
          for (int i = 0; i < 8; ++i) {
            neighbours += p[i];
            transitions += !p[i] && p[(i + 1) % 8];
          }
          // p[0] = P2 (north), p[2] = P4 (east), p[4] = P6 (south), p[6] = P8 (west).
          const bool kept_by_pass = pass == 0 ? (p[0] && p[2] && p[4]) || (p[2] && p[4] && p[6])
                                              : (p[0] && p[2] && p[6]) || (p[0] && p[4] && p[6]);
          if (neighbours >= 2 && neighbours <= 6 && transitions == 1 && !kept_by_pass)
            going.at<unsigned char>(y, x) = 1;
        }
      }
      if (cv::countNonZero(going) > 0) changed = true;
      pixels.setTo(0, going);
    }
  }
  return pixels;
}

// Shafts of many widths at every angle, crossing and touching, with specks and holes: what hair
// pixels look like, on a width that is no multiple of 64.
cv::Mat shafts_drawn(std::uint32_t seed, cv::Size size) {
  std::mt19937 random(seed);
  const auto uniform = [&](int low, int high) {
    return std::uniform_int_distribution<int>(low, high)(random);
  };
  cv::Mat pixels = cv::Mat::zeros(size, CV_8U);
  for (int i = 0; i < 25; ++i) {
    const cv::Point from(uniform(-20, size.width + 20), uniform(-20, size.height + 20));
    const cv::Point to(uniform(-20, size.width + 20), uniform(-20, size.height + 20));
    cv::line(pixels, from, to, 1, uniform(1, 30));
  }
  for (int i = 0; i < 15; ++i) {
    cv::circle(pixels, {uniform(0, size.width), uniform(0, size.height)}, uniform(1, 25),
               uniform(0, 1), -1);
  }
  return pixels;
}

}  // namespace

TEST(TrichometryThinning, GivesExactlyZhangAndSuensLines) {
  for (std::uint32_t seed = 1; seed <= 12; ++seed) {
    const cv::Mat pixels = shafts_drawn(seed, {333 + 7 * static_cast<int>(seed), 251});
    cv::Mat thinned = pixels.clone();
    tri::thin(thinned);
    const cv::Mat expected = thinned_plainly(pixels.clone());
    ASSERT_EQ(cv::countNonZero(thinned != expected), 0) << "seed " << seed;
    EXPECT_GT(cv::countNonZero(thinned), 0);
    EXPECT_LT(cv::countNonZero(thinned), cv::countNonZero(pixels) / 4) << "seed " << seed;
  }
}

TEST(TrichometryThinning, AThickBarBecomesOneLineOnePixelWide) {
  cv::Mat pixels = cv::Mat::zeros(60, 200, CV_8U);
  cv::rectangle(pixels, cv::Point{20, 20}, cv::Point{179, 39}, 1, -1);
  tri::thin(pixels);
  for (int x = 40; x < 160; ++x) {
    EXPECT_EQ(cv::countNonZero(pixels.col(x)), 1) << "column " << x;
  }
  std::vector<cv::Point> kept;
  cv::findNonZero(pixels, kept);
  for (const auto& p : kept) EXPECT_EQ(pixels.at<unsigned char>(p), 1);
}
