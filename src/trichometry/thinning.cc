#include "trichometry/thinning.h"

#include <array>
#include <opencv2/imgproc.hpp>
#include <vector>

namespace mesoclinic::trichometry {
namespace {

// For each arrangement of the eight neighbours (bit i = P(i+2)), whether the centre may go in
// the first and in the second sub-iteration.
struct Removable {
  std::array<bool, 256> first{};
  std::array<bool, 256> second{};
  Removable() {
    for (int bits = 0; bits < 256; ++bits) {
      const auto p = [&](int n) { return (bits >> (n - 2)) & 1; };
      int neighbours = 0, transitions = 0;
      for (int i = 0; i < 8; ++i) {
        neighbours += (bits >> i) & 1;
        transitions += !((bits >> i) & 1) && ((bits >> ((i + 1) % 8)) & 1);
      }
      const bool thinning = neighbours >= 2 && neighbours <= 6 && transitions == 1;
      first[bits] = thinning && !(p(2) && p(4) && p(6)) && !(p(4) && p(6) && p(8));
      second[bits] = thinning && !(p(2) && p(4) && p(8)) && !(p(2) && p(6) && p(8));
    }
  }
};

// The arrangement of the eight neighbours of the pixel at `at`, whose row is `step` bytes long.
int arrangement(const unsigned char* at, int step) {
  const unsigned char* above = at - step;
  const unsigned char* below = at + step;
  return (above[0] != 0) | (above[1] != 0) << 1 | (at[1] != 0) << 2 | (below[1] != 0) << 3 |
         (below[0] != 0) << 4 | (below[-1] != 0) << 5 | (at[-1] != 0) << 6 | (above[-1] != 0) << 7;
}

}  // namespace

void thin(cv::Mat& pixels) {
  static const Removable removable;
  pixels.row(0).setTo(0);
  pixels.row(pixels.rows - 1).setTo(0);
  pixels.col(0).setTo(0);
  pixels.col(pixels.cols - 1).setTo(0);
  // Only pixels on a shape's edge can go, so each pass looks at the edge alone: the pixels next
  // to one that went join the next pass's edge. A pixel queued for the next pass carries
  // kQueued beside its 1 (every test below asks only whether a pixel is set), and one looked at
  // in the pass before with nothing around it gone since carries kQuiet: looked at again now,
  // under the other sub-iteration's rule, and still staying, it stays until a neighbour goes
  // (which queues it again), so it leaves the edge: most of the edge is finished centre line.
  constexpr unsigned char kQueued = 2;
  constexpr unsigned char kQuiet = 4;
  // Pixels are addressed by their offset from the first (the image is continuous), so a
  // neighbour is one addition away.
  CV_Assert(pixels.isContinuous());
  unsigned char* const first = pixels.data;
  const int step = static_cast<int>(pixels.step[0]);
  std::array<int, 8> around{};
  for (std::size_t i = 0; i < around.size(); ++i)
    around[i] = kNeighbourDy[i] * step + kNeighbourDx[i];
  cv::Mat inside;
  cv::erode(pixels, inside, cv::Mat());
  std::vector<int> edge;
  for (int y = 1; y < pixels.rows - 1; ++y) {
    const unsigned char* row = pixels.ptr<unsigned char>(y);
    const unsigned char* deep = inside.ptr<unsigned char>(y);
    for (int x = 1; x < pixels.cols - 1; ++x) {
      if (row[x] && !deep[x]) edge.push_back(y * step + x);
    }
  }
  std::vector<int> going, next;
  bool changed = true;
  while (changed) {
    changed = false;
    for (int pass = 0; pass < 2; ++pass) {
      const auto& table = pass == 0 ? removable.first : removable.second;
      going.clear();
      for (const int p : edge) {
        if (table[static_cast<std::size_t>(arrangement(first + p, step))]) going.push_back(p);
      }
      for (const int p : going) first[p] = 0;
      changed = changed || !going.empty();
      next.clear();
      for (const int p : going) {
        for (const int offset : around) {
          unsigned char& cell = first[p + offset];
          if (cell && !(cell & kQueued)) {
            next.push_back(p + offset);
            cell = static_cast<unsigned char>((cell | kQueued) & ~kQuiet);
          }
        }
      }
      for (const int p : edge) {
        unsigned char& cell = first[p];
        if (!cell || (cell & kQueued)) continue;
        if (cell & kQuiet) {
          cell = 1;  // stays: off the edge
          continue;
        }
        next.push_back(p);
        cell |= kQueued | kQuiet;
      }
      for (const int p : next) first[p] &= static_cast<unsigned char>(~kQueued);
      edge.swap(next);
    }
  }
  // What stays carries its flags no longer.
  pixels.setTo(1, pixels);
}

}  // namespace mesoclinic::trichometry
