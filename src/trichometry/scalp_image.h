// A trichoscopy image made ready to measure: decoded, checked for what would make any figure
// from it wrong (exposure, something other than scalp), and its uneven light taken out.
// Internal to trichometry.
#pragma once

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <span>

#include "core/result.h"
#include "trichometry/trichometry.h"

namespace mesoclinic::trichometry {

struct ScalpImage {
  cv::Mat darkness;  // 32-bit float, 0 (skin) to 1 (no light): how much light each pixel lacks
                     // against the skin around it
  cv::Mat smooth_darkness;  // the darkness, noise smoothed away (a Gaussian of 0.8 pixels)
  double noise = 0;         // how much the skin's darkness varies (a robust standard deviation)
};

// The image `bytes` encode (JPEG, PNG, TIFF, ...), as cv::imdecode reads it in `mode` (8-bit BGR
// by default); empty if they encode none.
cv::Mat decode_image(std::span<const unsigned char> bytes, int mode = cv::IMREAD_COLOR);

// Decodes and prepares `bytes`; kInvalidInput (under "/image") for an undecodable, too large,
// over- or under-exposed image or one with no skin in view.
Result<ScalpImage> prepare_scalp_image(std::span<const unsigned char> bytes,
                                       const Calibration& calibration);

// An image analysed before, prepared again to be looked at: decoded and its light evened out,
// without the checks of what it shows (it passed them once; an engine whose checks have changed
// since must still read it). kInvalidInput under "/image", as prepare_scalp_image, if it cannot
// be decoded or its size is out of bounds.
Result<ScalpImage> prepare_again(std::span<const unsigned char> bytes,
                                 const Calibration& calibration);

}  // namespace mesoclinic::trichometry
