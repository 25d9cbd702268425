// /api/v1/clinics/{id}/calendar and /practitioners/{user_id}/schedule: what the planner plans
// with (rooms are in rooms.cc). Admins keep them (DOMAIN.md: clinic settings); everyone signed
// in at the clinic reads them, since reception books into the same calendar.
#include "api/api.h"
#include "api/documents.h"
#include "api/handler.h"
#include "api/idempotency.h"
#include "api/routes.h"
#include "api/scheduling.h"
#include "api/settings.h"

namespace mesoclinic::api {
namespace {

Json calendar_reply(const ClinicInZone& clinic, const planning::CalendarSettings& settings) {
  Json reply = to_json(settings);
  reply["clinic_id"] = clinic.clinic.id;
  reply["time_zone"] = clinic.zone.name();
  return reply;
}

http::Response read_calendar(store::Store& store, const http::Request& request,
                             const Caller& caller) {
  return handle(store, request, caller, store::TransactionMode::kRead,
                [&](Work& work) -> Result<http::Response> {
                  auto clinic = visible_clinic(work.tx, request, caller);
                  if (!clinic) return std::unexpected(clinic.error());
                  auto settings = load_calendar_settings(work.tx, clinic->clinic.id);
                  if (!settings) return std::unexpected(settings.error());
                  return setting_reply(work.tx, clinic->clinic.id,
                                       std::string(documents::kCalendarSettingName),
                                       json_reply(200, calendar_reply(*clinic, *settings)));
                });
}

http::Response replace_calendar(store::Store& store, const http::Request& request,
                                const Caller& caller) {
  const std::string name(documents::kCalendarSettingName);
  return handle(
      store, request, caller, store::TransactionMode::kWrite,
      [&](Work& work) -> Result<http::Response> {
        auto clinic = visible_clinic(work.tx, request, caller);
        if (!clinic) return std::unexpected(clinic.error());
        auto replaced = replace_setting(
            work.tx, request, clinic->clinic.id, name,
            [&](const Json& body) -> Result<SettingEdit> {
              auto settings = calendar_settings_from_json(body);
              if (!settings) return std::unexpected(settings.error());
              if (body.contains("time_zone") && body["time_zone"] != clinic->zone.name()) {
                return invalid({{"/time_zone", "is the clinic's own (" + clinic->zone.name() +
                                                   ") and cannot be changed here"}});
              }
              return SettingEdit{documents::calendar_document(*settings),
                                 calendar_reply(*clinic, *settings)};
            });
        if (replaced && replaced->status == 200) {
          work.audit("calendar.replace", "clinic", clinic->clinic.id);
        }
        return replaced;
      });
}

std::string schedule_name(const http::Request& request) {
  return documents::schedule_setting_name(request.path_params.at("user_id"));
}

http::Response read_schedule(store::Store& store, const http::Request& request,
                             const Caller& caller) {
  return handle(store, request, caller, store::TransactionMode::kRead,
                [&](Work& work) -> Result<http::Response> {
                  auto clinic = visible_clinic(work.tx, request, caller);
                  if (!clinic) return std::unexpected(clinic.error());
                  auto stored =
                      work.tx.find_clinic_setting(clinic->clinic.id, schedule_name(request));
                  if (!stored) return std::unexpected(stored.error());
                  if (!*stored) {
                    return fail(ErrorCode::kNotFound,
                                "This practitioner has no working hours at this clinic yet.");
                  }
                  Json reply = Json::parse((*stored)->body);
                  reply["clinic_id"] = (*stored)->clinic_id;
                  reply["user_id"] = request.path_params.at("user_id");
                  return json_reply(200, reply).with_header("ETag", etag_for((*stored)->version));
                });
}

// The clinic's practitioner with `user_id`; kNotFound for anyone else, so a typo in a user id
// cannot create a phantom practitioner the planner would book patients with.
Result<void> find_practitioner(store::Transaction& tx, const std::string& user_id,
                               const std::string& clinic_id) {
  auto user = tx.find_user(user_id);
  if (!user) return std::unexpected(user.error());
  auto clinics = *user ? tx.user_clinic_ids(user_id) : Result<std::vector<std::string>>{};
  if (!clinics) return std::unexpected(clinics.error());
  if (!*user || (*user)->role != auth::Role::kPractitioner ||
      std::find(clinics->begin(), clinics->end(), clinic_id) == clinics->end()) {
    return fail(ErrorCode::kNotFound, "No practitioner of this clinic with this id.");
  }
  return {};
}

// Only a practitioner of this clinic has a schedule here.
http::Response replace_schedule(store::Store& store, const http::Request& request,
                                const Caller& caller) {
  const std::string& user_id = request.path_params.at("user_id");
  return handle(
      store, request, caller, store::TransactionMode::kWrite,
      [&](Work& work) -> Result<http::Response> {
        auto clinic = visible_clinic(work.tx, request, caller);
        if (!clinic) return std::unexpected(clinic.error());
        auto found = find_practitioner(work.tx, user_id, clinic->clinic.id);
        if (!found) return std::unexpected(found.error());
        auto replaced = replace_setting(
            work.tx, request, clinic->clinic.id, schedule_name(request),
            [&](const Json& body) -> Result<SettingEdit> {
              auto schedule = work_schedule_from_json(body);
              if (!schedule) return std::unexpected(schedule.error());
              Json reply = to_json(*schedule);
              reply["clinic_id"] = clinic->clinic.id;
              reply["user_id"] = user_id;
              return SettingEdit{documents::schedule_document(*schedule), std::move(reply)};
            });
        if (replaced && replaced->status == 200) {
          work.audit("schedule.replace", "user", user_id);
        }
        return replaced;
      });
}

}  // namespace

void add_calendar_routes(http::Router& router, const Gate& gate, const http::RouteOptions& limits) {
  store::Store& store = gate.store();
  const std::string clinic = "/api/v1/clinics/{id}";
  gate.add(router, "GET", clinic + "/calendar", with_store(store, read_calendar), limits);
  gate.add(router, "PUT", clinic + "/calendar", with_store(store, replace_calendar), limits);
  const std::string schedule = clinic + "/practitioners/{user_id}/schedule";
  gate.add(router, "GET", schedule, with_store(store, read_schedule), limits);
  gate.add(router, "PUT", schedule, with_store(store, replace_schedule), limits);
}

}  // namespace mesoclinic::api
