// trichometry::compare_visits: the follow-up registered onto the baseline (registration.h), the
// hairs matched one to one, and each hair left unmatched looked for in the other visit's image:
// one analysis missing a hair the other found is no hair lost or grown.
#include <algorithm>
#include <cmath>
#include <functional>
#include <opencv2/imgproc.hpp>
#include <optional>
#include <string>

#include "trichometry/figures.h"
#include "trichometry/registration.h"
#include "trichometry/scalp_image.h"
#include "trichometry/trichometry.h"

namespace mesoclinic::trichometry {
namespace {

// How far (um) from each end of a shaft the other image is looked at: less than the shortest
// clipped hair, so one clipped anew since still shows there.
constexpr double kLookedAtUm = 150;
// Of those points, the share the other image must show a shaft at for the hair to be there: most
// of them, as another hair lying across the place darkens a stretch of it too.
constexpr double kShownAgain = 0.8;
// Where the other image does not show the shaft (it lies outside it): a shaft of the other
// visit's analysis passing this close (um) to the exit may hide a hair that leaves there.
constexpr double kHiddenUm = 40;

// A visit's image prepared to be looked at, its analysis beside it.
struct Looked {
  const Analysis& analysis;
  cv::Mat darkness;  // smoothed (ScalpImage::smooth_darkness)
  double noise = 0;
  // Where the practitioner struck out a mark as no hair (8-bit, set there; empty if nowhere):
  // its darkness shows no shaft.
  cv::Mat struck_out;
};

// One visit looked at from the other: `own`'s pixels brought into the other's, and back.
struct Sides {
  const Looked& own;
  const Looked& other;
  std::function<PixelPoint(const PixelPoint&)> to_other, to_own;
};

Result<Looked> look_at(const VisitImage& visit, const std::string& field) {
  auto image = prepare_again(visit.image, visit.analysis.calibration);
  if (!image) {
    // The image's own reason ("cannot be read as ...", "is larger than ..."), said of the visit.
    return invalid({{field + "/image", image.error().fields.front().message}},
                   "The two images cannot be compared.");
  }
  Looked looked{visit.analysis, std::move(image->smooth_darkness), image->noise, {}};
  for (const auto& hair : visit.analysis.hairs) {
    if (hair.source != HairSource::kRemovedByPractitioner || hair.centre_line.empty()) continue;
    if (looked.struck_out.empty())
      looked.struck_out = cv::Mat::zeros(looked.darkness.size(), CV_8U);
    std::vector<cv::Point> line;
    for (const auto& p : hair.centre_line) {
      line.emplace_back(static_cast<int>(std::clamp(p.x, -1.0, looked.darkness.cols + 1.0)),
                        static_cast<int>(std::clamp(p.y, -1.0, looked.darkness.rows + 1.0)));
    }
    const double width_px = hair.width_um / visit.analysis.calibration.um_per_px;
    cv::polylines(looked.struck_out, line, false, 255,
                  std::max(1, static_cast<int>(std::ceil(width_px)) + 4));
  }
  return looked;
}

// `point` rounded to a pixel of `image` at least `margin` pixels inside it; nothing outside.
std::optional<cv::Point> pixel_in(const cv::Mat& image, const PixelPoint& point, int margin) {
  if (!(point.x >= margin - 0.5 && point.y >= margin - 0.5 && point.x < image.cols - margin - 0.5 &&
        point.y < image.rows - margin - 0.5)) {
    return std::nullopt;
  }
  return cv::Point(static_cast<int>(std::lround(point.x)), static_cast<int>(std::lround(point.y)));
}

// The darkest of `image`'s pixels within a pixel of `at` (the registration is good to about
// that); `at` at least a pixel inside the image.
float darkest_near(const cv::Mat& image, const cv::Point& at) {
  float darkest = 0;
  for (int dy = -1; dy <= 1; ++dy) {
    const float* row = image.ptr<float>(at.y + dy);
    darkest = std::max({darkest, row[at.x - 1], row[at.x], row[at.x + 1]});
  }
  return darkest;
}

// Of the points along `line` (in `own`'s pixels, a pixel apart, walked from its front) within
// `reach` pixels, the share where `other` (`to_other` brings a point there) is at least half as
// dark as the shaft is in `own`, and clearly darker than its skin: whether the other image shows
// that shaft too. Points the other image does not show, or where the practitioner struck out a
// mark in it, are not looked at. Negative if too few are left to tell.
double shown_from_front(const Sides& sides, const std::vector<PixelPoint>& line, double reach) {
  const auto clear = static_cast<float>(3 * sides.other.noise);
  int looked = 0, shown = 0;
  double walked = 0;  // along the line to the segment's start
  for (std::size_t i = 1; i < line.size() && walked < reach; ++i) {
    const PixelPoint from = line[i - 1], to = line[i];
    const double length = std::hypot(to.x - from.x, to.y - from.y);
    for (double t = 0; t < length && walked + t < reach; t += 1) {
      // The end itself is left out: there the shaft fades into its opening or its cut.
      if (walked + t < 2) continue;
      const PixelPoint at{from.x + (to.x - from.x) * t / length,
                          from.y + (to.y - from.y) * t / length};
      const auto here = pixel_in(sides.own.darkness, at, 0);
      const auto there = pixel_in(sides.other.darkness, sides.to_other(at), 1);
      if (!here || !there) continue;
      if (!sides.other.struck_out.empty() && sides.other.struck_out.at<unsigned char>(*there)) {
        continue;
      }
      ++looked;
      const float dark_here = sides.own.darkness.at<float>(*here);
      if (darkest_near(sides.other.darkness, *there) > std::max(0.5f * dark_here, clear)) ++shown;
    }
    walked += length;
  }
  return looked < 3 ? -1 : static_cast<double>(shown) / looked;
}

// Where the other image is looked at for a hair: from its exit; and, for an exit the engine is
// less sure of (less_sure), from its other end too, taking the better: an exit one analysis took
// at the tip of a clipped shaft shows nothing at the other visit once the hair is clipped
// shorter, but its true exit does. A sure exit is seldom such a tip, while a shed or new hair's
// far end often lies along or across hairs that stay, and would show it there
// (docs/trichometry-history.md, session 30).
double shown_again(const Sides& sides, const Hair& hair) {
  const auto& line = hair.centre_line;
  const double reach = kLookedAtUm / sides.own.analysis.calibration.um_per_px;
  const double from_exit = shown_from_front(sides, line, reach);
  if (!less_sure(hair)) return from_exit;
  const std::vector<PixelPoint> backwards(line.rbegin(), line.rend());
  return std::max(from_exit, shown_from_front(sides, backwards, reach));
}

// Whether any of the other visit's shafts passes within `reach` (own pixels) of `point`.
bool shaft_near(const Sides& sides, const PixelPoint& point, double reach) {
  for (const auto& hair : sides.other.analysis.hairs) {
    // What the practitioner struck out is no shaft, and hides nothing.
    if (hair.source == HairSource::kRemovedByPractitioner) continue;
    for (const auto& p : hair.centre_line) {
      const PixelPoint q = sides.to_own(p);
      if (std::hypot(q.x - point.x, q.y - point.y) < reach) return true;
    }
  }
  return false;
}

// Whether `hair` (own pixels), for which the other visit's analysis has no exit, is there at the
// other visit all the same: its shaft shows in the other image; or, where the other image does
// not show that place, a shaft the other analysis found passes its exit (hiding it) or its other
// end (its exit taken for its tip at one visit).
bool there_all_the_same(const Sides& sides, const Hair& hair) {
  const auto& line = hair.centre_line;
  const double shown = shown_again(sides, hair);
  if (shown >= 0) return shown >= kShownAgain;
  const double hidden = kHiddenUm / sides.own.analysis.calibration.um_per_px;
  return shaft_near(sides, line.front(), hidden) || shaft_near(sides, line.back(), hidden);
}

// A baseline `hair` judged lost, as the follow-up (`later`, its pixels reached by
// `on_follow_up`) would have it added back as a missed hair: as the correction takes one, its end
// inside that image and its width one a marked hair may have (the engine measures the finest
// vellus under kNarrowestMarkUm).
AddedHair added_back(const Hair& hair, const Looked& later,
                     const std::function<PixelPoint(const PixelPoint&)>& on_follow_up) {
  const PixelPoint end = on_follow_up(hair.centre_line.back());
  return {on_follow_up(hair.centre_line.front()),
          {std::clamp(end.x, 0.0, static_cast<double>(later.darkness.cols)),
           std::clamp(end.y, 0.0, static_cast<double>(later.darkness.rows))},
          std::clamp(hair.width_um, kNarrowestMarkUm, kWidestMarkUm)};
}

}  // namespace

Result<VisitComparison> compare_visits(const VisitImage& baseline, const VisitImage& follow_up) {
  const auto base_exits = exits_of(baseline.analysis);
  const auto follow_exits = exits_of(follow_up.analysis);
  auto registration =
      register_visits(baseline.analysis, base_exits, follow_up.analysis, follow_exits);
  if (!registration) return std::unexpected(registration.error());
  auto before = look_at(baseline, "/baseline");
  if (!before) return std::unexpected(before.error());
  auto after = look_at(follow_up, "/follow_up");
  if (!after) return std::unexpected(after.error());
  const auto on_baseline = [&](const PixelPoint& p) { return registration->on_baseline(p); };
  const auto on_follow_up = [&](const PixelPoint& p) { return registration->on_follow_up(p); };
  const Sides from_baseline{*before, *after, on_follow_up, on_baseline};
  const Sides from_follow_up{*after, *before, on_baseline, on_follow_up};

  VisitComparison comparison;
  comparison.follow_up_to_baseline = registration->follow_up_to_baseline;
  const auto in_target = [&](const PixelPoint& p) { return inside(baseline.analysis.target, p); };
  std::vector<bool> base_matched(base_exits.size()), follow_matched(follow_exits.size());
  double diameter_change = 0;
  for (const auto& [b, f] : registration->pairs) {
    if (!in_target(base_exits[b].at)) continue;
    base_matched[b] = follow_matched[f] = true;
    const std::size_t base_hair = base_exits[b].hair, follow_hair = follow_exits[f].hair;
    comparison.matches.emplace_back(base_hair, follow_hair);
    diameter_change += follow_up.analysis.hairs[follow_hair].width_um -
                       baseline.analysis.hairs[base_hair].width_um;
  }
  for (std::size_t b = 0; b < base_exits.size(); ++b) {
    if (!in_target(base_exits[b].at)) continue;
    ++comparison.baseline_count;
    if (base_matched[b]) continue;
    const auto& hair = baseline.analysis.hairs[base_exits[b].hair];
    if (there_all_the_same(from_baseline, hair)) {
      ++comparison.persisting;
    } else {
      comparison.which_lost.push_back(
          {base_exits[b].hair, less_sure(hair), added_back(hair, *after, on_follow_up)});
    }
  }
  for (std::size_t f = 0; f < follow_exits.size(); ++f) {
    if (!in_target(on_baseline(follow_exits[f].at))) continue;
    ++comparison.follow_up_count;
    if (follow_matched[f]) continue;
    const auto& hair = follow_up.analysis.hairs[follow_exits[f].hair];
    if (!there_all_the_same(from_follow_up, hair))
      comparison.which_new.push_back(follow_exits[f].hair);
  }
  comparison.lost = static_cast<int>(comparison.which_lost.size());
  comparison.new_hairs = static_cast<int>(comparison.which_new.size());
  comparison.persisting += static_cast<int>(comparison.matches.size());
  comparison.change = comparison.new_hairs - comparison.lost;
  if (comparison.baseline_count > 0) {
    comparison.change_percent = 100.0 * comparison.change / comparison.baseline_count;
  }
  if (!comparison.matches.empty()) {
    comparison.persisting_diameter_change_um =
        diameter_change / static_cast<double>(comparison.matches.size());
  }
  return comparison;
}

}  // namespace mesoclinic::trichometry
