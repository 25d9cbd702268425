// /api/v1/clinics/{id}/rooms: the treatment rooms the planner books into. Admins add, rename and
// retire them; everyone signed in at the clinic reads them. A retired room is not booked for new
// appointments (practice::load_calendar leaves it out); the appointments it has keep it.
#include "api/documents.h"
#include "api/handler.h"
#include "api/idempotency.h"
#include "api/paging.h"
#include "api/retirement.h"
#include "api/routes.h"
#include "api/scheduling.h"
#include "core/ids.h"
#include "core/text.h"

namespace mesoclinic::api {
namespace {

// The room named by the path, if it is in the clinic named by the path and the caller's.
Result<store::Room> visible_room(store::Transaction& tx, const http::Request& request,
                                 const Caller& caller) {
  auto clinic = visible_clinic(tx, request, caller);
  if (!clinic) return std::unexpected(clinic.error());
  auto room = tx.find_room(request.path_params.at("room_id"));
  if (!room) return std::unexpected(room.error());
  if (!*room || (*room)->clinic_id != clinic->clinic.id) {
    return fail(ErrorCode::kNotFound, "No room with this id at this clinic.");
  }
  return std::move(**room);
}

Json room_json(const store::Room& room) {
  return with_lifecycle(Json{{"id", room.id}, {"clinic_id", room.clinic_id}, {"name", room.name}},
                        room.lifecycle);
}

http::Response room_reply(int status, const store::Room& room) {
  return json_reply(status, room_json(room)).with_header("ETag", etag_for(room.lifecycle.version));
}

// 1 to 100 characters, at "/name".
Result<void> check_room_name(const std::string& name) {
  if (name.empty() || code_point_count(name) > 100) {
    return invalid({{"/name", "must be 1 to 100 characters"}});
  }
  return {};
}

http::Response add_room(store::Store& store, const http::Request& request, const Caller& caller) {
  auto body = parse_json_object(request);
  if (!body) return body.error();
  std::vector<FieldError> errors;
  Members members(*body, "", errors);
  members.refuse_unknown({"name"}, {"id", "clinic_id", "version", "retired", "retired_at"});
  const auto name = members.name("name", true);
  if (name && !check_room_name(*name)) members.error("name", "must be 1 to 100 characters");
  if (!errors.empty()) return http::problem_from(invalid(std::move(errors)).error());
  store::Room room{new_id(), request.path_params.at("id"), *name};
  return create_idempotently(store, request, caller, "POST /api/v1/clinics/{id}/rooms",
                             [&](Work& work) -> Result<http::Response> {
                               auto clinic = visible_clinic(work.tx, request, caller);
                               if (!clinic) return std::unexpected(clinic.error());
                               if (auto inserted = work.tx.insert_room(room); !inserted) {
                                 return std::unexpected(inserted.error());
                               }
                               work.audit("room.create", "room", room.id);
                               return room_reply(201, room).with_header(
                                   "Location",
                                   "/api/v1/clinics/" + room.clinic_id + "/rooms/" + room.id);
                             });
}

http::Response list_rooms(store::Store& store, const http::Request& request, const Caller& caller) {
  const auto page = read_page_request(request);
  if (!page) return http::problem_from(page.error());
  const auto retired = retired_listing(request);
  if (!retired) return http::problem_from(retired.error());
  return handle(store, request, caller, store::TransactionMode::kRead,
                [&](Work& work) -> Result<http::Response> {
                  auto clinic = visible_clinic(work.tx, request, caller);
                  if (!clinic) return std::unexpected(clinic.error());
                  auto rooms = work.tx.list_rooms(clinic->clinic.id, *retired);
                  if (!rooms) return std::unexpected(rooms.error());
                  Json items = Json::array();
                  for (const auto& room : *rooms) items.push_back(room_json(room));
                  return json_reply(200, page_of(std::move(items), *page));
                });
}

http::Response read_room(store::Store& store, const http::Request& request, const Caller& caller) {
  return handle(store, request, caller, store::TransactionMode::kRead,
                [&](Work& work) -> Result<http::Response> {
                  auto room = visible_room(work.tx, request, caller);
                  if (!room) return std::unexpected(room.error());
                  return room_reply(200, *room);
                });
}

// Renames or retires (or brings back) a room.
http::Response update_room(store::Store& store, const http::Request& request,
                           const Caller& caller) {
  auto body = parse_json_object(request, /*accept_merge_patch=*/true);
  if (!body) return body.error();
  auto change = catalogue_change_from_json(*body, {}, {"clinic_id"});
  if (!change) return http::problem_from(change.error());
  return handle(store, request, caller, store::TransactionMode::kWrite,
                [&](Work& work) -> Result<http::Response> {
                  auto room = visible_room(work.tx, request, caller);
                  if (!room) return std::unexpected(room.error());
                  const std::int64_t seen = room->lifecycle.version;
                  if (auto refused = check_if_match(request, seen)) return *refused;
                  // Nothing changed: nothing is written or audited.
                  if (!clinic::apply_change(*room, *change, now())) return room_reply(200, *room);
                  if (auto valid = check_room_name(room->name); !valid) {
                    return std::unexpected(valid.error());
                  }
                  if (auto updated = work.tx.update_room(*room, seen); !updated) {
                    return std::unexpected(updated.error());
                  }
                  work.audit("room.update", "room", room->id);
                  return room_reply(200, *room);
                });
}

}  // namespace

void add_room_routes(http::Router& router, const Gate& gate, const http::RouteOptions& limits) {
  store::Store& store = gate.store();
  const std::string rooms = "/api/v1/clinics/{id}/rooms";
  gate.add(router, "POST", rooms, with_store(store, add_room), limits);
  gate.add(router, "GET", rooms, with_store(store, list_rooms), limits);
  gate.add(router, "GET", rooms + "/{room_id}", with_store(store, read_room), limits);
  gate.add(router, "PATCH", rooms + "/{room_id}", with_store(store, update_room), limits);
}

}  // namespace mesoclinic::api
