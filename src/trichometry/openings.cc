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

// A follicle opening's radius around the exit of a shaft `width` pixels wide: a pit about twice
// as wide as the shaft, and the lens's blur.
double opening_radius(double width) { return 0.9 * width + 2; }

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

EndOpening opening_at(const std::vector<cv::Point>& line, bool back, const cv::Mat& darkness,
                      double width) {
  // The shaft's axis where the line runs straight, pointing out of the end.
  const int hooked = hooked_points(line, back, width);
  const cv::Point end = point_of(line, hooked, back);
  const cv::Point inward = point_of(line, hooked + static_cast<int>(width) + 3, back);
  const double length = std::hypot(inward.x - end.x, inward.y - end.y);
  if (length == 0) return {};
  const double dx = (end.x - inward.x) / length, dy = (end.y - inward.y) / length;
  // The darkness `along` the axis past the end and `across` it; -1 outside the image.
  const auto at = [&](double along, double across) {
    const int x = static_cast<int>(std::lround(end.x + along * dx - across * dy));
    const int y = static_cast<int>(std::lround(end.y + along * dy + across * dx));
    return x >= 0 && y >= 0 && x < darkness.cols && y < darkness.rows
               ? static_cast<double>(darkness.at<float>(y, x))
               : -1.0;
  };
  std::vector<double> on_shaft;
  for (double t = -width - 3; t <= 0; t += 1) {
    if (const double v = at(t, 0); v >= 0) on_shaft.push_back(v);
  }
  if (on_shaft.empty()) return {};
  const double shaft = median_of(std::move(on_shaft));
  // Where the shaft itself ends: where its darkness falls fastest along the axis, before the
  // skin. Thinning stops short of a wide end or runs on into the opening, and a faint shaft ends
  // in an opening nearly as dark as itself, so neither the line's end nor a fixed share of the
  // shaft's darkness finds it.
  double edge = 0, steepest = 0;
  for (double t = -2; t <= width + 6; t += 1) {
    const double before = at(t - 1, 0), after = at(t + 1, 0);
    if (before < 0 || after < 0) return {};  // at the image's edge: no telling
    if (before - after > steepest) steepest = before - after, edge = t;
    if (after < shaft / 4) break;
  }
  // No fall: the darkness goes on, over another shaft; this is no end of a hair.
  if (steepest < shaft / 4) return {};
  // The end is round: the hair leaves the scalp half its width back from it, at the opening's
  // centre.
  const double exit = edge - width / 2;
  const double rim = opening_radius(width);
  // Beside the shaft, midway across the opening's rim and as far along as the rim reaches there,
  // against skin further out; the lighter side, as another shaft may lie along the other.
  const double across = (width / 2 + rim) / 2;
  std::vector<double> beside, skin;
  for (double t = exit - std::sqrt(rim * rim - across * across); t <= exit; t += 1) {
    double near = 1, far = 1;
    for (double side : {-1.0, 1.0}) {
      if (const double v = at(t, side * across); v >= 0) near = std::min(near, v);
      if (const double v = at(t, side * skin_beside(width)); v >= 0) far = std::min(far, v);
    }
    if (near < 1) beside.push_back(near);
    if (far < 1) skin.push_back(far);
  }
  // Past the end, out to the rim, against the skin beyond it (not another shaft there).
  std::vector<double> past, beyond_rim;
  for (double t = edge + 1.5; t <= edge + std::max(3.0, rim - width / 2 + 0.5); t += 1) {
    if (const double v = at(t, 0); v >= 0 && v < kDarkestOpening) past.push_back(v);
  }
  for (double t = edge + width / 2 + 5; t <= edge + width / 2 + 9; t += 1) {
    if (const double v = at(t, 0); v >= 0 && v < kDarkestOpening) beyond_rim.push_back(v);
  }
  // Either may be out of the image, or beyond the rim lie only shafts: the other judges alone.
  std::vector<double> measures;
  if (!beside.empty() && !skin.empty()) {
    measures.push_back(median_of(std::move(beside)) - median_of(std::move(skin)));
  }
  if (!past.empty() && !beyond_rim.empty()) {
    measures.push_back(median_of(std::move(past)) - median_of(std::move(beyond_rim)));
  }
  if (measures.empty()) return {};
  const auto [lighter, darker] = std::minmax_element(measures.begin(), measures.end());
  const EndOpening opening{*darker, *lighter};
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
