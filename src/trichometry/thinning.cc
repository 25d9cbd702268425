#include "trichometry/thinning.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <utility>
#include <vector>

namespace mesoclinic::trichometry {
namespace {

// The image as bits, 64 pixels a word, with an empty word at each end of every row and an empty
// row above and below, so every pixel's eight neighbours can be read without a bounds check.
// Zhang and Suen's sub-iterations decide every pixel from the image as it was before them, and
// their tests are on the eight neighbours alone: sixty-four pixels are decided at once with a
// few dozen operations on words.
struct Bits {
  int words = 0;  // words a row
  std::vector<std::uint64_t> cells;
  std::size_t at(int y, int x) const {
    return static_cast<std::size_t>((y + 1) * words + x / 64 + 1);
  }
};

Bits packed(const cv::Mat& pixels) {
  Bits bits;
  bits.words = (pixels.cols + 63) / 64 + 2;
  bits.cells.assign(static_cast<std::size_t>((pixels.rows + 2) * bits.words), 0);
  for (int y = 0; y < pixels.rows; ++y) {
    const unsigned char* row = pixels.ptr<unsigned char>(y);
    for (int x = 0; x < pixels.cols; x += 8) {
      // Most of an image is skin: eight pixels of it at a time.
      if (std::uint64_t eight = 0; x + 8 <= pixels.cols) {
        std::memcpy(&eight, row + x, sizeof eight);
        if (!eight) continue;
      }
      for (int pixel = x; pixel < std::min(x + 8, pixels.cols); ++pixel) {
        if (row[pixel]) bits.cells[bits.at(y, pixel)] |= std::uint64_t{1} << (pixel % 64);
      }
    }
  }
  return bits;
}

// The pixels of word `i` that go in the first sub-iteration (or the second, if not `first`).
std::uint64_t going(const Bits& bits, std::size_t i, bool first) {
  const std::uint64_t* cells = bits.cells.data();
  const std::uint64_t centre = cells[i];
  if (!centre) return 0;
  const auto words = static_cast<std::size_t>(bits.words);
  const std::uint64_t above = cells[i - words], below = cells[i + words];
  // The neighbour to the east of each pixel, and to the west, across the word's ends.
  const auto east = [](std::uint64_t row, std::uint64_t next) { return (row >> 1) | (next << 63); };
  const auto west = [](std::uint64_t row, std::uint64_t last) { return (row << 1) | (last >> 63); };
  const std::uint64_t p2 = above, p3 = east(above, cells[i - words + 1]);
  const std::uint64_t p4 = east(centre, cells[i + 1]), p5 = east(below, cells[i + words + 1]);
  const std::uint64_t p6 = below, p7 = west(below, cells[i + words - 1]);
  const std::uint64_t p8 = west(centre, cells[i - 1]), p9 = west(above, cells[i - words - 1]);
  // How many neighbours are set, as bits of weight 1, 2, 4 and 8 (adders on whole words).
  const auto add = [](std::uint64_t a, std::uint64_t b, std::uint64_t c, std::uint64_t& sum,
                      std::uint64_t& carry) {
    const std::uint64_t either = a ^ b;
    sum = either ^ c;
    carry = (a & b) | (either & c);
  };
  std::uint64_t sum1, carry1, sum2, carry2, ones, carry3, twos_part, carry4;
  add(p2, p3, p4, sum1, carry1);
  add(p5, p6, p7, sum2, carry2);
  add(sum1, sum2, p8 ^ p9, ones, carry3);
  add(carry1, carry2, p8 & p9, twos_part, carry4);
  const std::uint64_t twos = twos_part ^ carry3;
  const std::uint64_t fours_part = twos_part & carry3;
  const std::uint64_t fours = carry4 ^ fours_part, eights = carry4 & fours_part;
  // Between two and six neighbours: at least one of weight 2 or more, and neither 7 nor 8.
  const std::uint64_t neighbours_fit = (twos | fours | eights) & ~eights & ~(fours & twos & ones);
  // Exactly one step from unset to set going round them (P2, P3, ..., P9, P2).
  const std::array<std::uint64_t, 8> round = {p2, p3, p4, p5, p6, p7, p8, p9};
  std::uint64_t once = 0, twice = 0;
  for (std::size_t k = 0; k < round.size(); ++k) {
    const std::uint64_t step = ~round[k] & round[(k + 1) % round.size()];
    twice |= once & step;
    once |= step;
  }
  const std::uint64_t kept_by_pass = first ? p4 & p6 & (p2 | p8) : p2 & p8 & (p4 | p6);
  return centre & neighbours_fit & once & ~twice & ~kept_by_pass;
}

}  // namespace

void thin(cv::Mat& pixels) {
  pixels.row(0).setTo(0);
  pixels.row(pixels.rows - 1).setTo(0);
  pixels.col(0).setTo(0);
  pixels.col(pixels.cols - 1).setTo(0);
  Bits bits = packed(pixels);
  // A word is decided again under a sub-iteration's rule only where something within a pixel of
  // it went since it was last decided under that rule: otherwise it would be decided the same.
  // Bit r of a word's flag: it waits to be decided under rule r. At first every word with a pixel
  // does, under both.
  std::vector<unsigned char> waiting(bits.cells.size(), 0);
  for (std::size_t i = 0; i < bits.cells.size(); ++i) {
    if (bits.cells[i]) waiting[i] = 3;
  }
  std::vector<std::pair<std::size_t, std::uint64_t>> gone;
  const auto words = static_cast<std::ptrdiff_t>(bits.words);
  const std::array<std::ptrdiff_t, 9> nearby = {-words - 1, -words,    -words + 1, -1,       0,
                                                1,          words - 1, words,      words + 1};
  // Until two sub-iterations in a row take nothing: then neither rule would take anything more.
  for (int pass = 0, idle = 0; idle < 2; ++pass) {
    const auto rule = static_cast<unsigned char>(1 << (pass % 2));
    gone.clear();
    for (std::size_t i = 0; i < waiting.size(); ++i) {
      if (!(waiting[i] & rule)) continue;
      waiting[i] &= static_cast<unsigned char>(~rule);
      if (const std::uint64_t mask = going(bits, i, pass % 2 == 0)) gone.emplace_back(i, mask);
    }
    for (const auto& [i, mask] : gone) {
      bits.cells[i] &= ~mask;
      for (const std::ptrdiff_t offset : nearby)
        waiting[static_cast<std::size_t>(static_cast<std::ptrdiff_t>(i) + offset)] = 3;
    }
    idle = gone.empty() ? idle + 1 : 0;
  }
  pixels.setTo(0);
  for (int y = 0; y < pixels.rows; ++y) {
    unsigned char* row = pixels.ptr<unsigned char>(y);
    for (int k = 1; k + 1 < bits.words; ++k) {
      std::uint64_t word = bits.cells[static_cast<std::size_t>((y + 1) * bits.words + k)];
      while (word) {
        row[(k - 1) * 64 + std::countr_zero(word)] = 1;
        word &= word - 1;
      }
    }
  }
}

}  // namespace mesoclinic::trichometry
