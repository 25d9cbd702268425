// The figures of a set of counted hairs, one definition for the engine and the ground truth.
#pragma once

#include <vector>

#include "trichometry/trichometry.h"

namespace mesoclinic::trichometry {

// Figures of hairs with these widths (um) counted in an area of `area_cm2`.
Figures figures_of(const std::vector<double>& widths_um, double area_cm2, const Settings& settings);

// The target area in pixels, the whole image if it is empty.
TargetArea effective_target(const TargetArea& target, int image_width, int image_height);

bool inside(const TargetArea& area, const PixelPoint& point);

// The middle value (the upper of the two middle ones for an even count); 0 for none.
double median_of(std::vector<double> values);

}  // namespace mesoclinic::trichometry
