// Reminders (DOMAIN.md step 6): what puts them into the outbox, in the patient's language and
// channel, and the outbox as staff see it: /api/v1/patients/{id}/reminders, the clinic's list
// (failures first of all) and a retry. Sending is src/notify's job.
#include <set>

#include "api/api.h"
#include "api/routes.h"
#include "api/scheduling.h"
#include "catalogue/catalogue.h"
#include "core/ids.h"

namespace mesoclinic::api {
namespace {

// How far ahead the sweep looks: a wall-clock day before a start can be 25 hours across a clock
// change.
constexpr auto kSweepHorizon = std::chrono::hours{26};
constexpr std::size_t kListLimit = 200;

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

// Queues `reminder` (unless its topic is queued already) with an audit entry in the system's
// name: composing it read the patient's contact data.
Result<void> queue_with_audit(store::Transaction& tx, const store::Reminder& reminder) {
  auto queued = tx.queue_reminder(reminder);
  if (!queued) return std::unexpected(queued.error());
  if (!*queued) return {};
  audit::Entry entry;
  entry.recorded_at = reminder.created_at;
  entry.username = "system";
  entry.action = "reminder.queue";
  entry.resource_type = "reminder";
  entry.resource_id = reminder.id;
  entry.patient_id = reminder.patient_id;
  auto audited = tx.append_audit(entry);
  if (!audited) return std::unexpected(audited.error());
  return {};
}

// The day-before reminder of one appointment, composed, if the patient wants reminders and its
// time has come at `now`; nothing otherwise.
Result<std::optional<store::Reminder>> appointment_reminder(store::Transaction& tx,
                                                            const store::Appointment& appointment,
                                                            Instant now) {
  auto patient = tx.find_patient(appointment.patient_id);
  if (!patient) return std::unexpected(patient.error());
  if (!*patient) return std::nullopt;
  const auto address = clinic::reminder_address((*patient)->details);
  if (!address) return std::nullopt;
  auto site = find_clinic_in_zone(tx, appointment.clinic_id);
  if (!site) return std::unexpected(site.error());
  const Instant due = clinic::appointment_reminder_due(appointment.starts_at, site->zone);
  if (due > now) return std::nullopt;
  auto contact = load_clinic_contact(tx, appointment.clinic_id);
  if (!contact) return std::unexpected(contact.error());

  store::Reminder reminder = new_reminder(**patient, *address, appointment.id, now);
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

Result<std::optional<clinic::ReminderStatus>> read_status_filter(const http::Request& request) {
  const auto text = request.query_param("status");
  if (!text) return std::nullopt;
  const auto status = clinic::parse_reminder_status(*text);
  if (!status) {
    return invalid({{"status",
                     "must be pending, sending, handed_over, sent, failed, unconfirmed or "
                     "cancelled"}});
  }
  return status;
}

// Lists reminders and audits the read once per patient shown.
http::Response list_reply(store::Transaction& tx, const http::Request& request,
                          const Caller& caller, const store::ReminderFilter& filter,
                          const std::string& resource_type, const std::string& resource_id) {
  auto found = tx.list_reminders(filter, kListLimit);
  if (!found) return http::problem_from(found.error());
  Json items = Json::array();
  std::set<std::string> patients;
  for (const auto& reminder : *found) {
    items.push_back(reminder_json(reminder));
    if (patients.insert(reminder.patient_id).second) {
      auto audited = tx.append_audit(audit_entry(request, caller, "reminder.list", resource_type,
                                                 resource_id, reminder.patient_id));
      if (!audited) return http::problem_from(audited.error());
    }
  }
  if (auto failed =
          audit_and_commit(tx, audit_entry(request, caller, "reminder.list", resource_type,
                                           resource_id, filter.patient_id))) {
    return *failed;
  }
  return json_reply(200, Json{{"items", std::move(items)}});
}

http::Response patient_reminders(store::Store& store, const http::Request& request,
                                 const Caller& caller) {
  auto status = read_status_filter(request);
  if (!status) return http::problem_from(status.error());
  auto tx = store.begin(store::TransactionMode::kWrite);
  if (!tx) return http::problem_from(tx.error());
  auto patient = find_visible_patient(**tx, request.path_params.at("id"), caller);
  if (!patient) return http::problem_from(patient.error());
  store::ReminderFilter filter{patient->id, {}, *status};
  return list_reply(**tx, request, caller, filter, "patient", patient->id);
}

http::Response clinic_reminders(store::Store& store, const http::Request& request,
                                const Caller& caller) {
  const std::string& clinic_id = request.path_params.at("id");
  if (!caller.sees_clinic(clinic_id)) {
    return http::problem(404, "Not found", "No clinic with this id.");
  }
  auto status = read_status_filter(request);
  if (!status) return http::problem_from(status.error());
  auto tx = store.begin(store::TransactionMode::kWrite);
  if (!tx) return http::problem_from(tx.error());
  store::ReminderFilter filter{{}, clinic_id, *status};
  return list_reply(**tx, request, caller, filter, "clinic", clinic_id);
}

// Sends a failed or unconfirmed reminder again, with fresh attempts and the same idempotency
// key; anything else is 409 (a pending one is going anyway, a sent one went).
http::Response retry_reminder(store::Store& store, const http::Request& request,
                              const Caller& caller) {
  auto tx = store.begin(store::TransactionMode::kWrite);
  if (!tx) return http::problem_from(tx.error());
  auto found = (*tx)->find_reminder(request.path_params.at("id"));
  if (!found) return http::problem_from(found.error());
  if (!*found || !find_visible_patient(**tx, (*found)->patient_id, caller)) {
    return http::problem(404, "Not found", "No reminder with this id.");
  }
  store::Reminder reminder = **found;
  const auto was = reminder.status;
  if (was != clinic::ReminderStatus::kFailed && was != clinic::ReminderStatus::kUnconfirmed) {
    return http::problem(409, "Conflict",
                         std::string("Only a failed or unconfirmed reminder is sent again; this "
                                     "one is ")
                             .append(clinic::to_string(was))
                             .append("."));
  }
  reminder.status = clinic::ReminderStatus::kPending;
  reminder.attempts = 0;
  reminder.next_attempt_at = now();
  reminder.claimed_at.reset();
  auto moved = (*tx)->update_reminder(reminder, was, (*found)->attempts);
  if (!moved) return http::problem_from(moved.error());
  if (!*moved) {
    return http::problem(409, "Conflict", "The reminder changed meanwhile; read it again.");
  }
  if (auto failed =
          audit_and_commit(**tx, audit_entry(request, caller, "reminder.retry", "reminder",
                                             reminder.id, reminder.patient_id))) {
    return *failed;
  }
  return json_reply(200, reminder_json(reminder));
}

}  // namespace

Json reminder_json(const store::Reminder& reminder) {
  Json json = {{"id", reminder.id},
               {"kind", clinic::to_string(reminder.kind)},
               {"patient_id", reminder.patient_id},
               {"clinic_id", reminder.clinic_id},
               {"appointment_id", reminder.appointment_id},
               {"about", format_rfc3339(reminder.event_at)},
               {"channel", clinic::to_string(reminder.channel)},
               {"recipient", reminder.recipient},
               {"subject", reminder.subject},
               {"body", reminder.body},
               {"due_at", format_rfc3339(reminder.due_at)},
               {"status", clinic::to_string(reminder.status)},
               {"attempts", reminder.attempts},
               {"next_attempt_at", nullptr},
               {"sent_at", nullptr},
               {"last_error", nullptr}};
  if (reminder.status == clinic::ReminderStatus::kPending) {
    json["next_attempt_at"] = format_rfc3339(reminder.next_attempt_at);
  }
  if (reminder.sent_at) json["sent_at"] = format_rfc3339(*reminder.sent_at);
  if (!reminder.last_error.empty()) json["last_error"] = reminder.last_error;
  return json;
}

Result<void> queue_aftercare_reminders(store::Transaction& tx,
                                       const store::Appointment& appointment,
                                       const clinic::Patient& patient,
                                       const clinic::AftercarePlan& plan, Instant issued_at) {
  const auto address = clinic::reminder_address(patient.details);
  if (!address) return {};
  auto site = find_clinic_in_zone(tx, appointment.clinic_id);
  if (!site) return std::unexpected(site.error());
  auto contact = load_clinic_contact(tx, appointment.clinic_id);
  if (!contact) return std::unexpected(contact.error());
  const std::string language = catalogue::pick_language(patient.details.preferred_language);
  auto values = reminder_values(patient, *site, *contact);
  for (const auto& milestone : clinic::aftercare_milestones(plan, issued_at, site->zone)) {
    store::Reminder reminder = new_reminder(patient, *address, appointment.id, issued_at);
    reminder.kind = clinic::ReminderKind::kAftercare;
    reminder.topic = clinic::aftercare_reminder_topic(appointment.id, milestone.rule_id);
    reminder.event_at = milestone.ends_at;
    reminder.due_at = milestone.due_at;
    reminder.next_attempt_at = milestone.due_at;
    values["when"] = catalogue::format_day_time(language, site->zone.to_local(milestone.ends_at));
    reminder.subject = catalogue::text(language, "reminder.aftercare.subject", values);
    reminder.body =
        catalogue::rule_text(language, "reminder.aftercare.", milestone.rule_id, values);
    if (auto queued = queue_with_audit(tx, reminder); !queued) return queued;
  }
  return {};
}

Result<void> queue_appointment_reminders(store::Store& store, Instant now) {
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
          return queue_with_audit(tx, **reminder);
        });
    if (!queued && outcome) outcome = queued;
  }
  return outcome;
}

void add_reminder_routes(http::Router& router, const Gate& gate, const http::RouteOptions& limits) {
  store::Store& store = gate.store();
  gate.add(router, "GET", "/api/v1/patients/{id}/reminders", with_store(store, patient_reminders),
           limits);
  gate.add(router, "GET", "/api/v1/clinics/{id}/reminders", with_store(store, clinic_reminders),
           limits);
  gate.add(router, "POST", "/api/v1/reminders/{id}/retry", with_store(store, retry_reminder),
           limits);
}

}  // namespace mesoclinic::api
