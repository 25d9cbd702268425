// trichometry::simplified and resampled: a hair's traced centre line has a point for every pixel
// it passes (hundreds on a long shaft); a stored result keeps only those that shape it, and gets
// them back a pixel apart when two stored results are compared.
#include <cmath>
#include <opencv2/imgproc.hpp>

#include "trichometry/trichometry.h"

namespace mesoclinic::trichometry {

std::vector<PixelPoint> simplified(std::span<const PixelPoint> line, double tolerance_px) {
  if (line.size() <= 2) return {line.begin(), line.end()};
  std::vector<cv::Point2f> points;
  points.reserve(line.size());
  for (const auto& p : line) points.emplace_back(static_cast<float>(p.x), static_cast<float>(p.y));
  std::vector<cv::Point2f> kept;
  cv::approxPolyDP(points, kept, tolerance_px, false);
  std::vector<PixelPoint> shaped;
  shaped.reserve(kept.size());
  for (const auto& p : kept) shaped.push_back({p.x, p.y});
  return shaped;
}

std::vector<PixelPoint> resampled(std::span<const PixelPoint> line, double spacing_px) {
  if (line.size() < 2 || !(spacing_px > 0)) return {line.begin(), line.end()};
  std::vector<PixelPoint> dense{line.front()};
  double carried = 0;  // how far along the current segment the next point falls, from its start
  for (std::size_t i = 1; i < line.size(); ++i) {
    const PixelPoint& a = line[i - 1];
    const PixelPoint& b = line[i];
    const double length = std::hypot(b.x - a.x, b.y - a.y);
    double at = spacing_px - carried;
    for (; at <= length; at += spacing_px) {
      dense.push_back({a.x + (b.x - a.x) * at / length, a.y + (b.y - a.y) * at / length});
    }
    carried = length - (at - spacing_px);
  }
  const PixelPoint& last = line.back();
  if (std::hypot(dense.back().x - last.x, dense.back().y - last.y) > 1e-9) dense.push_back(last);
  return dense;
}

}  // namespace mesoclinic::trichometry
