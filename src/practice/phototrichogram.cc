#include "practice/phototrichogram.h"

#include "practice/outcomes.h"

namespace mesoclinic::practice {

Result<std::optional<TrichometryVisit>> day_0_of(store::Transaction& tx, const clinic::Photo& later,
                                                 const std::optional<std::string>& named) {
  if (named) {
    auto visit = named_visit(tx, later, *named, "/day_0");
    if (!visit) return std::unexpected(visit.error());
    return std::move(*visit);
  }
  auto photos = tx.list_photos(later.patient_id);
  if (!photos) return std::unexpected(photos.error());
  // The latest: a site imaged on several days is measured against the day before this image.
  std::optional<TrichometryVisit> latest;
  for (const auto& candidate : *photos) {
    if ((later.course_id && candidate.course_id != later.course_id) ||
        !clinic::growth_days(candidate, later)) {
      continue;
    }
    if (latest && !(latest->photo.taken_at < candidate.taken_at)) continue;
    auto measured = measured_visit(tx, candidate);
    if (!measured) return std::unexpected(measured.error());
    if (*measured) latest = std::move(*measured);
  }
  return latest;
}

Result<Phototrichogram> measure_phototrichogram(const TrichometryVisit& day_0,
                                                const TrichometryVisit& later) {
  auto days = clinic::growth_days(day_0.photo, later.photo);
  if (!days) return std::unexpected(days.error());
  if (!clinic::hairs_kept(later.result)) {
    return invalid({{"/photo", "was measured before results kept their hairs"}},
                   "This image cannot be compared hair by hair.");
  }
  auto before = reviewed_analysis(day_0.photo, day_0.result);
  if (!before) return std::unexpected(before.error());
  auto after = reviewed_analysis(later.photo, later.result);
  if (!after) return std::unexpected(after.error());
  auto growth = trichometry::measure_growth(*before, *after, *days);
  if (!growth) return std::unexpected(growth.error());
  return Phototrichogram{*days, *growth};
}

Result<std::optional<clinic::RecordedMeasurement>> recorded_anagen_share(
    store::Transaction& tx, const clinic::Photo& later) {
  if (!later.course_id) return std::nullopt;
  auto measurements = tx.list_course_measurements(*later.course_id);
  if (!measurements) return std::unexpected(measurements.error());
  for (auto& recorded : *measurements) {
    if (recorded.photo_id == later.id &&
        recorded.measurement.measure == clinic::Measure::kAnagenShare) {
      return std::move(recorded);
    }
  }
  return std::nullopt;
}

Result<AnagenRecording> record_anagen_share(store::Transaction& tx, const TrichometryVisit& day_0,
                                            const TrichometryVisit& later,
                                            const std::string& user_id, Instant now) {
  if (auto accepted = clinic::check_both_accepted(day_0.result, later.result); !accepted) {
    return std::unexpected(accepted.error());
  }
  auto measured = measure_phototrichogram(day_0, later);
  if (!measured) return std::unexpected(measured.error());
  AnagenRecording recording;
  recording.phototrichogram = *measured;
  const clinic::Photo& photo = later.photo;
  if (!photo.course_id) {
    recording.measurement_withheld = "the image belongs to no course";
    return recording;
  }
  auto already = recorded_anagen_share(tx, photo);
  if (!already) return std::unexpected(already.error());
  if (*already) {
    return fail(ErrorCode::kConflict,
                "The anagen share of this image is recorded already (" + (*already)->id + ").");
  }
  auto course = tx.find_course(*photo.course_id);
  if (!course) return std::unexpected(course.error());
  if (!*course) return fail(ErrorCode::kNotFound, "The photo's course is gone.");
  if (photo.taken_at < (*course)->created_at) {
    recording.measurement_withheld =
        "the image was taken before its course was agreed, and no measurement of a course comes "
        "before it";
    return recording;
  }
  const auto measurement = clinic::anagen_measurement(measured->growth.anagen_share_percent, photo);
  if (!measurement) {
    recording.measurement_withheld = "the anagen share is outside its plausible range";
    return recording;
  }
  MeasurementVisit visit{.time_point = photo.time_point,
                         .session_id = photo.appointment_id,
                         .measured_at = photo.taken_at,
                         .measurements = {*measurement},
                         .photo_id = photo.id};
  auto recorded = record_measurements(tx, **course, visit, user_id, now);
  if (!recorded) return std::unexpected(recorded.error());
  recording.measurement = std::move(recorded->front());
  return recording;
}

}  // namespace mesoclinic::practice
