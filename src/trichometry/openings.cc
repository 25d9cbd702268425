#include "trichometry/openings.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <limits>
#include <map>
#include <numbers>
#include <opencv2/imgproc.hpp>

#include "trichometry/figures.h"
#include "trichometry/shaft_tracing.h"
#include "trichometry/thinning.h"

namespace mesoclinic::trichometry {
namespace {

// Darker than any opening: another shaft, or a crossing.
constexpr double kDarkestOpening = 0.4;
// Along a shaft an opening must stand out further than at an end, where the end itself is
// already a sign: skin texture makes smaller bumps.
constexpr double kOpeningAlongDarkness = 0.10;
// Beside the shafts (openings_beside): skin this much darker than the rest may be part of an
// opening, if somewhere in its patch it is kBesidePeak darker; round a hair pixel within
// kBesideReach of its widths of the patch, the opening must then show by kBesideOpening, more
// than at a traced end, since nothing else tells an exit is there. Chosen on labelled patches of
// generated images (seeds 700-799; docs/trichometry-history.md, sessions 26 and 27).
constexpr double kBesidePatch = 0.07;
// On mottled skin the patches 0.07 darker join the mottle's into patches larger than any opening:
// there patches this much darker are looked at too.
constexpr double kBesideMottledPatch = 0.11;
constexpr double kBesidePeak = 0.12;
constexpr double kBesideOpening = 0.13;
constexpr double kBesideReach = 2;
// The hair pixels round which an opening beside the shafts is looked for lie on a grid this
// fine (pixels): an opening's rim spans several, and each look costs a few microseconds.
constexpr int kBesideGrid = 4;
// Skin beyond an opening's rim may be this much lighter than the skin's own level: a look whose
// skin within the rim is lighter than the opening sought less this cannot show it, and stops.
constexpr double kLighterBeyond = 0.05;

// The line's point `i` from its front (or from its back), clamped to the line.
cv::Point point_of(const std::vector<cv::Point>& line, int i, bool back) {
  const int count = static_cast<int>(line.size());
  i = std::clamp(i, 0, count - 1);
  return back ? line[static_cast<std::size_t>(count - 1 - i)] : line[static_cast<std::size_t>(i)];
}

// Far enough out beside a shaft to be skin past any opening.
double skin_beside(double width) { return width + 6; }

// Directions around a point, for looking at the skin all round it.
constexpr int kDirections = 32;
struct Directions {
  std::array<double, kDirections> dx{}, dy{};
  Directions() {
    for (int a = 0; a < kDirections; ++a) {
      dx[a] = std::cos(2 * std::numbers::pi * a / kDirections);
      dy[a] = std::sin(2 * std::numbers::pi * a / kDirections);
    }
  }
};
const Directions kAround;

// The pixels looked at around a point for an opening of a shaft `width` pixels wide, as offsets
// from it: rings within the opening's rim, and rings just beyond it. The same for every point
// of a shaft, so made once for it.
struct Ring {
  std::vector<cv::Point> offsets;
  std::vector<int> steps;  // the same, as steps through an image `columns` wide
};
struct RimOffsets {
  Ring within, beyond;
  int reach = 0;  // the farthest any offset goes, across or down
  RimOffsets(double width, int columns) {
    const double rim = opening_radius(width);
    const auto rings = [&](double from, double to, Ring& ring) {
      for (double r = from; r <= to; r += 1.5) {
        for (int a = 0; a < kDirections; ++a) {
          const cv::Point offset(cvRound(r * kAround.dx[a]), cvRound(r * kAround.dy[a]));
          ring.offsets.push_back(offset);
          ring.steps.push_back(offset.y * columns + offset.x);
          reach = std::max({reach, std::abs(offset.x), std::abs(offset.y)});
        }
      }
    };
    rings(width / 2 + 2, rim, within);
    rings(rim + 3, rim + 7, beyond);
  }
};

// The median darkness of the skin at `offsets` from `centre`: not shaft, nor the edge of one,
// nor anything darker than an opening. -1 where under a dozen such pixels are left (shafts all
// round, or off the image), and where the median would come under `least`: told by counting,
// cheaper than finding the median, and most points looked at along a shaft stop there.
double skin_at(const cv::Mat& darkness, const cv::Mat& shafts, const cv::Point& centre,
               const Ring& ring, int reach, double least = kNoSkinAround) {
  // Looked at for most points of every shaft: hence one buffer, no copies, and away from the
  // image's edges steps through it rather than places in it.
  thread_local std::vector<float> skin;
  skin.resize(ring.steps.size());
  // Each value written, and kept (the count moving on) only if it is skin: no branch to
  // mispredict on the ring's mix of skin and shaft.
  std::size_t kept = 0;
  const auto look = [&](float d, unsigned char shaft) {
    skin[kept] = d;
    kept += static_cast<std::size_t>((shaft == 0) & (d < kDarkestOpening));
  };
  if (centre.x >= reach && centre.y >= reach && centre.x + reach < darkness.cols &&
      centre.y + reach < darkness.rows && darkness.isContinuous() && shafts.isContinuous()) {
    const float* dark = darkness.ptr<float>(centre.y) + centre.x;
    const unsigned char* shaft = shafts.ptr<unsigned char>(centre.y) + centre.x;
    for (int step : ring.steps) look(dark[step], shaft[step]);
  } else {
    for (const auto& offset : ring.offsets) {
      const int x = centre.x + offset.x, y = centre.y + offset.y;
      if (x < 0 || y < 0 || x >= darkness.cols || y >= darkness.rows) continue;
      look(darkness.at<float>(y, x), shafts.at<unsigned char>(y, x));
    }
  }
  skin.resize(kept);
  if (skin.size() < 12) return -1;
  // The median is the value at index size / 2 once sorted: under `least` when more than that
  // many values are.
  const auto under = static_cast<std::size_t>(
      std::count_if(skin.begin(), skin.end(), [least](float value) { return value < least; }));
  if (under > skin.size() / 2) return -1;
  const auto middle = skin.begin() + static_cast<long>(skin.size() / 2);
  std::nth_element(skin.begin(), middle, skin.end());
  return *middle;
}

// opening_around, or kNoSkinAround where it would come under `least`: darkness is never under
// 0, so the skin within the rim tells that alone, and most points along a shaft stop there.
double opening_around(const cv::Mat& darkness, const cv::Mat& shafts, const cv::Point& centre,
                      const RimOffsets& rim, double least = kNoSkinAround) {
  const double within = skin_at(darkness, shafts, centre, rim.within, rim.reach, least);
  if (within < 0 || within < least) return kNoSkinAround;
  const double beyond = skin_at(darkness, shafts, centre, rim.beyond, rim.reach);
  return beyond < 0 ? kNoSkinAround : within - beyond;
}

}  // namespace

double opening_radius(double width) { return 0.9 * width + 2; }

// How many of the line's last points (from its front, or its back) stray off the shaft's own
// direction: thinning often hooks a line's end into the opening it lies in.
int hooked_points(const std::vector<cv::Point>& line, bool back, double width) {
  const int count = static_cast<int>(line.size());
  const int from = static_cast<int>(width) + 3, to = 2 * from;
  if (to >= count) return 0;
  const cv::Point a = point_of(line, from, back), b = point_of(line, to, back);
  const double length = std::hypot(b.x - a.x, b.y - a.y);
  if (length == 0) return 0;
  const double nx = -(b.y - a.y) / length, ny = (b.x - a.x) / length;
  int hooked = 0;
  while (hooked < from) {
    const cv::Point p = point_of(line, hooked, back);
    if (std::abs((p.x - a.x) * nx + (p.y - a.y) * ny) <= 1.5) break;
    ++hooked;
  }
  return hooked;
}

EndOpening opening_at(const std::vector<cv::Point>& line, bool back, const cv::Mat& darkness,
                      double width) {
  // The shaft's axis where the line runs straight, pointing out of the end.
  const int hooked = hooked_points(line, back, width);
  const cv::Point end = point_of(line, hooked, back);
  const cv::Point inward = point_of(line, hooked + static_cast<int>(width) + 3, back);
  const double length = std::hypot(inward.x - end.x, inward.y - end.y);
  if (length == 0) return {};
  const double dx = (end.x - inward.x) / length, dy = (end.y - inward.y) / length;
  // The darkness `along` the axis past the end and `across` it; -1 outside the image.
  const auto at = [&](double along, double across) {
    const int x = static_cast<int>(std::lround(end.x + along * dx - across * dy));
    const int y = static_cast<int>(std::lround(end.y + along * dy + across * dx));
    return x >= 0 && y >= 0 && x < darkness.cols && y < darkness.rows
               ? static_cast<double>(darkness.at<float>(y, x))
               : -1.0;
  };
  std::vector<double> on_shaft;
  for (double t = -width - 3; t <= 0; t += 1) {
    if (const double v = at(t, 0); v >= 0) on_shaft.push_back(v);
  }
  if (on_shaft.empty()) return {};
  const double shaft = median_of(std::move(on_shaft));
  // Where the shaft itself ends: where its darkness falls fastest along the axis, before the
  // skin. Thinning stops short of a wide end or runs on into the opening, and a faint shaft ends
  // in an opening nearly as dark as itself, so neither the line's end nor a fixed share of the
  // shaft's darkness finds it.
  double edge = 0, steepest = 0;
  for (double t = -2; t <= width + 6; t += 1) {
    const double before = at(t - 1, 0), after = at(t + 1, 0);
    if (before < 0 || after < 0) return {};  // at the image's edge: no telling
    if (before - after > steepest) steepest = before - after, edge = t;
    if (after < shaft / 4) break;
  }
  // No fall: the darkness goes on, over another shaft; this is no end of a hair.
  if (steepest < shaft / 4) return {};
  // The end is round: the hair leaves the scalp half its width back from it, at the opening's
  // centre.
  const double exit = edge - width / 2;
  const double rim = opening_radius(width);
  // Beside the shaft, midway across the opening's rim and as far along as the rim reaches there,
  // against skin further out; the lighter side, as another shaft may lie along the other.
  const double across = (width / 2 + rim) / 2;
  std::vector<double> beside, skin;
  for (double t = exit - std::sqrt(rim * rim - across * across); t <= exit; t += 1) {
    double near = 1, far = 1;
    for (double side : {-1.0, 1.0}) {
      if (const double v = at(t, side * across); v >= 0) near = std::min(near, v);
      if (const double v = at(t, side * skin_beside(width)); v >= 0) far = std::min(far, v);
    }
    if (near < 1) beside.push_back(near);
    if (far < 1) skin.push_back(far);
  }
  // Past the end, out to the rim, against the skin beyond it (not another shaft there).
  std::vector<double> past, beyond_rim;
  for (double t = edge + 1.5; t <= edge + std::max(3.0, rim - width / 2 + 0.5); t += 1) {
    if (const double v = at(t, 0); v >= 0 && v < kDarkestOpening) past.push_back(v);
  }
  for (double t = edge + width / 2 + 5; t <= edge + width / 2 + 9; t += 1) {
    if (const double v = at(t, 0); v >= 0 && v < kDarkestOpening) beyond_rim.push_back(v);
  }
  // Either may be out of the image, or beyond the rim lie only shafts: the other judges alone.
  std::vector<double> measures;
  if (!beside.empty() && !skin.empty()) {
    measures.push_back(median_of(std::move(beside)) - median_of(std::move(skin)));
  }
  if (!past.empty() && !beyond_rim.empty()) {
    measures.push_back(median_of(std::move(past)) - median_of(std::move(beyond_rim)));
  }
  if (measures.empty()) return {};
  const auto [lighter, darker] = std::minmax_element(measures.begin(), measures.end());
  const EndOpening opening{*darker, *lighter};
  return opening.strongest > kDarkestOpening ? EndOpening{} : opening;
}

double opening_around(const cv::Mat& darkness, const cv::Mat& shafts, const cv::Point& centre,
                      double width) {
  return opening_around(darkness, shafts, centre, RimOffsets(width, darkness.cols));
}

std::vector<int> openings_along(const std::vector<cv::Point>& line, const cv::Mat& darkness,
                                const cv::Mat& shafts, double width, bool exit_in_front) {
  const int count = static_cast<int>(line.size());
  // Not the end points themselves, where little of the rim is skin; nor within the rim of the
  // line's own exit, whose opening that is.
  const int guard = 2;
  const int first = exit_in_front ? static_cast<int>(opening_radius(width)) + 1 : guard;
  if (count <= first + guard) return {};
  // A point every sixth of the shaft's width, every other at least: an opening spans two rims.
  const int step = std::max(2, static_cast<int>(width / 6));
  const RimOffsets rim(width, darkness.cols);
  std::vector<double> around(static_cast<std::size_t>(count), kNoSkinAround);
  for (int i = first; i < count - guard; i += step) {
    around[static_cast<std::size_t>(i)] = opening_around(
        darkness, shafts, line[static_cast<std::size_t>(i)], rim, kOpeningAlongDarkness);
  }
  // Each run of points where an opening shows is one opening, where it shows most, if the run
  // is no longer than an opening is wide: a longer one is a shaft lying alongside, its blurred
  // edge darkening the skin all the way.
  const double widest = 2 * opening_radius(width) + 2 * step;
  std::vector<int> found;
  int i = first;
  while (i < count - guard) {
    if (around[static_cast<std::size_t>(i)] < kOpeningAlongDarkness) {
      i += step;
      continue;
    }
    // A run goes on over a gap no longer than the opening's radius: the skin beside a shaft lying
    // alongside is darker all the way, by more or less.
    int strongest = i, end = i, last = i;
    while (end < count - guard) {
      if (around[static_cast<std::size_t>(end)] >= kOpeningAlongDarkness) {
        last = end;
        if (around[static_cast<std::size_t>(end)] > around[static_cast<std::size_t>(strongest)])
          strongest = end;
      } else if (end - last > opening_radius(width)) {
        break;
      }
      end += step;
    }
    if (length_of({line.begin() + i, line.begin() + last + 1}) <= widest)
      found.push_back(strongest);
    i = last + step;
  }
  return found;
}

namespace {

// A patch of skin darker than the rest, in full-resolution pixels.
struct SkinPatch {
  cv::Point2d centre;
  int area = 0;
  int extent = 0;  // across or down, the larger
};

// The patches of `marks` (8-bit, with a border of 0: 1 a patch's pixel, 2 one dark enough) that
// hold a pixel dark enough and are no larger than an opening (`most_area` pixels, `most_extent`
// across or down), each filled (8-connected) from the first such: most patches, the skin's
// mottle, hold none and are never filled, which is why this is not connectedComponents. The
// larger ones' pixels are set in `too_large` (as `marks`).
std::vector<SkinPatch> patches_holding_dark(cv::Mat& marks, int most_area, int most_extent,
                                            cv::Mat& too_large) {
  constexpr unsigned char kDark = 2, kTaken = 3;
  const int step = static_cast<int>(marks.step[0]);
  std::array<int, 8> around{};
  for (std::size_t i = 0; i < around.size(); ++i)
    around[i] = kNeighbourDy[i] * step + kNeighbourDx[i];
  unsigned char* const first = marks.data;
  unsigned char* const last = first + static_cast<std::ptrdiff_t>(marks.rows) * step;
  std::vector<SkinPatch> patches;
  std::vector<int> waiting, filled;
  for (unsigned char* seen = first;
       (seen = static_cast<unsigned char*>(
            std::memchr(seen, kDark, static_cast<std::size_t>(last - seen)))) != nullptr;) {
    const auto start = static_cast<int>(seen - first);
    waiting.assign(1, start);
    filled.clear();
    first[start] = kTaken;
    double sum_x = 0, sum_y = 0;
    int left = marks.cols, right = 0, top = marks.rows, bottom = 0;
    while (!waiting.empty()) {
      const int p = waiting.back();
      waiting.pop_back();
      filled.push_back(p);
      const int x = p % step, y = p / step;
      sum_x += x, sum_y += y;
      left = std::min(left, x), right = std::max(right, x);
      top = std::min(top, y), bottom = std::max(bottom, y);
      for (const int offset : around) {
        unsigned char& mark = first[p + offset];
        if (mark != 1 && mark != kDark) continue;
        mark = kTaken;
        waiting.push_back(p + offset);
      }
    }
    const auto area = static_cast<int>(filled.size());
    const int extent = std::max(right - left, bottom - top) + 1;
    if (area > most_area || extent > most_extent) {
      for (const int p : filled) too_large.data[p] = 255;
      continue;
    }
    // Less the border.
    patches.push_back({{sum_x / area - 1, sum_y / area - 1}, area, extent});
  }
  return patches;
}

// The patches of `patch` (8-bit, half resolution; `skin` its darkness), each as
// patches_holding_dark finds them, at full resolution; `at` is where `patch` lies in the
// half-resolution image.
std::vector<SkinPatch> full_size_patches(const cv::Mat& skin, cv::Mat& patch, cv::Point at,
                                         int most_area, int most_extent, cv::Mat& too_large) {
  // A strip a pixel wide is a shaft's edge or the skin's grain, not an opening.
  cv::morphologyEx(patch, patch, cv::MORPH_OPEN,
                   cv::getStructuringElement(cv::MORPH_ELLIPSE, {3, 3}));
  cv::Mat marks = cv::Mat::zeros(patch.rows + 2, patch.cols + 2, CV_8U);
  for (int y = 0; y < patch.rows; ++y) {
    const auto* in = patch.ptr<unsigned char>(y);
    const auto* dark = skin.ptr<float>(y);
    auto* mark = marks.ptr<unsigned char>(y + 1) + 1;
    for (int x = 0; x < patch.cols; ++x) {
      if (in[x]) mark[x] = dark[x] >= kBesidePeak ? 2 : 1;
    }
  }
  std::vector<SkinPatch> patches;
  for (auto found : patches_holding_dark(marks, most_area, most_extent, too_large)) {
    // Under 3 pixels is the skin's grain (12 at full resolution).
    if (found.area < 3) continue;
    // A half-resolution pixel's centre lies between two full-resolution ones.
    found.centre = (found.centre + cv::Point2d(at)) * 2 + cv::Point2d(0.5, 0.5);
    found.area *= 4;
    found.extent *= 2;
    patches.push_back(found);
  }
  return patches;
}

// The patches of skin darker than the rest by kBesidePatch, off the shafts and their blurred
// edges, the size of an opening round a hair up to `widest` pixels wide and dark enough
// somewhere to be one; where such a patch is larger (mottled skin), the patches within it darker
// by kBesideMottledPatch. Found at half resolution: the smallest opening worth finding is still
// a few pixels across there, and it takes a quarter of the work.
std::vector<SkinPatch> dark_skin_patches(const cv::Mat& smooth_darkness, const cv::Mat& hair_pixels,
                                         double widest) {
  cv::Mat skin, hairs;
  cv::resize(smooth_darkness, skin, {}, 0.5, 0.5, cv::INTER_AREA);
  cv::resize(hair_pixels, hairs, skin.size(), 0, 0, cv::INTER_AREA);
  cv::dilate(hairs, hairs, cv::getStructuringElement(cv::MORPH_RECT, {3, 3}));
  const double reach = opening_radius(widest) / 2;
  const auto most_area = static_cast<int>(std::numbers::pi * reach * reach);
  const int most_extent = static_cast<int>(2 * reach + 1);
  cv::Mat patch = (skin > kBesidePatch) & (skin < kDarkestOpening);
  patch.setTo(0, hairs);
  // With a border of a pixel all round, as patches_holding_dark's marks.
  cv::Mat too_large = cv::Mat::zeros(skin.rows + 2, skin.cols + 2, CV_8U);
  auto patches = full_size_patches(skin, patch, {0, 0}, most_area, most_extent, too_large);
  // The mottled skin's patches: within those too large, and only there (a pixel round them, so
  // that opening them is as over the whole image).
  const cv::Rect mottled =
      (cv::boundingRect(too_large) - cv::Point(2, 2) + cv::Size(2, 2)) & cv::Rect({}, skin.size());
  if (mottled.empty()) return patches;
  cv::Mat within = (skin(mottled) > kBesideMottledPatch) & too_large(mottled + cv::Point(1, 1));
  cv::Mat unused = cv::Mat::zeros(mottled.height + 2, mottled.width + 2, CV_8U);
  auto more =
      full_size_patches(skin(mottled), within, mottled.tl(), most_area, most_extent, unused);
  patches.insert(patches.end(), more.begin(), more.end());
  return patches;
}

// The hair pixel nearest `centre` within `reach` pixels across and down; (-1, -1) if none. Looked
// for in square rings outward, as far as a nearer one could still lie: most patches lie a few
// pixels off a shaft.
cv::Point nearest_hair_pixel(const cv::Mat& hair_pixels, const cv::Point& centre, int reach) {
  cv::Point nearest(-1, -1);
  int closest = std::numeric_limits<int>::max();
  const auto look = [&](int x, int y) {
    if (x < 0 || y < 0 || x >= hair_pixels.cols || y >= hair_pixels.rows) return;
    if (!hair_pixels.at<unsigned char>(y, x)) return;
    const int apart = (x - centre.x) * (x - centre.x) + (y - centre.y) * (y - centre.y);
    if (apart < closest) closest = apart, nearest = {x, y};
  };
  for (int ring = 0; ring <= reach && ring * ring < closest; ++ring) {
    for (int d = -ring; d <= ring; ++d) {
      look(centre.x + d, centre.y - ring);
      look(centre.x + d, centre.y + ring);
      if (d == -ring || d == ring) continue;
      look(centre.x - ring, centre.y + d);
      look(centre.x + ring, centre.y + d);
    }
  }
  return nearest;
}

}  // namespace

std::vector<OpeningBeside> openings_beside(const cv::Mat& darkness, const cv::Mat& smooth_darkness,
                                           const cv::Mat& hair_pixels, const cv::Mat& depth,
                                           const cv::Mat& shafts, double thickest_width,
                                           double widest, const std::vector<KnownOpening>& known) {
  const double reach = opening_radius(widest);
  const int r = static_cast<int>(reach);
  std::map<int, RimOffsets> rims;  // by width: most thick hair pixels share a few widths
  std::vector<OpeningBeside> found;
  for (const auto& [centre, area, extent] :
       dark_skin_patches(smooth_darkness, hair_pixels, widest)) {
    if (std::any_of(known.begin(), known.end(), [&](const KnownOpening& opening) {
          const double dx = opening.at.x - centre.x, dy = opening.at.y - centre.y;
          const double within = opening.radius + extent / 2.0;
          return dx * dx + dy * dy < within * within;
        })) {
      continue;
    }
    const cv::Point near = nearest_hair_pixel(
        hair_pixels, {static_cast<int>(centre.x), static_cast<int>(centre.y)}, r);
    if (near.x < 0) continue;
    // Of the thick hair pixels round it on a grid (a thinner hair's end is traced on its own),
    // with the patch within two of their widths, the one the opening shows round most is where
    // the hair leaves the scalp.
    OpeningBeside best;
    double strongest = kBesideOpening;
    for (int dy = -r / 2; dy <= r / 2; dy += kBesideGrid) {
      for (int dx = -r / 2; dx <= r / 2; dx += kBesideGrid) {
        const cv::Point p(near.x + dx, near.y + dy);
        if (p.x < 0 || p.y < 0 || p.x >= depth.cols || p.y >= depth.rows) continue;
        const int width = static_cast<int>(std::lround(2 * depth.at<float>(p)));
        const double off_x = p.x - centre.x, off_y = p.y - centre.y;
        if (width < thickest_width ||
            off_x * off_x + off_y * off_y > kBesideReach * kBesideReach * width * width) {
          continue;
        }
        const auto rim = rims.try_emplace(width, width, darkness.cols).first;
        if (const double shows =
                opening_around(darkness, shafts, p, rim->second, strongest - kLighterBeyond);
            shows >= strongest) {
          strongest = shows;
          best = {p, static_cast<double>(width), centre};
        }
      }
    }
    if (best.width > 0) found.push_back(best);
  }
  return found;
}

}  // namespace mesoclinic::trichometry
