// Trichometry against its ground truth: synthetic images (trichometry/synthetic.h) measured by
// the engine and compared with the hairs drawn in them.
//
//   trichometry_bench measure FIRST_SEED COUNT [OVERLAY_DIR]
//       measures COUNT fresh images, prints each one's errors and time, then the summary
//       against the targets; with OVERLAY_DIR, writes there each image (SEED.jpg), its overlay
//       (SEED-overlay.png) and the overlay with the true hairs drawn over it (SEED-truth.png)
//   trichometry_bench write DIR FIRST_SEED COUNT [WIDTH HEIGHT]
//       writes images (SEED.jpg) and their truth (SEED.json)
//   trichometry_bench write-spoiled DIR SEED [WIDTH HEIGHT]
//       writes the images the engine must refuse, spoiled from one scalp: SEED-blurred.jpg,
//       SEED-over-exposed.jpg, SEED-under-exposed.jpg, SEED-not-scalp.jpg (and their .json)
//   trichometry_bench write-visits DIR SEED
//       writes one site's two visits (SEED-baseline.jpg, SEED-follow-up.jpg) and their truth
//       (SEED-visits.json)
//   trichometry_bench write-growth DIR SEED DAYS
//       writes a phototrichogram (SEED-day-0.jpg, SEED-later.jpg DAYS later) and its truth
//       (SEED-growth.json)
//
// For looking into the engine, not for the figures: TRICHOMETRY_DENSITY=N draws N hairs a cm2,
// TRICHOMETRY_UNITS=S draws a share S of terminal hairs in follicular units of 2-3,
// TRICHOMETRY_MISSES=1 lists the true exits not found and the exits found that are not true
// (the summary always says how many),
// TRICHOMETRY_REPEAT=N analyses each image N times (for a profile of the engine alone),
// TRICHOMETRY_GIVE_BACK_MEMORY=1 leaves out keep_working_memory, as the engine ran before it.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <optional>
#include <string>
#include <utility>

#include "documents/trichometry_json.h"
#include "trichometry/synthetic.h"
#include "trichometry/trichometry.h"

namespace tri = mesoclinic::trichometry;

namespace {

// The minor page faults of this process so far: pages the system handed it anew.
long page_faults() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_minflt;
}

void write_file(const std::filesystem::path& path, const std::vector<unsigned char>& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
}

// An image's calibration, target area and true figures, as its .json beside it says them.
nlohmann::json truth_of(const tri::SyntheticImage& image) {
  // The exits counted, each with its shaft's width: for telling, hair by hair, which the engine
  // found.
  nlohmann::json exits = nlohmann::json::array();
  for (const auto& hair : image.hairs) {
    if (!hair.counted) continue;
    const auto& exit = hair.centre_line.front();
    exits.push_back({{"x", exit.x}, {"y", exit.y}, {"width_um", hair.width_um}});
  }
  return {{"um_per_px", image.calibration.um_per_px},
          {"target_area",
           {{"left", image.target.left},
            {"top", image.target.top},
            {"width", image.target.width},
            {"height", image.target.height}}},
          {"figures", mesoclinic::documents::trichometry_figures_json(image.truth)},
          {"exits", std::move(exits)}};
}

int write_set(const std::filesystem::path& dir, std::uint64_t first, int count, int width,
              int height) {
  std::filesystem::create_directories(dir);
  for (int i = 0; i < count; ++i) {
    const std::uint64_t seed = first + static_cast<std::uint64_t>(i);
    const auto image = tri::synthesize(seed, {width, height, tri::Spoiling::kNone});
    write_file(dir / (std::to_string(seed) + ".jpg"), image.jpeg);
    std::ofstream(dir / (std::to_string(seed) + ".json")) << truth_of(image).dump(2) << "\n";
  }
  return 0;
}

// The images the engine must refuse, each spoiled from the same scalp (SEED): SEED-blurred.jpg,
// SEED-over-exposed.jpg, SEED-under-exposed.jpg and SEED-not-scalp.jpg (ruled paper), with
// their truth beside them as write_set's.
int write_spoiled(const std::filesystem::path& dir, std::uint64_t seed, int width, int height) {
  std::filesystem::create_directories(dir);
  const std::pair<tri::Spoiling, const char*> spoilings[] = {
      {tri::Spoiling::kBlurred, "blurred"},
      {tri::Spoiling::kOverExposed, "over-exposed"},
      {tri::Spoiling::kUnderExposed, "under-exposed"},
      {tri::Spoiling::kNotScalp, "not-scalp"}};
  for (const auto& [spoiling, name] : spoilings) {
    const auto image = tri::synthesize(seed, {width, height, spoiling});
    const std::string stem = std::to_string(seed) + "-" + name;
    write_file(dir / (stem + ".jpg"), image.jpeg);
    std::ofstream(dir / (stem + ".json")) << truth_of(image).dump(2) << "\n";
  }
  return 0;
}

// One site's two visits: SEED-baseline.jpg, SEED-follow-up.jpg and SEED-visits.json (each
// image's truth, the true count in the baseline's target area and its change).
int write_visits(const std::filesystem::path& dir, std::uint64_t seed) {
  std::filesystem::create_directories(dir);
  const auto visits = tri::synthesize_visits(seed, {});
  const std::string stem = std::to_string(seed);
  write_file(dir / (stem + "-baseline.jpg"), visits.baseline.jpeg);
  write_file(dir / (stem + "-follow-up.jpg"), visits.follow_up.jpeg);
  const nlohmann::json truth = {{"baseline", truth_of(visits.baseline)},
                                {"follow_up", truth_of(visits.follow_up)},
                                {"baseline_count", visits.baseline_count},
                                {"change", visits.change}};
  std::ofstream(dir / (stem + "-visits.json")) << truth.dump(2) << "\n";
  return 0;
}

// How many true exits the counted hairs' exits found, hair by hair: a count can be right with
// misses and false hairs cancelling out, and a practitioner sees (and corrects) each of them.
struct ExitsFound {
  int truth = 0;  // true hairs leaving the scalp in the target area
  int found = 0;  // of those, met by a counted exit
  int extra = 0;  // counted exits at no true one
  // The counted exits the engine is less sure of (tri::less_sure), and those of them at no true
  // one: what the practitioner is asked to check first.
  int less_sure = 0;
  int less_sure_extra = 0;
};

// Each counted true hair matched to a counted found exit (tri::match_exits); with `explain`,
// also what the engine saw near those it missed: for looking at why, not a target.
ExitsFound exits_found(const tri::SyntheticImage& image, const tri::Analysis& analysis,
                       bool explain) {
  const auto matched = tri::match_exits(image.hairs, analysis);
  std::vector<bool> used(analysis.hairs.size(), false);
  for (int i : matched) {
    if (i >= 0) used[static_cast<std::size_t>(i)] = true;
  }
  int missed = 0, extra = 0;
  int missed_by_band[3] = {0, 0, 0};
  int touched_misses = 0;
  for (std::size_t t = 0; t < image.hairs.size(); ++t) {
    const auto& truth = image.hairs[t];
    if (!truth.counted) continue;
    const auto exit = truth.centre_line.front();
    if (matched[t] >= 0) {
      const auto& found = analysis.hairs[static_cast<std::size_t>(matched[t])];
      if (explain && std::abs(found.width_um - truth.width_um) > 10) {
        std::printf("  width of %.0f,%.0f: %.0f um, found %.0f um\n", exit.x, exit.y,
                    truth.width_um, found.width_um);
      }
      continue;
    }
    ++missed;
    if (!explain) continue;
    ++missed_by_band[truth.width_um < 15 ? 0 : truth.width_um < 30 ? 1 : 2];
    // Whether another true hair's shaft covers or touches the exit: hidden, not just missed.
    const double um = image.calibration.um_per_px;
    const bool touched =
        std::any_of(image.hairs.begin(), image.hairs.end(), [&](const auto& other) {
          if (&other == &truth) return false;
          const double touching = (other.width_um + truth.width_um) / um / 2 + 2;
          return std::any_of(
              other.centre_line.begin(), other.centre_line.end(),
              [&](const auto& p) { return std::hypot(p.x - exit.x, p.y - exit.y) < touching; });
        });
    touched_misses += touched;
    // The nearest end of any found shaft.
    double closest = 1e9;
    const char* what = "";
    for (std::size_t i = 0; i < analysis.hairs.size(); ++i) {
      const auto& found = analysis.hairs[i];
      for (int end = 0; end < 2; ++end) {
        const auto& p = end == 0 ? found.centre_line.front() : found.centre_line.back();
        const double d = std::hypot(p.x - exit.x, p.y - exit.y);
        if (d >= closest) continue;
        closest = d;
        what = !found.counted ? "not counted"
               : end == 1     ? "a counted hair's far end"
               : used[i]      ? "another hair's exit"
                              : "counted";
      }
    }
    // And the nearest point of any found centre line: an exit on a line is one a shaft hides.
    double on_line = 1e9;
    for (const auto& found : analysis.hairs) {
      for (const auto& p : found.centre_line)
        on_line = std::min(on_line, std::hypot(p.x - exit.x, p.y - exit.y));
    }
    std::printf(
        "  missed exit %.0f,%.0f width %.0f um; nearest found end %.0f px (%s); line %.0f px\n",
        exit.x, exit.y, truth.width_um, closest, what, on_line);
  }
  int less_sure = 0, less_sure_extra = 0;
  for (std::size_t i = 0; i < analysis.hairs.size(); ++i) {
    if (analysis.hairs[i].counted && tri::less_sure(analysis.hairs[i])) {
      ++less_sure;
      less_sure_extra += used[i] ? 0 : 1;
    }
    if (analysis.hairs[i].counted && !used[i]) {
      ++extra;
      if (explain) {
        // What lies there in truth: an exit (found, but a second time or out of reach), a tip
        // (the hair's far end taken for its exit), or a shaft's middle (a piece of a crossing).
        const auto at = analysis.hairs[i].centre_line.front();
        double exit = 1e9, tip = 1e9, shaft = 1e9;
        for (const auto& truth : image.hairs) {
          const auto distance = [&](const auto& p) { return std::hypot(p.x - at.x, p.y - at.y); };
          exit = std::min(exit, distance(truth.centre_line.front()));
          tip = std::min(tip, distance(truth.centre_line.back()));
          for (const auto& p : truth.centre_line) shaft = std::min(shaft, distance(p));
        }
        std::printf(
            "  extra exit %.0f,%.0f width %.0f um; true exit %.0f px, tip %.0f px, "
            "shaft %.0f px\n",
            at.x, at.y, analysis.hairs[i].width_um, exit, tip, shaft);
      }
    }
  }
  if (explain) {
    std::printf(
        "  %d missed (under 15 um %d, 15-30 um %d, 30 um and over %d; %d touched by another "
        "hair), %d extra\n",
        missed, missed_by_band[0], missed_by_band[1], missed_by_band[2], touched_misses, extra);
  }
  const int truth_count = static_cast<int>(std::count_if(
      image.hairs.begin(), image.hairs.end(), [](const auto& hair) { return hair.counted; }));
  return {truth_count, truth_count - missed, extra, less_sure, less_sure_extra};
}

// The overlay with the true hairs drawn over it: centre lines thin blue, exits magenta.
std::vector<unsigned char> truth_drawn(const tri::SyntheticImage& image,
                                       const tri::Analysis& analysis) {
  cv::Mat overlay = cv::imdecode(tri::draw_overlay(image.jpeg, analysis).value(), cv::IMREAD_COLOR);
  for (const auto& hair : image.hairs) {
    std::vector<cv::Point> line;
    for (const auto& p : hair.centre_line) line.emplace_back(int(p.x), int(p.y));
    cv::polylines(overlay, line, false, cv::Scalar(255, 0, 0), 1);
    if (hair.counted)
      cv::drawMarker(overlay, line.front(), cv::Scalar(255, 0, 255), cv::MARKER_CROSS, 12, 2);
  }
  std::vector<unsigned char> png;
  cv::imencode(".png", overlay, png);
  return png;
}

struct Errors {
  std::uint64_t seed = 0;
  double count_percent = 0;  // signed
  double diameter_um = 0;    // signed
  double vellus_points = 0;  // signed
  double milliseconds = 0;
  int truth_count = 0;
  int found_count = 0;
};

int measure_set(std::uint64_t first, int count, const char* overlays) {
  std::vector<Errors> all;
  ExitsFound exits_all;
  std::vector<std::vector<unsigned char>> pictures;
  std::vector<long> faults;  // pages the system gave each analysis anew
  for (int i = 0; i < count; ++i) {
    const std::uint64_t seed = first + static_cast<std::uint64_t>(i);
    tri::SyntheticOptions options;
    if (const char* density = std::getenv("TRICHOMETRY_DENSITY")) {
      options.density_per_cm2 = std::atof(density);
    }
    if (const char* units = std::getenv("TRICHOMETRY_UNITS")) {
      options.follicular_unit_share = std::atof(units);
    }
    const auto image = tri::synthesize(seed, options);
    // For a profile of the engine alone: analyse each image this many times over.
    const int repeat =
        std::getenv("TRICHOMETRY_REPEAT") ? std::atoi(std::getenv("TRICHOMETRY_REPEAT")) : 1;
    for (int r = 1; r < repeat; ++r)
      (void)tri::analyze(image.jpeg, image.calibration, image.target, {});
    const long faults_before = page_faults();
    const auto started = std::chrono::steady_clock::now();
    auto analysis = tri::analyze(image.jpeg, image.calibration, image.target, {});
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
            .count();
    faults.push_back(page_faults() - faults_before);
    if (!analysis) {
      std::printf("seed %llu refused: %s\n", static_cast<unsigned long long>(seed),
                  analysis.error().message.c_str());
      return 1;
    }
    const auto exits = exits_found(image, *analysis, std::getenv("TRICHOMETRY_MISSES") != nullptr);
    exits_all.truth += exits.truth;
    exits_all.found += exits.found;
    exits_all.extra += exits.extra;
    exits_all.less_sure += exits.less_sure;
    exits_all.less_sure_extra += exits.less_sure_extra;
    const auto& truth = image.truth;
    const auto& found = analysis->figures;
    Errors e{seed,
             100.0 * (found.hair_count - truth.hair_count) / std::max(1, truth.hair_count),
             found.mean_diameter_um - truth.mean_diameter_um,
             found.vellus_share_percent - truth.vellus_share_percent,
             ms,
             truth.hair_count,
             found.hair_count};
    std::printf(
        "seed %llu  %.2f um/px  hairs %4d found %4d (%+6.1f%%)  mean diameter %5.1f found %5.1f "
        "(%+5.1f um)  vellus %4.1f%% found %4.1f%% (%+5.1f)  %6.1f ms\n",
        static_cast<unsigned long long>(seed), image.calibration.um_per_px, truth.hair_count,
        found.hair_count, e.count_percent, truth.mean_diameter_um, found.mean_diameter_um,
        e.diameter_um, truth.vellus_share_percent, found.vellus_share_percent, e.vellus_points, ms);
    if (overlays) {
      const std::filesystem::path dir(overlays);
      std::filesystem::create_directories(dir);
      write_file(dir / (std::to_string(seed) + "-overlay.png"),
                 tri::draw_overlay(image.jpeg, *analysis).value());
      write_file(dir / (std::to_string(seed) + "-truth.png"), truth_drawn(image, *analysis));
      write_file(dir / (std::to_string(seed) + ".jpg"), image.jpeg);
    }
    all.push_back(e);
  }
  const auto mean_abs = [&](auto field) {
    double sum = 0;
    for (const auto& e : all) sum += std::abs(e.*field);
    return sum / static_cast<double>(all.size());
  };
  const auto worst = [&](auto field) {
    return *std::max_element(all.begin(), all.end(), [&](const Errors& a, const Errors& b) {
      return std::abs(a.*field) < std::abs(b.*field);
    });
  };
  std::vector<double> times;
  for (const auto& e : all) times.push_back(e.milliseconds);
  std::sort(times.begin(), times.end());
  const auto w_count = worst(&Errors::count_percent);
  const auto w_diameter = worst(&Errors::diameter_um);
  const auto w_vellus = worst(&Errors::vellus_points);
  std::printf("\n%d images, seeds %llu..%llu\n", count, static_cast<unsigned long long>(first),
              static_cast<unsigned long long>(first + static_cast<std::uint64_t>(count) - 1));
  std::printf("count error: mean %.1f%%, worst %+.1f%% (seed %llu)   targets <= 5%%, <= 10%%\n",
              mean_abs(&Errors::count_percent), w_count.count_percent,
              static_cast<unsigned long long>(w_count.seed));
  std::printf("mean diameter error: mean %.1f um, worst %+.1f um (seed %llu)   target <= 3 um\n",
              mean_abs(&Errors::diameter_um), w_diameter.diameter_um,
              static_cast<unsigned long long>(w_diameter.seed));
  std::printf("vellus share error: mean %.1f points, worst %+.1f (seed %llu)   target <= 5\n",
              mean_abs(&Errors::vellus_points), w_vellus.vellus_points,
              static_cast<unsigned long long>(w_vellus.seed));
  std::sort(faults.begin(), faults.end());
  std::printf(
      "time per image: median %.1f ms, worst %.1f ms   target < 100 ms   (pages faulted in per "
      "analysis: median %ld, most %ld)\n",
      times[times.size() / 2], times.back(), faults[faults.size() / 2], faults.back());
  const int counted = exits_all.found + exits_all.extra;
  std::printf(
      "hair by hair: %d of %d true exits found (%.1f%%); %d of %d counted exits at no true one "
      "(%.1f%%)\n",
      exits_all.found, exits_all.truth, 100.0 * exits_all.found / std::max(1, exits_all.truth),
      exits_all.extra, counted, 100.0 * exits_all.extra / std::max(1, counted));
  const int sure = counted - exits_all.less_sure;
  const int sure_extra = exits_all.extra - exits_all.less_sure_extra;
  std::printf(
      "less sure (to check first): %d counted, %d at no true one (%.1f%%); the rest: %d, %d "
      "(%.1f%%)\n",
      exits_all.less_sure, exits_all.less_sure_extra,
      100.0 * exits_all.less_sure_extra / std::max(1, exits_all.less_sure), sure, sure_extra,
      100.0 * sure_extra / std::max(1, sure));
  return 0;
}

// Two images of one site analysed to be compared: the first in its target area, the later one
// over its whole image (its hairs may have moved into that area with the dermoscope); nothing
// if the engine refuses either.
std::optional<std::pair<tri::Analysis, tri::Analysis>> analysed_pair(
    std::uint64_t seed, const tri::SyntheticImage& first, const tri::SyntheticImage& later) {
  auto a = tri::analyze(first.jpeg, first.calibration, first.target, {});
  auto b = tri::analyze(later.jpeg, later.calibration, {}, {});
  if (!a || !b) {
    std::printf("seed %llu refused\n", static_cast<unsigned long long>(seed));
    return std::nullopt;
  }
  return std::pair{std::move(*a), std::move(*b)};
}

// The hairs a comparison judged lost or new, against the truth: how many of each kind (sure or
// less sure exits) were judged wrongly, that is a hair that is there at both visits, or no hair.
struct Judged {
  int sure = 0, sure_wrong = 0, less_sure = 0, less_sure_wrong = 0;
  // Counts `hair`, and whether it was judged wrongly (`wrong`), which it returns.
  bool add(const tri::Hair& hair, bool wrong) {
    (tri::less_sure(hair) ? less_sure : sure) += 1;
    (tri::less_sure(hair) ? less_sure_wrong : sure_wrong) += wrong;
    return wrong;
  }
};

// For each of `analysis`'s hairs, the true hair of `truth` leaving the scalp where it does
// (wherever in the view), or none.
std::vector<const tri::TrueHair*> truth_of(const std::vector<tri::TrueHair>& truth,
                                           const tri::Analysis& analysis) {
  std::vector<tri::TrueHair> all = truth;
  for (auto& hair : all) hair.counted = true;
  std::vector<const tri::TrueHair*> found(analysis.hairs.size(), nullptr);
  const auto matched = tri::match_exits(all, analysis);
  for (std::size_t t = 0; t < matched.size(); ++t) {
    if (matched[t] >= 0) found[static_cast<std::size_t>(matched[t])] = &truth[t];
  }
  return found;
}

// Whether `hair` (a true hair, or none: a false exit) is one the other visit's truth lacks: truly
// lost (or, the other way, new).
bool truly_changed(const tri::TrueHair* hair, const std::vector<tri::TrueHair>& other) {
  if (!hair) return false;
  return std::none_of(other.begin(), other.end(), [&](const tri::TrueHair& o) {
    return o.site_x_mm == hair->site_x_mm && o.site_y_mm == hair->site_y_mm;
  });
}

// Two visits of one site: the change in count measured by registering and matching hair to
// hair, against the truth, and beside it the change each visit's own count gives (what
// comparing two separate analyses would report).
int compare_set(std::uint64_t first, int count) {
  double sum_matched = 0, sum_separate = 0, worst_matched = 0, sum_checked = 0;
  Judged judged;
  std::vector<double> compare_ms;  // comparing the two analysed visits, images included
  int refused = 0;
  std::uint64_t worst_seed = first;
  for (int i = 0; i < count; ++i) {
    const std::uint64_t seed = first + static_cast<std::uint64_t>(i);
    const auto visits = tri::synthesize_visits(seed, {});
    const auto pair = analysed_pair(seed, visits.baseline, visits.follow_up);
    const auto follow_up_own = tri::analyze(visits.follow_up.jpeg, visits.follow_up.calibration,
                                            visits.follow_up.target, {});
    if (!pair || !follow_up_own) return 1;
    const auto& [baseline, follow_up] = *pair;
    const auto started = std::chrono::steady_clock::now();
    const auto compared =
        tri::compare_visits({visits.baseline.jpeg, baseline}, {visits.follow_up.jpeg, follow_up});
    compare_ms.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
            .count());
    if (!compared) {
      // A refusal is a result too (too few hairs to lay one visit on the other): counted, and
      // the rest measured.
      std::printf("seed %llu not compared: %s\n", static_cast<unsigned long long>(seed),
                  compared.error().fields.front().message.c_str());
      ++refused;
      continue;
    }
    const double base = std::max(1, visits.baseline_count);
    const double matched = 100.0 * (compared->change - visits.change) / base;
    // Separate analyses: each visit's density over its own target area, as a change in count.
    const double separate_change =
        (follow_up_own->figures.density_per_cm2 - baseline.figures.density_per_cm2) *
        baseline.figures.target_area_cm2;
    const double separate = 100.0 * (separate_change - visits.change) / base;
    // The hairs the change is made of, as the practitioner is shown them to check: had they
    // put right every one judged wrongly, the change would be off by the rest only.
    const auto baseline_truth = truth_of(visits.baseline.hairs, baseline);
    const auto follow_up_truth = truth_of(visits.follow_up.hairs, follow_up);
    int wrong_lost = 0, wrong_new = 0;
    for (const auto& lost : compared->which_lost) {
      wrong_lost += judged.add(baseline.hairs[lost.hair],
                               !truly_changed(baseline_truth[lost.hair], visits.follow_up.hairs));
    }
    for (const auto found : compared->which_new) {
      wrong_new += judged.add(follow_up.hairs[found],
                              !truly_changed(follow_up_truth[found], visits.baseline.hairs));
    }
    const int checked_change = compared->change - wrong_new + wrong_lost;
    sum_checked += std::abs(100.0 * (checked_change - visits.change) / base);
    std::printf(
        "seed %llu  baseline %4d true change %+4d  matched %+4d (%+5.1f%%: lost %d new %d)  "
        "separate %+6.1f (%+5.1f%%)\n",
        static_cast<unsigned long long>(seed), visits.baseline_count, visits.change,
        compared->change, matched, compared->lost, compared->new_hairs, separate_change, separate);
    sum_matched += std::abs(matched);
    sum_separate += std::abs(separate);
    if (std::abs(matched) > std::abs(worst_matched)) worst_matched = matched, worst_seed = seed;
  }
  const int compared = std::max(1, count - refused);
  std::printf(
      "\n%d pairs, %d not compared: change-in-count error matched hair to hair: mean "
      "%.1f%%, worst %+.1f%% (seed %llu)   target <= 2%%\n",
      count, refused, sum_matched / compared, worst_matched,
      static_cast<unsigned long long>(worst_seed));
  std::printf("separate analyses: mean %.1f%%\n", sum_separate / compared);
  std::printf(
      "judged lost or new (marked to check): %.1f a pair; judged wrongly: %d of %d at sure exits, "
      "%d of %d at less sure ones\n"
      "with those judged wrongly put right on checking: mean %.1f%%\n",
      (judged.sure + judged.less_sure) / static_cast<double>(compared), judged.sure_wrong,
      judged.sure, judged.less_sure_wrong, judged.less_sure, sum_checked / compared);
  std::sort(compare_ms.begin(), compare_ms.end());
  if (!compare_ms.empty()) {
    std::printf("time to compare two analysed visits: median %.1f ms, worst %.1f ms\n",
                compare_ms[compare_ms.size() / 2], compare_ms.back());
  }
  return 0;
}

// Phototrichograms: the anagen share and growth rate measured against the truth, 2 or 3 days
// between the images.
int growth_set(std::uint64_t first, int count) {
  double sum_share = 0, sum_rate = 0, worst_share = 0;
  int refused = 0;
  std::uint64_t worst_seed = first;
  for (int i = 0; i < count; ++i) {
    const std::uint64_t seed = first + static_cast<std::uint64_t>(i);
    const double days = 2 + static_cast<double>(seed % 2);
    const auto truth = tri::synthesize_growth(seed, days, {});
    const auto pair = analysed_pair(seed, truth.day_0, truth.later);
    if (!pair) return 1;
    const auto growth = tri::measure_growth(pair->first, pair->second, days);
    if (!growth) {
      std::printf("seed %llu not compared: %s\n", static_cast<unsigned long long>(seed),
                  growth.error().fields.front().message.c_str());
      ++refused;
      continue;
    }
    const double share = growth->anagen_share_percent - truth.anagen_share_percent;
    const double rate = growth->growth_mm_per_day - truth.growth_mm_per_day;
    std::printf(
        "seed %llu  %.0f days  hairs %4d followed %4d  anagen %4.1f%% found %4.1f%% (%+5.1f)  "
        "growth %.2f mm/day found %.2f (%+.2f)\n",
        static_cast<unsigned long long>(seed), days, truth.followed, growth->hairs_followed,
        truth.anagen_share_percent, growth->anagen_share_percent, share, truth.growth_mm_per_day,
        growth->growth_mm_per_day, rate);
    sum_share += std::abs(share);
    sum_rate += std::abs(rate);
    if (std::abs(share) > std::abs(worst_share)) worst_share = share, worst_seed = seed;
  }
  const int compared = std::max(1, count - refused);
  std::printf(
      "\n%d phototrichograms, %d not compared: anagen share error mean %.1f points, "
      "worst %+.1f (seed %llu); growth rate error mean %.3f mm/day\n",
      count, refused, sum_share / compared, worst_share,
      static_cast<unsigned long long>(worst_seed), sum_rate / compared);
  return 0;
}

// A phototrichogram: SEED-day-0.jpg, SEED-later.jpg (DAYS later) and SEED-growth.json (each
// image's truth, the hairs followed, the growing ones, the anagen share and growth rate).
int write_growth(const std::filesystem::path& dir, std::uint64_t seed, double days) {
  std::filesystem::create_directories(dir);
  const auto growth = tri::synthesize_growth(seed, days, {});
  const std::string stem = std::to_string(seed);
  write_file(dir / (stem + "-day-0.jpg"), growth.day_0.jpeg);
  write_file(dir / (stem + "-later.jpg"), growth.later.jpeg);
  const nlohmann::json truth = {{"day_0", truth_of(growth.day_0)},
                                {"later", truth_of(growth.later)},
                                {"days", growth.days},
                                {"followed", growth.followed},
                                {"growing", growth.growing},
                                {"anagen_share_percent", growth.anagen_share_percent},
                                {"growth_mm_per_day", growth.growth_mm_per_day}};
  std::ofstream(dir / (stem + "-growth.json")) << truth.dump(2) << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  // As the server and the command line run the engine.
  if (!std::getenv("TRICHOMETRY_GIVE_BACK_MEMORY")) tri::keep_working_memory();
  const std::string command = argc > 1 ? argv[1] : "";
  if (command == "measure" && argc >= 4) {
    return measure_set(std::strtoull(argv[2], nullptr, 10), std::atoi(argv[3]),
                       argc > 4 ? argv[4] : nullptr);
  }
  if (command == "visits" && argc >= 4) {
    return compare_set(std::strtoull(argv[2], nullptr, 10), std::atoi(argv[3]));
  }
  if (command == "growth" && argc >= 4) {
    return growth_set(std::strtoull(argv[2], nullptr, 10), std::atoi(argv[3]));
  }
  if (command == "write" && argc >= 5) {
    return write_set(argv[2], std::strtoull(argv[3], nullptr, 10), std::atoi(argv[4]),
                     argc > 6 ? std::atoi(argv[5]) : 1600, argc > 6 ? std::atoi(argv[6]) : 1200);
  }
  if (command == "write-spoiled" && argc >= 4) {
    return write_spoiled(argv[2], std::strtoull(argv[3], nullptr, 10),
                         argc > 5 ? std::atoi(argv[4]) : 1600,
                         argc > 5 ? std::atoi(argv[5]) : 1200);
  }
  if (command == "write-growth" && argc >= 5) {
    return write_growth(argv[2], std::strtoull(argv[3], nullptr, 10), std::atof(argv[4]));
  }
  if (command == "write-visits" && argc >= 4) {
    return write_visits(argv[2], std::strtoull(argv[3], nullptr, 10));
  }
  std::fprintf(stderr,
               "usage: trichometry_bench measure FIRST_SEED COUNT [OVERLAY_DIR]\n"
               "       trichometry_bench visits FIRST_SEED COUNT\n"
               "       trichometry_bench growth FIRST_SEED COUNT\n"
               "       trichometry_bench write DIR FIRST_SEED COUNT [WIDTH HEIGHT]\n"
               "       trichometry_bench write-spoiled DIR SEED [WIDTH HEIGHT]\n"
               "       trichometry_bench write-visits DIR SEED\n"
               "       trichometry_bench write-growth DIR SEED DAYS\n");
  return 2;
}
