// trichometry::measure_growth: the later image laid on day 0's (registration.h), then each hair
// of day 0 followed from its exit along its own direction in the later image, however that
// image's analysis split or joined its shafts.
#include <cmath>
#include <numbers>

#include "trichometry/figures.h"
#include "trichometry/registration.h"
#include "trichometry/trichometry.h"

namespace mesoclinic::trichometry {
namespace {

// A later shaft this close (um) to a day-0 exit, pointing its way, is that hair's.
constexpr double kSameExitUm = 100;
constexpr double kSameDirectionDegrees = 30;

// Whether a shaft running from `from` to `ahead` lies the way `direction` (unit vector) does,
// either way along it.
bool lies_along(const PixelPoint& from, const PixelPoint& ahead, const PixelPoint& direction) {
  const double dx = ahead.x - from.x, dy = ahead.y - from.y, norm = std::hypot(dx, dy);
  return norm > 0 && std::abs(dx * direction.x + dy * direction.y) / norm >=
                         std::cos(kSameDirectionDegrees * std::numbers::pi / 180);
}

// The length (um) of the shaft of `later`, laid on day 0 by `on_day_0`, that passes nearest
// `point` lying the way `direction` (unit vector) does, either way along it; 0 if none passes
// within `reach` (pixels). Its whole length, not from the point on: a day-0 analysis that took a
// hair's tip for its exit has the same hair, ends swapped.
double length_again(const Analysis& later, const Registration& on_day_0, const PixelPoint& point,
                    const PixelPoint& direction, double reach) {
  double closest = reach, length = 0;
  for (const auto& hair : later.hairs) {
    const auto& line = hair.centre_line;
    for (std::size_t i = 0; i + 6 < line.size(); ++i) {
      const PixelPoint p = on_day_0.on_baseline(line[i]);
      const double d = std::hypot(p.x - point.x, p.y - point.y);
      if (d >= closest || !lies_along(p, on_day_0.on_baseline(line[i + 6]), direction)) continue;
      closest = d;
      length = hair.length_um;
    }
  }
  return length;
}

// Whether a shaft of `image` (its points laid on day 0 by `on_day_0`) runs on past `tip` the
// way `direction` points, by `beyond` pixels: within `reach` of that point and lying that way.
template <typename OnDay0>
bool runs_on(const Analysis& image, const OnDay0& on_day_0, const PixelPoint& tip,
             const PixelPoint& direction, double beyond, double reach) {
  const PixelPoint ahead{tip.x + beyond * direction.x, tip.y + beyond * direction.y};
  for (const auto& hair : image.hairs) {
    const auto& line = hair.centre_line;
    for (std::size_t i = 0; i + 6 < line.size(); ++i) {
      const PixelPoint p = on_day_0(line[i]);
      if (std::hypot(p.x - ahead.x, p.y - ahead.y) < reach &&
          lies_along(p, on_day_0(line[i + 6]), direction)) {
        return true;
      }
    }
  }
  return false;
}

}  // namespace

Result<HairGrowth> measure_growth(const Analysis& day_0, const Analysis& later, double days) {
  if (!(days >= 0.5 && days <= 14)) {
    return invalid({{"/days",
                     "must be between 0.5 and 14 days: hairs are re-imaged 2-3 days "
                     "after clipping"}});
  }
  auto compared = register_visits(day_0, exits_of(day_0), later, exits_of(later));
  if (!compared) return std::unexpected(compared.error());
  const double um = day_0.calibration.um_per_px;
  HairGrowth growth;
  std::vector<double> grown_mm;
  for (const auto& hair : day_0.hairs) {
    if (!hair.counted || hair.centre_line.size() < 8) continue;
    const auto& exit = hair.centre_line.front();
    const auto& along = hair.centre_line[7];
    const double norm = std::hypot(along.x - exit.x, along.y - exit.y);
    if (norm == 0) continue;
    const PixelPoint direction{(along.x - exit.x) / norm, (along.y - exit.y) / norm};
    const double now_um = length_again(later, *compared, exit, direction, kSameExitUm / um);
    if (now_um == 0) continue;  // not found again: shed, or hidden
    ++growth.hairs_followed;
    const double mm = (now_um - hair.length_um) / 1000;
    if (mm >= kLeastGrowthMmPerDay * days) {
      ++growth.growing;
      grown_mm.push_back(mm);
    } else {
      // Its shaft split where it crosses another, a grown hair's exit's piece may be no longer
      // than on day 0: it has grown if a shaft runs on past its day-0 tip, its tip's way, by
      // as much as it must have grown, where none did on day 0 (there the hair was split too,
      // or another lies on in line). Its growth is not known: the rate is of the others.
      const auto& line = hair.centre_line;
      const auto& tip = line.back();
      const auto& before = line[line.size() - 7];
      const double length = std::hypot(tip.x - before.x, tip.y - before.y);
      if (length > 0) {
        const PixelPoint way{(tip.x - before.x) / length, (tip.y - before.y) / length};
        const double beyond = kLeastGrowthMmPerDay * days * 1000 / um;
        const double reach = std::max(3.0, hair.width_um / um / 2 + 2);
        const auto laid = [&](const PixelPoint& p) { return compared->on_baseline(p); };
        const auto as_is = [](const PixelPoint& p) { return p; };
        if (runs_on(later, laid, tip, way, beyond, reach) &&
            !runs_on(day_0, as_is, tip, way, beyond, reach)) {
          ++growth.growing;
        }
      }
    }
  }
  if (growth.hairs_followed > 0) {
    growth.anagen_share_percent = 100.0 * growth.growing / growth.hairs_followed;
  }
  // The median: a shaft the later analysis joined to another across a crossing would pull a
  // mean up.
  growth.growth_mm_per_day = median_of(std::move(grown_mm)) / days;
  return growth;
}

}  // namespace mesoclinic::trichometry
