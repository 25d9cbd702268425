// Photos (store/photos.h) over SQL. Rows are only inserted and read here; erasure deletes them
// with the rest of the patient's rows (sql_patients.cc).
#include "store/sql_transaction.h"

namespace mesoclinic::store::internal {
namespace {

struct PhotoRow {
  static constexpr std::string_view kSelect =
      "SELECT id, patient_id, course_id, appointment_id, kind, view, zone, time_point, "
      "um_per_pixel, taken_at, recorded_at, recorded_by, content_hash, width, height, byte_size, "
      "thumbnail_hash FROM photos";
  clinic::Photo value;
  std::string kind, time_point;
  std::optional<std::string> view, zone;
  long long byte_size = 0;
  void into(Query& query) {
    query.into(value.id, value.patient_id, value.course_id, value.appointment_id, kind, view, zone,
               time_point, value.um_per_pixel, value.taken_at, value.recorded_at, value.recorded_by,
               value.content_hash, value.width, value.height, byte_size, value.thumbnail_hash);
  }
  Result<void> finish() {
    const auto parsed_kind = clinic::parse_photo_kind(kind);
    const auto parsed_point = clinic::parse_time_point(time_point);
    // One Row reads every row of a list (store/sql.h), so what a row lacks is cleared, not left
    // over from the row before.
    value.view.reset();
    value.zone.reset();
    if (view) value.view = clinic::parse_photo_view(*view);
    if (zone) value.zone = clinic::parse_scalp_zone(*zone);
    if (!parsed_kind || !parsed_point || (view && !value.view) || (zone && !value.zone)) {
      return fail(ErrorCode::kInternal, "a stored photo has an unknown kind, view, zone or time");
    }
    value.kind = *parsed_kind;
    value.time_point = *parsed_point;
    value.byte_size = byte_size;
    return {};
  }
};

std::optional<std::string> name_of(const auto& value) {
  if (!value) return std::nullopt;
  return std::string(clinic::to_string(*value));
}

}  // namespace

Result<void> SqlTransaction::insert_photo(const clinic::Photo& photo) {
  return guarded("saving a photo", [&]() -> Result<void> {
    if (!exists("patients", photo.patient_id))
      return invalid({{"/patient_id", "names no patient"}});
    if (photo.course_id && !exists("courses", *photo.course_id)) {
      return invalid({{"/course_id", "names no course"}});
    }
    if (photo.appointment_id && !exists("appointments", *photo.appointment_id)) {
      return invalid({{"/appointment_id", "names no appointment"}});
    }
    if (exists("photos", photo.id)) {
      return fail(ErrorCode::kConflict, "a photo with id " + photo.id + " exists");
    }
    run("INSERT INTO photos (id, patient_id, course_id, appointment_id, kind, view, zone, "
        "time_point, um_per_pixel, taken_at, recorded_at, recorded_by, content_hash, width, "
        "height, byte_size, thumbnail_hash) VALUES (:id, :patient_id, :course_id, "
        ":appointment_id, :kind, :view, :zone, :time_point, :um_per_pixel, :taken_at, "
        ":recorded_at, :recorded_by, :content_hash, :width, :height, :byte_size, "
        ":thumbnail_hash)",
        {{"id", photo.id},
         {"patient_id", photo.patient_id},
         {"course_id", photo.course_id},
         {"appointment_id", photo.appointment_id},
         {"kind", std::string(clinic::to_string(photo.kind))},
         {"view", name_of(photo.view)},
         {"zone", name_of(photo.zone)},
         {"time_point", std::string(clinic::to_string(photo.time_point))},
         {"um_per_pixel", photo.um_per_pixel},
         {"taken_at", photo.taken_at},
         {"recorded_at", photo.recorded_at},
         {"recorded_by", photo.recorded_by},
         {"content_hash", photo.content_hash},
         {"width", static_cast<long long>(photo.width)},
         {"height", static_cast<long long>(photo.height)},
         {"byte_size", static_cast<long long>(photo.byte_size)},
         {"thumbnail_hash", photo.thumbnail_hash}});
    return {};
  });
}

Result<std::optional<clinic::Photo>> SqlTransaction::find_photo(const std::string& id) {
  return one<PhotoRow>("reading a photo", "id = :id", {{"id", id}});
}

Result<std::vector<clinic::Photo>> SqlTransaction::list_photos(const std::string& patient_id) {
  return rows<PhotoRow>("listing photos", "patient_id = :patient_id ORDER BY taken_at, id",
                        {{"patient_id", patient_id}});
}

Result<bool> SqlTransaction::photo_file_in_use(const std::string& hash) {
  return guarded("looking for a photo file's rows", [&]() -> Result<bool> {
    return count_where("photos", "content_hash", hash) > 0 ||
           count_where("photos", "thumbnail_hash", hash) > 0;
  });
}

}  // namespace mesoclinic::store::internal
