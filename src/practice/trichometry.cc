#include "practice/trichometry.h"

#include "core/ids.h"
#include "documents/trichometry_json.h"
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

}  // namespace

clinic::HairFigures hair_figures(const trichometry::Figures& f) {
  return {f.hair_count,           f.target_area_cm2,
          f.density_per_cm2,      f.mean_diameter_um,
          f.median_diameter_um,   f.diameter_cv_percent,
          f.vellus_share_percent, f.cumulative_thickness_mm_per_cm2};
}

trichometry::Figures engine_figures(const clinic::HairFigures& f) {
  return {f.hair_count,           f.target_area_cm2,
          f.density_per_cm2,      f.mean_diameter_um,
          f.median_diameter_um,   f.diameter_cv_percent,
          f.vellus_share_percent, f.cumulative_thickness_mm_per_cm2};
}

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
  trichometry::TargetArea area;
  if (request.target) {
    area = {request.target->left, request.target->top, request.target->width,
            request.target->height};
  }
  return trichometry::analyze(bytes_of(*image), {*photo.um_per_pixel}, area,
                              settings_of(request.vellus_under_um));
}

Result<clinic::TrichometryResult> record_trichometry(store::Transaction& tx,
                                                     const clinic::Photo& photo,
                                                     const trichometry::Analysis& analysis,
                                                     const TrichometryRequest& request,
                                                     const std::string& user_id, Instant now) {
  const auto& t = analysis.target;
  clinic::TrichometryResult result;
  result.id = new_id();
  result.photo_id = photo.id;
  result.patient_id = photo.patient_id;
  result.target = {t.left, t.top, t.width, t.height};
  result.vellus_under_um = request.vellus_under_um;
  result.figures = hair_figures(analysis.figures);
  result.analysed_at = now;
  result.analysed_by = user_id;
  result.engine = trichometry::kEngine;
  result.hairs = documents::hairs_json(analysis.hairs).dump();
  if (auto kept = tx.insert_trichometry(result); !kept) return std::unexpected(kept.error());
  return result;
}

Result<trichometry::Analysis> reviewed_analysis(const clinic::Photo& photo,
                                                const clinic::TrichometryResult& result) {
  if (auto checked = check_trichoscopy(photo); !checked) return std::unexpected(checked.error());
  const auto stored = [&](const char* what) {
    return fail(ErrorCode::kInternal, "The stored " + std::string(what) +
                                          " of trichometry result " + result.id +
                                          " cannot be read.");
  };
  auto hairs = documents::read_hairs_text(result.hairs);
  if (!hairs) return stored("hairs");
  const auto& t = result.target;
  trichometry::Analysis reviewed{.hairs = std::move(*hairs),
                                 .figures = engine_figures(result.figures),
                                 .target = {t.left, t.top, t.width, t.height},
                                 .calibration = {*photo.um_per_pixel}};
  if (result.correction) {
    const auto marks = documents::read_correction_text(result.correction->marks);
    if (!marks) return stored("correction");
    auto corrected =
        trichometry::apply_correction(reviewed, *marks, settings_of(result.vellus_under_um));
    if (!corrected) return stored("correction");
    reviewed = std::move(*corrected);
  }
  // Kept simplified (and an added hair is a straight line from its exit to its end); walked a
  // pixel at a time again, as the engine's comparisons walk traced shafts.
  for (auto& hair : reviewed.hairs) hair.centre_line = trichometry::resampled(hair.centre_line, 1);
  return reviewed;
}

Result<clinic::TrichometryResult> correct_trichometry(store::Transaction& tx,
                                                      const clinic::Photo& photo,
                                                      const clinic::TrichometryResult& result,
                                                      const trichometry::Correction& correction,
                                                      const std::string& user_id, Instant now) {
  if (auto open = clinic::check_under_review(result); !open) return std::unexpected(open.error());
  clinic::TrichometryResult uncorrected = result;
  uncorrected.correction.reset();
  auto automatic = reviewed_analysis(photo, uncorrected);
  if (!automatic) return std::unexpected(automatic.error());
  clinic::TrichometryResult corrected = std::move(uncorrected);
  corrected.version = result.version + 1;
  // An added hair ends where the practitioner can see it end: in the image.
  std::vector<FieldError> outside;
  for (std::size_t i = 0; i < correction.added.size(); ++i) {
    const auto& end = correction.added[i].end;
    if (!(end.x <= photo.width && end.y <= photo.height)) {
      outside.push_back({"/added/" + std::to_string(i) + "/end", "must lie inside the image"});
    }
  }
  if (!outside.empty()) return invalid(std::move(outside), "The correction has invalid fields.");
  if (!correction.removed.empty() || !correction.added.empty()) {
    auto applied =
        trichometry::apply_correction(*automatic, correction, settings_of(result.vellus_under_um));
    if (!applied) return std::unexpected(applied.error());
    corrected.correction =
        clinic::TrichometryCorrection{.marks = documents::correction_json(correction).dump(),
                                      .figures = hair_figures(applied->figures),
                                      .corrected_at = now,
                                      .corrected_by = user_id};
  }
  if (auto kept = tx.update_trichometry_review(corrected, result.version); !kept) {
    return std::unexpected(kept.error());
  }
  return corrected;
}

Result<MeasuredCourse> course_measured_by(store::Transaction& tx, const clinic::Photo& photo) {
  if (!photo.course_id) return MeasuredCourse{};
  auto course = tx.find_course(*photo.course_id);
  if (!course) return std::unexpected(course.error());
  if (!*course) return fail(ErrorCode::kNotFound, "The photo's course is gone.");
  if (photo.taken_at < (*course)->created_at) {
    return MeasuredCourse{.course = std::nullopt,
                          .withheld =
                              "the photo was taken before its course was agreed, and no "
                              "measurement of a course comes before it"};
  }
  return MeasuredCourse{.course = std::move(**course), .withheld = std::nullopt};
}

Result<TrichometryRecording> accept_trichometry(store::Transaction& tx, const clinic::Photo& photo,
                                                const clinic::TrichometryResult& result,
                                                const std::string& user_id, Instant now) {
  if (auto open = clinic::check_under_review(result); !open) return std::unexpected(open.error());
  TrichometryRecording recording;
  recording.result = result;
  recording.result.accepted_at = now;
  recording.result.accepted_by = user_id;
  recording.result.version = result.version + 1;
  if (auto kept = tx.update_trichometry_review(recording.result, result.version); !kept) {
    return std::unexpected(kept.error());
  }
  auto measured = course_measured_by(tx, photo);
  if (!measured) return std::unexpected(measured.error());
  recording.measurements_withheld = measured->withheld;
  if (!measured->course) return recording;
  MeasurementVisit visit{
      .time_point = photo.time_point,
      .session_id = photo.appointment_id,
      .measured_at = photo.taken_at,
      .measurements = clinic::trichoscopy_measurements(clinic::figures_of(result), photo),
      .photo_id = photo.id};
  auto recorded = record_measurements(tx, *measured->course, visit, user_id, now);
  if (!recorded) return std::unexpected(recorded.error());
  recording.measurements = std::move(*recorded);
  return recording;
}

Result<std::optional<TrichometryVisit>> measured_visit(store::Transaction& tx,
                                                       const clinic::Photo& photo) {
  auto result = tx.find_photo_trichometry(photo.id);
  if (!result) return std::unexpected(result.error());
  if (!*result || !clinic::hairs_kept(**result)) return std::nullopt;
  return TrichometryVisit{photo, std::move(**result)};
}

Result<TrichometryVisit> named_visit(store::Transaction& tx, const clinic::Photo& photo,
                                     const std::string& named, const std::string& field) {
  auto found = tx.find_photo(named);
  if (!found) return std::unexpected(found.error());
  if (*found && (*found)->patient_id == photo.patient_id) {
    auto measured = measured_visit(tx, **found);
    if (!measured) return std::unexpected(measured.error());
    if (*measured) return std::move(**measured);
  }
  return invalid({{field, "names no image of this patient measured with its hairs kept"}});
}

Result<std::optional<TrichometryVisit>> earlier_visit(
    store::Transaction& tx, const clinic::Photo& photo, const std::optional<std::string>& named,
    const std::string& field, const std::function<bool(const clinic::Photo&)>& fits,
    EarlierImage which) {
  if (named) {
    auto visit = named_visit(tx, photo, *named, field);
    if (!visit) return std::unexpected(visit.error());
    return std::move(*visit);
  }
  auto photos = tx.list_photos(photo.patient_id);
  if (!photos) return std::unexpected(photos.error());
  std::optional<TrichometryVisit> chosen;
  for (const auto& candidate : *photos) {
    if (candidate.id == photo.id || (photo.course_id && candidate.course_id != photo.course_id) ||
        !fits(candidate)) {
      continue;
    }
    if (chosen &&
        (which == EarlierImage::kEarliest ? !(candidate.taken_at < chosen->photo.taken_at)
                                          : !(chosen->photo.taken_at < candidate.taken_at))) {
      continue;
    }
    auto measured = measured_visit(tx, candidate);
    if (!measured) return std::unexpected(measured.error());
    if (*measured) chosen = std::move(*measured);
  }
  return chosen;
}

Result<std::optional<TrichometryVisit>> baseline_of(store::Transaction& tx,
                                                    const clinic::Photo& photo,
                                                    const std::optional<std::string>& named) {
  return earlier_visit(
      tx, photo, named, "/baseline",
      [&](const clinic::Photo& candidate) {
        return clinic::check_comparable(candidate, photo).has_value();
      },
      EarlierImage::kEarliest);
}

Result<std::pair<trichometry::Analysis, trichometry::Analysis>> reviewed_pair(
    const TrichometryVisit& earlier, const TrichometryVisit& later) {
  if (!clinic::hairs_kept(later.result)) {
    return invalid({{"/photo", "was measured before results kept their hairs"}},
                   "This image cannot be compared hair by hair.");
  }
  auto before = reviewed_analysis(earlier.photo, earlier.result);
  if (!before) return std::unexpected(before.error());
  auto after = reviewed_analysis(later.photo, later.result);
  if (!after) return std::unexpected(after.error());
  return std::pair{std::move(*before), std::move(*after)};
}

Result<trichometry::VisitComparison> compare_trichometry(const media::PhotoFiles& files,
                                                         const TrichometryVisit& baseline,
                                                         const TrichometryVisit& follow_up) {
  if (auto same = clinic::check_comparable(baseline.photo, follow_up.photo); !same) {
    return std::unexpected(same.error());
  }
  auto reviewed = reviewed_pair(baseline, follow_up);
  if (!reviewed) return std::unexpected(reviewed.error());
  auto before = read_photo_file(files, baseline.photo.content_hash);
  if (!before) return std::unexpected(before.error());
  auto after = read_photo_file(files, follow_up.photo.content_hash);
  if (!after) return std::unexpected(after.error());
  auto compared = trichometry::compare_visits({bytes_of(*before), reviewed->first},
                                              {bytes_of(*after), reviewed->second});
  // Both images were measured once: one that cannot be read now is the server's fault, not the
  // request's.
  if (!compared && !compared.error().fields.empty() &&
      compared.error().fields.front().field.ends_with("/image")) {
    return fail(ErrorCode::kInternal,
                "A stored photo cannot be read: " + compared.error().fields.front().field + " " +
                    compared.error().fields.front().message);
  }
  return compared;
}

Result<std::vector<unsigned char>> trichometry_overlay(const media::PhotoFiles& files,
                                                       const clinic::Photo& photo,
                                                       const clinic::TrichometryResult& result) {
  auto image = read_photo_file(files, photo.content_hash);
  if (!image) return std::unexpected(image.error());
  if (!clinic::hairs_kept(result)) {
    // Measured before results kept their hairs: found again with the result's settings (the
    // engine of that day finds the same ones in the same pixels; a later one may not).
    TrichometryRequest asked{.target = result.target, .vellus_under_um = result.vellus_under_um};
    auto again = analyse_photo(files, photo, asked);
    if (!again) return std::unexpected(again.error());
    return trichometry::draw_overlay(bytes_of(*image), *again);
  }
  auto reviewed = reviewed_analysis(photo, result);
  if (!reviewed) return std::unexpected(reviewed.error());
  return trichometry::draw_overlay(bytes_of(*image), *reviewed);
}

}  // namespace mesoclinic::practice
