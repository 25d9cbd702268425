// Private to report/: the y axis of a progress chart. Ticks fall on round numbers (1, 2 or 5
// times a power of ten) so a patient reads values off the grid without arithmetic.
#pragma once

#include <optional>
#include <vector>

namespace mesoclinic::report {

struct ChartScale {
  double low = 0;  // the axis' bottom and top, themselves ticks
  double high = 1;
  double step = 1;   // between ticks
  int decimals = 0;  // enough to tell the ticks apart
  std::vector<double> ticks() const;
  // Where `value` falls between `bottom` (at low) and `top` (at high), in drawing units.
  double place(double value, double bottom, double top) const;
};

// A scale holding every value (and the baseline) with about `wanted` ticks. A single value, or
// values all equal, get a span around them; with none at all the scale is 0 to 1, or the
// span [from, to] the chart asks for, which values outside widen.
ChartScale scale_for(const std::vector<double>& values, std::optional<double> from,
                     std::optional<double> to, int wanted = 5);

}  // namespace mesoclinic::report
