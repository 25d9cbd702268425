// trichometry::simplified: a hair's traced centre line has a point for every pixel it passes
// (hundreds on a long shaft); a stored result keeps only those that shape it.
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

}  // namespace mesoclinic::trichometry
