// trichometry::analyze: the image prepared, shafts traced and measured across, each hair's
// exit found, and the counted ones' figures (the overlay is overlay.cc's).
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <opencv2/imgproc.hpp>
#include <optional>

#include "trichometry/figures.h"
#include "trichometry/openings.h"
#include "trichometry/scalp_image.h"
#include "trichometry/shaft_exits.h"
#include "trichometry/shaft_profile.h"
#include "trichometry/shaft_tracing.h"
#include "trichometry/trichometry.h"

namespace mesoclinic::trichometry {
namespace {

// Dermoscopes show about 2 to 20 um a pixel; beyond these a number was surely mistyped.
constexpr double kFinestUmPerPx = 0.5;
constexpr double kCoarsestUmPerPx = 50;
// Lens blur (a Gaussian's sigma, pixels) beyond which hairs cannot be told apart or measured.
constexpr double kMostBlur = 2.5;
constexpr double kUsualBlur = 0.9;
// A shaft is at least this many times as long as it is wide; shorter dark marks are follicle
// openings, pores or specks.
constexpr double kLeastElongation = 2.5;
constexpr double kShortestShaftUm = 100;
constexpr double kSmallestMarkUm2 = 1000;
constexpr double kWidestHairUm = 120;
// Openings beside the shafts are looked for round hairs at least this wide: a thinner hair's end
// is traced on its own (a thin shaft), and round thin shafts the skin's grain passes for openings.
constexpr double kThickBesideUm = 40;
// Two exits found this close (pixels), or within half the hair's width, are one place: where
// shafts meet, all take one pixel, and two ends of one thick shape a pixel or two apart.
constexpr double kSameExitPx = 1.5;

double rough_width_of(const std::vector<cv::Point>& line, const cv::Mat& depth) {
  std::vector<double> depths;
  for (const auto& p : line) depths.push_back(depth.at<float>(p));
  return std::max(1.0, 2 * median_of(depths));
}

// The width (pixels) of the hair a measured shaft is, leaving the scalp at its end `exit`: measured
// on its own stretch, from its exit to the first crossing, where the tracing may have gone on
// along another hair of another width (a shaft made of two hairs measured some 6 um too wide);
// the shaft's where that stretch is too short to measure across.
double own_width_px(const Measured& shaft, int exit, const cv::Mat& darkness, double blur) {
  if (exit < 0 || shaft.crossings.empty()) return shaft.width_px;
  const auto& line = shaft.centre_line;
  const auto from = exit == 0 ? line.begin() : line.begin() + shaft.crossings.back();
  const auto to = exit == 0 ? line.begin() + shaft.crossings.front() : line.end();
  const auto profile = profile_across(darkness, {from, to}, shaft.rough_width_px);
  return profile ? width_of(*profile, blur) : shaft.width_px;
}

// The hair a measured shaft `width_px` wide is, from its exit, and whether it is counted: its
// exit lies in the target area.
Hair hair_from(const Measured& shaft, const Exit& exit, double width_px, double um_per_px,
               const TargetArea& target, const Settings& settings) {
  const auto& line = shaft.centre_line;
  Hair hair;
  const auto add = [&](const cv::Point& p) { hair.centre_line.push_back({p.x + 0.0, p.y + 0.0}); };
  if (exit.end == 1) {
    std::for_each(line.rbegin(), line.rend(), add);
  } else {
    std::for_each(line.begin(), line.end(), add);
  }
  hair.length_um = length_of(line) * um_per_px;
  hair.width_um = width_px * um_per_px;
  hair.vellus = hair.width_um < settings.vellus_under_um;
  hair.counted = exit.end >= 0 && inside(target, hair.centre_line.front());
  hair.confidence = std::clamp(shaft.profile.peak / 0.3, 0.0, 1.0) * exit.sureness;
  return hair;
}

// Where a counted hair leaves the scalp, and its follicle opening's radius (pixels).
struct FoundExit {
  PixelPoint at;
  double opening = 0;
};

FoundExit found_exit(const Hair& hair, double um_per_px) {
  return {hair.centre_line.front(), opening_radius(hair.width_um / um_per_px)};
}

// Whether another hair's exit lies within `reach` pixels of `point`, or its opening around
// `point` (`within_openings`): one opening seen from two shafts that meet there is one hair, and
// a thin shaft lying across a thicker hair's opening shows that opening along it, or sticks out
// of it, without leaving the scalp there.
bool exit_near(const PixelPoint& point, const std::vector<FoundExit>& exits, double reach,
               bool within_openings = true) {
  return std::any_of(exits.begin(), exits.end(), [&](const FoundExit& exit) {
    const double apart = std::hypot(exit.at.x - point.x, exit.at.y - point.y);
    return apart < reach || (within_openings && apart < exit.opening);
  });
}

// The hairs whose exits show along `hair`'s shaft, away from its own exit, and not where another
// hair's exit or its opening is: hairs leaving the scalp under or against it, whose shafts the
// tracing joined to it or which it lies over. Each runs from its exit to the next such exit or
// the shaft's end, away from `hair`'s own exit, and is measured across on its own stretch.
// `hair` keeps its whole line: which of the two a stretch belongs to cannot be told, and a hair
// cut short at another's exit would seem not to grow.
std::vector<Hair> hidden_hairs(const Hair& hair, bool exit_in_front, double rough_width_px,
                               const ScalpImage& scalp, const cv::Mat& shaft_mask, double blur,
                               double um_per_px, const Settings& settings,
                               const std::vector<FoundExit>& exits) {
  std::vector<cv::Point> line;
  for (const auto& p : hair.centre_line)
    line.emplace_back(static_cast<int>(p.x), static_cast<int>(p.y));
  const auto cuts = openings_along(line, scalp.darkness, shaft_mask, rough_width_px, exit_in_front);
  std::vector<Hair> hidden;
  for (std::size_t c = 0; c < cuts.size(); ++c) {
    const auto from = line.begin() + cuts[c];
    const auto to = c + 1 < cuts.size() ? line.begin() + cuts[c + 1] + 1 : line.end();
    const std::vector<cv::Point> stretch(from, to);
    Hair found;
    for (const auto& p : stretch) found.centre_line.push_back({p.x + 0.0, p.y + 0.0});
    // Where another hair's exit is, its stretch is `hair`'s shaft, already there.
    if (exit_near(found.centre_line.front(), exits, rough_width_px)) continue;
    found.length_um = length_of(stretch) * um_per_px;
    // A stretch may be too short, or too crowded, to measure across: then it is taken to be
    // as wide as the shaft it was joined to.
    const auto profile = profile_across(scalp.smooth_darkness, stretch, rough_width_px);
    const double measured = profile ? width_of(*profile, blur) * um_per_px : 0;
    const bool plausible = measured > hair.width_um / 4 && measured < 2 * hair.width_um;
    found.width_um = plausible ? measured : hair.width_um;
    found.vellus = found.width_um < settings.vellus_under_um;
    // Half as sure as a hair whose own end shows its exit: this one's exit is inferred.
    found.confidence = profile ? std::clamp(profile->peak / 0.3, 0.0, 1.0) * 0.5 : 0.3;
    hidden.push_back(std::move(found));
  }
  return hidden;
}

// The hair whose end a spur is, if an opening shows round its free end away from the exits
// already found: outside their openings, and farther than the width of the shape the spur sticks
// out of or the spur's own length (the crossing pieces of a thin hair lying over another's exit
// share its opening, and a fork thinning left at a hair's end lies within it too): a hair leaving
// the scalp against a shaft and merging with it at once, so only its end sticks out. The opening
// is looked for around the width of the spur a third of the way in, clear of its round end and of
// the shaft it joins. No profile across it is its own, so its width is the hair pixels' at its
// end (the round end's radius, twice: thinning ends a line at the middle of a round end), less
// what the image's thresholding adds to a shaft's width (`thresholded_wider`).
std::optional<Hair> spur_hair(const Spur& spur, const ScalpImage& scalp, const cv::Mat& depth,
                              const cv::Mat& shaft_mask, double thresholded_wider, double um_per_px,
                              const Settings& settings, const std::vector<FoundExit>& exits) {
  const auto& line = spur.line;
  const cv::Point end = line.front();
  if (line.size() < 3 || at_border(end, scalp.darkness.size())) return std::nullopt;
  const PixelPoint exit{end.x + 0.0, end.y + 0.0};
  const double rough_width = std::max(1.0, 2.0 * depth.at<float>(line[line.size() / 3]));
  const double joined_width = 2.0 * depth.at<float>(line.back());
  // Most spurs are a shaft's own rounding: the cheap tests first, the look all round last.
  if (exit_near(exit, exits, std::max({rough_width, joined_width, length_of(line) + 1})) ||
      opening_around(scalp.darkness, shaft_mask, end, rough_width) < kOpeningDarkness) {
    return std::nullopt;
  }
  Hair hair;
  for (const auto& p : line) hair.centre_line.push_back({p.x + 0.0, p.y + 0.0});
  hair.width_um = std::max(1.0, 2.0 * depth.at<float>(end) - thresholded_wider) * um_per_px;
  hair.length_um = length_of(line) * um_per_px;
  hair.vellus = hair.width_um < settings.vellus_under_um;
  // Half as sure as a hair whose whole shaft shows: its exit is inferred from its end alone.
  hair.confidence = 0.5;
  return hair;
}

// The way (a unit vector) the traced shaft nearest `point` runs there, over `width` pixels either
// side, pointing away from `behind` (or, with no shaft near, straight away from it).
PixelPoint way_along_nearest_shaft(const cv::Point& point, const std::vector<Measured>& shafts,
                                   const cv::Point2d& behind, double width) {
  const PixelPoint away{point.x - behind.x, point.y - behind.y};
  PixelPoint way = away;
  // A width either side (a thinned line steps a pixel at a time): where two shafts merge, their
  // line kinks from one's centre to the middle of both, and a few points see only that.
  const auto reach = std::max<std::size_t>(4, static_cast<std::size_t>(width));
  int closest = std::numeric_limits<int>::max();
  for (const auto& shaft : shafts) {
    const auto& line = shaft.centre_line;
    for (std::size_t i = 0; i < line.size(); ++i) {
      const cv::Point apart = line[i] - point;
      if (apart.dot(apart) >= closest) continue;
      closest = apart.dot(apart);
      const cv::Point along =
          line[std::min(line.size() - 1, i + reach)] - line[i < reach ? 0 : i - reach];
      way = {static_cast<double>(along.x), static_cast<double>(along.y)};
    }
  }
  if (way.x * away.x + way.y * away.y < 0) way = {-way.x, -way.y};
  const double length = std::hypot(way.x, way.y);
  return length > 0 ? PixelPoint{way.x / length, way.y / length} : PixelPoint{1, 0};
}

// The hair whose opening shows beside the shafts (openings_beside): its shaft merged with
// another's at once, so all it has of its own is its exit, and its width is its hair pixels' less
// what thresholding adds (`thresholded_wider`), as a spur's. Its line runs one width from its
// exit the way the shaft it merged with does (`way`, a unit vector), stopping at the image's
// edge: all that can be said of where its own shaft lies.
Hair hair_beside(const OpeningBeside& beside, const PixelPoint& way, double thresholded_wider,
                 double um_per_px, const cv::Size& size, const Settings& settings) {
  const PixelPoint exit{beside.exit.x + 0.0, beside.exit.y + 0.0};
  const PixelPoint end{std::clamp(exit.x + beside.width * way.x, 0.0, size.width - 1.0),
                       std::clamp(exit.y + beside.width * way.y, 0.0, size.height - 1.0)};
  Hair hair;
  hair.centre_line = {exit, end};
  hair.length_um = std::hypot(end.x - exit.x, end.y - exit.y) * um_per_px;
  hair.width_um = std::max(1.0, beside.width - thresholded_wider) * um_per_px;
  hair.vellus = hair.width_um < settings.vellus_under_um;
  // Less sure than a spur's hair: nothing of its shaft shows as its own.
  hair.confidence = 0.3;
  return hair;
}

// Whether the `widths` (um) of the hairs counted, short stretches left out, could be a scalp's.
// A short stretch is no shaft to judge by: at a calibration far too fine, any of them passes for
// a hair's exit stretch.
Result<void> check_calibration(std::vector<double> widths) {
  if (widths.size() < 5) return {};
  std::sort(widths.begin(), widths.end());
  const double upper = widths[widths.size() * 3 / 4], top = widths[widths.size() * 9 / 10];
  if (upper > 150 || top < 12) {
    return invalid({{"/um_per_px", "gives hairs a typical width of " +
                                       std::to_string(static_cast<int>(upper)) +
                                       " um, which no scalp has; check the calibration"}},
                   "The calibration contradicts the hairs in the image.");
  }
  return {};
}

}  // namespace

Result<Analysis> analyze(std::span<const unsigned char> image, const Calibration& calibration,
                         const TargetArea& target_area, const Settings& settings) {
  const double um = calibration.um_per_px;
  if (!(um >= kFinestUmPerPx && um <= kCoarsestUmPerPx)) {
    return invalid({{"/um_per_px", "must be between 0.5 and 50 micrometres a pixel"}});
  }
  auto scalp = prepare_scalp_image(image, calibration);
  if (!scalp) return std::unexpected(scalp.error());
  const cv::Size size = scalp->darkness.size();
  const TargetArea target = effective_target(target_area, size.width, size.height);
  if (target.left < 0 || target.top < 0 || target.left + target.width > size.width ||
      target.top + target.height > size.height) {
    return invalid({{"/target_area", "must lie inside the image"}});
  }

  const int smallest = std::max(8, static_cast<int>(kSmallestMarkUm2 / (um * um)));
  // An opening's rim reaches this far past the end of the widest shaft it holds.
  const int halo_reach = static_cast<int>(0.4 * kWidestHairUm / um + 3);
  const cv::Mat pixels = hair_pixels(scalp->smooth_darkness, scalp->noise, smallest, halo_reach);
  cv::Mat depth;
  cv::distanceTransform(pixels, depth, cv::DIST_L2, 3);
  // The shafts with their edges, for looking at the skin between them.
  cv::Mat shaft_mask;
  cv::dilate(pixels, shaft_mask, cv::getStructuringElement(cv::MORPH_ELLIPSE, {3, 3}));
  std::vector<Measured> shafts;
  std::vector<double> edge_blurs;
  auto tracing = trace_shafts(pixels, depth);
  for (auto& traced : tracing.shafts) {
    Measured shaft;
    const double rough_width = rough_width_of(traced.centre_line, depth);
    const double length = length_of(traced.centre_line);
    const bool elongated =
        length >= kLeastElongation * rough_width && length * um >= kShortestShaftUm;
    if (!elongated &&
        !exit_stretch(traced, length, rough_width, depth, scalp->darkness, shaft_mask)) {
      continue;
    }
    auto profile = profile_across(scalp->darkness, traced.centre_line, rough_width, !elongated);
    if (!profile) continue;
    shaft.profile = *profile;
    shaft.rough_width_px = rough_width;
    shaft.short_stretch = !elongated;
    shaft.centre_line = std::move(traced.centre_line);
    shaft.free_end = traced.free_end;
    shaft.crossings = std::move(traced.crossings);
    if (profile->half_peak_width > 8 && profile->peak > 0.3)
      edge_blurs.push_back(profile->edge_blur);
    shafts.push_back(std::move(shaft));
  }
  const double blur = edge_blurs.size() >= 3 ? median_of(edge_blurs) : kUsualBlur;
  if (blur > kMostBlur) {
    return invalid({{"/image", "is blurred: hair edges spread over " +
                                   std::to_string(static_cast<int>(std::lround(blur * 2.355))) +
                                   " pixels; focus and take it again"}},
                   "The image cannot be measured: it is blurred.");
  }

  Analysis analysis;
  std::vector<bool> exit_in_front;
  for (auto& shaft : shafts) {
    shaft.width_px = width_of(shaft.profile, blur);
    const Exit exit = exit_of(shaft, scalp->darkness, shaft_mask);
    const double width_px = own_width_px(shaft, exit.end, scalp->darkness, blur);
    analysis.hairs.push_back(hair_from(shaft, exit, width_px, um, target, settings));
    exit_in_front.push_back(exit.end >= 0);
  }
  // Every exit found, in the target area or out of it: whether one found next is another's is
  // judged the same whatever the target, so two halves of an image count what the whole does.
  std::vector<FoundExit> exits;
  for (std::size_t i = 0; i < shafts.size(); ++i) {
    if (!exit_in_front[i]) continue;
    auto& hair = analysis.hairs[i];
    // Two shafts leaving one junction, each taking it for its exit: one opening, one hair.
    const double same_place = std::max(kSameExitPx, hair.width_um / um / 2);
    if (exit_near(hair.centre_line.front(), exits, same_place, false)) {
      hair.counted = false;
      continue;
    }
    exits.push_back(found_exit(hair, um));
  }
  // The hairs found from here on are kept if they leave the scalp in the target area.
  const auto keep = [&](Hair&& hair) {
    exits.push_back(found_exit(hair, um));
    if (!inside(target, hair.centre_line.front())) return;
    hair.counted = true;
    analysis.hairs.push_back(std::move(hair));
  };
  // Exits shown only by their openings along other shafts, once each and not where a hair's
  // own exit already is.
  for (std::size_t i = 0; i < shafts.size(); ++i) {
    for (auto& found : hidden_hairs(analysis.hairs[i], exit_in_front[i], shafts[i].rough_width_px,
                                    *scalp, shaft_mask, blur, um, settings, exits)) {
      keep(std::move(found));
    }
  }
  // Exits shown only by spurs, last: most spurs are the rounding of a shaft already counted.
  std::vector<double> wider;
  for (const auto& shaft : shafts) {
    if (!shaft.short_stretch) wider.push_back(shaft.rough_width_px - shaft.width_px);
  }
  const double thresholded_wider = wider.empty() ? 0 : median_of(std::move(wider));
  const std::size_t first_spur_hair = analysis.hairs.size();
  // One hair at most where spurs meet a shaft: the pieces of a short shape thinning forked.
  std::vector<int> junctions_taken;
  for (const auto& spur : tracing.spurs) {
    if (std::find(junctions_taken.begin(), junctions_taken.end(), spur.junction) !=
        junctions_taken.end()) {
      continue;
    }
    auto found = spur_hair(spur, *scalp, depth, shaft_mask, thresholded_wider, um, settings, exits);
    if (!found) continue;
    junctions_taken.push_back(spur.junction);
    keep(std::move(*found));
  }
  // Exits shown only by their openings on the skin beside the shafts, last of all: most such
  // patches are the openings of the exits found above. One within its own opening's reach of an
  // exit found is that exit's opening, seen past a shaft; two found so whose openings overlap are
  // one opening, seen in two pieces where shafts cross it.
  std::vector<KnownOpening> known;
  for (const auto& exit : exits) known.push_back({{exit.at.x, exit.at.y}, exit.opening});
  std::vector<FoundExit> beside_exits;
  for (const auto& beside :
       openings_beside(scalp->darkness, scalp->smooth_darkness, pixels, depth, shaft_mask,
                       kThickBesideUm / um, kWidestHairUm / um, known)) {
    const PixelPoint at{beside.exit.x + 0.0, beside.exit.y + 0.0};
    const double opening = opening_radius(beside.width);
    if (exit_near(at, exits, opening)) continue;
    if (std::any_of(beside_exits.begin(), beside_exits.end(), [&](const FoundExit& other) {
          return std::hypot(other.at.x - at.x, other.at.y - at.y) < other.opening + opening;
        })) {
      continue;
    }
    beside_exits.push_back({at, opening});
    keep(hair_beside(beside,
                     way_along_nearest_shaft(beside.exit, shafts, beside.seen, beside.width),
                     thresholded_wider, um, size, settings));
  }
  // Short stretches and spurs' hairs are no shafts to judge a calibration by.
  std::vector<double> counted_widths, whole_shaft_widths;
  for (std::size_t i = 0; i < analysis.hairs.size(); ++i) {
    if (!analysis.hairs[i].counted) continue;
    counted_widths.push_back(analysis.hairs[i].width_um);
    const bool short_stretch = i < shafts.size() && shafts[i].short_stretch;
    if (!short_stretch && i < first_spur_hair)
      whole_shaft_widths.push_back(analysis.hairs[i].width_um);
  }
  if (auto plausible = check_calibration(std::move(whole_shaft_widths)); !plausible) {
    return std::unexpected(plausible.error());
  }
  analysis.figures =
      figures_of(counted_widths, target.width * target.height * um * um / 1e8, settings);
  analysis.target = target;
  analysis.calibration = calibration;
  return analysis;
}

}  // namespace mesoclinic::trichometry
