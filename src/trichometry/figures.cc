#include "trichometry/figures.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace mesoclinic::trichometry {

Figures figures_of(const std::vector<double>& widths_um, double area_cm2,
                   const Settings& settings) {
  Figures figures;
  figures.target_area_cm2 = area_cm2;
  figures.hair_count = static_cast<int>(widths_um.size());
  if (widths_um.empty() || area_cm2 <= 0) return figures;
  const double count = static_cast<double>(widths_um.size());
  figures.density_per_cm2 = count / area_cm2;
  const double sum = std::accumulate(widths_um.begin(), widths_um.end(), 0.0);
  figures.mean_diameter_um = sum / count;
  std::vector<double> sorted = widths_um;
  std::sort(sorted.begin(), sorted.end());
  const std::size_t middle = sorted.size() / 2;
  figures.median_diameter_um =
      sorted.size() % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  double squares = 0;
  for (double width : widths_um) {
    squares += (width - figures.mean_diameter_um) * (width - figures.mean_diameter_um);
  }
  figures.diameter_cv_percent = 100 * std::sqrt(squares / count) / figures.mean_diameter_um;
  const auto vellus = std::count_if(widths_um.begin(), widths_um.end(),
                                    [&](double width) { return width < settings.vellus_under_um; });
  figures.vellus_share_percent = 100 * static_cast<double>(vellus) / count;
  figures.cumulative_thickness_mm_per_cm2 = sum / 1000 / area_cm2;
  return figures;
}

TargetArea effective_target(const TargetArea& target, int image_width, int image_height) {
  if (target.width <= 0 || target.height <= 0) {
    return {0, 0, static_cast<double>(image_width), static_cast<double>(image_height)};
  }
  return target;
}

bool inside(const TargetArea& area, const PixelPoint& point) {
  return point.x >= area.left && point.x < area.left + area.width && point.y >= area.top &&
         point.y < area.top + area.height;
}

double median_of(std::vector<double> values) {
  if (values.empty()) return 0;
  const auto middle = values.begin() + static_cast<long>(values.size() / 2);
  std::nth_element(values.begin(), middle, values.end());
  return *middle;
}

}  // namespace mesoclinic::trichometry
