// Trichometry results (store/photos.h) over SQL: one a photo, with its latest correction in a
// table of its own (trichometry_corrections, at most one a result); erasure deletes both with
// the rest of the patient's rows (sql_patients.cc).
#include "store/sql_transaction.h"

namespace mesoclinic::store::internal {
namespace {

struct TrichometryRow {
  static constexpr std::string_view kSelect =
      "SELECT id, photo_id, patient_id, target_left, target_top, target_width, target_height, "
      "vellus_under_um, hair_count, target_area_cm2, density_per_cm2, mean_diameter_um, "
      "median_diameter_um, diameter_cv_percent, vellus_share_percent, "
      "cumulative_thickness_mm_per_cm2, analysed_at, analysed_by, engine, hairs, accepted_at, "
      "accepted_by, version FROM trichometry_results";
  clinic::TrichometryResult value;
  std::optional<std::string> accepted_by;
  long long version = 0;
  void into(Query& query) {
    auto& f = value.figures;
    query.into(value.id, value.photo_id, value.patient_id, value.target.left, value.target.top,
               value.target.width, value.target.height, value.vellus_under_um, f.hair_count,
               f.target_area_cm2, f.density_per_cm2, f.mean_diameter_um, f.median_diameter_um,
               f.diameter_cv_percent, f.vellus_share_percent, f.cumulative_thickness_mm_per_cm2,
               value.analysed_at, value.analysed_by, value.engine, value.hairs, value.accepted_at,
               accepted_by, version);
  }
  Result<void> finish() {
    value.accepted_by = accepted_by.value_or("");
    value.version = version;
    return {};
  }
};

struct CorrectionRow {
  static constexpr std::string_view kSelect =
      "SELECT marks, hair_count, target_area_cm2, density_per_cm2, mean_diameter_um, "
      "median_diameter_um, diameter_cv_percent, vellus_share_percent, "
      "cumulative_thickness_mm_per_cm2, corrected_at, corrected_by FROM trichometry_corrections";
  clinic::TrichometryCorrection value;
  void into(Query& query) {
    auto& f = value.figures;
    query.into(value.marks, f.hair_count, f.target_area_cm2, f.density_per_cm2, f.mean_diameter_um,
               f.median_diameter_um, f.diameter_cv_percent, f.vellus_share_percent,
               f.cumulative_thickness_mm_per_cm2, value.corrected_at, value.corrected_by);
  }
};

// The named parameters of `f`'s columns, as both tables spell them.
Params figure_params(const clinic::HairFigures& f) {
  return {{"hair_count", static_cast<long long>(f.hair_count)},
          {"target_area_cm2", f.target_area_cm2},
          {"density_per_cm2", f.density_per_cm2},
          {"mean_diameter_um", f.mean_diameter_um},
          {"median_diameter_um", f.median_diameter_um},
          {"diameter_cv_percent", f.diameter_cv_percent},
          {"vellus_share_percent", f.vellus_share_percent},
          {"cumulative_thickness_mm_per_cm2", f.cumulative_thickness_mm_per_cm2}};
}

constexpr std::string_view kFigureColumns =
    "hair_count, target_area_cm2, density_per_cm2, mean_diameter_um, median_diameter_um, "
    "diameter_cv_percent, vellus_share_percent, cumulative_thickness_mm_per_cm2";
constexpr std::string_view kFigureValues =
    ":hair_count, :target_area_cm2, :density_per_cm2, :mean_diameter_um, :median_diameter_um, "
    ":diameter_cv_percent, :vellus_share_percent, :cumulative_thickness_mm_per_cm2";

std::optional<std::string> none_if_empty(const std::string& text) {
  return text.empty() ? std::nullopt : std::optional(text);
}

}  // namespace

Result<void> SqlTransaction::insert_trichometry(const clinic::TrichometryResult& result) {
  return guarded("saving a trichometry result", [&]() -> Result<void> {
    if (!exists("photos", result.photo_id)) return invalid({{"/photo_id", "names no photo"}});
    if (!exists("patients", result.patient_id)) {
      return invalid({{"/patient_id", "names no patient"}});
    }
    if (count_where("trichometry_results", "photo_id", result.photo_id) > 0) {
      return fail(ErrorCode::kConflict, "photo " + result.photo_id + " has been measured");
    }
    Params params = figure_params(result.figures);
    params.insert(params.end(), {{"id", result.id},
                                 {"photo_id", result.photo_id},
                                 {"patient_id", result.patient_id},
                                 {"target_left", result.target.left},
                                 {"target_top", result.target.top},
                                 {"target_width", result.target.width},
                                 {"target_height", result.target.height},
                                 {"vellus_under_um", result.vellus_under_um},
                                 {"analysed_at", result.analysed_at},
                                 {"analysed_by", result.analysed_by},
                                 {"engine", result.engine},
                                 {"hairs", result.hairs},
                                 {"accepted_at", result.accepted_at},
                                 {"accepted_by", none_if_empty(result.accepted_by)},
                                 {"version", static_cast<long long>(result.version)}});
    run("INSERT INTO trichometry_results (id, photo_id, patient_id, target_left, target_top, "
        "target_width, target_height, vellus_under_um, " +
            std::string(kFigureColumns) +
            ", analysed_at, analysed_by, engine, hairs, accepted_at, accepted_by, version) "
            "VALUES (:id, :photo_id, :patient_id, :target_left, :target_top, :target_width, "
            ":target_height, :vellus_under_um, " +
            std::string(kFigureValues) +
            ", :analysed_at, :analysed_by, :engine, :hairs, :accepted_at, :accepted_by, "
            ":version)",
        params);
    if (result.correction) keep_correction(result);
    return {};
  });
}

Result<void> SqlTransaction::update_trichometry_review(const clinic::TrichometryResult& result,
                                                       std::int64_t expected_version) {
  return guarded("saving a trichometry result's review", [&]() -> Result<void> {
    const long long changed =
        run("UPDATE trichometry_results SET accepted_at = :accepted_at, accepted_by = "
            ":accepted_by, version = :version WHERE id = :id AND version = :expected_version",
            {{"accepted_at", result.accepted_at},
             {"accepted_by", none_if_empty(result.accepted_by)},
             {"version", static_cast<long long>(result.version)},
             {"id", result.id},
             {"expected_version", static_cast<long long>(expected_version)}});
    if (changed != 1) {
      if (!exists("trichometry_results", result.id)) {
        return fail(ErrorCode::kNotFound, "This photo has not been measured.");
      }
      return fail(ErrorCode::kPreconditionFailed,
                  "The result was corrected or accepted by someone else meanwhile; read it "
                  "again.");
    }
    run("DELETE FROM trichometry_corrections WHERE result_id = :id", {{"id", result.id}});
    if (result.correction) keep_correction(result);
    return {};
  });
}

void SqlTransaction::keep_correction(const clinic::TrichometryResult& result) {
  const auto& correction = *result.correction;
  Params params = figure_params(correction.figures);
  params.insert(params.end(), {{"result_id", result.id},
                               {"patient_id", result.patient_id},
                               {"marks", correction.marks},
                               {"corrected_at", correction.corrected_at},
                               {"corrected_by", correction.corrected_by}});
  run("INSERT INTO trichometry_corrections (result_id, patient_id, marks, " +
          std::string(kFigureColumns) +
          ", corrected_at, corrected_by) VALUES (:result_id, :patient_id, :marks, " +
          std::string(kFigureValues) + ", :corrected_at, :corrected_by)",
      params);
}

Result<std::optional<clinic::TrichometryResult>> SqlTransaction::find_photo_trichometry(
    const std::string& photo_id) {
  auto found = one<TrichometryRow>("reading a photo's trichometry result", "photo_id = :photo_id",
                                   {{"photo_id", photo_id}});
  if (!found || !*found) return found;
  auto correction = one<CorrectionRow>("reading a trichometry result's correction",
                                       "result_id = :id", {{"id", (*found)->id}});
  if (!correction) return std::unexpected(correction.error());
  (*found)->correction = std::move(*correction);
  return found;
}

}  // namespace mesoclinic::store::internal
