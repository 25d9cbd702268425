#include "app/trichometry_command.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <sstream>
#include <vector>

#include "documents/trichometry_json.h"

namespace mesoclinic::app {
namespace {

std::optional<std::vector<unsigned char>> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  return std::vector<unsigned char>(std::istreambuf_iterator<char>(in), {});
}

void print_figures(const trichometry::Analysis& analysis, double vellus_under_um) {
  const auto& f = analysis.figures;
  std::printf("hairs counted          %d in %.3f cm2\n", f.hair_count, f.target_area_cm2);
  std::printf("density                %.0f hairs/cm2\n", f.density_per_cm2);
  std::printf("mean shaft diameter    %.1f um (median %.1f um)\n", f.mean_diameter_um,
              f.median_diameter_um);
  std::printf("diameter diversity     %.1f%% (coefficient of variation)\n", f.diameter_cv_percent);
  std::printf("vellus share           %.1f%% (under %.0f um)\n", f.vellus_share_percent,
              vellus_under_um);
  std::printf("cumulative thickness   %.2f mm/cm2\n", f.cumulative_thickness_mm_per_cm2);
  // The practitioner's first look: about one in five of these is no hair (trichometry.h).
  const auto less_sure = std::count_if(
      analysis.hairs.begin(), analysis.hairs.end(),
      [](const trichometry::Hair& hair) { return hair.counted && trichometry::less_sure(hair); });
  std::printf(
      "check first            %td counted hairs the engine is less sure of (broken orange "
      "rings on the overlay)\n",
      less_sure);
}

}  // namespace

std::optional<trichometry::TargetArea> parse_target_area(const std::string& text) {
  std::istringstream in(text);
  double values[4];
  char comma = 0;
  for (int i = 0; i < 4; ++i) {
    if (!(in >> values[i])) return std::nullopt;
    if (i < 3 && (!(in >> comma) || comma != ',')) return std::nullopt;
  }
  if (!(in >> std::ws).eof()) return std::nullopt;
  return trichometry::TargetArea{values[0], values[1], values[2], values[3]};
}

int analyze_trichoscopy_image(const TrichometryRequest& request) {
  const auto bytes = read_file(request.image_path);
  if (!bytes) {
    std::fprintf(stderr, "mesoclinic: cannot read %s\n", request.image_path.c_str());
    return 1;
  }
  auto analysis =
      trichometry::analyze(*bytes, request.calibration, request.target, request.settings);
  if (!analysis) {
    // The reason, field by field: "image: is blurred ...", "um_per_px: must be ...".
    std::string why;
    for (const auto& field : analysis.error().fields) {
      why += (why.empty() ? "" : "; ") + field.field.substr(1) + ": " + field.message;
    }
    if (why.empty()) why = analysis.error().message;
    std::fprintf(stderr, "mesoclinic: %s not measured: %s\n", request.image_path.c_str(),
                 why.c_str());
    return 1;
  }
  if (request.overlay_path) {
    auto overlay = trichometry::draw_overlay(*bytes, *analysis);
    std::ofstream out(*request.overlay_path, std::ios::binary);
    if (!overlay || !out.write(reinterpret_cast<const char*>(overlay->data()),
                               static_cast<std::streamsize>(overlay->size()))) {
      std::fprintf(stderr, "mesoclinic: cannot write the overlay to %s\n",
                   request.overlay_path->c_str());
      return 1;
    }
  }
  if (request.json) {
    std::printf("%s\n", documents::trichometry_json(*analysis, request.settings).dump(2).c_str());
  } else {
    print_figures(*analysis, request.settings.vellus_under_um);
  }
  return 0;
}

}  // namespace mesoclinic::app
