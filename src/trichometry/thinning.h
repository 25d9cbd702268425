// Thinning a binary image to lines one pixel wide (Zhang and Suen, 1984), keeping each shape's
// connections. Internal to trichometry.
#pragma once

#include <array>
#include <opencv2/core.hpp>

namespace mesoclinic::trichometry {

// A pixel's eight neighbours in Zhang and Suen's order P2..P9: north, then clockwise.
inline constexpr std::array<int, 8> kNeighbourDy = {-1, -1, 0, 1, 1, 1, 0, -1};
inline constexpr std::array<int, 8> kNeighbourDx = {0, 1, 1, 1, 0, -1, -1, -1};

// Thins `pixels` (8-bit, 0 or 1) in place; its outermost rows and columns are cleared first.
void thin(cv::Mat& pixels);

}  // namespace mesoclinic::trichometry
