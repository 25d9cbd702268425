// Thinning a binary image to lines one pixel wide (Zhang and Suen, 1984), keeping each shape's
// connections. Internal to trichometry.
#pragma once

#include <opencv2/core.hpp>

namespace mesoclinic::trichometry {

// Thins `pixels` (8-bit, 0 or 1) in place; its outermost rows and columns are cleared first.
void thin(cv::Mat& pixels);

}  // namespace mesoclinic::trichometry
