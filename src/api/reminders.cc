// Reminders (DOMAIN.md step 6) as staff see the outbox: /api/v1/patients/{id}/reminders, the
// clinic's list (failures first of all) and a retry. Sending is src/notify's job.
#include <charconv>
#include <map>
#include <set>

#include "api/api.h"
#include "api/documents.h"
#include "api/handler.h"
#include "api/paging.h"
#include "api/routes.h"
#include "api/scheduling.h"

namespace mesoclinic::api {
namespace {

// A reminder as shown, its times on the wall clock of the clinic in `zone`.
Json reminder_json(const store::Reminder& reminder, const ClinicZone& zone) {
  Json json = {{"id", reminder.id},
               {"kind", clinic::to_string(reminder.kind)},
               {"patient_id", reminder.patient_id},
               {"clinic_id", reminder.clinic_id},
               {"appointment_id", reminder.appointment_id},
               {"about", clinic_time_json(reminder.event_at, zone)},
               {"channel", clinic::to_string(reminder.channel)},
               {"recipient", reminder.recipient},
               {"subject", reminder.subject},
               {"body", reminder.body},
               {"due", clinic_time_json(reminder.due_at, zone)},
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

Result<std::optional<clinic::ReminderStatus>> read_status_filter(const http::Request& request) {
  const auto text = request.query_param("status");
  if (!text) return std::nullopt;
  const auto status = clinic::parse_reminder_status(*text);
  if (!status) {
    return invalid({{"/status",
                     "must be pending, sending, handed_over, sent, failed, unconfirmed or "
                     "cancelled"}});
  }
  return status;
}

// A page of reminders (latest due first), read after the cursor's reminder; audits the read once
// per patient shown, then once for the list.
Result<http::Response> list_reply(Work& work, store::ReminderFilter filter, const PageRequest& page,
                                  const std::string& resource_type,
                                  const std::string& resource_id) {
  if (page.after) {
    std::int64_t due = 0;
    const std::string& key = page.after->first;
    if (std::from_chars(key.data(), key.data() + key.size(), due).ec != std::errc()) {
      return invalid({{"/cursor", "is not a cursor this server gave out"}});
    }
    filter.after = std::pair{from_unix_micros(due), page.after->second};
  }
  auto found = work.tx.list_reminders(filter, page.limit + 1);
  if (!found) return std::unexpected(found.error());
  Json next = nullptr;
  if (found->size() > page.limit) {
    found->resize(page.limit);
    next = encode_cursor(std::to_string(to_unix_micros(found->back().due_at)), found->back().id);
  }
  auto items = reminders_json(work.tx, *found);
  if (!items) return std::unexpected(items.error());
  std::set<std::string> patients;
  for (const auto& reminder : *found) {
    if (patients.insert(reminder.patient_id).second) {
      work.audit("reminder.list", resource_type, resource_id, reminder.patient_id);
    }
  }
  work.audit("reminder.list", resource_type, resource_id, filter.patient_id);
  return json_reply(200, Json{{"items", std::move(*items)}, {"next_cursor", std::move(next)}});
}

http::Response patient_reminders(store::Store& store, const http::Request& request,
                                 const Caller& caller) {
  auto status = read_status_filter(request);
  if (!status) return http::problem_from(status.error());
  const auto page = read_page_request(request);
  if (!page) return http::problem_from(page.error());
  return handle(store, request, caller, store::TransactionMode::kRead,
                [&](Work& work) -> Result<http::Response> {
                  auto patient =
                      find_visible_patient(work.tx, request.path_params.at("id"), caller);
                  if (!patient) return std::unexpected(patient.error());
                  store::ReminderFilter filter{patient->id, {}, *status, std::nullopt};
                  return list_reply(work, filter, *page, "patient", patient->id);
                });
}

http::Response clinic_reminders(store::Store& store, const http::Request& request,
                                const Caller& caller) {
  const std::string& clinic_id = request.path_params.at("id");
  if (!caller.sees_clinic(clinic_id)) {
    return http::problem(404, "Not found", "No clinic with this id.");
  }
  auto status = read_status_filter(request);
  if (!status) return http::problem_from(status.error());
  const auto page = read_page_request(request);
  if (!page) return http::problem_from(page.error());
  return handle(store, request, caller, store::TransactionMode::kRead,
                [&](Work& work) -> Result<http::Response> {
                  store::ReminderFilter filter{{}, clinic_id, *status, std::nullopt};
                  return list_reply(work, filter, *page, "clinic", clinic_id);
                });
}

// Sends a failed or unconfirmed reminder again, with fresh attempts and the same idempotency
// key; anything else is 409 (a pending one is going anyway, a sent one went).
http::Response retry_reminder(store::Store& store, const http::Request& request,
                              const Caller& caller) {
  return handle(
      store, request, caller, store::TransactionMode::kWrite,
      [&](Work& work) -> Result<http::Response> {
        auto found = work.tx.find_reminder(request.path_params.at("id"));
        if (!found) return std::unexpected(found.error());
        if (!*found || !find_visible_patient(work.tx, (*found)->patient_id, caller)) {
          return fail(ErrorCode::kNotFound, "No reminder with this id.");
        }
        store::Reminder reminder = **found;
        const auto was = reminder.status;
        if (was != clinic::ReminderStatus::kFailed && was != clinic::ReminderStatus::kUnconfirmed) {
          return fail(ErrorCode::kConflict,
                      std::string("Only a failed or unconfirmed reminder is sent again; this "
                                  "one is ")
                          .append(clinic::to_string(was))
                          .append("."));
        }
        reminder.status = clinic::ReminderStatus::kPending;
        reminder.attempts = 0;
        reminder.next_attempt_at = now();
        reminder.claimed_at.reset();
        auto moved = work.tx.update_reminder(reminder, was, (*found)->attempts);
        if (!moved) return std::unexpected(moved.error());
        if (!*moved) {
          return fail(ErrorCode::kConflict, "The reminder changed meanwhile; read it again.");
        }
        work.audit("reminder.retry", "reminder", reminder.id, reminder.patient_id);
        auto shown = reminders_json(work.tx, {reminder});
        if (!shown) return std::unexpected(shown.error());
        return json_reply(200, std::move(shown->at(0)));
      });
}

}  // namespace

Result<Json> reminders_json(store::Transaction& tx, const std::vector<store::Reminder>& reminders) {
  std::map<std::string, ClinicZone> zones;  // each clinic's read once
  Json shown = Json::array();
  for (const auto& reminder : reminders) {
    auto zone = zones.find(reminder.clinic_id);
    if (zone == zones.end()) {
      auto clinic = find_clinic_in_zone(tx, reminder.clinic_id);
      if (!clinic) return std::unexpected(clinic.error());
      zone = zones.emplace(reminder.clinic_id, std::move(clinic->zone)).first;
    }
    shown.push_back(reminder_json(reminder, zone->second));
  }
  return shown;
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
