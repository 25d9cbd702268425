#include "practice/booking.h"

#include <algorithm>

#include "clinic/chair_safety.h"
#include "clinic/suitability.h"
#include "core/ids.h"
#include "practice/consents.h"
#include "practice/retirement.h"
#include "practice/worklist.h"

namespace mesoclinic::practice {
namespace {

using std::chrono::minutes;

// The slot for one appointment with exactly this practitioner, or why not; `what` names the
// appointment in the refusal ("session 3 at " for a course's, empty for a single one).
Result<planning::Slot> slot_with(const planning::Calendar& calendar, const LocalDateTime& start,
                                 Instant instant, minutes length, const std::string& patient_id,
                                 const std::string& practitioner_id, const std::string& what) {
  auto slot = calendar.find_slot(start, length, patient_id, practitioner_id,
                                 occurrence(calendar.zone(), start, instant));
  if (auto* why = std::get_if<planning::Refusal>(&slot)) {
    return fail(ErrorCode::kSlotUnavailable, what + format_local(start) + " cannot be booked: " +
                                                 std::string(planning::describe(*why)));
  }
  if (std::get<planning::Slot>(slot).practitioner_id != practitioner_id) {
    return fail(ErrorCode::kSlotUnavailable,
                what + format_local(start) + ": that practitioner is not at work and free then");
  }
  return std::get<planning::Slot>(slot);
}

// The latest decision for the patient, as a course start reads it.
Result<std::optional<clinic::DecisionOnRecord>> latest_decision(store::Transaction& tx,
                                                                const std::string& patient_id) {
  auto decisions = tx.list_decisions(patient_id);
  if (!decisions) return std::unexpected(decisions.error());
  if (decisions->empty()) return std::nullopt;
  auto decision = documents::decision_from_document(decisions->back().body);
  if (!decision) return std::unexpected(decision.error());
  return *decision;
}

// The versions a screening would read now.
Result<clinic::ScreenedVersions> current_versions(store::Transaction& tx,
                                                  const std::string& patient_id) {
  clinic::ScreenedVersions versions;
  for (const auto& [kind, out] : {std::pair{"medical_history", &versions.medical_history},
                                  std::pair{"hair_assessment", &versions.hair_assessment}}) {
    auto record = tx.find_clinical_record(patient_id, kind, std::nullopt);
    if (!record) return std::unexpected(record.error());
    if (*record) *out = (*record)->version;
  }
  auto rule_set = tx.find_rule_set(std::nullopt);
  if (!rule_set) return std::unexpected(rule_set.error());
  if (*rule_set) versions.rule_set = (*rule_set)->version;
  return versions;
}

struct CourseTermsChecked {
  planning::Money cost;
  bool guardian_needed = false;  // the decision asks a parent or guardian to consent
};

// Whether the patient may start a course of this protocol at this cost: the decision on record
// allows its formulation now, and the patient was shown the estimate.
Result<CourseTermsChecked> check_course_terms(store::Transaction& tx,
                                              const clinic::Patient& patient,
                                              const CourseRequest& request) {
  // Courses agreed earlier keep their protocol and formulation; a new one needs it in service.
  if (auto formulation =
          formulation_for_new_work(tx, request.protocol.formulation_id, "/protocol_id");
      !formulation) {
    if (formulation.error().code == ErrorCode::kInvalidInput) {
      return fail(ErrorCode::kInternal, "the protocol names a missing formulation");
    }
    return std::unexpected(formulation.error());
  }
  auto decision = latest_decision(tx, patient.id);
  if (!decision) return std::unexpected(decision.error());
  auto versions = current_versions(tx, patient.id);
  if (!versions) return std::unexpected(versions.error());
  if (auto allowed = clinic::check_course_start(
          *decision, *versions, request.protocol.formulation_id, request.guardian.has_value());
      !allowed) {
    return std::unexpected(allowed.error());
  }
  const planning::Money cost = planning::estimate_cost(request.protocol, request.discount);
  if (auto agreed = planning::check_agreed_cost(cost, request.cost_shown); !agreed) {
    return std::unexpected(agreed.error());
  }
  return CourseTermsChecked{cost, clinic::guardian_must_consent(**decision)};
}

// Books every agreed session in `loaded`'s calendar, or none.
Result<std::vector<store::Appointment>> book_sessions(LoadedCalendar& loaded,
                                                      const clinic::Patient& patient,
                                                      const std::string& course_id,
                                                      const CourseRequest& request) {
  const minutes length = request.protocol.appointment_length;
  std::vector<store::Appointment> booked;
  for (std::size_t i = 0; i < request.sessions.size(); ++i) {
    const AgreedSession& session = request.sessions[i];
    auto instant =
        resolve_start(loaded.clinic.zone, session.start, "/sessions/" + std::to_string(i));
    if (!instant) return std::unexpected(instant.error());
    auto slot = slot_with(loaded.calendar, session.start.local, *instant, length, patient.id,
                          session.practitioner_id, "session " + std::to_string(i + 1) + " at ");
    if (!slot) return std::unexpected(slot.error());
    store::Appointment appointment{.id = new_id(),
                                   .clinic_id = patient.clinic_id,
                                   .patient_id = patient.id,
                                   .practitioner_id = slot->practitioner_id,
                                   .room_id = slot->room_id,
                                   .starts_at = *instant,
                                   .ends_at = *instant + length,
                                   .status = store::AppointmentStatus::kBooked,
                                   .course_id = course_id,
                                   .session_number = static_cast<int>(i) + 1,
                                   .note = ""};
    loaded.calendar.book({appointment.practitioner_id,
                          appointment.room_id,
                          patient.id,
                          {appointment.starts_at, appointment.ends_at}});
    booked.push_back(std::move(appointment));
  }
  return booked;
}

// Writes moved appointments in two steps: first each is set aside (cancelled, holding nothing),
// then each gets its new time. The database checks every row as it is written, so a session
// moving onto the old slot of one not yet written would otherwise be refused. Each write
// checks the row is still as read: a concurrent change fails this one instead of being lost.
Result<void> write_moves(store::Transaction& tx, const std::vector<store::Appointment>& moved,
                         const std::vector<store::Appointment>& seen) {
  std::vector<store::Appointment> aside;
  for (std::size_t i = 0; i < moved.size(); ++i) {
    store::Appointment parked = seen[i];
    parked.status = store::AppointmentStatus::kCancelled;
    if (auto written = tx.update_appointment(parked, seen[i]); !written) return written;
    aside.push_back(std::move(parked));
  }
  for (std::size_t i = 0; i < moved.size(); ++i) {
    if (auto written = tx.update_appointment(moved[i], aside[i]); !written) return written;
  }
  return {};
}

// The course's sessions that still hold a place, as the planner sees them; kConflict if a
// session after `moved` was attended already (moving this one past it would rewrite history).
Result<std::vector<store::Appointment>> sessions_held(store::Transaction& tx,
                                                      const store::Appointment& moved) {
  auto appointments = tx.list_course_appointments(moved.course_id.value());
  if (!appointments) return std::unexpected(appointments.error());
  std::vector<store::Appointment> held;
  for (const auto& appointment : *appointments) {
    if (!planning::occupies(appointment.status)) continue;
    if (appointment.session_number > moved.session_number &&
        appointment.status == store::AppointmentStatus::kAttended) {
      return fail(ErrorCode::kConflict, "session " + std::to_string(appointment.session_number) +
                                            " is already attended; record this session as "
                                            "attended or missed instead of moving it");
    }
    held.push_back(appointment);
  }
  return held;
}

// A course session moved: later booked sessions follow only as far as their intervals require.
// Returns the appointments as changed.
Result<std::vector<store::Appointment>> move_course_session(
    store::Transaction& tx, const store::Appointment& moved, const clinic::Patient& patient,
    const ClinicInZone& clinic, const LocalDateTime& new_start, Instant new_instant) {
  const ClinicZone& zone = clinic.zone;
  auto course = tx.find_course(*moved.course_id);
  if (!course) return std::unexpected(course.error());
  if (!*course) return fail(ErrorCode::kInternal, "appointment " + moved.id + " names no course");
  auto terms = documents::agreed_course_from_document((*course)->id, (*course)->protocol_id,
                                                      (*course)->body);
  if (!terms) return std::unexpected(terms.error());
  auto held = sessions_held(tx, moved);
  if (!held) return std::unexpected(held.error());
  std::vector<planning::PlannedSession> sessions;
  for (const auto& appointment : *held) {
    sessions.push_back({appointment.session_number,
                        {zone.to_local(appointment.starts_at),
                         {appointment.starts_at, appointment.ends_at},
                         appointment.practitioner_id,
                         appointment.room_id},
                        false});
  }
  auto settings = load_calendar_settings(tx, moved.clinic_id);
  if (!settings) return std::unexpected(settings.error());
  const CalendarDate from = std::min(new_start.date, sessions.front().slot.local_start.date);
  const CalendarDate to =
      add_days(std::max(new_start.date, sessions.back().slot.local_start.date),
               planning::course_horizon_days(terms->protocol, settings->healing_days));
  auto loaded = load_calendar(
      tx, clinic, from, to, patient.id,
      [&](const store::Appointment& other) { return other.course_id == moved.course_id; });
  if (!loaded) return std::unexpected(loaded.error());
  auto planned = planning::reschedule(terms->protocol, loaded->calendar, sessions,
                                      moved.session_number, new_start, patient.id,
                                      terms->preferences, occurrence(zone, new_start, new_instant));
  if (!planned) return std::unexpected(planned.error());

  std::vector<store::Appointment> changed, seen;
  for (const auto& session : *planned) {
    auto original = std::find_if(held->begin(), held->end(), [&](const store::Appointment& a) {
      return a.session_number == session.number;
    });
    if (original == held->end()) continue;
    if (original->starts_at == session.slot.when.start &&
        original->practitioner_id == session.slot.practitioner_id &&
        original->room_id == session.slot.room_id) {
      continue;
    }
    store::Appointment updated = *original;
    updated.starts_at = session.slot.when.start;
    updated.ends_at = session.slot.when.end;
    updated.practitioner_id = session.slot.practitioner_id;
    updated.room_id = session.slot.room_id;
    changed.push_back(std::move(updated));
    seen.push_back(*original);
  }
  if (auto written = write_moves(tx, changed, seen); !written) {
    return std::unexpected(written.error());
  }
  return changed;
}

// A single appointment moved to another time with the same practitioner and length.
Result<store::Appointment> move_single(store::Transaction& tx,
                                       const store::Appointment& appointment,
                                       const clinic::Patient& patient, const ClinicInZone& clinic,
                                       const LocalDateTime& local, Instant instant) {
  const auto length =
      std::chrono::duration_cast<minutes>(appointment.ends_at - appointment.starts_at);
  auto loaded = load_calendar(
      tx, clinic, local.date, local.date, patient.id,
      [&](const store::Appointment& other) { return other.id == appointment.id; },
      Placement{instant, instant + length, appointment.practitioner_id});
  if (!loaded) return std::unexpected(loaded.error());
  auto slot = slot_with(loaded->calendar, local, instant, length, patient.id,
                        appointment.practitioner_id, "");
  if (!slot) return std::unexpected(slot.error());
  store::Appointment updated = appointment;
  updated.starts_at = instant;
  updated.ends_at = instant + length;
  updated.room_id = slot->room_id;
  if (auto written = tx.update_appointment(updated, appointment); !written) {
    return std::unexpected(written.error());
  }
  return updated;
}

}  // namespace

Result<Booking> book(store::Transaction& tx, const clinic::Patient& patient,
                     const SingleBooking& booking, Instant now) {
  // Outside a course, nothing else has asked for a decision yet: the same rule as a course start.
  auto decision = latest_decision(tx, patient.id);
  if (!decision) return std::unexpected(decision.error());
  auto versions = current_versions(tx, patient.id);
  if (!versions) return std::unexpected(versions.error());
  if (const auto missing = clinic::missing_decision(*decision, *versions)) {
    return DecisionMissing{*missing};
  }
  const LocalDateTime& local = booking.start.local;
  auto clinic = find_clinic_in_zone(tx, patient.clinic_id);
  if (!clinic) return std::unexpected(clinic.error());
  auto instant = resolve_start(clinic->zone, booking.start, "");
  if (!instant) return std::unexpected(instant.error());
  auto loaded =
      load_calendar(tx, std::move(*clinic), local.date, local.date, patient.id, {},
                    Placement{*instant, *instant + booking.length, booking.practitioner_id});
  if (!loaded) return std::unexpected(loaded.error());
  const ClinicZone& zone = loaded->clinic.zone;
  if (auto allowed = planning::check_booking(local.date, booking.length, zone.to_local(now).date);
      !allowed) {
    return std::unexpected(allowed.error());
  }
  auto slot = slot_with(loaded->calendar, local, *instant, booking.length, patient.id,
                        booking.practitioner_id, "");
  if (!slot) return std::unexpected(slot.error());
  const store::Appointment appointment{.id = new_id(),
                                       .clinic_id = patient.clinic_id,
                                       .patient_id = patient.id,
                                       .practitioner_id = booking.practitioner_id,
                                       .room_id = slot->room_id,
                                       .starts_at = *instant,
                                       .ends_at = *instant + booking.length,
                                       .status = store::AppointmentStatus::kBooked,
                                       .course_id = std::nullopt,
                                       .session_number = 0,
                                       .note = ""};
  if (auto saved = tx.insert_appointment(appointment); !saved) {
    return std::unexpected(saved.error());
  }
  return Booked{appointment, zone};
}

Result<CourseProposal> propose_course(store::Transaction& tx, const clinic::Patient& patient,
                                      const planning::Protocol& protocol, CalendarDate start,
                                      const planning::Preferences& preferences, Instant now) {
  auto clinic = find_clinic_in_zone(tx, patient.clinic_id);
  if (!clinic) return std::unexpected(clinic.error());
  auto settings = load_calendar_settings(tx, patient.clinic_id);
  if (!settings) return std::unexpected(settings.error());
  const int horizon = planning::course_horizon_days(protocol, settings->healing_days);
  auto loaded = load_calendar(tx, std::move(*clinic), start, add_days(start, horizon), patient.id);
  if (!loaded) return std::unexpected(loaded.error());
  if (auto allowed =
          planning::check_not_past(start, loaded->clinic.zone.to_local(now).date, "/start_date");
      !allowed) {
    return std::unexpected(allowed.error());
  }
  return CourseProposal{
      planning::plan_course(protocol, loaded->calendar, patient.id, start, preferences),
      loaded->clinic.zone};
}

Result<StartedCourse> start_course(store::Transaction& tx, const clinic::Patient& patient,
                                   const CourseRequest& request, const std::string& user_id,
                                   Instant now) {
  if (request.sessions.empty()) {
    return invalid({{"/sessions", "is required: the sessions the patient agreed to"}});
  }
  auto terms_checked = check_course_terms(tx, patient, request);
  if (!terms_checked) return std::unexpected(terms_checked.error());
  std::vector<LocalDateTime> starts;
  for (const auto& session : request.sessions) starts.push_back(session.start.local);
  auto clinic = find_clinic_in_zone(tx, patient.clinic_id);
  if (!clinic) return std::unexpected(clinic.error());
  auto loaded = load_calendar(tx, std::move(*clinic), add_days(starts.front().date, -1),
                              add_days(starts.back().date, 1), patient.id);
  if (!loaded) return std::unexpected(loaded.error());
  if (auto agreed =
          planning::check_agreed_sessions(request.protocol, loaded->settings.healing_days, starts);
      !agreed) {
    return std::unexpected(agreed.error());
  }
  if (auto allowed = planning::check_not_past(
          starts.front().date, loaded->clinic.zone.to_local(now).date, "/sessions/0/starts/local");
      !allowed) {
    return std::unexpected(allowed.error());
  }
  const std::string course_id = new_id();
  auto booked = book_sessions(*loaded, patient, course_id, request);
  if (!booked) return std::unexpected(booked.error());
  const documents::CourseTerms terms{
      .protocol = request.protocol,
      .preferences = request.preferences,
      .discount = request.discount,
      .cost_estimate = terms_checked->cost,
      .agreement = {.method = std::string(clinic::to_string(request.agreement_method)),
                    .cost_shown = request.cost_shown,
                    .guardian_consent = request.guardian.has_value(),
                    .recorded_at = now,
                    .recorded_by = user_id}};
  const store::StoredCourse course{.id = course_id,
                                   .clinic_id = patient.clinic_id,
                                   .patient_id = patient.id,
                                   .protocol_id = request.protocol.id,
                                   .created_at = now,
                                   .created_by = user_id,
                                   .body = documents::course_document(terms),
                                   .agreed_cost = terms_checked->cost};
  if (auto saved = tx.insert_course(course); !saved) return std::unexpected(saved.error());
  auto consent =
      record_course_consent(tx, patient, course_id, request.agreement_method, request.guardian,
                            terms_checked->guardian_needed, user_id, now);
  if (!consent) return std::unexpected(consent.error());
  for (const auto& appointment : *booked) {
    if (auto saved = tx.insert_appointment(appointment); !saved) {
      return std::unexpected(saved.error());
    }
  }
  return StartedCourse{course, std::move(*consent), std::move(*booked), loaded->clinic.zone};
}

Result<Moved> move(store::Transaction& tx, const store::Appointment& appointment,
                   const clinic::Patient& patient, const RequestedStart& start, Instant now) {
  auto clinic = find_clinic_in_zone(tx, appointment.clinic_id);
  if (!clinic) return std::unexpected(clinic.error());
  auto instant = resolve_start(clinic->zone, start, "");
  if (!instant) return std::unexpected(instant.error());
  if (auto allowed = planning::check_move(appointment.status, start.local.date,
                                          clinic->zone.to_local(now).date);
      !allowed) {
    return std::unexpected(allowed.error());
  }
  Moved moved{.changed = {}, .zone = clinic->zone};
  if (appointment.course_id) {
    auto changed = move_course_session(tx, appointment, patient, *clinic, start.local, *instant);
    if (!changed) return std::unexpected(changed.error());
    moved.changed = std::move(*changed);
  } else {
    auto changed = move_single(tx, appointment, patient, *clinic, start.local, *instant);
    if (!changed) return std::unexpected(changed.error());
    moved.changed.push_back(std::move(*changed));
  }
  return moved;
}

Result<Recorded> record_attendance(store::Transaction& tx, const store::Appointment& appointment,
                                   planning::Attendance next, const std::string& note,
                                   Instant now) {
  if (auto allowed =
          planning::check_attendance_change(appointment.status, next, appointment.starts_at, now);
      !allowed) {
    return std::unexpected(allowed.error());
  }
  auto clinic = find_clinic_in_zone(tx, appointment.clinic_id);
  if (!clinic) return std::unexpected(clinic.error());
  store::Appointment updated = appointment;
  updated.status = next;
  updated.note = note;
  if (auto written = tx.update_appointment(updated, appointment); !written) {
    return std::unexpected(written.error());
  }
  // The course's last booked session ending (attended, missed or cancelled) finishes the course:
  // its maintenance recall and its follow-up measurements are planned now.
  if (auto chased = plan_measurement_follow_ups(tx, updated, now); !chased) {
    return std::unexpected(chased.error());
  }
  if (auto recalled = plan_recall(tx, updated, now); !recalled) {
    return std::unexpected(recalled.error());
  }
  return Recorded{updated, clinic->zone};
}

}  // namespace mesoclinic::practice
