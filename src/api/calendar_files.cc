// /api/v1/patients/{id}/calendar.ics: the patient's appointments and the ends of their
// aftercare restrictions as a calendar file, in the clinic's time zone.
#include "api/handler.h"
#include "api/paging.h"
#include "api/routes.h"
#include "api/scheduling.h"
#include "auth/auth.h"
#include "calendar/calendar.h"
#include "catalogue/catalogue.h"
#include "core/ids.h"

namespace mesoclinic::api {
namespace {

// Events for every appointment that holds a time, and for the end of each restriction of the
// aftercare plans issued so far.
Result<std::vector<calendar::Event>> patient_events(store::Transaction& tx,
                                                    const clinic::Patient& patient,
                                                    const clinic::Clinic& clinic) {
  auto appointments = tx.list_patient_appointments(patient.id);
  if (!appointments) return std::unexpected(appointments.error());
  // In the patient's language, like the handout and the reminders.
  const std::string language = catalogue::pick_language(patient.details.preferred_language);
  std::vector<calendar::Event> events;
  for (const auto& appointment : *appointments) {
    if (!planning::occupies(appointment.status)) continue;
    events.push_back(
        {appointment.id + "@mesoclinic",
         appointment.course_id
             ? catalogue::text(language, "calendar.session",
                               {{"number", std::to_string(appointment.session_number)}})
             : catalogue::text(language, "calendar.appointment"),
         clinic.name, appointment.starts_at, appointment.ends_at});
    auto plan = tx.find_aftercare_plan(appointment.id);
    if (!plan) return std::unexpected(plan.error());
    if (!*plan) continue;
    const Json document = Json::parse(**plan);
    for (const auto& restriction : document["restrictions"]) {
      const auto until = parse_rfc3339(restriction["until"]["utc"].get<std::string>());
      if (!until) return fail(ErrorCode::kInternal, "a stored aftercare plan is invalid");
      const std::string rule = restriction["rule_id"].get<std::string>();
      events.push_back({appointment.id + "-" + rule + "@mesoclinic",
                        catalogue::rule_text(language, "calendar.ends.", rule),
                        catalogue::text(language, "calendar.ends_description",
                                        {{"restriction", catalogue::rule_text(
                                                             language, "aftercare.rule.", rule)}}),
                        *until, *until + std::chrono::minutes{15}});
    }
  }
  return events;
}

// The calendar file as a reply, with the extra header the route wants.
http::Response ics_reply(std::string ics) {
  http::Response response;
  response.status = 200;
  response.content_type = "text/calendar; charset=utf-8";
  response.body = std::move(ics);
  return response;
}

http::Response download_calendar(store::Store& store, const http::Request& request,
                                 const Caller& caller) {
  return handle(
      store, request, caller, store::TransactionMode::kRead,
      [&](Work& work) -> Result<http::Response> {
        auto patient = find_visible_patient(work.tx, request.path_params.at("id"), caller);
        if (!patient) return std::unexpected(patient.error());
        auto clinic = find_clinic_in_zone(work.tx, patient->clinic_id);
        if (!clinic) return std::unexpected(clinic.error());
        auto events = patient_events(work.tx, *patient, clinic->clinic);
        if (!events) return std::unexpected(events.error());
        auto ics = calendar::write_ics(clinic->clinic.name, clinic->zone, *events, now());
        if (!ics) return std::unexpected(ics.error());
        work.audit("calendar.download", "patient", patient->id, patient->id);
        return ics_reply(std::move(*ics))
            .with_header("Content-Disposition", "attachment; filename=\"appointments.ics\"");
      });
}

constexpr std::string_view kFeedPrefix = "/calendar/";

Json subscription_json(const store::CalendarSubscription& subscription) {
  return Json{
      {"id", subscription.id},
      {"patient_id", subscription.patient_id},
      {"created_at", format_rfc3339(subscription.created_at)},
      {"created_by", subscription.created_by},
      {"revoked_at",
       subscription.revoked_at ? Json(format_rfc3339(*subscription.revoked_at)) : Json(nullptr)}};
}

// A subscription URL for the patient's calendar app. The token is shown once; only its hash
// is kept, so a lost URL is revoked and a new one made.
http::Response subscribe(store::Store& store, const http::Request& request, const Caller& caller) {
  const std::string token = auth::new_token();
  return handle(
      store, request, caller, store::TransactionMode::kWrite,
      [&](Work& work) -> Result<http::Response> {
        auto patient = find_visible_patient(work.tx, request.path_params.at("id"), caller);
        if (!patient) return std::unexpected(patient.error());
        const store::CalendarSubscription subscription{
            new_id(), patient->id, auth::token_hash(token), now(), caller.user->id, std::nullopt};
        if (auto inserted = work.tx.insert_calendar_subscription(subscription); !inserted) {
          return std::unexpected(inserted.error());
        }
        work.audit("calendar.subscribe", "calendar_subscription", subscription.id, patient->id);
        Json reply = subscription_json(subscription);
        reply["path"] = std::string(kFeedPrefix) + token;
        return json_reply(201, reply);
      });
}

http::Response list_subscriptions(store::Store& store, const http::Request& request,
                                  const Caller& caller) {
  const auto page = read_page_request(request);
  if (!page) return http::problem_from(page.error());
  return handle(store, request, caller, store::TransactionMode::kRead,
                [&](Work& work) -> Result<http::Response> {
                  auto patient =
                      find_visible_patient(work.tx, request.path_params.at("id"), caller);
                  if (!patient) return std::unexpected(patient.error());
                  auto listed = work.tx.list_calendar_subscriptions(patient->id);
                  if (!listed) return std::unexpected(listed.error());
                  Json items = Json::array();
                  for (const auto& subscription : *listed) {
                    items.push_back(subscription_json(subscription));
                  }
                  return json_reply(200, page_of(std::move(items), *page));
                });
}

http::Response revoke(store::Store& store, const http::Request& request, const Caller& caller) {
  return handle(
      store, request, caller, store::TransactionMode::kWrite,
      [&](Work& work) -> Result<http::Response> {
        auto patient = find_visible_patient(work.tx, request.path_params.at("id"), caller);
        if (!patient) return std::unexpected(patient.error());
        const std::string& id = request.path_params.at("subscription_id");
        if (auto done = work.tx.revoke_calendar_subscription(patient->id, id, now()); !done) {
          return std::unexpected(done.error());
        }
        work.audit("calendar.revoke", "calendar_subscription", id, patient->id);
        http::Response response;
        response.status = 204;
        response.content_type.clear();
        return response;
      });
}

// GET /calendar/{token}: what a calendar app fetches. The token is the only credential; an
// unknown, revoked or erased one answers 404 like any unknown path. Each fetch is audited as a
// read of the patient's data by the subscription.
http::Response feed(store::Store& store, const http::Request& request, const Caller&) {
  const std::string& token = request.path_params.at("token");
  const auto not_found = [] {
    return http::problem(404, "Not found", "No calendar at this address.");
  };
  if (token.empty() || token.size() > 128) return not_found();
  return handle(
      store, request, Caller{}, store::TransactionMode::kWrite,
      [&](Work& work) -> Result<http::Response> {
        auto subscription = work.tx.find_calendar_subscription_by_hash(auth::token_hash(token));
        if (!subscription) return std::unexpected(subscription.error());
        if (!*subscription || (*subscription)->revoked_at) return not_found();
        auto patient = work.tx.find_patient((*subscription)->patient_id);
        if (!patient) return std::unexpected(patient.error());
        if (!*patient) return not_found();
        auto clinic = find_clinic_in_zone(work.tx, (*patient)->clinic_id);
        if (!clinic) return std::unexpected(clinic.error());
        auto events = patient_events(work.tx, **patient, clinic->clinic);
        if (!events) return std::unexpected(events.error());
        auto ics = calendar::write_ics(clinic->clinic.name, clinic->zone, *events, now());
        if (!ics) return std::unexpected(ics.error());
        // The reader is the subscription, not a signed-in user: its entry carries the
        // subscription's name, which work.audit cannot, so it is appended here, last, as
        // work.audit would.
        audit::Entry entry =
            audit_entry(request, Caller{}, "calendar.feed", "calendar_subscription",
                        (*subscription)->id, (*patient)->id);
        entry.username = "calendar-subscription:" + (*subscription)->id;
        if (auto audited = work.tx.append_audit(std::move(entry)); !audited) {
          return std::unexpected(audited.error());
        }
        return ics_reply(std::move(*ics)).with_header("Cache-Control", "private, no-store");
      });
}

}  // namespace

void add_calendar_file_routes(http::Router& router, const Gate& gate,
                              const http::RouteOptions& limits) {
  store::Store& store = gate.store();
  gate.add(router, "GET", "/api/v1/patients/{id}/calendar.ics",
           with_store(store, download_calendar), limits);
  const std::string subscriptions = "/api/v1/patients/{id}/calendar-subscriptions";
  gate.add(router, "POST", subscriptions, with_store(store, subscribe), limits);
  gate.add(router, "GET", subscriptions, with_store(store, list_subscriptions), limits);
  gate.add(router, "DELETE", subscriptions + "/{subscription_id}", with_store(store, revoke),
           limits);
  gate.add(router, "GET", std::string(kFeedPrefix) + "{token}", with_store(store, feed), limits);
}

}  // namespace mesoclinic::api
