#include "trichometry/shaft_tracing.h"

#include <algorithm>
#include <array>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <numeric>
#include <opencv2/imgproc.hpp>
#include <tuple>
#include <utility>

#include "trichometry/thinning.h"

namespace mesoclinic::trichometry {
namespace {

// A pixel lighter than this share of the darkest within reach is the halo around a shaft.
constexpr double kHaloShare = 0.45;
// A shaft narrower than this (pixels) is found by how much darker it is than the skin right
// beside it: a faint vellus hair, which the skin's mottle hides from the bar for the rest.
constexpr int kThinShaftPx = 7;
// How much darker than the skin beside it, in multiples of the skin's fine variation (pixel
// noise and JPEG, the mottle left out), a thin shaft's pixels are.
constexpr double kThinShaftContrast = 14;
// Two branches meeting at a crossing continue each other if they turn by less than this.
constexpr double kMostTurnDegrees = 45;

enum class Kind : unsigned char { kNone, kLine, kEnd, kJunction };

// What a centre-line pixel is, from its neighbours: an end (one run of neighbours), a point on a
// line (two runs) or a junction (three or more).
Kind kind_at(const cv::Mat& lines, int y, int x) {
  if (!lines.at<unsigned char>(y, x)) return Kind::kNone;
  int runs = 0, neighbours = 0;
  for (int i = 0; i < 8; ++i) {
    const bool here = lines.at<unsigned char>(y + kNeighbourDy[i], x + kNeighbourDx[i]);
    const bool after =
        lines.at<unsigned char>(y + kNeighbourDy[(i + 1) % 8], x + kNeighbourDx[(i + 1) % 8]);
    neighbours += here;
    runs += !here && after;
  }
  if (neighbours == 0) return Kind::kNone;
  if (runs <= 1) return Kind::kEnd;
  return runs == 2 ? Kind::kLine : Kind::kJunction;
}

// A stretch of centre line between two nodes (ends or junctions).
struct Branch {
  std::vector<cv::Point> pixels;
  std::array<int, 2> nodes{-1, -1};
  double width = 0;  // twice the median depth: the shaft's width in pixels
  bool removed = false;
};

struct Node {
  bool junction = false;
  double depth = 0;  // the deepest of its pixels: how wide the meeting shafts are there
};

struct Graph {
  std::vector<Branch> branches;
  std::vector<Node> nodes;
};

// Union-find over node ids, to merge junctions that belong to one crossing.
int root_of(std::vector<int>& parent, int id) {
  while (parent[id] != id) id = parent[id] = parent[parent[id]];
  return id;
}

// The nodes of the centre lines: each end, and each cluster of touching junction pixels. Returns
// each centre-line pixel's node (-1 for a pixel along a line).
cv::Mat find_nodes(const cv::Mat& lines, const cv::Mat& depth,
                   const std::vector<cv::Point>& on_line, Graph& graph) {
  cv::Mat kinds(lines.size(), CV_8U, cv::Scalar(0));
  for (const auto& p : on_line) {
    kinds.at<unsigned char>(p) = static_cast<unsigned char>(kind_at(lines, p.y, p.x));
  }
  // Each end is a node; touching junction pixels together are one node.
  cv::Mat node_of(lines.size(), CV_32S, cv::Scalar(-1));
  for (const auto& [x, y] : on_line) {
    const auto kind = static_cast<Kind>(kinds.at<unsigned char>(y, x));
    if ((kind != Kind::kEnd && kind != Kind::kJunction) || node_of.at<int>(y, x) >= 0) continue;
    const int id = static_cast<int>(graph.nodes.size());
    graph.nodes.push_back({kind == Kind::kJunction, 0});
    std::vector<cv::Point> stack{{x, y}}, members;
    node_of.at<int>(y, x) = id;
    while (!stack.empty()) {
      const cv::Point p = stack.back();
      stack.pop_back();
      members.push_back(p);
      if (kind != Kind::kJunction) continue;
      for (int i = 0; i < 8; ++i) {
        const cv::Point n(p.x + kNeighbourDx[i], p.y + kNeighbourDy[i]);
        if (static_cast<Kind>(kinds.at<unsigned char>(n)) == Kind::kJunction &&
            node_of.at<int>(n) < 0) {
          node_of.at<int>(n) = id;
          stack.push_back(n);
        }
      }
    }
    double deepest = 0;
    for (const auto& m : members)
      deepest = std::max(deepest, static_cast<double>(depth.at<float>(m)));
    graph.nodes[id].depth = deepest;
  }
  return node_of;
}

// The branches between nodes: from every node along each line leaving it to the node it reaches.
void walk_branches(const cv::Mat& lines, const std::vector<cv::Point>& on_line,
                   const cv::Mat& node_of, Graph& graph) {
  cv::Mat walked(lines.size(), CV_8U, cv::Scalar(0));
  for (const auto& [x, y] : on_line) {
    const int from = node_of.at<int>(y, x);
    if (from < 0) continue;
    for (int i = 0; i < 8; ++i) {
      cv::Point at(x + kNeighbourDx[i], y + kNeighbourDy[i]);
      if (!lines.at<unsigned char>(at) || node_of.at<int>(at) == from) continue;
      if (node_of.at<int>(at) >= 0) {
        // Two nodes side by side: a branch of two pixels, made once (from the lower id).
        if (node_of.at<int>(at) > from) {
          graph.branches.push_back({{{x, y}, at}, {from, node_of.at<int>(at)}, 0, false});
        }
        continue;
      }
      if (walked.at<unsigned char>(at)) continue;
      Branch branch{{{x, y}}, {from, -1}, 0, false};
      cv::Point previous(x, y);
      while (true) {
        branch.pixels.push_back(at);
        walked.at<unsigned char>(at) = 1;
        // A node next to us ends the branch; otherwise on, preferring side neighbours, which
        // keeps the pixels of a staircase in order.
        int reached = -1;
        cv::Point step(-1, -1);
        for (int k = 0; k < 8 && reached < 0; ++k) {
          const cv::Point n(at.x + kNeighbourDx[k], at.y + kNeighbourDy[k]);
          const int node = node_of.at<int>(n);
          if (node >= 0 && n != branch.pixels.front() &&
              !(node == from && branch.pixels.size() < 3)) {
            reached = node;
            step = n;
          }
        }
        if (reached >= 0) {
          branch.pixels.push_back(step);
          branch.nodes[1] = reached;
          break;
        }
        for (int pass = 0; pass < 2 && step.x < 0; ++pass) {
          for (int k = pass; k < 8; k += 2) {
            const cv::Point n(at.x + kNeighbourDx[k], at.y + kNeighbourDy[k]);
            if (lines.at<unsigned char>(n) && !walked.at<unsigned char>(n) && n != previous) {
              step = n;
              break;
            }
          }
        }
        if (step.x < 0) break;  // a line that fades out: its last pixel ends it
        previous = at;
        at = step;
      }
      if (branch.nodes[1] < 0) {
        const int id = static_cast<int>(graph.nodes.size());
        graph.nodes.push_back({false, 0});
        branch.nodes[1] = id;
      }
      graph.branches.push_back(std::move(branch));
    }
  }
}

Graph build_graph(const cv::Mat& lines, const cv::Mat& depth) {
  Graph graph;
  // The centre lines are a small share of the image: only their pixels are looked at.
  std::vector<cv::Point> on_line;
  for (int y = 1; y < lines.rows - 1; ++y) {
    const unsigned char* row = lines.ptr<unsigned char>(y);
    for (int x = 1; x < lines.cols - 1; ++x) {
      if (row[x]) on_line.emplace_back(x, y);
    }
  }
  const cv::Mat node_of = find_nodes(lines, depth, on_line, graph);
  walk_branches(lines, on_line, node_of, graph);
  for (auto& branch : graph.branches) {
    std::vector<float> depths;
    for (const auto& p : branch.pixels) depths.push_back(depth.at<float>(p));
    std::nth_element(depths.begin(), depths.begin() + static_cast<long>(depths.size() / 2),
                     depths.end());
    branch.width = 2 * depths[depths.size() / 2];
  }
  return graph;
}

std::vector<int> degrees(const Graph& graph) {
  std::vector<int> degree(graph.nodes.size(), 0);
  for (const auto& branch : graph.branches) {
    if (branch.removed) continue;
    ++degree[branch.nodes[0]];
    ++degree[branch.nodes[1]];
  }
  return degree;
}

// Thinning leaves short spurs where a wide shaft ends or bulges, and splits one crossing into
// two junctions joined by a short stretch: spurs go (into `spurs`), and such junctions become
// one.
std::vector<int> simplify(Graph& graph, std::vector<Spur>& spurs) {
  auto degree = degrees(graph);
  for (auto& branch : graph.branches) {
    const auto& a = graph.nodes[branch.nodes[0]];
    const auto& b = graph.nodes[branch.nodes[1]];
    const bool free_at_back = a.junction && degree[branch.nodes[1]] == 1;
    const bool free_at_front = b.junction && degree[branch.nodes[0]] == 1;
    if ((free_at_back || free_at_front) &&
        length_of(branch.pixels) < 1.5 * std::max(a.depth, b.depth) + 2) {
      branch.removed = true;
      // A piece free at both ends has no shaft to stick out of.
      if (free_at_back == free_at_front) continue;
      auto& spur = spurs.emplace_back();
      spur.line = branch.pixels;
      if (free_at_back) std::reverse(spur.line.begin(), spur.line.end());
      spur.junction = branch.nodes[free_at_back ? 0 : 1];
    }
  }
  std::vector<int> parent(graph.nodes.size());
  std::iota(parent.begin(), parent.end(), 0);
  for (auto& branch : graph.branches) {
    if (branch.removed) continue;
    const auto& a = graph.nodes[branch.nodes[0]];
    const auto& b = graph.nodes[branch.nodes[1]];
    if (a.junction && b.junction && length_of(branch.pixels) < 2 * std::max(a.depth, b.depth) + 3) {
      branch.removed = true;
      parent[root_of(parent, branch.nodes[0])] = root_of(parent, branch.nodes[1]);
    }
  }
  for (std::size_t id = 0; id < parent.size(); ++id) root_of(parent, static_cast<int>(id));
  for (auto& spur : spurs) spur.junction = parent[spur.junction];
  return parent;
}

// The direction a branch leaves its node on `side` (0: its first pixel). Measured from where
// it clears the crossing's own width (thinning bends a line as it enters a wider shaft) over a
// stretch of a shaft's width or two.
cv::Point2d leaving(const Branch& branch, int side, double crossing_depth) {
  const auto count = static_cast<int>(branch.pixels.size());
  const int from = std::min(count - 2, static_cast<int>(crossing_depth) + 1);
  const int to = std::min(count - 1, from + std::max(8, static_cast<int>(2 * branch.width)));
  const auto pixel = [&](int i) {
    return side == 0 ? branch.pixels[static_cast<std::size_t>(i)]
                     : branch.pixels[static_cast<std::size_t>(count - 1 - i)];
  };
  const cv::Point2d d(pixel(to) - pixel(std::max(0, from)));
  const double norm = std::hypot(d.x, d.y);
  return norm > 0 ? d / norm : d;
}

// A branch end: which branch, and which of its sides.
struct End {
  int branch = -1;
  int side = 0;
};

// Pairs the branches meeting at each junction that continue one another: nearly straight on
// and of like width. Returns, for each branch side, the end it continues into.
std::vector<std::array<End, 2>> pair_across_junctions(const Graph& graph,
                                                      std::vector<int>& parent) {
  std::vector<std::array<End, 2>> next(graph.branches.size());
  std::vector<std::vector<End>> meeting(graph.nodes.size());
  for (int b = 0; b < static_cast<int>(graph.branches.size()); ++b) {
    const auto& branch = graph.branches[b];
    if (branch.removed) continue;
    for (int side = 0; side < 2; ++side) {
      meeting[root_of(parent, branch.nodes[side])].push_back({b, side});
    }
  }
  const double most_turn = std::cos(kMostTurnDegrees * M_PI / 180);
  for (auto& ends : meeting) {
    if (ends.size() < 2) continue;
    struct Candidate {
      double score;
      std::size_t i, j;
    };
    std::vector<Candidate> candidates;
    for (std::size_t i = 0; i < ends.size(); ++i) {
      for (std::size_t j = i + 1; j < ends.size(); ++j) {
        const auto& a = graph.branches[ends[i].branch];
        const auto& b = graph.branches[ends[j].branch];
        if (ends[i].branch == ends[j].branch) continue;  // a loop on itself
        const double depth = graph.nodes[a.nodes[ends[i].side]].depth;
        const double straight =
            -leaving(a, ends[i].side, depth).dot(leaving(b, ends[j].side, depth));
        // Also where only two meet (a spur gone): two hairs touching end to end meet so. (A
        // hair's later shaft split there seemed not to have grown in a phototrichogram:
        // measure_growth looks past its day-0 tip for that.)
        if (straight < most_turn) continue;
        const double widths = std::abs(a.width - b.width) / std::max({a.width, b.width, 1.0});
        candidates.push_back({(1 - straight) + 0.3 * widths, i, j});
      }
    }
    std::sort(candidates.begin(), candidates.end(),
              [](const Candidate& a, const Candidate& b) { return a.score < b.score; });
    std::vector<bool> used(ends.size(), false);
    for (const auto& c : candidates) {
      if (used[c.i] || used[c.j]) continue;
      used[c.i] = used[c.j] = true;
      next[ends[c.i].branch][ends[c.i].side] = ends[c.j];
      next[ends[c.j].branch][ends[c.j].side] = ends[c.i];
    }
  }
  return next;
}

// Follows branches through their pairings into whole shafts.
std::vector<TracedShaft> assemble(const Graph& graph, const std::vector<std::array<End, 2>>& next,
                                  std::vector<int>& parent) {
  std::vector<TracedShaft> shafts;
  std::vector<bool> taken(graph.branches.size(), false);
  // An end is free where nothing else meets it: a junction whose spurs went is one too.
  std::vector<int> meeting(graph.nodes.size(), 0);
  for (const auto& branch : graph.branches) {
    if (branch.removed) continue;
    for (int node : branch.nodes) ++meeting[root_of(parent, node)];
  }
  const auto free = [&](End end) {
    return meeting[root_of(parent, graph.branches[end.branch].nodes[end.side])] == 1;
  };
  const auto follow = [&](End start) {
    TracedShaft shaft;
    shaft.free_end[0] = free(start);
    End at = start;
    while (at.branch >= 0 && !taken[at.branch]) {
      taken[at.branch] = true;
      if (!shaft.centre_line.empty())
        shaft.crossings.push_back(static_cast<int>(shaft.centre_line.size()));
      const auto& pixels = graph.branches[at.branch].pixels;
      if (at.side == 0) {
        shaft.centre_line.insert(shaft.centre_line.end(), pixels.begin(), pixels.end());
      } else {
        shaft.centre_line.insert(shaft.centre_line.end(), pixels.rbegin(), pixels.rend());
      }
      shaft.free_end[1] = free({at.branch, 1 - at.side});
      at = next[at.branch][1 - at.side];
    }
    shafts.push_back(std::move(shaft));
  };
  for (int b = 0; b < static_cast<int>(graph.branches.size()); ++b) {
    if (graph.branches[b].removed || taken[b]) continue;
    for (int side = 0; side < 2; ++side) {
      if (next[b][side].branch < 0 && !taken[b]) follow({b, side});
    }
  }
  for (int b = 0; b < static_cast<int>(graph.branches.size()); ++b) {
    if (!graph.branches[b].removed && !taken[b]) follow({b, 0});  // a closed loop
  }
  return shafts;
}

// The darkest of the smoothed darkness within `halo_reach` pixels of each pixel, taken at a
// quarter of the resolution (each 4 by 4 block's darkest first), as reach is tens of pixels.
struct DarkestAround {
  cv::Mat blocks;                 // 32-bit float, one value a block
  std::vector<int> block_row;     // each pixel row's block row
  std::vector<int> block_column;  // each pixel column's block column
  float at(int x, int y) const {
    return blocks.at<float>(block_row[static_cast<std::size_t>(y)],
                            block_column[static_cast<std::size_t>(x)]);
  }
};

DarkestAround darkest_around(const cv::Mat& smooth, int halo_reach) {
  const cv::Size size(smooth.cols / 4, smooth.rows / 4);
  // Pixel to block and back, as cv::resize maps them to their nearest.
  const auto block_of = [](int count, int blocks) {
    std::vector<int> down(static_cast<std::size_t>(blocks)), up(static_cast<std::size_t>(count));
    const double pixels_a_block = 1. / (static_cast<double>(blocks) / count);
    for (int b = 0; b < blocks; ++b) down[b] = std::min(cvFloor(b * pixels_a_block), count - 1);
    const double blocks_a_pixel = 1. / (static_cast<double>(count) / blocks);
    for (int p = 0; p < count; ++p) up[p] = std::min(cvFloor(p * blocks_a_pixel), blocks - 1);
    return std::pair{down, up};
  };
  DarkestAround darkest;
  std::vector<int> first_column, first_row;
  std::tie(first_column, darkest.block_column) = block_of(smooth.cols, size.width);
  std::tie(first_row, darkest.block_row) = block_of(smooth.rows, size.height);
  darkest.blocks.create(size, CV_32F);
  for (int by = 0; by < size.height; ++by) {
    for (int bx = 0; bx < size.width; ++bx) {
      float most = -FLT_MAX;
      for (int y = first_row[by]; y < std::min(first_row[by] + 4, smooth.rows); ++y) {
        const float* row = smooth.ptr<float>(y);
        for (int x = first_column[bx]; x < std::min(first_column[bx] + 4, smooth.cols); ++x)
          most = std::max(most, row[x]);
      }
      darkest.blocks.at<float>(by, bx) = most;
    }
  }
  const int blocks_across = 2 * ((halo_reach + 3) / 4) + 1;
  cv::dilate(darkest.blocks, darkest.blocks,
             cv::getStructuringElement(cv::MORPH_RECT, {blocks_across, blocks_across}));
  return darkest;
}

// How hair_pixels marks each pixel, in an image a pixel larger all round (so a neighbour needs
// no bounds check): faint, or also clearly dark (a seed), then while a shape is filled, and once
// it is, hair or not (too small).
enum Mark : unsigned char { kNotFaint, kFaint, kSeed, kFilling, kHair, kTooSmall };

// Marks as kHair the faint pixels joined (8-connected) to a seed, in shapes no smaller than
// `smallest_area`, each filled from its first seed: the skin's noise between shapes is never
// looked at. The rest of each shape is marked kTooSmall.
void fill_shapes(cv::Mat& marks, int smallest_area) {
  unsigned char* const first = marks.data;
  const int step = static_cast<int>(marks.step[0]);
  std::array<int, 8> around{};
  for (std::size_t i = 0; i < around.size(); ++i)
    around[i] = kNeighbourDy[i] * step + kNeighbourDx[i];
  std::vector<int> shape, waiting;
  for (int y = 1; y < marks.rows - 1; ++y) {
    unsigned char* const row_end = first + y * step + marks.cols - 1;
    for (auto* seen = first + y * step + 1; seen < row_end; ++seen) {
      // The next seed along the row (filling marks those it reaches as it goes).
      seen = static_cast<unsigned char*>(
          std::memchr(seen, kSeed, static_cast<std::size_t>(row_end - seen)));
      if (!seen) break;
      const auto at = static_cast<int>(seen - first);
      shape.clear();
      waiting.assign(1, at);
      first[at] = kFilling;
      while (!waiting.empty()) {
        const int p = waiting.back();
        waiting.pop_back();
        shape.push_back(p);
        for (const int offset : around) {
          unsigned char& mark = first[p + offset];
          if (mark != kFaint && mark != kSeed) continue;
          mark = kFilling;
          waiting.push_back(p + offset);
        }
      }
      const Mark is = static_cast<int>(shape.size()) >= smallest_area ? kHair : kTooSmall;
      for (const int p : shape) first[p] = is;
    }
  }
}

// The pixels (8-bit, 0 or 255) of shafts narrower than kThinShaftPx standing out from the skin
// right beside them: the darkness less its opening by a square kThinShaftPx wide (which takes
// away only what is narrower), above kThinShaftContrast times the fine variation of that
// difference over the image (its median absolute deviation, from a sample). In 16 bits, where
// the morphology is twice as fast as in floats: darkness from -0.5 (skin lighter than its
// surroundings is below 0) to 1.5 in steps of 1/32768, far below any noise.
cv::Mat thin_shafts(const cv::Mat& smooth) {
  constexpr double kSteps = 32768;
  cv::Mat darkness;
  smooth.convertTo(darkness, CV_16U, kSteps, kSteps / 2);
  cv::Mat opened;
  cv::morphologyEx(darkness, opened, cv::MORPH_OPEN,
                   cv::getStructuringElement(cv::MORPH_RECT, {kThinShaftPx, kThinShaftPx}));
  const cv::Mat narrow = darkness - opened;
  std::vector<int> sample;
  for (int y = 0; y < narrow.rows; y += 5) {
    const auto* row = narrow.ptr<std::uint16_t>(y);
    for (int x = 0; x < narrow.cols; x += 5) sample.push_back(row[x]);
  }
  const auto middle = sample.begin() + static_cast<std::ptrdiff_t>(sample.size() / 2);
  std::nth_element(sample.begin(), middle, sample.end());
  const int median = *middle;
  for (auto& value : sample) value = std::abs(value - median);
  std::nth_element(sample.begin(), middle, sample.end());
  const double spread = 1.4826 * *middle;  // a standard deviation, from the median deviation
  cv::Mat thin;
  cv::compare(narrow, median + kThinShaftContrast * spread, thin, cv::CMP_GT);
  return thin;
}

}  // namespace

double length_of(const std::vector<cv::Point>& line) {
  double length = 0;
  for (std::size_t i = 1; i < line.size(); ++i) {
    length += std::hypot(line[i].x - line[i - 1].x, line[i].y - line[i - 1].y);
  }
  return length;
}

cv::Mat hair_pixels(const cv::Mat& smooth, double noise, int smallest_area, int halo_reach) {
  const double seed = std::max(0.15, 6 * noise);
  // The float above which a pixel is above `seed`: compared in floats, many at once.
  const auto seed_rounded = static_cast<float>(seed);
  const float seed_float =
      seed_rounded > seed ? std::nextafter(seed_rounded, -std::numeric_limits<float>::infinity())
                          : seed_rounded;
  const auto extend = static_cast<float>(std::max(0.08, 4 * noise));
  // Not the halo around a darker shaft: the follicle opening it leaves through, which thinning
  // would otherwise wind the shaft's line into.
  const DarkestAround darkest = darkest_around(smooth, halo_reach);
  const cv::Mat thin = thin_shafts(smooth);
  // Each pixel marked faint, seed or neither (see Mark), then the shapes filled from the seeds.
  cv::Mat marks = cv::Mat::zeros(smooth.rows + 2, smooth.cols + 2, CV_8U);
  // The width held in a local, and the rows behind restrict pointers: a byte written may alias
  // anything, so the compiler would otherwise read the Mat's width again after every pixel and
  // do them one at a time.
  const int columns = smooth.cols;
  std::vector<float> halo(static_cast<std::size_t>(columns));
  for (int y = 0; y < smooth.rows; ++y) {
    if (y == 0 || darkest.block_row[y] != darkest.block_row[y - 1]) {
      for (int x = 0; x < columns; ++x) halo[x] = static_cast<float>(kHaloShare) * darkest.at(x, y);
    }
    const float* __restrict row = smooth.ptr<float>(y);
    const float* __restrict halo_row = halo.data();
    const unsigned char* __restrict thin_row = thin.ptr<unsigned char>(y);
    unsigned char* __restrict mark = marks.ptr<unsigned char>(y + 1) + 1;
    // Without branches, so the compiler does many pixels at once.
    for (int x = 0; x < columns; ++x) {
      const float value = row[x];
      const int is_thin = thin_row[x] != 0;
      const int faint = ((value > extend) & (value > halo_row[x])) | is_thin;
      mark[x] = static_cast<unsigned char>(faint * (kFaint + ((value > seed_float) | is_thin)));
    }
  }
  fill_shapes(marks, smallest_area);
  cv::Mat pixels(smooth.size(), CV_8U);
  for (int y = 0; y < pixels.rows; ++y) {
    const unsigned char* __restrict mark = marks.ptr<unsigned char>(y + 1) + 1;
    unsigned char* __restrict out = pixels.ptr<unsigned char>(y);
    for (int x = 0; x < columns; ++x) out[x] = mark[x] == kHair;
  }
  return pixels;
}

Tracing trace_shafts(const cv::Mat& pixels, const cv::Mat& depth) {
  cv::Mat lines = pixels.clone();
  thin(lines);
  Graph graph = build_graph(lines, depth);
  Tracing tracing;
  auto parent = simplify(graph, tracing.spurs);
  const auto next = pair_across_junctions(graph, parent);
  tracing.shafts = assemble(graph, next, parent);
  return tracing;
}

}  // namespace mesoclinic::trichometry
