// /api/v1/clinics/{id}/calendar, /rooms and /practitioners/{user_id}/schedule: what the planner
// plans with. Admins keep them (DOMAIN.md: clinic settings); everyone signed in at the clinic
// reads them, since reception books into the same calendar.
#include "api/api.h"
#include "api/documents.h"
#include "api/routes.h"
#include "api/scheduling.h"
#include "core/ids.h"
#include "core/text.h"

namespace mesoclinic::api {
namespace {

// The clinic named by the path if the caller belongs to it; 404 otherwise, as for an unknown
// id, so other clinics' ids leak nothing.
Result<ClinicInZone> visible_clinic(store::Transaction& tx, const http::Request& request,
                                    const Caller& caller) {
  const std::string& id = request.path_params.at("id");
  if (!caller.sees_clinic(id)) return fail(ErrorCode::kNotFound, "No clinic with this id.");
  return find_clinic_in_zone(tx, id);
}

Json calendar_reply(const ClinicInZone& clinic, const planning::CalendarSettings& settings) {
  Json reply = to_json(settings);
  reply["clinic_id"] = clinic.clinic.id;
  reply["time_zone"] = clinic.zone.name();
  return reply;
}

http::Response read_calendar(store::Store& store, const http::Request& request,
                             const Caller& caller) {
  Json reply;
  auto read = store::in_transaction(store, store::TransactionMode::kRead,
                                    [&](store::Transaction& tx) -> Result<void> {
                                      auto clinic = visible_clinic(tx, request, caller);
                                      if (!clinic) return std::unexpected(clinic.error());
                                      auto settings = load_calendar_settings(tx, clinic->clinic.id);
                                      if (!settings) return std::unexpected(settings.error());
                                      reply = calendar_reply(*clinic, *settings);
                                      return {};
                                    });
  if (!read) return http::problem_from(read.error());
  return json_reply(200, reply);
}

http::Response replace_calendar(store::Store& store, const http::Request& request,
                                const Caller& caller) {
  auto body = parse_json_object(request);
  if (!body) return body.error();
  auto settings = calendar_settings_from_json(*body);
  if (!settings) return http::problem_from(settings.error());
  Json reply;
  auto saved = store::in_transaction(
      store, store::TransactionMode::kWrite, [&](store::Transaction& tx) -> Result<void> {
        auto clinic = visible_clinic(tx, request, caller);
        if (!clinic) return std::unexpected(clinic.error());
        if (body->contains("time_zone") && (*body)["time_zone"] != clinic->zone.name()) {
          return invalid({{"/time_zone", "is the clinic's own (" + clinic->zone.name() +
                                             ") and cannot be changed here"}});
        }
        auto stored =
            tx.save_clinic_setting({clinic->clinic.id, std::string(documents::kCalendarSettingName),
                                    documents::calendar_document(*settings), now()});
        if (!stored) return stored;
        auto audited = tx.append_audit(
            audit_entry(request, caller, "calendar.replace", "clinic", clinic->clinic.id));
        if (!audited) return std::unexpected(audited.error());
        reply = calendar_reply(*clinic, *settings);
        return {};
      });
  if (!saved) return http::problem_from(saved.error());
  return json_reply(200, reply);
}

http::Response add_room(store::Store& store, const http::Request& request, const Caller& caller) {
  auto body = parse_json_object(request);
  if (!body) return body.error();
  FieldReader reader(*body);
  reader.refuse_unknown({"name"}, {"id", "clinic_id"});
  const auto name = reader.string("name", true);
  if (name && (name->empty() || code_point_count(*name) > 100)) {
    reader.add_error("name", "must be 1 to 100 characters");
  }
  if (!reader.errors().empty()) {
    return http::problem_from(
        Error{ErrorCode::kInvalidInput, "The request has invalid fields.", reader.errors()});
  }
  store::Room room{new_id(), request.path_params.at("id"), *name};
  auto saved = store::in_transaction(
      store, store::TransactionMode::kWrite, [&](store::Transaction& tx) -> Result<void> {
        auto clinic = visible_clinic(tx, request, caller);
        if (!clinic) return std::unexpected(clinic.error());
        if (auto inserted = tx.insert_room(room); !inserted) return inserted;
        auto audited =
            tx.append_audit(audit_entry(request, caller, "room.create", "room", room.id));
        if (!audited) return std::unexpected(audited.error());
        return {};
      });
  if (!saved) return http::problem_from(saved.error());
  return json_reply(201, Json{{"id", room.id}, {"clinic_id", room.clinic_id}, {"name", room.name}})
      .with_header("Location", "/api/v1/clinics/" + room.clinic_id + "/rooms");
}

http::Response list_rooms(store::Store& store, const http::Request& request, const Caller& caller) {
  auto rooms =
      store::in_transaction(store, store::TransactionMode::kRead,
                            [&](store::Transaction& tx) -> Result<std::vector<store::Room>> {
                              auto clinic = visible_clinic(tx, request, caller);
                              if (!clinic) return std::unexpected(clinic.error());
                              return tx.list_rooms(clinic->clinic.id);
                            });
  if (!rooms) return http::problem_from(rooms.error());
  Json items = Json::array();
  for (const auto& room : *rooms) {
    items.push_back({{"id", room.id}, {"clinic_id", room.clinic_id}, {"name", room.name}});
  }
  return json_reply(200, Json{{"items", std::move(items)}});
}

std::string schedule_name(const http::Request& request) {
  return documents::schedule_setting_name(request.path_params.at("user_id"));
}

http::Response read_schedule(store::Store& store, const http::Request& request,
                             const Caller& caller) {
  auto stored = store::in_transaction(
      store, store::TransactionMode::kRead,
      [&](store::Transaction& tx) -> Result<std::optional<store::ClinicSetting>> {
        auto clinic = visible_clinic(tx, request, caller);
        if (!clinic) return std::unexpected(clinic.error());
        return tx.find_clinic_setting(clinic->clinic.id, schedule_name(request));
      });
  if (!stored) return http::problem_from(stored.error());
  if (!*stored) {
    return http::problem(404, "Not found",
                         "This practitioner has no working hours at this clinic yet.");
  }
  Json reply = Json::parse((*stored)->body);
  reply["clinic_id"] = (*stored)->clinic_id;
  reply["user_id"] = request.path_params.at("user_id");
  return json_reply(200, reply);
}

// Only a practitioner of this clinic has a schedule here: a typo in a user id must not create
// a phantom practitioner the planner would book patients with.
http::Response replace_schedule(store::Store& store, const http::Request& request,
                                const Caller& caller) {
  auto body = parse_json_object(request);
  if (!body) return body.error();
  auto schedule = work_schedule_from_json(*body);
  if (!schedule) return http::problem_from(schedule.error());
  const std::string& user_id = request.path_params.at("user_id");
  Json reply = to_json(*schedule);
  auto saved = store::in_transaction(
      store, store::TransactionMode::kWrite, [&](store::Transaction& tx) -> Result<void> {
        auto clinic = visible_clinic(tx, request, caller);
        if (!clinic) return std::unexpected(clinic.error());
        auto user = tx.find_user(user_id);
        if (!user) return std::unexpected(user.error());
        auto clinics = *user ? tx.user_clinic_ids(user_id) : Result<std::vector<std::string>>{};
        if (!clinics) return std::unexpected(clinics.error());
        if (!*user || (*user)->role != auth::Role::kPractitioner ||
            std::find(clinics->begin(), clinics->end(), clinic->clinic.id) == clinics->end()) {
          return fail(ErrorCode::kNotFound, "No practitioner of this clinic with this id.");
        }
        auto stored = tx.save_clinic_setting({clinic->clinic.id, schedule_name(request),
                                              documents::schedule_document(*schedule), now()});
        if (!stored) return stored;
        auto audited =
            tx.append_audit(audit_entry(request, caller, "schedule.replace", "user", user_id));
        if (!audited) return std::unexpected(audited.error());
        reply["clinic_id"] = clinic->clinic.id;
        return {};
      });
  if (!saved) return http::problem_from(saved.error());
  reply["user_id"] = user_id;
  return json_reply(200, reply);
}

}  // namespace

void add_calendar_routes(http::Router& router, const Gate& gate, const http::RouteOptions& limits) {
  store::Store& store = gate.store();
  const std::string clinic = "/api/v1/clinics/{id}";
  gate.add(router, "GET", clinic + "/calendar", with_store(store, read_calendar), limits);
  gate.add(router, "PUT", clinic + "/calendar", with_store(store, replace_calendar), limits);
  gate.add(router, "POST", clinic + "/rooms", with_store(store, add_room), limits);
  gate.add(router, "GET", clinic + "/rooms", with_store(store, list_rooms), limits);
  const std::string schedule = clinic + "/practitioners/{user_id}/schedule";
  gate.add(router, "GET", schedule, with_store(store, read_schedule), limits);
  gate.add(router, "PUT", schedule, with_store(store, replace_schedule), limits);
}

}  // namespace mesoclinic::api
