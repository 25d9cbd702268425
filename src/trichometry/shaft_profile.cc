#include "trichometry/shaft_profile.h"

#include <algorithm>
#include <cmath>

namespace mesoclinic::trichometry {
namespace {

constexpr double kStep = 0.25;   // pixels between profile samples
constexpr int kMostPlaces = 32;  // places along a shaft measured across
// A place across a shaft this much wider than most (and a pixel more) has something lying against
// or across the shaft there.
constexpr double kWiderPlace = 1.1;
constexpr int kPlaceSlack = static_cast<int>(1 / kStep);

float darkness_at(const cv::Mat& darkness, double x, double y) {
  // Off the image below 0; past it, truncation is the floor (and no call to floor(), which this,
  // sampled a few million times an image, would spend milliseconds on).
  if (!(x >= 0 && y >= 0)) return -1;
  const int x0 = static_cast<int>(x), y0 = static_cast<int>(y);
  if (x0 + 1 >= darkness.cols || y0 + 1 >= darkness.rows) return -1;
  const double fx = x - x0, fy = y - y0;
  const float* top = darkness.ptr<float>(y0);
  const float* bottom = darkness.ptr<float>(y0 + 1);
  return static_cast<float>((1 - fy) * ((1 - fx) * top[x0] + fx * top[x0 + 1]) +
                            fy * ((1 - fx) * bottom[x0] + fx * bottom[x0 + 1]));
}

}  // namespace

std::optional<ShaftProfile> profile_across(const cv::Mat& darkness,
                                           const std::vector<cv::Point>& centre_line,
                                           double rough_width, bool short_stretch) {
  const int count = static_cast<int>(centre_line.size());
  // The ends are left out, where the shaft meets another or rounds off: a shaft's width at
  // each, or of a short stretch all but its middle.
  const int width_each = std::max(3, static_cast<int>(std::ceil(rough_width)));
  const int skip = short_stretch ? std::min(width_each, std::max(2, count / 2 - 2)) : width_each;
  if (count < 2 * skip + 2) return std::nullopt;
  const double half = std::max(6.0, rough_width + 4);
  const int bins = static_cast<int>(2 * half / kStep) + 1;
  // Each place's profile (-1 where off the image), and how wide it is dark.
  std::vector<float> places;  // one after the other, `bins` each
  std::vector<double> place_widths;
  const int stride = std::max(2, (count - 2 * skip) / kMostPlaces);
  for (int i = skip; i < count - skip; i += stride) {
    const cv::Point a = centre_line[std::max(0, i - 3)];
    const cv::Point b = centre_line[std::min(count - 1, i + 3)];
    double tx = b.x - a.x, ty = b.y - a.y;
    const double norm = std::hypot(tx, ty);
    if (norm == 0) continue;
    tx /= norm, ty /= norm;
    const double nx = -ty, ny = tx;
    const double cx = centre_line[i].x, cy = centre_line[i].y;
    // The traced line may run a pixel off the middle: centre each profile on its darkness.
    double weight = 0, moment = 0;
    const double core = rough_width / 2 + 2;
    for (double s = -core; s <= core; s += 0.5) {
      const float d = darkness_at(darkness, cx + s * nx, cy + s * ny);
      if (d > 0) weight += d, moment += d * s;
    }
    const double offset = weight > 0 ? std::clamp(moment / weight, -2.0, 2.0) : 0;
    const std::size_t start = places.size();
    places.resize(start + static_cast<std::size_t>(bins));
    float* place = places.data() + start;
    for (int k = 0; k < bins; ++k) {
      const double s = offset - half + k * kStep;
      place[k] = darkness_at(darkness, cx + s * nx, cy + s * ny);
    }
    // How far out from the middle it stays half as dark as there: a neighbour lying against the
    // shaft, or one crossing it, widens that.
    const int middle = bins / 2;
    const float level = std::max(place[middle], 0.0f) / 2;
    int first = middle, last = middle;
    while (first > 0 && place[first - 1] >= level) --first;
    while (last < bins - 1 && place[last + 1] >= level) ++last;
    place_widths.push_back(last - first);
  }
  if (place_widths.empty()) return std::nullopt;
  // Those places are left out: they would widen the profile.
  std::vector<double> widths = place_widths;
  std::nth_element(widths.begin(), widths.begin() + static_cast<long>(widths.size() / 2),
                   widths.end());
  const double usual = widths[widths.size() / 2];
  std::vector<double> sum(static_cast<std::size_t>(bins), 0);
  std::vector<int> seen(static_cast<std::size_t>(bins), 0);
  for (std::size_t p = 0; p < place_widths.size(); ++p) {
    if (place_widths[p] > kWiderPlace * usual + kPlaceSlack) continue;
    const float* place = places.data() + p * static_cast<std::size_t>(bins);
    for (int k = 0; k < bins; ++k) {
      const float d = place[k];
      if (d < 0) continue;
      sum[static_cast<std::size_t>(k)] += d;
      ++seen[static_cast<std::size_t>(k)];
    }
  }
  std::vector<double> mean(static_cast<std::size_t>(bins), 0);
  for (std::size_t k = 0; k < mean.size(); ++k) {
    if (seen[k] == 0) return std::nullopt;
    mean[k] = sum[k] / seen[k];
  }
  // The skin beside the shaft: the lower of the two outermost pixels' means.
  const int tail = static_cast<int>(1 / kStep);
  double left = 0, right = 0;
  for (int k = 0; k < tail; ++k) {
    left += mean[static_cast<std::size_t>(k)];
    right += mean[static_cast<std::size_t>(bins - 1 - k)];
  }
  const double skin = std::min(left, right) / tail;
  for (auto& value : mean) value -= skin;

  // Only the shaft's own part of the window counts: a neighbour may lie at its edge.
  ShaftProfile profile;
  const int centre = bins / 2;
  const int core_bins = static_cast<int>((rough_width / 2 + 1) / kStep);
  for (int k = centre - core_bins; k <= centre + core_bins; ++k) {
    profile.peak = std::max(profile.peak, mean[static_cast<std::size_t>(k)]);
  }
  if (profile.peak <= 0) return std::nullopt;
  const double level = profile.peak / 2;
  int first = centre, last = centre;
  while (first > 0 && mean[static_cast<std::size_t>(first - 1)] >= level) --first;
  while (last < bins - 1 && mean[static_cast<std::size_t>(last + 1)] >= level) ++last;
  // The area reaches as far beyond the half-peak points as the blur spreads an edge.
  const int spread = static_cast<int>(3 / kStep);
  for (int k = std::max(0, first - spread); k <= std::min(bins - 1, last + spread); ++k) {
    profile.area += std::max(0.0, mean[static_cast<std::size_t>(k)]) * kStep;
  }
  const auto crossing = [&](int inside, int outside) {
    const double a = mean[static_cast<std::size_t>(outside)];
    const double b = mean[static_cast<std::size_t>(inside)];
    const double t = b != a ? (level - a) / (b - a) : 0.5;
    return (outside + t * (inside - outside)) * kStep;
  };
  const double from = first > 0 ? crossing(first, first - 1) : 0;
  const double to = last < bins - 1 ? crossing(last, last + 1) : (bins - 1) * kStep;
  profile.half_peak_width = to - from;
  double steepest = 0;
  for (int k = std::max(2, first - spread); k <= std::min(bins - 1, last + spread); ++k) {
    steepest = std::max(steepest, std::abs(mean[static_cast<std::size_t>(k)] -
                                           mean[static_cast<std::size_t>(k - 2)]) /
                                      (2 * kStep));
  }
  profile.edge_blur = steepest > 0 ? profile.peak / (steepest * std::sqrt(2 * M_PI)) : 0;
  return profile;
}

double width_of(const ShaftProfile& profile, double blur) {
  if (profile.half_peak_width > 5 * blur) return profile.half_peak_width;
  // peak / area = erf(w / (2 sqrt(2) blur)) / w falls as w grows: find w by halving.
  const double ratio = profile.peak / profile.area;
  double low = 0.05, high = std::max(1.0, 6 * blur);
  // A profile sharper than any band so blurred (its ratio above the narrowest's) is a thin
  // shaft less blurred than the image's wide ones, whose edges measured the blur: its width is
  // its area over its peak, as if not blurred at all (the search would stop at its floor, a
  // twentieth of a pixel).
  if (ratio >= std::erf(low / (2 * std::sqrt(2.0) * blur)) / low) return 1 / ratio;
  for (int i = 0; i < 40; ++i) {
    const double w = (low + high) / 2;
    if (std::erf(w / (2 * std::sqrt(2.0) * blur)) / w > ratio) {
      low = w;
    } else {
      high = w;
    }
  }
  return (low + high) / 2;
}

}  // namespace mesoclinic::trichometry
