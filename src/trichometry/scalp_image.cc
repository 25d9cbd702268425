#include "trichometry/scalp_image.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <vector>

namespace mesoclinic::trichometry {
namespace {

constexpr double kMaxPixels = 40e6;
// The widest scalp hair is about 120 um; the skin estimate must not see anything that narrow.
constexpr double kWidestShaftUm = 130;
// The background is estimated at a quarter of the resolution: skin light changes slowly.
constexpr int kShrink = 4;

std::unexpected<Error> refuse(const std::string& reason) {
  return invalid({{"/image", reason}}, "The image cannot be measured: it " + reason + ".");
}

// One pixel in `step` of every `step`th row of `values`.
std::vector<float> sample_of(const cv::Mat& values, int step) {
  std::vector<float> sample;
  sample.reserve(values.total() / static_cast<std::size_t>(step * step) + 1);
  for (int y = 0; y < values.rows; y += step) {
    const float* row = values.ptr<float>(y);
    for (int x = 0; x < values.cols; x += step) sample.push_back(row[x]);
  }
  return sample;
}

// The value below which `share` of `sample` lies (its order is changed).
double quantile(std::vector<float>& sample, double share) {
  const auto at =
      sample.begin() + static_cast<long>(share * static_cast<double>(sample.size() - 1));
  std::nth_element(sample.begin(), at, sample.end());
  return *at;
}

// Refuses light that leaves nothing to measure: the skin washed out or lost in shadow.
Result<void> check_exposure(const cv::Mat& grey) {
  // Quantiles of a histogram of every fourth pixel of every fourth row.
  std::array<long, 256> counts{};
  long total = 0;
  for (int y = 0; y < grey.rows; y += 4) {
    const unsigned char* row = grey.ptr<unsigned char>(y);
    for (int x = 0; x < grey.cols; x += 4) ++counts[row[x]], ++total;
  }
  const auto quantile_of = [&](double share) {
    long seen = 0;
    for (int value = 0; value < 256; ++value) {
      seen += counts[static_cast<std::size_t>(value)];
      if (static_cast<double>(seen) > share * static_cast<double>(total)) return value;
    }
    return 255;
  };
  const int median = quantile_of(0.5);
  const int bright = quantile_of(0.75);
  if (bright >= 250) return refuse("is over-exposed (most of the skin is white)");
  if (median < 35) return refuse("is under-exposed (the skin is too dark to see hairs on)");
  return {};
}

// Skin under a dermoscope's white light is warm: more red than blue, whatever its tone.
// `colour` is the image at an eighth of its size, each pixel a block's mean: enough to see its
// colour, and decoded from a JPEG at a fraction of the full image's cost.
Result<void> check_skin(const cv::Mat& colour) {
  std::vector<float> warmth;
  warmth.reserve(colour.total());
  for (int y = 0; y < colour.rows; ++y) {
    const auto* row = colour.ptr<cv::Vec3b>(y);
    for (int x = 0; x < colour.cols; ++x)
      warmth.push_back(static_cast<float>(row[x][2]) - static_cast<float>(row[x][0]));
  }
  if (quantile(warmth, 0.5) < 12) {
    return refuse("shows no scalp (nothing in it has the warm colour of skin)");
  }
  return {};
}

// The skin's own light at every pixel: dark shafts and openings closed over, glare taken out,
// then smoothed, all at a quarter of the resolution.
cv::Mat skin_light(const cv::Mat& grey, double um_per_px) {
  cv::Mat small;
  cv::resize(grey, small, {}, 1.0 / kShrink, 1.0 / kShrink, cv::INTER_AREA);
  const int reach = static_cast<int>(std::ceil(kWidestShaftUm / um_per_px / kShrink)) + 2;
  const cv::Mat disc = cv::getStructuringElement(cv::MORPH_ELLIPSE, {2 * reach + 1, 2 * reach + 1});
  cv::morphologyEx(small, small, cv::MORPH_CLOSE, disc);
  cv::medianBlur(small, small, 5);  // glare spots are small and much brighter than skin
  cv::Mat light;
  small.convertTo(light, CV_32F);
  cv::GaussianBlur(light, light, {0, 0}, reach);
  cv::resize(light, light, grey.size(), 0, 0, cv::INTER_LINEAR);
  return light;
}

// How much the skin's darkness varies, pixel noise and texture together: a robust standard
// deviation about the skin's level (hairs cover well under half of any image worth measuring).
double noise_of(const cv::Mat& smooth) {
  auto sample = sample_of(smooth, 4);
  auto spread = sample;
  const auto level = static_cast<float>(quantile(sample, 0.5));
  for (float& value : spread) value = std::abs(value - level);
  return 1.4826 * quantile(spread, 0.5);
}

// How much light each pixel of `grey` lacks against the skin around it.
ScalpImage darkness_of(const cv::Mat& grey, double um_per_px) {
  const cv::Mat light = skin_light(grey, um_per_px);
  ScalpImage image;
  // 1 - value / light; floored at 0 once the noise is known: glare and skin brighter than its
  // surroundings lack nothing.
  image.darkness.create(grey.size(), CV_32F);
  for (int y = 0; y < grey.rows; ++y) {
    const unsigned char* value = grey.ptr<unsigned char>(y);
    const float* skin = light.ptr<float>(y);
    float* dark = image.darkness.ptr<float>(y);
    for (int x = 0; x < grey.cols; ++x) dark[x] = 1.0f - value[x] / std::max(skin[x], 1.0f);
  }
  cv::GaussianBlur(image.darkness, image.smooth_darkness, {0, 0}, 0.8);
  image.noise = noise_of(image.smooth_darkness);
  cv::max(image.darkness, 0.0, image.darkness);
  return image;
}

}  // namespace

cv::Mat decode_image(std::span<const unsigned char> bytes, int mode) {
  try {
    // imdecode only reads the buffer; the cast is for cv::Mat's constructor.
    const cv::Mat encoded(1, static_cast<int>(bytes.size()), CV_8U,
                          const_cast<unsigned char*>(bytes.data()));
    return cv::imdecode(encoded, mode);
  } catch (const cv::Exception&) {
    return {};
  }
}

namespace {

// Hairs are measured in grey, which a JPEG decodes to at well under half the cost of colour.
Result<cv::Mat> decoded_grey(std::span<const unsigned char> bytes) {
  cv::Mat grey = decode_image(bytes, cv::IMREAD_GRAYSCALE);
  if (grey.empty()) return refuse("cannot be read as a JPEG, PNG or TIFF image");
  if (static_cast<double>(grey.total()) > kMaxPixels) {
    return refuse("is larger than 40 megapixels");
  }
  if (grey.cols < 64 || grey.rows < 64) return refuse("is smaller than 64 x 64 pixels");
  return grey;
}

}  // namespace

Result<ScalpImage> prepare_scalp_image(std::span<const unsigned char> bytes,
                                       const Calibration& calibration) {
  auto grey = decoded_grey(bytes);
  if (!grey) return std::unexpected(grey.error());
  if (auto exposed = check_exposure(*grey); !exposed) return std::unexpected(exposed.error());
  // Colour is only looked at to tell skin, at an eighth of the size.
  const cv::Mat colour = decode_image(bytes, cv::IMREAD_REDUCED_COLOR_8);
  if (colour.empty()) return refuse("cannot be read as a JPEG, PNG or TIFF image");
  if (auto skin = check_skin(colour); !skin) return std::unexpected(skin.error());
  return darkness_of(*grey, calibration.um_per_px);
}

Result<ScalpImage> prepare_again(std::span<const unsigned char> bytes,
                                 const Calibration& calibration) {
  auto grey = decoded_grey(bytes);
  if (!grey) return std::unexpected(grey.error());
  return darkness_of(*grey, calibration.um_per_px);
}

}  // namespace mesoclinic::trichometry
