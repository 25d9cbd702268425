#include "documents/trichometry_json.h"

#include <cmath>
#include <optional>
#include <string>

#include "documents/json_reader.h"

namespace mesoclinic::documents {
namespace {

const char* source_name(trichometry::HairSource source) {
  switch (source) {
    case trichometry::HairSource::kFound:
      return "found";
    case trichometry::HairSource::kRemovedByPractitioner:
      return "removed_by_practitioner";
    case trichometry::HairSource::kAddedByPractitioner:
      return "added_by_practitioner";
  }
  return "found";
}

std::optional<trichometry::HairSource> source_named(const std::string& name) {
  for (auto source :
       {trichometry::HairSource::kFound, trichometry::HairSource::kRemovedByPractitioner,
        trichometry::HairSource::kAddedByPractitioner}) {
    if (name == source_name(source)) return source;
  }
  return std::nullopt;
}

// Sub-pixel places beyond a hundredth of a pixel say nothing the practitioner could see.
double to_hundredths(double value) { return std::round(value * 100) / 100; }

nlohmann::json point_json(const trichometry::PixelPoint& point) {
  return {to_hundredths(point.x), to_hundredths(point.y)};
}

// A point as [x, y], both finite and not negative.
void read_point(Members& members, std::string_view name, trichometry::PixelPoint& out,
                const Json* value) {
  if (!value) return;
  if (!value->is_array() || value->size() != 2 || !(*value)[0].is_number() ||
      !(*value)[1].is_number() || !std::isfinite((*value)[0].get<double>()) ||
      !std::isfinite((*value)[1].get<double>()) || (*value)[0].get<double>() < 0 ||
      (*value)[1].get<double>() < 0) {
    return members.error(name, "must be a point [x, y] in the image's pixels");
  }
  out = {(*value)[0].get<double>(), (*value)[1].get<double>()};
}

}  // namespace

nlohmann::json trichometry_figures_json(const trichometry::Figures& f) {
  return {{"hair_count", f.hair_count},
          {"target_area_cm2", f.target_area_cm2},
          {"density_per_cm2", f.density_per_cm2},
          {"mean_diameter_um", f.mean_diameter_um},
          {"median_diameter_um", f.median_diameter_um},
          {"diameter_cv_percent", f.diameter_cv_percent},
          {"vellus_share_percent", f.vellus_share_percent},
          {"cumulative_thickness_mm_per_cm2", f.cumulative_thickness_mm_per_cm2}};
}

nlohmann::json trichometry_json(const trichometry::Analysis& analysis,
                                const trichometry::Settings& settings) {
  nlohmann::json hairs = nlohmann::json::array();
  for (const auto& hair : analysis.hairs) {
    hairs.push_back({{"exit", {hair.centre_line.front().x, hair.centre_line.front().y}},
                     {"end", {hair.centre_line.back().x, hair.centre_line.back().y}},
                     {"length_um", hair.length_um},
                     {"width_um", hair.width_um},
                     {"confidence", hair.confidence},
                     {"counted", hair.counted},
                     {"less_sure", trichometry::less_sure(hair)},
                     {"vellus", hair.vellus},
                     {"source", source_name(hair.source)}});
  }
  const auto& t = analysis.target;
  return {
      {"um_per_px", analysis.calibration.um_per_px},
      {"target_area", {{"left", t.left}, {"top", t.top}, {"width", t.width}, {"height", t.height}}},
      {"vellus_under_um", settings.vellus_under_um},
      {"figures", trichometry_figures_json(analysis.figures)},
      {"hairs", hairs}};
}

nlohmann::json hairs_json(const std::vector<trichometry::Hair>& hairs) {
  nlohmann::json listed = nlohmann::json::array();
  for (const auto& hair : hairs) {
    nlohmann::json line = nlohmann::json::array();
    for (const auto& point : trichometry::simplified(hair.centre_line, 0.5)) {
      line.push_back(point_json(point));
    }
    listed.push_back({{"line", std::move(line)},
                      {"length_um", std::round(hair.length_um * 10) / 10},
                      {"width_um", std::round(hair.width_um * 1000) / 1000},
                      {"confidence", to_hundredths(hair.confidence)},
                      {"counted", hair.counted},
                      {"less_sure", trichometry::less_sure(hair)},
                      {"vellus", hair.vellus},
                      {"source", source_name(hair.source)}});
  }
  return listed;
}

Result<std::vector<trichometry::Hair>> read_hairs(const nlohmann::json& hairs) {
  if (!hairs.is_array()) return invalid({{"/hairs", "must be an array of hairs"}});
  std::vector<FieldError> errors;
  std::vector<trichometry::Hair> read;
  for (std::size_t i = 0; i < hairs.size(); ++i) {
    const std::string at = "/hairs/" + std::to_string(i);
    if (!hairs[i].is_object()) {
      errors.push_back({at, "must be a hair"});
      continue;
    }
    Members members(hairs[i], at, errors);
    trichometry::Hair hair;
    if (const Json* line = members.required("line")) {
      if (!line->is_array() || line->empty()) {
        members.error("line", "must be a list of points");
      } else {
        hair.centre_line.resize(line->size());
        for (std::size_t p = 0; p < line->size(); ++p) {
          read_point(members, "line/" + std::to_string(p), hair.centre_line[p], &(*line)[p]);
        }
      }
    }
    members.number("length_um", hair.length_um, members.required("length_um"));
    members.number("width_um", hair.width_um, members.required("width_um"));
    members.number("confidence", hair.confidence, members.required("confidence"));
    members.flag("counted", hair.counted);
    members.flag("vellus", hair.vellus);
    members.choice("source", hair.source, members.required("source"), source_named,
                   "found, removed_by_practitioner, added_by_practitioner");
    read.push_back(std::move(hair));
  }
  if (!errors.empty()) return invalid(std::move(errors));
  return read;
}

Result<std::vector<trichometry::Hair>> read_hairs_text(const std::string& text) {
  const auto document = nlohmann::json::parse(text, nullptr, false);
  if (document.is_discarded()) return invalid({{"/hairs", "is not JSON"}});
  return read_hairs(document);
}

nlohmann::json correction_json(const trichometry::Correction& correction) {
  nlohmann::json added = nlohmann::json::array();
  for (const auto& hair : correction.added) {
    added.push_back({{"exit", point_json(hair.exit)},
                     {"end", point_json(hair.end)},
                     {"width_um", hair.width_um}});
  }
  return {{"removed", correction.removed}, {"added", std::move(added)}};
}

trichometry::Correction read_correction(const nlohmann::json& body,
                                        std::vector<FieldError>& errors) {
  trichometry::Correction correction;
  Members members(body, "", errors);
  members.refuse_unknown({"removed", "added"});
  if (const Json* removed = members.required("removed")) {
    if (!removed->is_array()) {
      members.error("removed", "must be a list of the hairs' places in the result");
    } else {
      for (std::size_t i = 0; i < removed->size(); ++i) {
        long long index = -1;
        members.integer("removed/" + std::to_string(i), index, &(*removed)[i]);
        if (index < 0) {
          if ((*removed)[i].is_number_integer()) {
            members.error("removed/" + std::to_string(i), "must not be negative");
          }
          continue;
        }
        correction.removed.push_back(static_cast<std::size_t>(index));
      }
    }
  }
  if (const Json* added = members.required("added")) {
    if (!added->is_array()) members.error("added", "must be a list of hairs");
    for (std::size_t i = 0; added->is_array() && i < added->size(); ++i) {
      const std::string at = "/added/" + std::to_string(i);
      if (!(*added)[i].is_object()) {
        errors.push_back({at, "must be a hair with its exit, end and width_um"});
        continue;
      }
      Members hair((*added)[i], at, errors);
      hair.refuse_unknown({"exit", "end", "width_um"});
      trichometry::AddedHair marked;
      read_point(hair, "exit", marked.exit, hair.required("exit"));
      read_point(hair, "end", marked.end, hair.required("end"));
      hair.number("width_um", marked.width_um, hair.required("width_um"));
      correction.added.push_back(marked);
    }
  }
  return correction;
}

Result<trichometry::Correction> read_correction_text(const std::string& text) {
  const auto document = nlohmann::json::parse(text, nullptr, false);
  if (!document.is_object()) return invalid({{"", "is not a correction"}});
  std::vector<FieldError> errors;
  auto correction = read_correction(document, errors);
  if (!errors.empty()) return invalid(std::move(errors));
  return correction;
}

}  // namespace mesoclinic::documents
