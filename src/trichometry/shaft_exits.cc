// trichometry::exit_of and exit_stretch: the rules that tell where a shaft's hair leaves the
// scalp (shaft_exits.h).
#include "trichometry/shaft_exits.h"

#include <algorithm>
#include <cmath>

#include "trichometry/openings.h"

namespace mesoclinic::trichometry {
namespace {

// An end this near the image's edge (pixels) may run on out of view.
constexpr double kBorderPx = 4;
// How much darker than the skin the opening around a free end must show for the hair to leave
// the scalp there: a little over the least an opening is (kOpeningDarkness), since a clipped
// tip with a neighbour's opening or the skin's mottle ahead of it shows that much; most exits
// counted at 0.05-0.06 were such tips (docs/trichometry-history.md, session 27).
constexpr double kFreeEndOpening = 0.06;
// How much darker than the skin the opening around an end of a shaft boxed in by others must be
// on both sides and past it (EndOpening::surrounding) to be that hair's exit.
constexpr double kBoxedInOpening = 0.03;
// A tip's hair leaves the scalp at its other end, against another shaft, only if skin shows
// around that end and is darker there than further out: a hair passing through a crossing has
// bare skin around the meeting; one leaving the scalp there has its opening, half hidden. Of the
// exits counted at 0.02-0.04, most were crossings (docs/trichometry-history.md, session 27).
constexpr double kLeastOpeningAtJunction = 0.04;
// An opening this much darker than the skin is there beyond doubt: enough to take a short stretch
// for a hair's (exit_stretch).
constexpr double kClearOpening = 2 * kOpeningDarkness;

}  // namespace

bool at_border(const cv::Point& p, const cv::Size& size) {
  return p.x < kBorderPx || p.y < kBorderPx || p.x >= size.width - kBorderPx ||
         p.y >= size.height - kBorderPx;
}

Exit exit_of(const Measured& shaft, const cv::Mat& darkness, const cv::Mat& shaft_mask) {
  const cv::Size size = darkness.size();
  const auto& line = shaft.centre_line;
  std::array<EndOpening, 2> opening{};
  std::array<double, 2> around{};
  std::array<bool, 2> candidate{};
  for (int side = 0; side < 2; ++side) {
    const cv::Point end = side == 0 ? line.front() : line.back();
    candidate[side] = shaft.free_end[side] && !at_border(end, size);
    opening[side] = opening_at(line, side == 1, darkness, shaft.width_px);
    around[side] = opening_around(darkness, shaft_mask, end, shaft.width_px);
  }
  // Either measure may miss an opening: opening_at where the shaft's end is lost in another,
  // opening_around where shafts crowd the rim.
  const auto shows = [&](int side) { return std::max(around[side], opening[side].strongest); };
  int exit = -1;
  // Both ends against other shafts, as in a tangle: a hair that leaves the scalp against one
  // shaft and ends against another. Its exit is the end its own opening lies around, judged by the
  // lighter of the two measures (hence the lower bar), since shafts crowd both ends; or failing
  // that, where the skin all round shows one.
  const bool boxed_in = !shaft.free_end[0] && !shaft.free_end[1] &&
                        !at_border(line.front(), size) && !at_border(line.back(), size);
  if (boxed_in) {
    const int surrounded = opening[1].surrounding > opening[0].surrounding ? 1 : 0;
    const int ringed = around[1] > around[0] ? 1 : 0;
    if (opening[surrounded].surrounding >= kBoxedInOpening) {
      exit = surrounded;
    } else if (around[ringed] >= kOpeningDarkness) {
      exit = ringed;
    }
  } else if (candidate[0] && candidate[1]) {
    // The end an opening shows around more: all measures together, so a neighbour's opening
    // ahead of a clipped end, which darkens only the skin past it, weighs less than the hair's
    // own around its exit, and one measure alone still tells where another is lost. With no
    // opening at either, it is a piece of a hair (or no hair): its exit is elsewhere.
    const auto evidence = [&](int side) {
      return opening[side].strongest + opening[side].surrounding + std::max(0.0, around[side]);
    };
    const int more = evidence(1) > evidence(0) ? 1 : 0;
    if (shows(more) >= kFreeEndOpening) exit = more;
  } else {
    for (int side = 0; side < 2; ++side) {
      if (!candidate[side]) continue;
      const int other = 1 - side;
      const cv::Point other_end = other == 0 ? line.front() : line.back();
      if (shows(side) >= kFreeEndOpening) {
        exit = side;
      } else if (!shaft.free_end[other] && !at_border(other_end, size) &&
                 around[other] >= kLeastOpeningAtJunction) {
        // A tip here and the other end against another shaft: the hair leaves the scalp there,
        // beside or under that one.
        exit = other;
      }
    }
  }
  if (exit < 0) return {};
  return {exit,
          std::clamp(std::abs(opening[0].surrounding - opening[1].surrounding) / 0.1, 0.3, 1.0)};
}

bool exit_stretch(const TracedShaft& traced, double length, double rough_width,
                  const cv::Mat& depth, const cv::Mat& darkness, const cv::Mat& shaft_mask) {
  if (length < 0.5 * rough_width) return false;
  const auto& line = traced.centre_line;
  if (traced.free_end[0] && traced.free_end[1]) {
    const auto front = opening_at(line, false, darkness, rough_width);
    const auto back = opening_at(line, true, darkness, rough_width);
    const auto& more = front.surrounding > back.surrounding ? front : back;
    const auto& less = front.surrounding > back.surrounding ? back : front;
    return more.surrounding >= kClearOpening && less.strongest < kOpeningDarkness;
  }
  if (!traced.free_end[0] && !traced.free_end[1]) return false;
  const bool back = traced.free_end[1];
  const cv::Point end = back ? line.back() : line.front();
  const cv::Point joined = back ? line.front() : line.back();
  // Where the shaft ends first: all round costs more, and is only looked at where that shows
  // no opening.
  if (opening_at(line, back, darkness, rough_width).strongest >= kClearOpening) return true;
  return opening_around(darkness, shaft_mask, end, 2 * depth.at<float>(joined)) >= kClearOpening;
}

}  // namespace mesoclinic::trichometry
