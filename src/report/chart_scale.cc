#include "report/chart_scale.h"

#include <algorithm>
#include <cmath>

namespace mesoclinic::report {
namespace {

// The round step nearest `raw`: 1, 2 or 5 times a power of ten.
double round_step(double raw) {
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  const double fraction = raw / magnitude;
  const double round = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10;
  return round * magnitude;
}

}  // namespace

std::vector<double> ChartScale::ticks() const {
  std::vector<double> ticks;
  const auto count = static_cast<int>(std::lround((high - low) / step));
  for (int i = 0; i <= count; ++i) ticks.push_back(low + step * i);
  return ticks;
}

double ChartScale::place(double value, double bottom, double top) const {
  return bottom + (value - low) / (high - low) * (top - bottom);
}

ChartScale scale_for(const std::vector<double>& values, std::optional<double> from,
                     std::optional<double> to, int wanted) {
  double low = from.value_or(to ? std::min(0.0, *to) : 0);
  double high = to.value_or(from ? *from + 1 : 1);
  if (!values.empty()) {
    const auto [smallest, largest] = std::minmax_element(values.begin(), values.end());
    low = from ? std::min(*from, *smallest) : *smallest;
    high = to ? std::max(*to, *largest) : *largest;
  }
  if (high - low < 1e-9) {
    // One value, or all equal: a span of a tenth of it either side (at least 1), so the line
    // sits mid-chart rather than on an edge. A value of zero stays above the axis' foot.
    const double pad = std::max(1.0, std::fabs(high) * 0.1);
    high += pad;
    low = low >= 0 && low - pad < 0 ? 0 : low - pad;
  } else if (!values.empty() && (!from || !to)) {
    // Air above and below the data so no point sits on the frame, unless the chart fixed it.
    const double pad = (high - low) * 0.08;
    if (!to) high += pad;
    if (!from) low = low >= 0 && low - pad < 0 ? 0 : low - pad;
  }
  ChartScale scale;
  scale.step = round_step((high - low) / std::max(1, wanted - 1));
  scale.low = std::floor(low / scale.step + 1e-9) * scale.step;
  scale.high = std::ceil(high / scale.step - 1e-9) * scale.step;
  if (scale.high <= scale.low) scale.high = scale.low + scale.step;
  scale.decimals =
      scale.step >= 1 ? 0 : static_cast<int>(std::ceil(-std::log10(scale.step) - 1e-9));
  return scale;
}

}  // namespace mesoclinic::report
