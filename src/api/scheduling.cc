#include "api/scheduling.h"

#include "api/api.h"
#include "api/documents.h"
#include "api/routes.h"

namespace mesoclinic::api {

using std::chrono::minutes;

Result<ClinicInZone> visible_clinic(store::Transaction& tx, const http::Request& request,
                                    const Caller& caller) {
  const std::string& id = request.path_params.at("id");
  if (!caller.sees_clinic(id)) return fail(ErrorCode::kNotFound, "No clinic with this id.");
  return find_clinic_in_zone(tx, id);
}

Result<std::pair<store::Appointment, clinic::Patient>> find_visible_appointment(
    store::Transaction& tx, const std::string& id, const Caller& caller) {
  auto appointment = tx.find_appointment(id);
  if (!appointment) return std::unexpected(appointment.error());
  if (!*appointment) return fail(ErrorCode::kNotFound, "No appointment with this id.");
  auto patient = find_visible_patient(tx, (*appointment)->patient_id, caller);
  if (!patient) return fail(ErrorCode::kNotFound, "No appointment with this id.");
  return std::pair{std::move(**appointment), std::move(*patient)};
}

std::optional<RequestedStart> read_start(const Json& object, const std::string& at,
                                         std::vector<FieldError>& errors) {
  const auto found = object.find("starts");
  if (found == object.end() || !found->is_object()) {
    errors.push_back(
        {at + "/starts", "is required: {\"local\": \"YYYY-MM-DDTHH:MM\"} in clinic time"});
    return std::nullopt;
  }
  const std::size_t errors_before = errors.size();
  Members members(*found, at + "/starts", errors);
  members.refuse_unknown({"local", "utc_offset", "utc"});
  RequestedStart start;
  if (const auto local = members.string("local", true)) {
    if (auto parsed = parse_local(*local)) {
      start.local = *parsed;
    } else {
      members.error("local", "must be clinic time written YYYY-MM-DDTHH:MM");
    }
  }
  if (const auto offset = members.string("utc_offset", false, true)) {
    start.utc_offset = parse_utc_offset(*offset);
    if (!start.utc_offset) members.error("utc_offset", "must be written +HH:MM or -HH:MM");
  }
  if (const auto utc = members.string("utc", false, true)) {
    if (auto parsed = parse_rfc3339(*utc)) {
      start.utc = *parsed;
    } else {
      members.error("utc", "must be an RFC 3339 instant, as a reply showed it");
    }
  }
  if (errors.size() != errors_before) return std::nullopt;
  return start;
}

Json to_json(const store::Appointment& appointment, const ClinicZone& zone) {
  return Json{
      {"id", appointment.id},
      {"clinic_id", appointment.clinic_id},
      {"patient_id", appointment.patient_id},
      {"practitioner_id", appointment.practitioner_id},
      {"room_id", appointment.room_id},
      {"course_id", appointment.course_id ? Json(*appointment.course_id) : Json(nullptr)},
      {"session_number",
       appointment.session_number > 0 ? Json(appointment.session_number) : Json(nullptr)},
      {"starts", clinic_time_json(appointment.starts_at, zone)},
      {"ends", clinic_time_json(appointment.ends_at, zone)},
      {"minutes",
       std::chrono::duration_cast<minutes>(appointment.ends_at - appointment.starts_at).count()},
      {"status", planning::to_string(appointment.status)},
      {"note", appointment.note}};
}

Json recall_json(const planning::Protocol& protocol, CalendarDate last_session) {
  const auto recall = planning::recall_window(protocol, last_session);
  return Json{{"due", format_iso_date(recall.due)},
              {"window_opens", format_iso_date(recall.opens)},
              {"window_closes", format_iso_date(recall.closes)}};
}

// The course as shown: its agreed terms, its sessions as they stand now, the gap flag and the
// maintenance recall after the last session still on the calendar.
Json course_json(const store::StoredCourse& course,
                 const std::vector<store::Appointment>& appointments, const ClinicZone& zone) {
  Json reply = Json::parse(course.body);
  reply["id"] = course.id;
  reply["patient_id"] = course.patient_id;
  reply["clinic_id"] = course.clinic_id;
  reply["protocol_id"] = course.protocol_id;
  reply["created_at"] = format_rfc3339(course.created_at);
  reply["created_by"] = course.created_by;
  Json sessions = Json::array();
  int gaps = 0;
  std::optional<Instant> last;
  for (const auto& appointment : appointments) {
    sessions.push_back(to_json(appointment, zone));
    if (planning::occupies(appointment.status)) {
      last = std::max(last.value_or(appointment.starts_at), appointment.starts_at);
    } else {
      ++gaps;
    }
  }
  reply["sessions"] = std::move(sessions);
  reply["gaps"] = {{"missed_or_cancelled", gaps}, {"flagged", planning::has_too_many_gaps(gaps)}};
  auto terms = documents::agreed_course_from_document(course.id, course.protocol_id, course.body);
  reply["recall"] =
      terms && last ? recall_json(terms->protocol, zone.to_local(*last).date) : Json(nullptr);
  return reply;
}

Json chart_json(const store::StoredChart& stored) {
  Json reply = Json::parse(stored.body);
  reply["appointment_id"] = stored.appointment_id;
  reply["patient_id"] = stored.patient_id;
  reply["version"] = stored.version;
  reply["status"] = stored.signed_at ? "signed" : "draft";
  reply["recorded_at"] = format_rfc3339(stored.recorded_at);
  reply["recorded_by"] = stored.recorded_by;
  reply["signed_at"] = stored.signed_at ? Json(format_rfc3339(*stored.signed_at)) : Json(nullptr);
  reply["signed_by"] = stored.signed_at ? Json(stored.signed_by) : Json(nullptr);
  reply["correction_reason"] =
      stored.correction_reason.empty() ? Json(nullptr) : Json(stored.correction_reason);
  // A chart signed despite conflicts at the chair keeps them in its document; others show null.
  if (!reply.contains("override")) reply["override"] = nullptr;
  return reply;
}

}  // namespace mesoclinic::api
