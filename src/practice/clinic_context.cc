#include "practice/clinic_context.h"

#include <algorithm>

#include "documents/settings.h"

namespace mesoclinic::practice {

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

Result<planning::CalendarSettings> load_calendar_settings(store::Transaction& tx,
                                                          const std::string& clinic_id) {
  auto stored = tx.find_clinic_setting(clinic_id, std::string(documents::kCalendarSettingName));
  if (!stored) return std::unexpected(stored.error());
  if (!*stored) return planning::CalendarSettings{};
  return documents::calendar_from_document((*stored)->body, clinic_id);
}

Result<clinic::ClinicContact> load_clinic_contact(store::Transaction& tx,
                                                  const std::string& clinic_id) {
  auto stored = tx.find_clinic_setting(clinic_id, std::string(documents::kContactSettingName));
  if (!stored) return std::unexpected(stored.error());
  if (!*stored) return clinic::ClinicContact{};
  return documents::contact_from_document((*stored)->body, clinic_id);
}

Result<std::vector<clinic::AftercareRule>> load_aftercare_rules(store::Transaction& tx,
                                                                const std::string& clinic_id) {
  auto stored = tx.find_clinic_setting(clinic_id, std::string(documents::kAftercareSettingName));
  if (!stored) return std::unexpected(stored.error());
  if (!*stored) return clinic::default_aftercare_rules();
  return documents::aftercare_rules_from_document((*stored)->body);
}

namespace {

// The practitioners with working hours at the clinic, only `only_id` if given and they have hours
// there (placing one appointment with them needs no one else's); kConflict if there are none.
Result<std::vector<planning::Practitioner>> load_practitioners(store::Transaction& tx,
                                                               const ClinicInZone& clinic,
                                                               const std::string& only_id) {
  const auto prefix = documents::kSchedulePrefix;
  Result<std::vector<store::ClinicSetting>> schedules = std::vector<store::ClinicSetting>{};
  if (!only_id.empty()) {
    auto theirs = tx.find_clinic_setting(clinic.clinic.id, std::string(prefix) + only_id);
    if (!theirs) return std::unexpected(theirs.error());
    if (*theirs) schedules->push_back(std::move(**theirs));
  }
  if (schedules->empty())
    schedules = tx.list_clinic_settings(clinic.clinic.id, std::string(prefix));
  if (!schedules) return std::unexpected(schedules.error());
  std::vector<planning::Practitioner> practitioners;
  for (const auto& stored : *schedules) {
    auto schedule = documents::schedule_from_document(stored.body, stored.name);
    if (!schedule) return std::unexpected(schedule.error());
    practitioners.push_back(
        planning::practitioner_from(stored.name.substr(prefix.size()), *schedule, clinic.zone));
  }
  if (practitioners.empty()) {
    return fail(ErrorCode::kConflict,
                "no practitioner has working hours at this clinic yet; an admin sets them with "
                "PUT /api/v1/clinics/{id}/practitioners/{user_id}/schedule");
  }
  return practitioners;
}

}  // namespace

Result<LoadedCalendar> load_calendar(store::Transaction& tx, ClinicInZone clinic, CalendarDate from,
                                     CalendarDate to, const std::string& patient_id,
                                     const std::function<bool(const store::Appointment&)>& ignore,
                                     const std::optional<Placement>& only) {
  const std::string clinic_id = clinic.clinic.id;
  if (auto held = tx.hold_calendar(clinic_id); !held) return std::unexpected(held.error());
  auto settings = load_calendar_settings(tx, clinic_id);
  if (!settings) return std::unexpected(settings.error());
  const bool has_hours = std::any_of(settings->opening.begin(), settings->opening.end(),
                                     [](const auto& day) { return !day.empty(); });
  if (!has_hours) {
    return fail(ErrorCode::kConflict,
                "the clinic has no opening hours yet; an admin sets them with PUT "
                "/api/v1/clinics/{id}/calendar");
  }
  auto practitioners = load_practitioners(tx, clinic, only ? only->practitioner_id : "");
  if (!practitioners) return std::unexpected(practitioners.error());
  // Retired rooms are not planned with; their existing appointments still occupy people.
  auto rooms = tx.list_rooms(clinic_id, clinic::Retired::kLeftOut);
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
  planning::Calendar calendar(clinic.zone, settings->opening, std::move(closures),
                              std::move(*practitioners), std::move(room_ids),
                              settings->healing_days);
  // A day either side covers any zone's offset from UTC.
  auto in_span = only ? tx.list_appointments("", only->from, only->to)
                      : tx.list_appointments("", Instant{std::chrono::sys_days{add_days(from, -1)}},
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
  return LoadedCalendar{std::move(clinic), std::move(*settings), std::move(calendar)};
}

Result<Instant> resolve_start(const ClinicZone& zone, const RequestedStart& start,
                              const std::string& at) {
  // A UTC instant sent without an offset still says which of two repeated times is meant.
  const auto offset = start.utc_offset
                          ? start.utc_offset
                          : (start.utc ? std::optional(zone.utc_offset(*start.utc)) : std::nullopt);
  auto instant = offset ? zone.to_instant(start.local, *offset) : zone.to_instant(start.local);
  if (!instant) {
    const std::string field = at + (start.utc_offset ? "/starts/utc_offset"
                                    : start.utc      ? "/starts/utc"
                                                     : "/starts/local");
    return invalid({{field, instant.error().message}});
  }
  if (start.utc && *start.utc != *instant) {
    return invalid({{at + "/starts/utc", "is not the instant of " + format_local(start.local) +
                                             " in " + zone.name() + "; send local alone"}});
  }
  return instant;
}

RepeatedHour occurrence(const ClinicZone& zone, const LocalDateTime& local, Instant instant) {
  const auto earlier = zone.to_instant(local, RepeatedHour::kEarlier);
  return earlier && *earlier != instant ? RepeatedHour::kLater : RepeatedHour::kEarlier;
}

}  // namespace mesoclinic::practice
