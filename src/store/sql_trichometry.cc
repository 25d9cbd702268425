// Trichometry results (store/photos.h) over SQL: one a photo, inserted and read here; erasure
// deletes them with the rest of the patient's rows (sql_patients.cc).
#include "store/sql_transaction.h"

namespace mesoclinic::store::internal {
namespace {

struct TrichometryRow {
  static constexpr std::string_view kSelect =
      "SELECT id, photo_id, patient_id, target_left, target_top, target_width, target_height, "
      "vellus_under_um, hair_count, target_area_cm2, density_per_cm2, mean_diameter_um, "
      "median_diameter_um, diameter_cv_percent, vellus_share_percent, "
      "cumulative_thickness_mm_per_cm2, analysed_at, analysed_by FROM trichometry_results";
  clinic::TrichometryResult value;
  void into(Query& query) {
    auto& f = value.figures;
    query.into(value.id, value.photo_id, value.patient_id, value.target.left, value.target.top,
               value.target.width, value.target.height, value.vellus_under_um, f.hair_count,
               f.target_area_cm2, f.density_per_cm2, f.mean_diameter_um, f.median_diameter_um,
               f.diameter_cv_percent, f.vellus_share_percent, f.cumulative_thickness_mm_per_cm2,
               value.analysed_at, value.analysed_by);
  }
  Result<void> finish() { return {}; }
};

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
    const auto& f = result.figures;
    run("INSERT INTO trichometry_results (id, photo_id, patient_id, target_left, target_top, "
        "target_width, target_height, vellus_under_um, hair_count, target_area_cm2, "
        "density_per_cm2, mean_diameter_um, median_diameter_um, diameter_cv_percent, "
        "vellus_share_percent, cumulative_thickness_mm_per_cm2, analysed_at, analysed_by) "
        "VALUES (:id, :photo_id, :patient_id, :target_left, :target_top, :target_width, "
        ":target_height, :vellus_under_um, :hair_count, :target_area_cm2, :density_per_cm2, "
        ":mean_diameter_um, :median_diameter_um, :diameter_cv_percent, :vellus_share_percent, "
        ":cumulative_thickness_mm_per_cm2, :analysed_at, :analysed_by)",
        {{"id", result.id},
         {"photo_id", result.photo_id},
         {"patient_id", result.patient_id},
         {"target_left", result.target.left},
         {"target_top", result.target.top},
         {"target_width", result.target.width},
         {"target_height", result.target.height},
         {"vellus_under_um", result.vellus_under_um},
         {"hair_count", static_cast<long long>(f.hair_count)},
         {"target_area_cm2", f.target_area_cm2},
         {"density_per_cm2", f.density_per_cm2},
         {"mean_diameter_um", f.mean_diameter_um},
         {"median_diameter_um", f.median_diameter_um},
         {"diameter_cv_percent", f.diameter_cv_percent},
         {"vellus_share_percent", f.vellus_share_percent},
         {"cumulative_thickness_mm_per_cm2", f.cumulative_thickness_mm_per_cm2},
         {"analysed_at", result.analysed_at},
         {"analysed_by", result.analysed_by}});
    return {};
  });
}

Result<std::optional<clinic::TrichometryResult>> SqlTransaction::find_photo_trichometry(
    const std::string& photo_id) {
  return one<TrichometryRow>("reading a photo's trichometry result", "photo_id = :photo_id",
                             {{"photo_id", photo_id}});
}

}  // namespace mesoclinic::store::internal
