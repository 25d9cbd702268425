#include "trichometry/openings.h"

#include <algorithm>
#include <cmath>

#include "trichometry/figures.h"

namespace mesoclinic::trichometry {
namespace {

// Darker than any opening: another shaft, or a crossing.
constexpr double kDarkestOpening = 0.4;
// Along a shaft an opening must stand out further than at an end, where the end itself is
// already a sign: skin texture makes smaller bumps.
constexpr double kOpeningAlongDarkness = 0.08;

// The line's point `i` from its front (or from its back), clamped to the line.
cv::Point point_of(const std::vector<cv::Point>& line, int i, bool back) {
  const int count = static_cast<int>(line.size());
  i = std::clamp(i, 0, count - 1);
  return back ? line[static_cast<std::size_t>(count - 1 - i)] : line[static_cast<std::size_t>(i)];
}

// The darkness `aside` pixels to each side of the line at its point `i`, the lighter of the two
// (another shaft lying along one side is not an opening); 1 if neither side is in the image.
double lighter_side(const std::vector<cv::Point>& line, int i, bool back, double aside,
                    const cv::Mat& darkness) {
  const cv::Point a = point_of(line, i - 3, back), b = point_of(line, i + 3, back);
  const double length = std::hypot(b.x - a.x, b.y - a.y);
  if (length == 0) return 1;
  const double nx = -(b.y - a.y) / length, ny = (b.x - a.x) / length;
  const cv::Point p = point_of(line, i, back);
  double lighter = 1;
  for (double side : {-1.0, 1.0}) {
    const int x = static_cast<int>(std::lround(p.x + side * aside * nx));
    const int y = static_cast<int>(std::lround(p.y + side * aside * ny));
    if (x < 0 || y < 0 || x >= darkness.cols || y >= darkness.rows) continue;
    lighter = std::min(lighter, static_cast<double>(darkness.at<float>(y, x)));
  }
  return lighter;
}

// Just beside the shaft, and far enough out to be skin past any opening.
double just_beside(double width) { return width / 2 + 2.5; }
double skin_beside(double width) { return width + 6; }

}  // namespace

// How many of the line's last points (from its front, or its back) stray off the shaft's own
// direction: thinning often hooks a line's end into the opening it lies in.
int hooked_points(const std::vector<cv::Point>& line, bool back, double width) {
  const int count = static_cast<int>(line.size());
  const int from = static_cast<int>(width) + 3, to = 2 * from;
  if (to >= count) return 0;
  const cv::Point a = point_of(line, from, back), b = point_of(line, to, back);
  const double length = std::hypot(b.x - a.x, b.y - a.y);
  if (length == 0) return 0;
  const double nx = -(b.y - a.y) / length, ny = (b.x - a.x) / length;
  int hooked = 0;
  while (hooked < from) {
    const cv::Point p = point_of(line, hooked, back);
    if (std::abs((p.x - a.x) * nx + (p.y - a.y) * ny) <= 1.5) break;
    ++hooked;
  }
  return hooked;
}

EndOpening opening_at(const std::vector<cv::Point>& whole, bool back, const cv::Mat& darkness,
                      double width) {
  // Measured from where the line runs straight again.
  const int hooked = hooked_points(whole, back, width);
  std::vector<cv::Point> line = whole;
  if (back) {
    line.resize(line.size() - static_cast<std::size_t>(hooked));
  } else {
    line.erase(line.begin(), line.begin() + hooked);
  }
  const int count = static_cast<int>(line.size());
  const auto beside = [&](double aside) {
    std::vector<double> values;
    for (int i = 0; i < std::min(count, static_cast<int>(width) + 2); ++i) {
      const double value = lighter_side(line, i, back, aside, darkness);
      if (value < 1) values.push_back(value);
    }
    return values.empty() ? 0.0 : median_of(std::move(values));
  };
  // Thinning stops short of a wide end, more so in an opening: look past the end as well.
  const cv::Point end = point_of(line, 0, back);
  const cv::Point inward = point_of(line, static_cast<int>(width) + 3, back);
  const double length = std::hypot(inward.x - end.x, inward.y - end.y);
  std::vector<double> past;
  if (length > 0) {
    const double dx = (end.x - inward.x) / length, dy = (end.y - inward.y) / length;
    // From the line's own end, past the hooked points: sampled from where they were cut off, the
    // stretch would lie on the shaft itself.
    const cv::Point tip = point_of(whole, 0, back);
    const double cut = std::max(0.0, (tip.x - end.x) * dx + (tip.y - end.y) * dy);
    for (double t = width / 2 + 2 + cut; t <= width + 4 + cut; t += 1) {
      const int x = static_cast<int>(std::lround(end.x + t * dx));
      const int y = static_cast<int>(std::lround(end.y + t * dy));
      if (x >= 0 && y >= 0 && x < darkness.cols && y < darkness.rows) {
        past.push_back(darkness.at<float>(y, x));
      }
    }
  }
  const double skin = beside(skin_beside(width));
  const double beyond = past.empty() ? 0.0 : median_of(std::move(past)) - skin;
  const double aside = beside(just_beside(width)) - skin;
  const EndOpening opening{std::max(aside, beyond), std::min(aside, beyond)};
  return opening.strongest > kDarkestOpening ? EndOpening{} : opening;
}

std::vector<int> openings_along(const std::vector<cv::Point>& line, const cv::Mat& darkness,
                                double width) {
  const int count = static_cast<int>(line.size());
  // The ends' own openings reach this far in; opening_at judges those.
  const int guard = static_cast<int>(2 * width) + 4;
  if (count <= 2 * guard) return {};
  // How far each point's sides stand out from the skin; a point with another shaft beside it
  // (a crossing) marks its neighbourhood as no sign.
  std::vector<double> standing(static_cast<std::size_t>(count), 0);
  std::vector<bool> crossing(static_cast<std::size_t>(count), false);
  for (int i = 0; i < count; ++i) {
    // Two places across the opening's rim, the lesser: one noisy pixel is not an opening.
    const double beside = lighter_side(line, i, false, just_beside(width), darkness);
    const double further = lighter_side(line, i, false, just_beside(width) + 2, darkness);
    const double skin = lighter_side(line, i, false, skin_beside(width), darkness);
    crossing[static_cast<std::size_t>(i)] = std::max(beside, further) > kDarkestOpening;
    standing[static_cast<std::size_t>(i)] = std::min(beside, further) - skin;
  }
  const int reach = static_cast<int>(width) + 6;
  std::vector<int> found;
  int i = guard;
  while (i < count - guard) {
    if (standing[static_cast<std::size_t>(i)] < kOpeningAlongDarkness) {
      ++i;
      continue;
    }
    // A run of points standing out: one opening, at its strongest point, if long enough not to
    // be noise and clear of any crossing.
    int end = i, strongest = i;
    while (end < count - guard &&
           standing[static_cast<std::size_t>(end)] >= kOpeningAlongDarkness) {
      if (standing[static_cast<std::size_t>(end)] > standing[static_cast<std::size_t>(strongest)])
        strongest = end;
      ++end;
    }
    const bool crossed =
        std::any_of(crossing.begin() + std::max(0, i - reach),
                    crossing.begin() + std::min(count, end + reach), [](bool c) { return c; });
    // No longer than an opening is wide.
    const bool opening_sized = end - i >= 4 && end - i <= static_cast<int>(2 * width) + 8;
    // A pit, not a stretch of darker skin: the sides are skin again just past it.
    const auto skin_at = [&](int k) {
      return k < 0 || k >= count || standing[static_cast<std::size_t>(k)] < kOpeningDarkness;
    };
    const bool alone = skin_at(i - 4) && skin_at(end + 3);
    if (opening_sized && !crossed && alone) found.push_back(strongest);
    i = end;
  }
  return found;
}

}  // namespace mesoclinic::trichometry
