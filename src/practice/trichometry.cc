#include "practice/trichometry.h"

#include "core/ids.h"
#include "practice/outcomes.h"
#include "practice/photos.h"

namespace mesoclinic::practice {
namespace {

std::span<const unsigned char> bytes_of(const std::string& image) {
  return {reinterpret_cast<const unsigned char*>(image.data()), image.size()};
}

trichometry::Settings settings_of(double vellus_under_um) {
  trichometry::Settings settings;
  settings.vellus_under_um = vellus_under_um;
  return settings;
}

Result<void> check_trichoscopy(const clinic::Photo& photo) {
  if (photo.kind != clinic::PhotoKind::kTrichoscopy || !photo.um_per_pixel) {
    return invalid({{"/photo", "is not a trichoscopy image with its calibration"}},
                   "Only a trichoscopy image can be measured.");
  }
  return {};
}

Result<trichometry::Analysis> analyse(const std::string& image, const clinic::Photo& photo,
                                      const std::optional<clinic::PixelArea>& target,
                                      double vellus_under_um) {
  trichometry::TargetArea area;
  if (target) area = {target->left, target->top, target->width, target->height};
  return trichometry::analyze(bytes_of(image), {*photo.um_per_pixel}, area,
                              settings_of(vellus_under_um));
}

}  // namespace

Result<trichometry::Analysis> analyse_photo(const media::PhotoFiles& files,
                                            const clinic::Photo& photo,
                                            const TrichometryRequest& request) {
  if (!(request.vellus_under_um >= clinic::kFinestVellusUnderUm &&
        request.vellus_under_um <= clinic::kWidestVellusUnderUm)) {
    return invalid({{"/vellus_under_um", "must be between 10 and 60 micrometres"}});
  }
  if (request.target && (request.target->width <= 0 || request.target->height <= 0)) {
    return invalid({{"/target_area", "must have a width and a height"}});
  }
  if (auto checked = check_trichoscopy(photo); !checked) return std::unexpected(checked.error());
  auto image = read_photo_file(files, photo.content_hash);
  if (!image) return std::unexpected(image.error());
  return analyse(*image, photo, request.target, request.vellus_under_um);
}

Result<TrichometryRecording> record_trichometry(store::Transaction& tx, const clinic::Photo& photo,
                                                const trichometry::Analysis& analysis,
                                                const TrichometryRequest& request,
                                                const std::string& user_id, Instant now) {
  TrichometryRecording recording;
  const auto& f = analysis.figures;
  const auto& t = analysis.target;
  recording.result = {.id = new_id(),
                      .photo_id = photo.id,
                      .patient_id = photo.patient_id,
                      .target = {t.left, t.top, t.width, t.height},
                      .vellus_under_um = request.vellus_under_um,
                      .figures = {f.hair_count, f.target_area_cm2, f.density_per_cm2,
                                  f.mean_diameter_um, f.median_diameter_um, f.diameter_cv_percent,
                                  f.vellus_share_percent, f.cumulative_thickness_mm_per_cm2},
                      .analysed_at = now,
                      .analysed_by = user_id};
  if (auto kept = tx.insert_trichometry(recording.result); !kept) {
    return std::unexpected(kept.error());
  }
  if (!photo.course_id) return recording;
  auto course = tx.find_course(*photo.course_id);
  if (!course) return std::unexpected(course.error());
  if (!*course) return fail(ErrorCode::kNotFound, "The photo's course is gone.");
  if (photo.taken_at < (*course)->created_at) {
    recording.measurements_withheld =
        "the photo was taken before its course was agreed, and no measurement of a course comes "
        "before it";
    return recording;
  }
  MeasurementVisit visit{
      .time_point = photo.time_point,
      .session_id = photo.appointment_id,
      .measured_at = photo.taken_at,
      .measurements = clinic::trichoscopy_measurements(recording.result.figures, photo),
      .photo_id = photo.id};
  auto recorded = record_measurements(tx, **course, visit, user_id, now);
  if (!recorded) return std::unexpected(recorded.error());
  recording.measurements = std::move(*recorded);
  return recording;
}

Result<std::vector<unsigned char>> trichometry_overlay(const media::PhotoFiles& files,
                                                       const clinic::Photo& photo,
                                                       const clinic::TrichometryResult& result) {
  if (auto checked = check_trichoscopy(photo); !checked) return std::unexpected(checked.error());
  auto image = read_photo_file(files, photo.content_hash);
  if (!image) return std::unexpected(image.error());
  auto analysis = analyse(*image, photo, result.target, result.vellus_under_um);
  if (!analysis) return std::unexpected(analysis.error());
  return trichometry::draw_overlay(bytes_of(*image), *analysis);
}

}  // namespace mesoclinic::practice
