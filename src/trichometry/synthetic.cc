#include "trichometry/synthetic.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <random>

#include "trichometry/figures.h"

namespace mesoclinic::trichometry {
namespace {

using Random = std::mt19937_64;

double uniform(Random& random, double from, double to) {
  return std::uniform_real_distribution<double>(from, to)(random);
}

double normal(Random& random, double mean, double spread) {
  return std::normal_distribution<double>(mean, spread)(random);
}

// A hair's shape before it is drawn.
struct Shaft {
  std::vector<PixelPoint> centre_line;
  double width_px = 0;
  double darkness = 0;   // the share of light the shaft takes at its middle
  bool tapered = false;  // an uncut hair thins to its tip; a clipped one ends square
  bool glint = false;    // a light reflex along its middle
};

double distance_to_segment(const PixelPoint& p, const PixelPoint& a, const PixelPoint& b) {
  const double dx = b.x - a.x, dy = b.y - a.y;
  const double length2 = dx * dx + dy * dy;
  double t = length2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / length2 : 0;
  t = std::clamp(t, 0.0, 1.0);
  const double ex = p.x - (a.x + t * dx), ey = p.y - (a.y + t * dy);
  return std::sqrt(ex * ex + ey * ey);
}

// Takes light from `skin` where the shaft lies: coverage is the share of each pixel inside the
// shaft (its fractional width drawn exactly), so the darkness across it integrates to its width.
void draw_shaft(cv::Mat& skin, const Shaft& shaft) {
  const auto& line = shaft.centre_line;
  const double reach = shaft.width_px / 2 + 1.5;
  double min_x = 1e9, min_y = 1e9, max_x = -1e9, max_y = -1e9;
  for (const auto& p : line) {
    min_x = std::min(min_x, p.x), max_x = std::max(max_x, p.x);
    min_y = std::min(min_y, p.y), max_y = std::max(max_y, p.y);
  }
  const int left = std::max(0, static_cast<int>(std::floor(min_x - reach)));
  const int top = std::max(0, static_cast<int>(std::floor(min_y - reach)));
  const int right = std::min(skin.cols - 1, static_cast<int>(std::ceil(max_x + reach)));
  const int bottom = std::min(skin.rows - 1, static_cast<int>(std::ceil(max_y + reach)));
  if (left > right || top > bottom) return;
  cv::Mat darkness = cv::Mat::zeros(bottom - top + 1, right - left + 1, CV_32F);
  const double total = static_cast<double>(line.size() - 1);
  for (std::size_t i = 0; i + 1 < line.size(); ++i) {
    const double along = static_cast<double>(i) / total;
    double width = shaft.width_px;
    if (shaft.tapered && along > 0.85) width *= 1 - 0.7 * (along - 0.85) / 0.15;
    const auto& a = line[i];
    const auto& b = line[i + 1];
    const int x0 = std::max(left, static_cast<int>(std::floor(std::min(a.x, b.x) - reach)));
    const int x1 = std::min(right, static_cast<int>(std::ceil(std::max(a.x, b.x) + reach)));
    const int y0 = std::max(top, static_cast<int>(std::floor(std::min(a.y, b.y) - reach)));
    const int y1 = std::min(bottom, static_cast<int>(std::ceil(std::max(a.y, b.y) + reach)));
    for (int y = y0; y <= y1; ++y) {
      for (int x = x0; x <= x1; ++x) {
        const double d = distance_to_segment({x + 0.0, y + 0.0}, a, b);
        const double coverage = std::clamp(width / 2 - d + 0.5, 0.0, 1.0);
        if (coverage <= 0) continue;
        double dark = shaft.darkness * coverage;
        if (shaft.glint) dark *= 1 - 0.35 * std::exp(-std::pow(d / (0.18 * width + 0.3), 2));
        float& cell = darkness.at<float>(y - top, x - left);
        cell = std::max(cell, static_cast<float>(dark));
      }
    }
  }
  // Hair pigment is warm: it takes a little more blue and green than red.
  for (int y = top; y <= bottom; ++y) {
    auto* row = skin.ptr<cv::Vec3f>(y);
    for (int x = left; x <= right; ++x) {
      const float dark = darkness.at<float>(y - top, x - left);
      if (dark <= 0) continue;
      row[x][0] *= 1 - dark;
      row[x][1] *= 1 - 0.97f * dark;
      row[x][2] *= 1 - 0.92f * dark;
    }
  }
}

// A follicle opening: a soft, slightly darker pit in the skin.
void draw_opening(cv::Mat& skin, const PixelPoint& centre, double radius, double darkness) {
  const int left = std::max(0, static_cast<int>(centre.x - radius - 2));
  const int right = std::min(skin.cols - 1, static_cast<int>(centre.x + radius + 2));
  const int top = std::max(0, static_cast<int>(centre.y - radius - 2));
  const int bottom = std::min(skin.rows - 1, static_cast<int>(centre.y + radius + 2));
  for (int y = top; y <= bottom; ++y) {
    auto* row = skin.ptr<cv::Vec3f>(y);
    for (int x = left; x <= right; ++x) {
      const double d = std::hypot(x - centre.x, y - centre.y);
      const double coverage = std::clamp(radius - d + 0.5, 0.0, 1.0);
      if (coverage <= 0) continue;
      const float dark = static_cast<float>(darkness * coverage);
      row[x][0] *= 1 - dark;
      row[x][1] *= 1 - dark;
      row[x][2] *= 1 - 0.8f * dark;
    }
  }
}

// Low-frequency variation: noise on a coarse grid, smoothly enlarged.
cv::Mat smooth_noise(Random& random, cv::Size size, int cell, double spread) {
  cv::Mat coarse(std::max(2, size.height / cell), std::max(2, size.width / cell), CV_32F);
  for (int y = 0; y < coarse.rows; ++y) {
    for (int x = 0; x < coarse.cols; ++x) {
      coarse.at<float>(y, x) = static_cast<float>(normal(random, 0, spread));
    }
  }
  cv::Mat fine;
  cv::resize(coarse, fine, size, 0, 0, cv::INTER_CUBIC);
  return fine;
}

cv::Mat skin_with_light(Random& random, cv::Size size) {
  const double tone = uniform(random, 0, 1);  // light to medium skin
  const cv::Vec3f base(static_cast<float>(175 - 75 * tone), static_cast<float>(192 - 70 * tone),
                       static_cast<float>(228 - 58 * tone));
  cv::Mat texture = smooth_noise(random, size, 40, 0.05) + smooth_noise(random, size, 6, 0.025);
  const double vignette = uniform(random, 0.1, 0.35);
  const double slope = uniform(random, -0.12, 0.12);
  const double angle = uniform(random, 0, 2 * std::numbers::pi);
  const double cx = size.width / 2.0, cy = size.height / 2.0;
  cv::Mat skin(size, CV_32FC3);
  for (int y = 0; y < size.height; ++y) {
    auto* row = skin.ptr<cv::Vec3f>(y);
    const float* grain = texture.ptr<float>(y);
    for (int x = 0; x < size.width; ++x) {
      const double r2 = ((x - cx) * (x - cx) + (y - cy) * (y - cy)) / (cx * cx + cy * cy);
      const double light =
          (1 - vignette * r2) *
          (1 + slope * ((x - cx) * std::cos(angle) + (y - cy) * std::sin(angle)) / size.width) *
          (1 + grain[x]);
      row[x] = base * static_cast<float>(light);
    }
  }
  return skin;
}

// Ruled paper, bluish: something held under the dermoscope that is not scalp.
cv::Mat paper(Random& random, cv::Size size) {
  cv::Mat sheet(size, CV_32FC3, cv::Scalar(232, 214, 196));
  const int spacing = static_cast<int>(uniform(random, 30, 60));
  for (int y = spacing; y < size.height; y += spacing) {
    cv::line(sheet, {0, y}, {size.width - 1, y}, cv::Scalar(150, 90, 60), 2, cv::LINE_AA);
  }
  return sheet;
}

Shaft grow_shaft(Random& random, PixelPoint exit, double stream, double um_per_px,
                 double vellus_share) {
  Shaft shaft;
  const bool vellus = uniform(random, 0, 1) < vellus_share;
  const double width_um =
      vellus ? uniform(random, 5, 29) : std::clamp(normal(random, 72, 16), 31.0, 120.0);
  shaft.width_px = width_um / um_per_px;
  shaft.darkness = vellus ? uniform(random, 0.3, 0.6) : uniform(random, 0.72, 0.9);
  // Trichometry clips the target area's hairs short, as TrichoScan's protocol does; a few long
  // ones are left or lie in from beyond it.
  const bool clipped = uniform(random, 0, 1) < 0.85;
  shaft.tapered = !clipped;
  shaft.glint = !vellus && uniform(random, 0, 1) < 0.3;
  const double length_mm = std::max(clipped ? uniform(random, 0.2, 1.2) : uniform(random, 1.5, 4.0),
                                    4 * width_um / 1000);
  const double curvature = normal(random, 0, 0.25);  // radians per mm
  double direction = stream + normal(random, 0, 0.45);
  const double step_mm = um_per_px / 1000;  // one pixel a step
  PixelPoint at = exit;
  shaft.centre_line.push_back(at);
  for (double walked = 0; walked < length_mm; walked += step_mm) {
    direction += curvature * step_mm;
    at = {at.x + std::cos(direction), at.y + std::sin(direction)};
    shaft.centre_line.push_back(at);
  }
  return shaft;
}

double width_um_of(const Shaft& shaft, double um_per_px) { return shaft.width_px * um_per_px; }

}  // namespace

SyntheticImage synthesize(std::uint64_t seed, const SyntheticOptions& options) {
  Random random(seed);
  const cv::Size size(options.width, options.height);
  SyntheticImage image;
  image.calibration.um_per_px = uniform(random, 3.5, 6.5);
  const double margin_x = 0.08 * size.width, margin_y = 0.08 * size.height;
  image.target = {margin_x, margin_y, size.width - 2 * margin_x, size.height - 2 * margin_y};
  const double um = image.calibration.um_per_px;

  cv::Mat canvas =
      options.spoiling == Spoiling::kNotScalp ? paper(random, size) : skin_with_light(random, size);
  std::vector<double> counted_widths;
  if (options.spoiling != Spoiling::kNotScalp) {
    // Exits spread beyond the image by the longest shaft, so some hairs only pass through.
    const double reach = 4000 / um;
    const double area_cm2 = (size.width + 2 * reach) * (size.height + 2 * reach) * um * um / 1e8;
    const double drawn = uniform(random, 100, 320);
    const double density = options.density_per_cm2 > 0 ? options.density_per_cm2 : drawn;
    const double vellus_share = uniform(random, 0.05, 0.35);
    const double stream = uniform(random, 0, 2 * std::numbers::pi);
    const int hairs = static_cast<int>(density * area_cm2);
    std::vector<Shaft> shafts;
    for (int i = 0; i < hairs; ++i) {
      const PixelPoint exit{uniform(random, -reach, size.width + reach),
                            uniform(random, -reach, size.height + reach)};
      shafts.push_back(grow_shaft(random, exit, stream, um, vellus_share));
    }
    // Openings first (some left empty), then the shafts over them.
    for (const auto& shaft : shafts) {
      draw_opening(canvas, shaft.centre_line.front(), 0.9 * shaft.width_px + 2,
                   uniform(random, 0.15, 0.3));
    }
    const int empty = hairs / 10;
    for (int i = 0; i < empty; ++i) {
      draw_opening(canvas, {uniform(random, 0, size.width), uniform(random, 0, size.height)},
                   uniform(random, 2, 6), uniform(random, 0.12, 0.25));
    }
    const TargetArea image_area{0, 0, static_cast<double>(size.width),
                                static_cast<double>(size.height)};
    for (const auto& shaft : shafts) {
      const bool visible = std::any_of(shaft.centre_line.begin(), shaft.centre_line.end(),
                                       [&](const PixelPoint& p) { return inside(image_area, p); });
      if (!visible) continue;
      draw_shaft(canvas, shaft);
      TrueHair hair{shaft.centre_line, width_um_of(shaft, um),
                    inside(image.target, shaft.centre_line.front())};
      if (hair.counted) counted_widths.push_back(hair.width_um);
      image.hairs.push_back(std::move(hair));
    }
    // Glare: the dermoscope's light caught by sweat or oil.
    const int glints = static_cast<int>(uniform(random, 0, 6));
    for (int i = 0; i < glints; ++i) {
      cv::Mat glare = cv::Mat::zeros(size, CV_32FC3);
      const cv::Point centre(static_cast<int>(uniform(random, 0, size.width)),
                             static_cast<int>(uniform(random, 0, size.height)));
      const cv::Size axes(static_cast<int>(uniform(random, 4, 20)),
                          static_cast<int>(uniform(random, 4, 20)));
      cv::ellipse(glare, centre, axes, uniform(random, 0, 180), 0, 360, cv::Scalar::all(170), -1,
                  cv::LINE_AA);
      cv::GaussianBlur(glare, glare, {0, 0}, 3);
      canvas += glare;
    }
  }
  const double target_cm2 = image.target.width * image.target.height * um * um / 1e8;
  image.truth = figures_of(counted_widths, target_cm2, Settings{});

  cv::GaussianBlur(canvas, canvas, {0, 0}, uniform(random, 0.4, 0.9));
  if (options.spoiling == Spoiling::kBlurred) cv::GaussianBlur(canvas, canvas, {0, 0}, 5);
  if (options.spoiling == Spoiling::kOverExposed) canvas *= 2.6;
  if (options.spoiling == Spoiling::kUnderExposed) canvas *= 0.08;
  cv::Mat noise(size, CV_32FC3);
  // Its own generator, seeded from the image's: cv::randn's shared one would make an image
  // depend on those made before it.
  cv::RNG pixel_noise(random());
  pixel_noise.fill(noise, cv::RNG::NORMAL, cv::Scalar::all(0),
                   cv::Scalar::all(uniform(random, 1.5, 3.5)));
  canvas += noise;
  cv::Mat pixels;
  canvas.convertTo(pixels, CV_8UC3);  // saturates
  const int quality = static_cast<int>(uniform(random, 82, 95));
  cv::imencode(".jpg", pixels, image.jpeg, {cv::IMWRITE_JPEG_QUALITY, quality});
  return image;
}

}  // namespace mesoclinic::trichometry
