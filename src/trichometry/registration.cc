// trichometry::register_visits: the follow-up laid on the baseline by the hairs' exits, a turn
// and a shift found by vote, then refined on the exits it matches.
#include "trichometry/registration.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numbers>
#include <string>

namespace mesoclinic::trichometry {
namespace {

// The site is re-imaged by hand: it turns by at most this much between visits.
constexpr double kMostTurnDegrees = 20;
// Two exits this close (um), once registered, are one follicle's.
constexpr double kSameExitUm = 100;
// Exits of one hair point the same way at both visits, within this.
constexpr double kSameDirectionDegrees = 30;
constexpr int kLeastExits = 8;

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

// The votes for shifts, a cell each, over every shift two exits can differ by: counted in a flat
// grid, or where that grid would be large (a huge image at a coarse calibration), in a map of the
// cells voted for. Both give the same cells in the same order.
class ShiftVotes {
 public:
  // Room for shifts from `low` to `high` (cells), with a cell to spare all round.
  void reset(long low_x, long low_y, long high_x, long high_y) {
    left_ = low_x - 1;
    top_ = low_y - 1;
    width_ = high_x - low_x + 3;
    height_ = high_y - low_y + 3;
    sparse_.clear();
    dense_ = width_ * height_ <= kMostGridCells;
    counts_.assign(dense_ ? static_cast<std::size_t>(width_ * height_) : 0, 0);
  }
  void add(long x, long y) {
    if (dense_) {
      ++counts_[index(x, y)];
    } else {
      ++sparse_[{x, y}];
    }
  }
  // A shift on a cell's edge splits its votes: a cell counts with its neighbours. Each voted
  // cell in turn, by x then y, with the votes around it.
  template <class Visit>
  void each_voted(const Visit& visit) const {
    if (!dense_) {
      for (const auto& [cell, votes] : sparse_) visit(cell.first, cell.second, around(cell));
      return;
    }
    for (long x = left_ + 1; x < left_ + width_ - 1; ++x) {
      for (long y = top_ + 1; y < top_ + height_ - 1; ++y) {
        if (counts_[index(x, y)] != 0) visit(x, y, around({x, y}));
      }
    }
  }

 private:
  static constexpr long kMostGridCells = 1L << 22;  // 16 MB of counts

  std::size_t index(long x, long y) const {
    return static_cast<std::size_t>((x - left_) * height_ + (y - top_));
  }
  int around(const std::pair<long, long>& cell) const {
    int votes = 0;
    for (long i = -1; i <= 1; ++i) {
      for (long j = -1; j <= 1; ++j) {
        if (dense_) {
          votes += counts_[index(cell.first + i, cell.second + j)];
        } else if (const auto near = sparse_.find({cell.first + i, cell.second + j});
                   near != sparse_.end()) {
          votes += near->second;
        }
      }
    }
    return votes;
  }

  long left_ = 0, top_ = 0, width_ = 0, height_ = 0;
  bool dense_ = true;
  std::vector<int> counts_;
  std::map<std::pair<long, long>, int> sparse_;
};

// Each turn tried; for each, every pair of exits pointing alike votes for the shift that would
// lay one on the other. The turn and shift most pairs agree on are the site's.
Similarity coarse_registration(const std::vector<Exit>& baseline,
                               const std::vector<Exit>& follow_up, double scale, double cell) {
  Similarity best{0, scale, 0, 0};
  int most = -1;
  const double same_direction = kSameDirectionDegrees * std::numbers::pi / 180;
  const auto cell_of = [cell](double shift) { return std::lround(shift / cell); };
  double base_low_x = baseline.front().at.x, base_high_x = base_low_x;
  double base_low_y = baseline.front().at.y, base_high_y = base_low_y;
  for (const auto& b : baseline) {
    base_low_x = std::min(base_low_x, b.at.x), base_high_x = std::max(base_high_x, b.at.x);
    base_low_y = std::min(base_low_y, b.at.y), base_high_y = std::max(base_high_y, b.at.y);
  }
  ShiftVotes votes;
  std::vector<PixelPoint> turned(follow_up.size());
  for (double degrees = -kMostTurnDegrees; degrees <= kMostTurnDegrees; degrees += 1) {
    Similarity turn{degrees * std::numbers::pi / 180, scale, 0, 0};
    double low_x = turn(follow_up.front().at).x, high_x = low_x;
    double low_y = turn(follow_up.front().at).y, high_y = low_y;
    for (std::size_t f = 0; f < follow_up.size(); ++f) {
      turned[f] = turn(follow_up[f].at);
      low_x = std::min(low_x, turned[f].x), high_x = std::max(high_x, turned[f].x);
      low_y = std::min(low_y, turned[f].y), high_y = std::max(high_y, turned[f].y);
    }
    votes.reset(cell_of(base_low_x - high_x), cell_of(base_low_y - high_y),
                cell_of(base_high_x - low_x), cell_of(base_high_y - low_y));
    for (std::size_t f = 0; f < follow_up.size(); ++f) {
      for (const auto& b : baseline) {
        if (turn_between(b.direction, follow_up[f].direction + turn.angle) > same_direction) {
          continue;
        }
        votes.add(cell_of(b.at.x - turned[f].x), cell_of(b.at.y - turned[f].y));
      }
    }
    votes.each_voted([&](long x, long y, int around) {
      if (around > most) {
        most = around;
        best = {turn.angle, scale, static_cast<double>(x) * cell, static_cast<double>(y) * cell};
      }
    });
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

Result<Registration> not_the_same_site(const std::string& why) {
  return invalid({{"/follow_up", why}}, "The two images cannot be compared.");
}

}  // namespace

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

PixelPoint Registration::on_baseline(const PixelPoint& p) const {
  const auto& m = follow_up_to_baseline;
  return {m[0] * p.x + m[1] * p.y + m[2], m[3] * p.x + m[4] * p.y + m[5]};
}

PixelPoint Registration::on_follow_up(const PixelPoint& p) const {
  const auto& m = follow_up_to_baseline;
  const double x = p.x - m[2], y = p.y - m[5], det = m[0] * m[4] - m[1] * m[3];
  return {(m[4] * x - m[1] * y) / det, (m[0] * y - m[3] * x) / det};
}

Result<Registration> register_visits(const Analysis& baseline, const std::vector<Exit>& base_exits,
                                     const Analysis& follow_up,
                                     const std::vector<Exit>& follow_exits) {
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
  Registration registration;
  const double c = std::cos(to_baseline.angle) * scale, s = std::sin(to_baseline.angle) * scale;
  registration.follow_up_to_baseline = {c, -s, to_baseline.dx, s, c, to_baseline.dy};
  for (const auto& [b, f] : pairs) {
    registration.pairs.emplace_back(static_cast<std::size_t>(b - base_exits.data()),
                                    static_cast<std::size_t>(f - follow_exits.data()));
  }
  return registration;
}

}  // namespace mesoclinic::trichometry
