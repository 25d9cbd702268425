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

// A hair on the scalp, before any image of it: where it leaves the skin (mm, in the site's frame:
// the baseline image's, from its top left corner) and how it grows from there.
struct Growth {
  double exit_x_mm = 0, exit_y_mm = 0;
  double direction = 0;  // radians
  double curvature = 0;  // radians per mm
  double length_mm = 0;
  double width_um = 0;
  double darkness = 0;
  bool clipped = true;
  bool glint = false;
};

Growth grow_hair(Random& random, double exit_x_mm, double exit_y_mm, double stream,
                 double vellus_share) {
  Growth hair{exit_x_mm, exit_y_mm};
  const bool vellus = uniform(random, 0, 1) < vellus_share;
  hair.width_um = vellus ? uniform(random, 5, 29) : std::clamp(normal(random, 72, 16), 31.0, 120.0);
  hair.darkness = vellus ? uniform(random, 0.3, 0.6) : uniform(random, 0.72, 0.9);
  // Trichometry clips the target area's hairs short, as TrichoScan's protocol does; a few long
  // ones are left or lie in from beyond it.
  hair.clipped = uniform(random, 0, 1) < 0.85;
  hair.glint = !vellus && uniform(random, 0, 1) < 0.3;
  hair.length_mm = std::max(hair.clipped ? uniform(random, 0.2, 1.2) : uniform(random, 1.5, 4.0),
                            4 * hair.width_um / 1000);
  hair.curvature = normal(random, 0, 0.25);
  hair.direction = stream + normal(random, 0, 0.45);
  return hair;
}

// How one image shows the site: its calibration, and how the dermoscope was turned (radians)
// and shifted (pixels) against the baseline's.
struct View {
  double um_per_px = 5;
  double angle = 0;
  double dx = 0, dy = 0;
  PixelPoint operator()(double x_mm, double y_mm) const {
    const double x = x_mm * 1000 / um_per_px, y = y_mm * 1000 / um_per_px;
    return {std::cos(angle) * x - std::sin(angle) * y + dx,
            std::sin(angle) * x + std::cos(angle) * y + dy};
  }
};

// The hair as `view` shows it, its centre line a point a pixel.
Shaft shaft_in(const Growth& hair, const View& view) {
  Shaft shaft;
  shaft.width_px = hair.width_um / view.um_per_px;
  shaft.darkness = hair.darkness;
  shaft.tapered = !hair.clipped;
  shaft.glint = hair.glint;
  const double step_mm = view.um_per_px / 1000;
  double x = hair.exit_x_mm, y = hair.exit_y_mm, direction = hair.direction;
  shaft.centre_line.push_back(view(x, y));
  for (double walked = 0; walked < hair.length_mm; walked += step_mm) {
    direction += hair.curvature * step_mm;
    x += step_mm * std::cos(direction);
    y += step_mm * std::sin(direction);
    shaft.centre_line.push_back(view(x, y));
  }
  return shaft;
}

// A follicular unit, as a share (`unit_share`) of terminal hairs grow: one or two more hairs (one
// in three of the units has three) leaving the scalp from the opening `hairs.back()` leaves by, a
// little off its centre, and fanning out from it by 10-35 degrees. Each keeps its own width,
// pigment and length, as a unit's hairs do; no more hairs than `count` in all.
void grow_unit(Random& random, std::vector<Growth>& hairs, int count, double stream,
               double vellus_share, double unit_share) {
  const Growth first = hairs.back();
  if (first.width_um < 30 || uniform(random, 0, 1) >= unit_share) return;
  const int more = uniform(random, 0, 1) < 1.0 / 3 ? 2 : 1;
  for (int k = 0; k < more && static_cast<int>(hairs.size()) < count; ++k) {
    const double off_mm = uniform(random, 0, 0.25) * first.width_um / 1000;
    const double towards = uniform(random, 0, 2 * std::numbers::pi);
    Growth hair = grow_hair(random, first.exit_x_mm + off_mm * std::cos(towards),
                            first.exit_y_mm + off_mm * std::sin(towards), stream, vellus_share);
    const double fan = uniform(random, 10, 35) * std::numbers::pi / 180;
    hair.direction = first.direction + (k == 0 ? fan : -fan);
    hairs.push_back(hair);
  }
}

// The hairs of a scalp region reaching the image by the longest shaft: some hairs only pass
// through it.
std::vector<Growth> grow_scalp(Random& random, cv::Size size, double um,
                               const SyntheticOptions& options) {
  const double reach = 4000 / um;
  const double area_cm2 = (size.width + 2 * reach) * (size.height + 2 * reach) * um * um / 1e8;
  const double drawn = uniform(random, 100, 320);
  const double density = options.density_per_cm2 > 0 ? options.density_per_cm2 : drawn;
  const double vellus_share = uniform(random, 0.05, 0.35);
  const double stream = uniform(random, 0, 2 * std::numbers::pi);
  const int count = static_cast<int>(density * area_cm2);
  std::vector<Growth> hairs;
  while (static_cast<int>(hairs.size()) < count) {
    const double x = uniform(random, -reach, size.width + reach);
    const double y = uniform(random, -reach, size.height + reach);
    hairs.push_back(grow_hair(random, x * um / 1000, y * um / 1000, stream, vellus_share));
    // Only drawn for when asked: with none, each seed draws the scalp it always has.
    if (options.follicular_unit_share > 0)
      grow_unit(random, hairs, count, stream, vellus_share, options.follicular_unit_share);
  }
  return hairs;
}

// Draws `hairs` as `view` shows them onto `canvas` (skin), then the camera's part: glare, blur,
// noise, JPEG. The truth counts the hairs leaving the scalp inside `image.target`.
void photograph(Random& random, cv::Mat& canvas, const std::vector<Growth>& hairs, const View& view,
                const SyntheticOptions& options, SyntheticImage& image) {
  const cv::Size size = canvas.size();
  std::vector<double> counted_widths;
  if (options.spoiling != Spoiling::kNotScalp) {
    std::vector<Shaft> shafts;
    for (const auto& hair : hairs) shafts.push_back(shaft_in(hair, view));
    // Openings first (some left empty), then the shafts over them.
    for (const auto& shaft : shafts) {
      draw_opening(canvas, shaft.centre_line.front(), 0.9 * shaft.width_px + 2,
                   uniform(random, 0.15, 0.3));
    }
    const int empty = static_cast<int>(hairs.size()) / 10;
    for (int i = 0; i < empty; ++i) {
      draw_opening(canvas, {uniform(random, 0, size.width), uniform(random, 0, size.height)},
                   uniform(random, 2, 6), uniform(random, 0.12, 0.25));
    }
    const TargetArea image_area{0, 0, static_cast<double>(size.width),
                                static_cast<double>(size.height)};
    for (std::size_t i = 0; i < shafts.size(); ++i) {
      const auto& shaft = shafts[i];
      const bool visible = std::any_of(shaft.centre_line.begin(), shaft.centre_line.end(),
                                       [&](const PixelPoint& p) { return inside(image_area, p); });
      if (!visible) continue;
      draw_shaft(canvas, shaft);
      TrueHair hair{shaft.centre_line, shaft.width_px * view.um_per_px,
                    inside(image.target, shaft.centre_line.front()), hairs[i].exit_x_mm,
                    hairs[i].exit_y_mm};
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
  const double um = view.um_per_px;
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
}

TargetArea inset_target(cv::Size size) {
  const double margin_x = 0.08 * size.width, margin_y = 0.08 * size.height;
  return {margin_x, margin_y, size.width - 2 * margin_x, size.height - 2 * margin_y};
}

// The baseline image of a seed, and the hairs it shows; `clip` (if any) clips them first.
using Clipping = void (*)(Random&, std::vector<Growth>&);
SyntheticImage baseline_of(std::uint64_t seed, const SyntheticOptions& options,
                           std::vector<Growth>& hairs, Clipping clip = nullptr) {
  Random random(seed);
  const cv::Size size(options.width, options.height);
  SyntheticImage image;
  image.calibration.um_per_px = uniform(random, 3.5, 6.5);
  image.target = inset_target(size);
  cv::Mat canvas =
      options.spoiling == Spoiling::kNotScalp ? paper(random, size) : skin_with_light(random, size);
  if (options.spoiling != Spoiling::kNotScalp) {
    hairs = grow_scalp(random, size, image.calibration.um_per_px, options);
    if (clip) clip(random, hairs);
  }
  photograph(random, canvas, hairs, View{image.calibration.um_per_px}, options, image);
  return image;
}

// The dermoscope set on the marked site again by hand: a little turned and shifted, and a
// calibration of its own.
View set_again(Random& random, double um, cv::Size size) {
  View view{um * uniform(random, 0.95, 1.05), uniform(random, -8, 8) * std::numbers::pi / 180};
  const PixelPoint middle = view(size.width / 2.0 * um / 1000, size.height / 2.0 * um / 1000);
  view.dx = size.width / 2.0 - middle.x + uniform(random, -0.06, 0.06) * size.width;
  view.dy = size.height / 2.0 - middle.y + uniform(random, -0.06, 0.06) * size.height;
  return view;
}

// A later image of the site `first` shows, the hairs then being `hairs`.
SyntheticImage again(Random& random, const SyntheticImage& first, const std::vector<Growth>& hairs,
                     const SyntheticOptions& options) {
  const cv::Size size(options.width, options.height);
  const View view = set_again(random, first.calibration.um_per_px, size);
  SyntheticImage image;
  image.calibration.um_per_px = view.um_per_px;
  image.target = inset_target(size);
  cv::Mat canvas = skin_with_light(random, size);
  photograph(random, canvas, hairs, view, options, image);
  return image;
}

bool leaves_in(const SyntheticImage& image, const Growth& hair) {
  return inside(image.target, View{image.calibration.um_per_px}(hair.exit_x_mm, hair.exit_y_mm));
}

// The site between visits: some hairs shed, the rest a little thicker or thinner, new ones
// grown (finer at first), every clipped one clipped anew.
std::vector<Growth> months_later(Random& random, const std::vector<Growth>& before, cv::Size size,
                                 double um) {
  const double shed = uniform(random, 0, 0.12);
  const double thickening = uniform(random, -0.02, 0.1);
  std::vector<Growth> after;
  for (auto hair : before) {
    if (uniform(random, 0, 1) < shed) continue;
    hair.width_um = std::clamp(hair.width_um * (1 + normal(random, thickening, 0.04)), 5.0, 120.0);
    if (hair.clipped)
      hair.length_mm = std::max(uniform(random, 0.2, 1.2), 4 * hair.width_um / 1000);
    after.push_back(hair);
  }
  const double reach = 4000 / um;
  const int grown = static_cast<int>(uniform(random, 0, 0.15) * static_cast<double>(before.size()));
  for (int i = 0; i < grown; ++i) {
    const double x = uniform(random, -reach, size.width + reach) * um / 1000;
    const double y = uniform(random, -reach, size.height + reach) * um / 1000;
    const double stream = before.empty() ? 0 : before.front().direction;
    after.push_back(grow_hair(random, x, y, stream, 0.5));
  }
  return after;
}

}  // namespace

SyntheticImage synthesize(std::uint64_t seed, const SyntheticOptions& options) {
  std::vector<Growth> hairs;
  return baseline_of(seed, options, hairs);
}

SyntheticVisits synthesize_visits(std::uint64_t seed, const SyntheticOptions& options) {
  SyntheticVisits visits;
  std::vector<Growth> before;
  visits.baseline = baseline_of(seed, options, before);
  Random random(seed ^ 0x9e3779b97f4a7c15ULL);
  const cv::Size size(options.width, options.height);
  const auto after = months_later(random, before, size, visits.baseline.calibration.um_per_px);
  visits.follow_up = again(random, visits.baseline, after, options);
  // The truth of the change: hairs leaving the scalp in the baseline's target area, then and now.
  const auto counted_in = [&](const std::vector<Growth>& hairs) {
    return static_cast<int>(std::count_if(hairs.begin(), hairs.end(), [&](const Growth& hair) {
      return leaves_in(visits.baseline, hair);
    }));
  };
  visits.baseline_count = counted_in(before);
  visits.change = counted_in(after) - visits.baseline_count;
  return visits;
}

SyntheticGrowth synthesize_growth(std::uint64_t seed, double days,
                                  const SyntheticOptions& options) {
  SyntheticGrowth growth;
  growth.days = days;
  std::vector<Growth> hairs;
  // Every hair of the site clipped close for the phototrichogram.
  growth.day_0 = baseline_of(seed, options, hairs, [](Random& random, std::vector<Growth>& all) {
    for (auto& hair : all) {
      hair.clipped = true;
      hair.length_mm = std::max(uniform(random, 0.2, 0.5), 4 * hair.width_um / 1000);
    }
  });
  Random random(seed ^ 0x7f4a7c159e3779b9ULL);
  const double anagen_share = uniform(random, 0.6, 0.95);
  double grown_mm_per_day = 0;
  for (auto& hair : hairs) {
    if (uniform(random, 0, 1) >= anagen_share) continue;  // telogen: rests
    const double rate = uniform(random, 0.25, 0.45);
    hair.length_mm += rate * days;
    if (leaves_in(growth.day_0, hair)) {
      ++growth.growing;
      grown_mm_per_day += rate;
    }
  }
  growth.later = again(random, growth.day_0, hairs, options);
  growth.followed = growth.day_0.truth.hair_count;
  if (growth.followed > 0) growth.anagen_share_percent = 100.0 * growth.growing / growth.followed;
  if (growth.growing > 0) growth.growth_mm_per_day = grown_mm_per_day / growth.growing;
  return growth;
}

}  // namespace mesoclinic::trichometry
