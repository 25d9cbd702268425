// trichometry::draw_overlay: what the engine found, drawn where the practitioner can check it.
#include <algorithm>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "trichometry/scalp_image.h"
#include "trichometry/trichometry.h"

namespace mesoclinic::trichometry {
namespace {

// The ring round an exit the engine is less sure of (less_sure): orange (BGR), and broken.
const cv::Scalar kLessSureRing(0, 150, 255);

}  // namespace

Result<std::vector<unsigned char>> draw_overlay(std::span<const unsigned char> image,
                                                const Analysis& analysis) {
  cv::Mat overlay = decode_image(image);
  if (overlay.empty()) return invalid({{"/image", "is not an image that can be read"}});
  // Lines stay visible when a large image is shown small.
  const int thickness = std::max(1, overlay.cols / 800);
  const auto& target = analysis.target;
  cv::rectangle(overlay, cv::Rect2d(target.left, target.top, target.width, target.height),
                cv::Scalar(0, 220, 255), thickness);
  for (const auto& hair : analysis.hairs) {
    std::vector<cv::Point> line;
    for (const auto& p : hair.centre_line) {
      // Saturated: a point far outside the image is still drawn towards its edge, never wrapped.
      line.emplace_back(cv::saturate_cast<int>(p.x), cv::saturate_cast<int>(p.y));
    }
    const cv::Scalar colour = !hair.counted ? cv::Scalar(160, 160, 160)
                              : hair.vellus ? cv::Scalar(255, 200, 0)
                                            : cv::Scalar(60, 220, 60);
    cv::polylines(overlay, line, false, colour, thickness, cv::LINE_AA);
    const double width_px = hair.width_um / analysis.calibration.um_per_px;
    const int radius = std::max(4, static_cast<int>(width_px / 2 + 3));
    const bool added = hair.source == HairSource::kAddedByPractitioner;
    if (hair.counted && !added && less_sure(hair)) {
      // Broken, so an eye that cannot tell orange from red still tells it (270 degrees, the top,
      // is drawn).
      for (int from = 0; from < 360; from += 45) {
        cv::ellipse(overlay, line.front(), {radius, radius}, 0, from, from + 28, kLessSureRing,
                    thickness, cv::LINE_AA);
      }
    } else if (hair.counted) {
      cv::circle(overlay, line.front(), radius,
                 added ? cv::Scalar(255, 255, 255) : cv::Scalar(0, 0, 255), thickness, cv::LINE_AA);
    } else if (hair.source == HairSource::kRemovedByPractitioner) {
      cv::drawMarker(overlay, line.front(), cv::Scalar(0, 0, 255), cv::MARKER_TILTED_CROSS,
                     2 * radius, thickness, cv::LINE_AA);
    }
  }
  std::vector<unsigned char> png;
  cv::imencode(".png", overlay, png, {cv::IMWRITE_PNG_COMPRESSION, 3});
  return png;
}

}  // namespace mesoclinic::trichometry
