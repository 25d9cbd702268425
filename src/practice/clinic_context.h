// What a workflow reads about a clinic before it acts: the clinic in its time zone, its
// calendar settings, contact and aftercare rules (an admin's or the defaults), and the
// calendar the planner books into. Reads only; the caller decides visibility.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "clinic/aftercare.h"
#include "clinic/clinic.h"
#include "core/clinic_time.h"
#include "planning/planning.h"
#include "store/store.h"

namespace mesoclinic::practice {

struct ClinicInZone {
  clinic::Clinic clinic;
  ClinicZone zone;
};

// The clinic and its zone; kNotFound if there is no such clinic, kInternal if its zone is not
// in the tz database.
Result<ClinicInZone> find_clinic_in_zone(store::Transaction& tx, const std::string& clinic_id);

// The clinic's calendar settings; the defaults (no opening hours, DOMAIN's healing period) if
// an admin has not set them yet.
Result<planning::CalendarSettings> load_calendar_settings(store::Transaction& tx,
                                                          const std::string& clinic_id);

// The clinic's contact as an admin set it; an empty one if none is set. kInternal if the
// stored document is damaged.
Result<clinic::ClinicContact> load_clinic_contact(store::Transaction& tx,
                                                  const std::string& clinic_id);

// The clinic's aftercare rules, or DOMAIN.md's defaults if an admin set none.
Result<std::vector<clinic::AftercareRule>> load_aftercare_rules(store::Transaction& tx,
                                                                const std::string& clinic_id);

struct LoadedCalendar {
  ClinicInZone clinic;
  planning::CalendarSettings settings;
  planning::Calendar calendar;
};

// The one appointment a workflow places, when that is all it places: instants [from, to), with
// that practitioner.
struct Placement {
  Instant from;
  Instant to;
  std::string practitioner_id;
};

// The clinic's calendar between two local dates: opening hours, closures, practitioners with a
// schedule there, rooms, and every occupying appointment of the group in that span (people
// work at more than one site), plus all of the patient's. Appointments for which `ignore`
// is true are left out (the ones being moved). Given `only`, just the group's appointments
// that overlap it and its practitioner's hours are read: all that placing that one appointment
// needs, where a busy day has hundreds of appointments and a clinic dozens of practitioners.
// The calendar is held (store::Appointments::hold_calendar) until the transaction ends, so a
// free room chosen from it is still free when the appointment is written. kConflict if the
// clinic has no opening hours, rooms or practitioners to plan with.
Result<LoadedCalendar> load_calendar(
    store::Transaction& tx, ClinicInZone clinic, CalendarDate from, CalendarDate to,
    const std::string& patient_id,
    const std::function<bool(const store::Appointment&)>& ignore = {},
    const std::optional<Placement>& only = std::nullopt);

// A start time as staff give it: clinic wall-clock time and, only needed in the hour repeated
// when clocks go back, the UTC offset that tells which of the two is meant. A client that sends
// back a time as a reply showed it also sends its UTC instant, which must then agree.
struct RequestedStart {
  LocalDateTime local;
  std::optional<std::chrono::minutes> utc_offset{};
  std::optional<Instant> utc{};
};

// The instant it means in `zone`: kInvalidInput (at `at` + "/starts/local", "/starts/utc_offset"
// or "/starts/utc") for a skipped time, a repeated one without an offset, or a UTC instant that
// is another time.
Result<Instant> resolve_start(const ClinicZone& zone, const RequestedStart& start,
                              const std::string& at);

// Which occurrence of a wall-clock time `instant` is (the later only in a repeated hour).
RepeatedHour occurrence(const ClinicZone& zone, const LocalDateTime& local, Instant instant);

}  // namespace mesoclinic::practice
