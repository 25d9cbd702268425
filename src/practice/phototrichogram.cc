#include "practice/phototrichogram.h"

#include "practice/outcomes.h"

namespace mesoclinic::practice {

Result<std::optional<TrichometryVisit>> day_0_of(store::Transaction& tx, const clinic::Photo& later,
                                                 const std::optional<std::string>& named,
                                                 const std::string& field) {
  // The latest: a site imaged on several days is measured against the day before this image.
  return earlier_visit(
      tx, later, named, field,
      [&](const clinic::Photo& candidate) {
        return clinic::growth_days(candidate, later, field).has_value();
      },
      EarlierImage::kLatest);
}

Result<Phototrichogram> measure_phototrichogram(const TrichometryVisit& day_0,
                                                const TrichometryVisit& later,
                                                const std::string& field) {
  auto days = clinic::growth_days(day_0.photo, later.photo, field);
  if (!days) return std::unexpected(days.error());
  auto reviewed = reviewed_pair(day_0, later);
  if (!reviewed) return std::unexpected(reviewed.error());
  auto growth = trichometry::measure_growth(reviewed->first, reviewed->second, *days);
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
                                            const TrichometryVisit& later, const std::string& field,
                                            const std::string& user_id, Instant now) {
  auto measured = measure_phototrichogram(day_0, later, field);
  if (!measured) return std::unexpected(measured.error());
  if (auto recordable = clinic::check_anagen_recordable(day_0.result, later.result,
                                                        measured->growth.hairs_followed, field);
      !recordable) {
    return std::unexpected(recordable.error());
  }
  AnagenRecording recording;
  recording.phototrichogram = *measured;
  const clinic::Photo& photo = later.photo;
  auto already = recorded_anagen_share(tx, photo);
  if (!already) return std::unexpected(already.error());
  if (*already) {
    return fail(ErrorCode::kConflict,
                "The anagen share of this image is recorded already, as measurement " +
                    (*already)->id + ".");
  }
  auto course = course_measured_by(tx, photo);
  if (!course) return std::unexpected(course.error());
  if (!course->course) {
    recording.measurement_withheld = course->withheld.value_or("the photo belongs to no course");
    return recording;
  }
  MeasurementVisit visit{
      .time_point = photo.time_point,
      .session_id = photo.appointment_id,
      .measured_at = photo.taken_at,
      .measurements = {clinic::anagen_measurement(measured->growth.anagen_share_percent, photo)},
      .photo_id = photo.id};
  // Two recordings at once: the database keeps one measure a photo (migration 0029), and the
  // second is refused as a conflict.
  auto recorded = record_measurements(tx, *course->course, visit, user_id, now);
  if (!recorded) return std::unexpected(recorded.error());
  recording.measurement = std::move(recorded->front());
  return recording;
}

}  // namespace mesoclinic::practice
