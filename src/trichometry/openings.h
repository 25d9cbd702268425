// Follicle openings: where hairs leave the scalp. A hair leaves through a pit wider than its
// shaft and a little darker than the skin; a cut or tapered tip has bare skin beside it. Internal
// to trichometry.
#pragma once

#include <opencv2/core.hpp>
#include <vector>

namespace mesoclinic::trichometry {

// Beside an exit's shaft its follicle opening is at least this much darker than the skin.
inline constexpr double kOpeningDarkness = 0.05;

// How much darker the skin just beside a shaft `width` pixels wide is at one end of its centre
// line (the back end if `back`) than the skin a little further out; 0 where it is darker than any
// opening (another shaft's end or a crossing gives no sign either way).
double opening_at(const std::vector<cv::Point>& line, bool back, const cv::Mat& darkness,
                  double width);

// Where along a centre line, away from its ends, an opening shows on both sides of the shaft: a
// hair leaving the scalp under or against the one traced, whose own shaft the tracing joined to
// it. Indexes into `line`, in order.
std::vector<int> openings_along(const std::vector<cv::Point>& line, const cv::Mat& darkness,
                                double width);

}  // namespace mesoclinic::trichometry
