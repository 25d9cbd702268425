#include "api/scheduling.h"

#include "api/api.h"
#include "api/clinical_json.h"
#include "api/planning_json.h"
#include "api/routes.h"

namespace mesoclinic::api {

using std::chrono::minutes;

Result<ClinicInZone> find_clinic_in_zone(store::Transaction& tx, const std::string& clinic_id) {
  auto clinic = tx.find_clinic(clinic_id);
  if (!clinic) return std::unexpected(clinic.error());
  if (!*clinic) return fail(ErrorCode::kNotFound, "No clinic with this id.");
  auto zone = ClinicZone::find((*clinic)->time_zone);
  if (!zone) {
    return fail(ErrorCode::kInternal,
                "clinic " + clinic_id + " has an unknown time zone " + (*clinic)->time_zone);
  }
  return ClinicInZone{std::move(**clinic), std::move(*zone)};
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

Result<planning::CalendarSettings> load_calendar_settings(store::Transaction& tx,
                                                          const std::string& clinic_id) {
  auto stored = tx.find_clinic_setting(clinic_id, std::string(kCalendarSettingName));
  if (!stored) return std::unexpected(stored.error());
  if (!*stored) return planning::CalendarSettings{};
  auto settings = calendar_settings_from_json(Json::parse((*stored)->body));
  if (!settings)
    return fail(ErrorCode::kInternal, "the stored calendar of " + clinic_id + " is invalid");
  return settings;
}

Result<LoadedCalendar> load_calendar(store::Transaction& tx, const std::string& clinic_id,
                                     CalendarDate from, CalendarDate to,
                                     const std::string& patient_id,
                                     const std::function<bool(const store::Appointment&)>& ignore) {
  auto clinic = find_clinic_in_zone(tx, clinic_id);
  if (!clinic) return std::unexpected(clinic.error());
  auto settings = load_calendar_settings(tx, clinic_id);
  if (!settings) return std::unexpected(settings.error());
  const bool has_hours = std::any_of(settings->opening.begin(), settings->opening.end(),
                                     [](const auto& day) { return !day.empty(); });
  if (!has_hours) {
    return fail(ErrorCode::kConflict,
                "the clinic has no opening hours yet; an admin sets them with PUT "
                "/api/v1/clinics/{id}/calendar");
  }
  auto schedules = tx.list_clinic_settings(clinic_id, std::string(kSchedulePrefix));
  if (!schedules) return std::unexpected(schedules.error());
  std::vector<planning::Practitioner> practitioners;
  for (const auto& stored : *schedules) {
    auto schedule = work_schedule_from_json(Json::parse(stored.body));
    if (!schedule)
      return fail(ErrorCode::kInternal, "the stored schedule " + stored.name + " is invalid");
    practitioners.push_back(planning::practitioner_from(stored.name.substr(kSchedulePrefix.size()),
                                                        *schedule, clinic->zone));
  }
  if (practitioners.empty()) {
    return fail(ErrorCode::kConflict,
                "no practitioner has working hours at this clinic yet; an admin sets them with "
                "PUT /api/v1/clinics/{id}/practitioners/{user_id}/schedule");
  }
  auto rooms = tx.list_rooms(clinic_id);
  if (!rooms) return std::unexpected(rooms.error());
  if (rooms->empty()) {
    return fail(ErrorCode::kConflict,
                "the clinic has no rooms yet; an admin adds them with POST "
                "/api/v1/clinics/{id}/rooms");
  }
  std::vector<std::string> room_ids;
  for (const auto& room : *rooms) room_ids.push_back(room.id);

  std::vector<CalendarDate> closures;
  for (const auto& closure : settings->closures) closures.push_back(closure.date);
  planning::Calendar calendar(clinic->zone, settings->opening, std::move(closures),
                              std::move(practitioners), std::move(room_ids),
                              settings->healing_days);
  // A day either side covers any zone's offset from UTC.
  auto in_span = tx.list_appointments("", Instant{std::chrono::sys_days{add_days(from, -1)}},
                                      Instant{std::chrono::sys_days{add_days(to, 2)}});
  if (!in_span) return std::unexpected(in_span.error());
  auto patients = tx.list_patient_appointments(patient_id);
  if (!patients) return std::unexpected(patients.error());
  for (const auto* list : {&*in_span, &*patients}) {
    for (const auto& appointment : *list) {
      if (!planning::occupies(appointment.status) || (ignore && ignore(appointment))) continue;
      calendar.book({appointment.practitioner_id,
                     appointment.room_id,
                     appointment.patient_id,
                     {appointment.starts_at, appointment.ends_at}});
    }
  }
  return LoadedCalendar{std::move(*clinic), std::move(*settings), std::move(calendar)};
}

std::optional<RequestedStart> read_start(const Json& object, const std::string& at,
                                         std::vector<FieldError>& errors) {
  RequestedStart start;
  const auto local = object.find("starts_at");
  if (local == object.end() || !local->is_string()) {
    errors.push_back({at + "/starts_at", "is required: clinic time written YYYY-MM-DDTHH:MM"});
    return std::nullopt;
  }
  auto parsed = parse_local(local->get<std::string>());
  if (!parsed) {
    errors.push_back({at + "/starts_at", "must be clinic time written YYYY-MM-DDTHH:MM"});
    return std::nullopt;
  }
  start.local = *parsed;
  if (const auto offset = object.find("utc_offset"); offset != object.end() && !offset->is_null()) {
    const auto minutes_off =
        offset->is_string() ? parse_utc_offset(offset->get<std::string>()) : std::nullopt;
    if (!minutes_off) {
      errors.push_back({at + "/utc_offset", "must be written +HH:MM or -HH:MM"});
      return std::nullopt;
    }
    start.utc_offset = *minutes_off;
  }
  return start;
}

Result<Instant> resolve_start(const ClinicZone& zone, const RequestedStart& start,
                              const std::string& at) {
  auto instant = start.utc_offset ? zone.to_instant(start.local, *start.utc_offset)
                                  : zone.to_instant(start.local);
  if (!instant) {
    const std::string field = at + (start.utc_offset ? "/utc_offset" : "/starts_at");
    return invalid({{field, instant.error().message}});
  }
  return instant;
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
      {"starts_at", format_local(zone.to_local(appointment.starts_at))},
      {"utc_offset", format_utc_offset(zone.utc_offset(appointment.starts_at))},
      {"starts_at_utc", format_rfc3339(appointment.starts_at)},
      {"ends_at_utc", format_rfc3339(appointment.ends_at)},
      {"minutes",
       std::chrono::duration_cast<minutes>(appointment.ends_at - appointment.starts_at).count()},
      {"status", planning::to_string(appointment.status)},
      {"note", appointment.note}};
}

Result<CourseTerms> course_terms(const store::StoredCourse& course) {
  const Json document = Json::parse(course.body);
  Json protocol_json = document.at("protocol");
  for (const char* derived : {"id", "cost_estimate"}) protocol_json.erase(derived);
  if (protocol_json["sessions_override_reason"].is_null()) {
    protocol_json.erase("sessions_override_reason");
  }
  auto protocol = protocol_from_json(protocol_json);
  std::vector<FieldError> errors;
  auto preferences = preferences_from_json(&document.at("preferences"), "/preferences", errors);
  if (!protocol || !errors.empty()) {
    return fail(ErrorCode::kInternal, "stored course " + course.id + " is invalid");
  }
  protocol->id = course.protocol_id;
  return CourseTerms{std::move(*protocol), std::move(preferences)};
}

RepeatedHour occurrence(const ClinicZone& zone, const LocalDateTime& local, Instant instant) {
  const auto earlier = zone.to_instant(local, RepeatedHour::kEarlier);
  return earlier && *earlier != instant ? RepeatedHour::kLater : RepeatedHour::kEarlier;
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
  auto terms = course_terms(course);
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
  return reply;
}

}  // namespace mesoclinic::api
