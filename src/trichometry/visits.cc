// trichometry::compare_visits: the follow-up registered onto the baseline by the hairs' exits
// (the follicles stay where they are between visits; the shafts are clipped anew), then matched
// one to one.
#include <algorithm>
#include <cmath>
#include <map>
#include <numbers>

#include "trichometry/figures.h"
#include "trichometry/trichometry.h"

namespace mesoclinic::trichometry {
namespace {

// The site is re-imaged by hand: it turns by at most this much between visits.
constexpr double kMostTurnDegrees = 20;
// Two exits this close (um), once registered, are one follicle's.
constexpr double kSameExitUm = 100;
// A shaft passing this close (um) to an exit may hide a hair that leaves there.
constexpr double kHiddenUm = 40;
// Exits of one hair point the same way at both visits, within this.
constexpr double kSameDirectionDegrees = 30;
constexpr int kLeastExits = 8;

struct Exit {
  std::size_t hair = 0;  // index into Analysis::hairs
  PixelPoint at;
  double direction = 0;  // radians, the way the shaft leaves its exit
};

std::vector<Exit> exits_of(const Analysis& analysis) {
  std::vector<Exit> exits;
  for (std::size_t i = 0; i < analysis.hairs.size(); ++i) {
    const auto& line = analysis.hairs[i].centre_line;
    if (!analysis.hairs[i].counted || line.size() < 2) continue;
    const auto& along = line[std::min<std::size_t>(line.size() - 1, 8)];
    exits.push_back(
        {i, line.front(), std::atan2(along.y - line.front().y, along.x - line.front().x)});
  }
  return exits;
}

// A turn by `angle`, a scale and a shift: follow-up pixels to baseline pixels.
struct Similarity {
  double angle = 0, scale = 1, dx = 0, dy = 0;
  PixelPoint operator()(const PixelPoint& p) const {
    const double c = scale * std::cos(angle), s = scale * std::sin(angle);
    return {c * p.x - s * p.y + dx, s * p.x + c * p.y + dy};
  }
};

double turn_between(double a, double b) {
  double d = std::fmod(a - b, 2 * std::numbers::pi);
  if (d > std::numbers::pi) d -= 2 * std::numbers::pi;
  if (d < -std::numbers::pi) d += 2 * std::numbers::pi;
  return std::abs(d);
}

double distance(const PixelPoint& a, const PixelPoint& b) {
  return std::hypot(a.x - b.x, a.y - b.y);
}

// Each turn tried; for each, every pair of exits pointing alike votes for the shift that would
// lay one on the other. The turn and shift most pairs agree on are the site's.
Similarity coarse_registration(const std::vector<Exit>& baseline,
                               const std::vector<Exit>& follow_up, double scale, double cell) {
  Similarity best{0, scale, 0, 0};
  int most = -1;
  const double same_direction = kSameDirectionDegrees * std::numbers::pi / 180;
  for (double degrees = -kMostTurnDegrees; degrees <= kMostTurnDegrees; degrees += 1) {
    Similarity turn{degrees * std::numbers::pi / 180, scale, 0, 0};
    std::map<std::pair<long, long>, int> votes;
    for (const auto& f : follow_up) {
      const PixelPoint turned = turn(f.at);
      for (const auto& b : baseline) {
        if (turn_between(b.direction, f.direction + turn.angle) > same_direction) continue;
        ++votes[{std::lround((b.at.x - turned.x) / cell), std::lround((b.at.y - turned.y) / cell)}];
      }
    }
    for (const auto& [shift, count] : votes) {
      // A shift on a cell's edge splits its votes: the cell counts with its neighbours.
      int around = 0;
      for (long i = -1; i <= 1; ++i) {
        for (long j = -1; j <= 1; ++j) {
          const auto near = votes.find({shift.first + i, shift.second + j});
          if (near != votes.end()) around += near->second;
        }
      }
      if (around > most) {
        most = around;
        best = {turn.angle, scale, shift.first * cell, shift.second * cell};
      }
    }
  }
  return best;
}

// Pairs of exits within `reach` of each other once registered, nearest first, each exit once.
std::vector<std::pair<const Exit*, const Exit*>> match(const std::vector<Exit>& baseline,
                                                       const std::vector<Exit>& follow_up,
                                                       const Similarity& to_baseline,
                                                       double reach) {
  struct Candidate {
    double distance;
    std::size_t b, f;
  };
  std::vector<Candidate> candidates;
  for (std::size_t f = 0; f < follow_up.size(); ++f) {
    const PixelPoint at = to_baseline(follow_up[f].at);
    for (std::size_t b = 0; b < baseline.size(); ++b) {
      const double d = distance(baseline[b].at, at);
      if (d < reach) candidates.push_back({d, b, f});
    }
  }
  std::sort(candidates.begin(), candidates.end(),
            [](const Candidate& x, const Candidate& y) { return x.distance < y.distance; });
  std::vector<bool> used_b(baseline.size()), used_f(follow_up.size());
  std::vector<std::pair<const Exit*, const Exit*>> pairs;
  for (const auto& c : candidates) {
    if (used_b[c.b] || used_f[c.f]) continue;
    used_b[c.b] = used_f[c.f] = true;
    pairs.emplace_back(&baseline[c.b], &follow_up[c.f]);
  }
  return pairs;
}

// The turn and shift that lay the matched follow-up exits best on the baseline's (least
// squares), the scale kept: it is the two calibrations'.
Similarity refine(const std::vector<std::pair<const Exit*, const Exit*>>& pairs, double scale) {
  double bx = 0, by = 0, fx = 0, fy = 0;
  for (const auto& [b, f] : pairs) {
    bx += b->at.x, by += b->at.y, fx += scale * f->at.x, fy += scale * f->at.y;
  }
  const double n = static_cast<double>(pairs.size());
  bx /= n, by /= n, fx /= n, fy /= n;
  double dot = 0, cross = 0;
  for (const auto& [b, f] : pairs) {
    const double px = scale * f->at.x - fx, py = scale * f->at.y - fy;
    const double qx = b->at.x - bx, qy = b->at.y - by;
    dot += px * qx + py * qy;
    cross += px * qy - py * qx;
  }
  Similarity result{std::atan2(cross, dot), scale, 0, 0};
  const PixelPoint centre = result({fx / scale, fy / scale});
  result.dx = bx - centre.x;
  result.dy = by - centre.y;
  return result;
}

// Whether any of `analysis`'s shafts, brought by `into`, passes within `reach` of `point`.
template <class Map>
bool shaft_near(const Analysis& analysis, const Map& into, const PixelPoint& point, double reach) {
  for (const auto& hair : analysis.hairs) {
    // What the practitioner struck out is no shaft, and hides nothing.
    if (hair.source == HairSource::kRemovedByPractitioner) continue;
    for (const auto& p : hair.centre_line) {
      if (distance(into(p), point) < reach) return true;
    }
  }
  return false;
}

Result<VisitComparison> not_the_same_site(const std::string& why) {
  return invalid({{"/follow_up", why}}, "The two images cannot be compared.");
}

}  // namespace

PixelPoint on_baseline(const VisitComparison& comparison, const PixelPoint& point) {
  const auto& m = comparison.follow_up_to_baseline;
  return {m[0] * point.x + m[1] * point.y + m[2], m[3] * point.x + m[4] * point.y + m[5]};
}

Result<VisitComparison> compare_visits(const Analysis& baseline, const Analysis& follow_up) {
  const auto base_exits = exits_of(baseline);
  const auto follow_exits = exits_of(follow_up);
  if (static_cast<int>(std::min(base_exits.size(), follow_exits.size())) < kLeastExits) {
    return not_the_same_site("has too few hairs to be laid on the baseline (at least " +
                             std::to_string(kLeastExits) + " needed at each visit)");
  }
  const double um = baseline.calibration.um_per_px;
  const double scale = follow_up.calibration.um_per_px / um;
  const double reach = std::max(6.0, kSameExitUm / um);
  Similarity to_baseline = coarse_registration(base_exits, follow_exits, scale, reach / 2);
  auto pairs = match(base_exits, follow_exits, to_baseline, 2 * reach);
  for (int round = 0; round < 3 && pairs.size() >= 3; ++round) {
    to_baseline = refine(pairs, scale);
    pairs = match(base_exits, follow_exits, to_baseline, round < 2 ? 2 * reach : reach);
  }
  const auto fewest = std::min(base_exits.size(), follow_exits.size());
  if (pairs.size() < static_cast<std::size_t>(kLeastExits) || 5 * pairs.size() < fewest) {
    return not_the_same_site("does not show the baseline's site: only " +
                             std::to_string(pairs.size()) + " of its hairs' exits agree with it");
  }

  VisitComparison comparison;
  const double c = std::cos(to_baseline.angle) * scale, s = std::sin(to_baseline.angle) * scale;
  comparison.follow_up_to_baseline = {c, -s, to_baseline.dx, s, c, to_baseline.dy};
  const auto in_target = [&](const PixelPoint& p) { return inside(baseline.target, p); };
  std::vector<bool> base_matched(baseline.hairs.size()), follow_matched(follow_up.hairs.size());
  double diameter_change = 0;
  for (const auto& [b, f] : pairs) {
    if (!in_target(b->at)) continue;
    base_matched[b->hair] = follow_matched[f->hair] = true;
    comparison.matches.emplace_back(b->hair, f->hair);
    diameter_change += follow_up.hairs[f->hair].width_um - baseline.hairs[b->hair].width_um;
  }
  const double hidden = kHiddenUm / um;
  const auto identity = [](const PixelPoint& p) { return p; };
  for (const auto& b : base_exits) {
    if (!in_target(b.at)) continue;
    ++comparison.baseline_count;
    if (base_matched[b.hair]) continue;
    // Unmatched, but a follow-up shaft passes its exit (hidden under it) or its other end (its
    // exit taken for its tip at one visit): the hair is there, not lost.
    const PixelPoint other_end = baseline.hairs[b.hair].centre_line.back();
    if (shaft_near(follow_up, to_baseline, b.at, hidden) ||
        shaft_near(follow_up, to_baseline, other_end, hidden)) {
      ++comparison.persisting;
    } else {
      ++comparison.lost;
    }
  }
  for (const auto& f : follow_exits) {
    const PixelPoint at = to_baseline(f.at);
    if (!in_target(at)) continue;
    ++comparison.follow_up_count;
    if (follow_matched[f.hair]) continue;
    const PixelPoint other_end = to_baseline(follow_up.hairs[f.hair].centre_line.back());
    if (!shaft_near(baseline, identity, at, hidden) &&
        !shaft_near(baseline, identity, other_end, hidden)) {
      ++comparison.new_hairs;
    }
  }
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
