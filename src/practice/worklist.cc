#include "practice/worklist.h"

#include <algorithm>
#include <set>

#include "core/ids.h"
#include "documents/course.h"
#include "planning/planning.h"
#include "practice/clinic_context.h"
#include "practice/outcomes.h"
#include "practice/reminders.h"

namespace mesoclinic::practice {
namespace {

// A new open item of `kind` from `source_id`; the caller fills in what the kind needs.
clinic::WorklistItem new_item(clinic::WorklistKind kind, const std::string& clinic_id,
                              const std::string& patient_id, const std::string& source_id,
                              Instant at) {
  clinic::WorklistItem item;
  item.id = new_id();
  item.clinic_id = clinic_id;
  item.patient_id = patient_id;
  item.kind = kind;
  item.source_id = source_id;
  item.created_at = at;
  return item;
}

// Opens `item` unless its source opened one already, with an audit entry in the system's name:
// the item is patient data no one asked for by hand.
Result<void> open_with_audit(store::Transaction& tx, const clinic::WorklistItem& item) {
  auto opened = tx.open_worklist_item(item);
  if (!opened) return std::unexpected(opened.error());
  if (!*opened) return {};
  audit::Entry entry;
  entry.recorded_at = item.created_at;
  entry.username = "system";
  entry.action = "worklist.open";
  entry.resource_type = "worklist_item";
  entry.resource_id = item.id;
  entry.patient_id = item.patient_id;
  auto audited = tx.append_audit(entry);
  if (!audited) return std::unexpected(audited.error());
  return {};
}

// The course's sessions as the finishing rule reads them, in the stored order.
std::vector<planning::PatientAppointment> as_sessions(
    const std::vector<store::Appointment>& appointments) {
  std::vector<planning::PatientAppointment> sessions;
  for (const auto& appointment : appointments) {
    sessions.push_back({appointment.id, appointment.starts_at, appointment.status});
  }
  return sessions;
}

}  // namespace

Result<void> plan_reassessment(store::Transaction& tx, const clinic::Patient& patient,
                               const std::string& decision_id,
                               const clinic::DecisionOnRecord& decision, CalendarDate decided_on,
                               Instant at) {
  if (decision.outcome != clinic::Outcome::kNotNow || !decision.reassess_on) return {};
  clinic::WorklistItem item =
      new_item(clinic::WorklistKind::kReassess, patient.clinic_id, patient.id, decision_id, at);
  item.due_by = *decision.reassess_on;
  item.detail = clinic::reassess_detail(decided_on, *decision.reassess_on);
  return open_with_audit(tx, item);
}

Result<void> plan_adverse_follow_ups(store::Transaction& tx, const store::Appointment& session,
                                     const clinic::SessionChart& chart, Instant at) {
  std::set<CalendarDate> days;
  for (const auto& event : chart.adverse_events) {
    if (event.follow_up_on) days.insert(*event.follow_up_on);
  }
  if (days.empty()) return {};
  auto site = find_clinic_in_zone(tx, session.clinic_id);
  if (!site) return std::unexpected(site.error());
  const CalendarDate session_day = site->zone.to_local(session.starts_at).date;
  for (const CalendarDate& day : days) {
    clinic::WorklistItem item = new_item(clinic::WorklistKind::kAdverseFollowUp, session.clinic_id,
                                         session.patient_id, session.id, at);
    item.course_id = session.course_id;
    item.source_key = format_iso_date(day);
    item.due_by = day;
    item.detail = clinic::adverse_follow_up_detail(session_day, day);
    if (auto opened = open_with_audit(tx, item); !opened) return opened;
  }
  return {};
}

Result<void> plan_recall(store::Transaction& tx, const store::Appointment& session, Instant at) {
  if (!session.course_id) return {};
  const std::string& course_id = *session.course_id;
  auto stored = tx.list_course_appointments(course_id);
  if (!stored) return std::unexpected(stored.error());
  const auto sessions = as_sessions(*stored);
  const planning::PatientAppointment* last = planning::last_session_of_finished_course(sessions);
  if (!last) return {};
  // Once per course: the recall was planned when the course finished, whatever is signed since.
  auto planned = tx.list_source_worklist(clinic::WorklistKind::kRecall, course_id);
  if (!planned) return std::unexpected(planned.error());
  if (!planned->empty()) return {};
  auto course = tx.find_course(course_id);
  if (!course) return std::unexpected(course.error());
  if (!*course) return fail(ErrorCode::kInternal, "session " + session.id + " names no course");
  auto terms =
      documents::agreed_course_from_document(course_id, (*course)->protocol_id, (*course)->body);
  if (!terms) return std::unexpected(terms.error());
  auto patient = tx.find_patient(session.patient_id);
  if (!patient) return std::unexpected(patient.error());
  if (!*patient) return {};  // deleted meanwhile: no one to recall
  auto site = find_clinic_in_zone(tx, session.clinic_id);
  if (!site) return std::unexpected(site.error());
  const store::Appointment& last_session =
      (*stored)[static_cast<std::size_t>(last - sessions.data())];
  const CalendarDate last_day = site->zone.to_local(last_session.starts_at).date;
  const planning::RecallWindow window = planning::recall_window(terms->protocol, last_day);
  auto invited = queue_recall_invitation(tx, **patient, course_id, last_session, window.due, at);
  if (!invited) return std::unexpected(invited.error());
  clinic::WorklistItem item =
      new_item(clinic::WorklistKind::kRecall, session.clinic_id, session.patient_id, course_id, at);
  item.course_id = course_id;
  item.due_by = window.opens;
  item.detail = clinic::recall_detail(last_day, window.opens, window.closes, window.due, *invited);
  return open_with_audit(tx, item);
}

Result<void> plan_measurement_follow_ups(store::Transaction& tx, const store::Appointment& session,
                                         Instant at) {
  if (!session.course_id) return {};
  const std::string& course_id = *session.course_id;
  auto stored = tx.list_course_appointments(course_id);
  if (!stored) return std::unexpected(stored.error());
  const bool finished = planning::last_session_of_finished_course(as_sessions(*stored)) != nullptr;
  auto points = course_follow_ups(tx, course_id);
  if (!points) return std::unexpected(points.error());
  auto measured = tx.list_course_measurements(course_id);
  if (!measured) return std::unexpected(measured.error());
  auto site = find_clinic_in_zone(tx, session.clinic_id);
  if (!site) return std::unexpected(site.error());
  const CalendarDate today = site->zone.to_local(at).date;
  for (const auto& point : *points) {
    if (point.due_on > today && !finished) continue;
    const bool taken = std::any_of(measured->begin(), measured->end(), [&](const auto& recorded) {
      return recorded.measurement.time_point == point.point;
    });
    if (taken) continue;
    clinic::WorklistItem item = new_item(clinic::WorklistKind::kMeasurementDue, session.clinic_id,
                                         session.patient_id, course_id, at);
    item.course_id = course_id;
    item.source_key = std::string(clinic::to_string(point.point));
    item.due_by = point.due_on;
    item.detail = clinic::measurement_due_detail(clinic::words_for(point.point), point.due_on);
    if (auto opened = open_with_audit(tx, item); !opened) return opened;
  }
  return {};
}

Result<void> report_failed_reminder(store::Transaction& tx, const store::Reminder& reminder,
                                    Instant at) {
  auto reported = tx.list_source_worklist(clinic::WorklistKind::kReminderFailed, reminder.id);
  if (!reported) return std::unexpected(reported.error());
  for (const auto& item : *reported) {
    if (clinic::status_of(item) == clinic::WorklistStatus::kOpen) return {};
  }
  auto site = find_clinic_in_zone(tx, reminder.clinic_id);
  if (!site) return std::unexpected(site.error());
  auto appointment = tx.find_appointment(reminder.appointment_id);
  if (!appointment) return std::unexpected(appointment.error());
  clinic::WorklistItem item = new_item(clinic::WorklistKind::kReminderFailed, reminder.clinic_id,
                                       reminder.patient_id, reminder.id, at);
  if (*appointment) item.course_id = (*appointment)->course_id;
  // Retried and failed again later, it is another failure: another item, once the first is
  // closed.
  item.source_key = std::to_string(to_unix_micros(at));
  item.due_by = site->zone.to_local(at).date;
  item.detail = clinic::reminder_failed_detail(clinic::to_string(reminder.kind),
                                               clinic::to_string(reminder.channel),
                                               reminder.recipient, reminder.last_error);
  return open_with_audit(tx, item);
}

Result<clinic::WorklistItem> close_worklist_item(store::Transaction& tx,
                                                 const std::string& clinic_id,
                                                 const std::string& item_id,
                                                 const std::string& note,
                                                 const std::string& user_id, Instant at) {
  if (auto valid = clinic::validate_closing_note(note); !valid) {
    return std::unexpected(valid.error());
  }
  auto found = tx.find_worklist_item(item_id);
  if (!found) return std::unexpected(found.error());
  if (*found && (*found)->clinic_id == clinic_id) {
    auto patient = tx.find_patient((*found)->patient_id);
    if (!patient) return std::unexpected(patient.error());
    if (!*patient) found->reset();
  }
  if (!*found || (*found)->clinic_id != clinic_id) {
    return fail(ErrorCode::kNotFound, "The clinic's worklist has no item with this id.");
  }
  auto closed = clinic::close(**found, {.closed_at = at, .closed_by = user_id, .note = note});
  if (!closed) return std::unexpected(closed.error());
  if (auto written = tx.close_worklist_item(*closed); !written) {
    return std::unexpected(written.error());
  }
  return closed;
}

}  // namespace mesoclinic::practice
