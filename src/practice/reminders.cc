#include "practice/reminders.h"

#include <map>

#include "catalogue/catalogue.h"
#include "clinic/reminders.h"
#include "core/ids.h"
#include "practice/clinic_context.h"
#include "practice/consents.h"

namespace mesoclinic::practice {
namespace {

// How far ahead the sweep looks: a wall-clock day before a start can be 25 hours across a clock
// change.
constexpr auto kSweepHorizon = std::chrono::hours{26};

// The words a reminder fills in, in the patient's language.
std::map<std::string, std::string> reminder_values(const clinic::Patient& patient,
                                                   const ClinicInZone& site,
                                                   const clinic::ClinicContact& contact) {
  // Without a phone the patient is pointed at the e-mail address, or at least the clinic.
  return {{"patient", patient.details.given_name + " " + patient.details.family_name},
          {"clinic", site.clinic.name},
          {"phone", contact.phone.value_or(contact.email.value_or(site.clinic.name))}};
}

store::Reminder new_reminder(const clinic::Patient& patient, const std::string& address,
                             const std::string& appointment_id, Instant now) {
  store::Reminder reminder;
  reminder.id = new_id();
  reminder.patient_id = patient.id;
  reminder.clinic_id = patient.clinic_id;
  reminder.appointment_id = appointment_id;
  reminder.channel = patient.details.reminder_channel;
  reminder.recipient = address;
  reminder.created_at = now;
  return reminder;
}

// Where the patient's reminders go at `at`, if anywhere: the address of the channel they chose,
// and only while they consent to be contacted (the one gate every reminder passes).
Result<std::optional<std::string>> reminder_recipient(store::Transaction& tx,
                                                      const clinic::Patient& patient, Instant at) {
  auto address = clinic::reminder_address(patient.details);
  if (!address) return std::nullopt;
  auto allowed = may_contact(tx, patient.id, at);
  if (!allowed) return std::unexpected(allowed.error());
  if (!*allowed) return std::nullopt;
  return address;
}

// Queues `reminder` (unless its topic is queued already) with an audit entry in the system's
// name: composing it read the patient's contact data. Returns whether it was queued.
Result<bool> queue_with_audit(store::Transaction& tx, const store::Reminder& reminder) {
  auto queued = tx.queue_reminder(reminder);
  if (!queued) return std::unexpected(queued.error());
  if (!*queued) return false;
  audit::Entry entry;
  entry.recorded_at = reminder.created_at;
  entry.username = "system";
  entry.action = "reminder.queue";
  entry.resource_type = "reminder";
  entry.resource_id = reminder.id;
  entry.patient_id = reminder.patient_id;
  auto audited = tx.append_audit(entry);
  if (!audited) return std::unexpected(audited.error());
  return true;
}

// The day-before reminder of one appointment, composed, if the patient wants reminders and its
// time has come at `now`; nothing otherwise.
Result<std::optional<store::Reminder>> appointment_reminder(store::Transaction& tx,
                                                            const store::Appointment& appointment,
                                                            Instant now) {
  auto patient = tx.find_patient(appointment.patient_id);
  if (!patient) return std::unexpected(patient.error());
  if (!*patient) return std::nullopt;
  auto address = reminder_recipient(tx, **patient, now);
  if (!address) return std::unexpected(address.error());
  if (!*address) return std::nullopt;
  auto site = find_clinic_in_zone(tx, appointment.clinic_id);
  if (!site) return std::unexpected(site.error());
  const Instant due = clinic::appointment_reminder_due(appointment.starts_at, site->zone);
  if (due > now) return std::nullopt;
  auto contact = load_clinic_contact(tx, appointment.clinic_id);
  if (!contact) return std::unexpected(contact.error());

  store::Reminder reminder = new_reminder(**patient, **address, appointment.id, now);
  reminder.kind = clinic::ReminderKind::kAppointment;
  reminder.topic = clinic::appointment_reminder_topic(appointment.id, appointment.starts_at);
  reminder.event_at = appointment.starts_at;
  reminder.due_at = due;
  reminder.next_attempt_at = now;
  const std::string language = catalogue::pick_language((*patient)->details.preferred_language);
  auto values = reminder_values(**patient, *site, *contact);
  values["when"] = catalogue::format_day_time(language, site->zone.to_local(appointment.starts_at));
  // No "tomorrow": a retry or a server down overnight may deliver it on the day itself; the
  // date and weekday say it all.
  reminder.subject = catalogue::text(language, "reminder.appointment.subject", values);
  reminder.body = catalogue::text(language, "reminder.appointment.body", values);
  return reminder;
}

// Booked appointments ahead whose reminder is wanted now and not yet queued.
Result<std::vector<store::Appointment>> appointments_to_announce(store::Transaction& tx,
                                                                 Instant now) {
  auto coming = tx.list_appointments("", now, now + kSweepHorizon);
  if (!coming) return std::unexpected(coming.error());
  std::vector<store::Appointment> unannounced;
  for (const auto& appointment : *coming) {
    if (appointment.status != store::AppointmentStatus::kBooked || appointment.starts_at <= now) {
      continue;
    }
    auto queued = tx.reminder_queued(
        clinic::appointment_reminder_topic(appointment.id, appointment.starts_at));
    if (!queued) return std::unexpected(queued.error());
    if (*queued) continue;
    auto wanted = appointment_reminder(tx, appointment, now);
    if (!wanted) return std::unexpected(wanted.error());
    if (*wanted) unannounced.push_back(appointment);
  }
  return unannounced;
}

}  // namespace

Result<void> queue_aftercare_reminders(store::Transaction& tx,
                                       const store::Appointment& appointment,
                                       const clinic::Patient& patient,
                                       const clinic::AftercarePlan& plan, Instant issued_at) {
  auto address = reminder_recipient(tx, patient, issued_at);
  if (!address) return std::unexpected(address.error());
  if (!*address) return {};
  auto site = find_clinic_in_zone(tx, appointment.clinic_id);
  if (!site) return std::unexpected(site.error());
  auto contact = load_clinic_contact(tx, appointment.clinic_id);
  if (!contact) return std::unexpected(contact.error());
  const std::string language = catalogue::pick_language(patient.details.preferred_language);
  auto values = reminder_values(patient, *site, *contact);
  for (const auto& milestone : clinic::aftercare_milestones(plan, issued_at, site->zone)) {
    store::Reminder reminder = new_reminder(patient, **address, appointment.id, issued_at);
    reminder.kind = clinic::ReminderKind::kAftercare;
    reminder.topic = clinic::aftercare_reminder_topic(appointment.id, milestone.rule_id);
    reminder.event_at = milestone.ends_at;
    reminder.due_at = milestone.due_at;
    reminder.next_attempt_at = milestone.due_at;
    values["when"] = catalogue::format_day_time(language, site->zone.to_local(milestone.ends_at));
    reminder.subject = catalogue::text(language, "reminder.aftercare.subject", values);
    reminder.body =
        catalogue::rule_text(language, "reminder.aftercare.", milestone.rule_id, values);
    if (auto queued = queue_with_audit(tx, reminder); !queued) {
      return std::unexpected(queued.error());
    }
  }
  return {};
}

Result<bool> queue_recall_invitation(store::Transaction& tx, const clinic::Patient& patient,
                                     const std::string& course_id,
                                     const store::Appointment& last_session,
                                     CalendarDate recall_day, Instant at) {
  auto address = reminder_recipient(tx, patient, at);
  if (!address) return std::unexpected(address.error());
  if (!*address) return false;
  auto site = find_clinic_in_zone(tx, last_session.clinic_id);
  if (!site) return std::unexpected(site.error());
  auto contact = load_clinic_contact(tx, last_session.clinic_id);
  if (!contact) return std::unexpected(contact.error());
  const Instant due = clinic::recall_invitation_due(recall_day, site->zone);
  store::Reminder reminder = new_reminder(patient, **address, last_session.id, at);
  reminder.kind = clinic::ReminderKind::kRecall;
  reminder.topic = clinic::recall_invitation_topic(course_id);
  reminder.event_at = due;
  reminder.due_at = due;
  reminder.next_attempt_at = due;
  const std::string language = catalogue::pick_language(patient.details.preferred_language);
  const auto values = reminder_values(patient, *site, *contact);
  reminder.subject = catalogue::text(language, "reminder.recall.subject", values);
  reminder.body = catalogue::text(language, "reminder.recall.body", values);
  return queue_with_audit(tx, reminder);
}

Result<void> queue_due_reminders(store::Store& store, Instant now) {
  // Most passes find nothing new: look in a read transaction first, so the single writer of
  // SQLite is taken only when there is something to queue.
  auto waiting = store::in_transaction(
      store, store::TransactionMode::kRead,
      [&](store::Transaction& tx) { return appointments_to_announce(tx, now); });
  if (!waiting) return std::unexpected(waiting.error());
  if (waiting->empty()) return {};
  // One transaction each: a clinic whose settings cannot be read holds up no other clinic's
  // reminders (its own are tried again next pass, and the first failure is reported).
  Result<void> outcome;
  for (const auto& appointment : *waiting) {
    auto queued = store::in_transaction(
        store, store::TransactionMode::kWrite, [&](store::Transaction& tx) -> Result<void> {
          // Composed again: the patient or the booking may have changed since the read.
          auto reminder = appointment_reminder(tx, appointment, now);
          if (!reminder) return std::unexpected(reminder.error());
          if (!*reminder) return {};
          auto put = queue_with_audit(tx, **reminder);
          if (!put) return std::unexpected(put.error());
          return {};
        });
    if (!queued && outcome) outcome = queued;
  }
  return outcome;
}

}  // namespace mesoclinic::practice
