// /api/v1/protocols: how a course is built - formulation, technique, number of sessions and
// the interval before each, appointment length, maintenance recall. A protocol is the group's
// clinical definition; each clinic prices it (api/prices.cc). Admins add, edit and retire them.
// An edit changes the protocol in place: a course keeps the copy it was agreed on, so an edit
// never changes a course already agreed. A retired protocol stays readable and is refused for
// new courses.
#include "api/access.h"
#include "api/api.h"
#include "api/documents.h"
#include "api/handler.h"
#include "api/idempotency.h"
#include "api/json_body.h"
#include "api/paging.h"
#include "api/refusals.h"
#include "api/routes.h"
#include "core/ids.h"

namespace mesoclinic::api {
namespace {

// The protocol as stored, decoded; a stored document that no longer decodes is a bug.
Result<Json> protocol_reply(const store::StoredProtocol& stored) {
  auto protocol = protocol_from_stored(stored);
  if (!protocol) return std::unexpected(protocol.error());
  Json reply = to_json(*protocol);
  reply["created_at"] = format_rfc3339(stored.created_at);
  reply["updated_at"] = format_rfc3339(stored.updated_at);
  reply["version"] = stored.version;
  reply["retired_at"] =
      stored.retired_at ? Json(format_rfc3339(*stored.retired_at)) : Json(nullptr);
  return reply;
}

// The reply for one protocol, with its ETag.
Result<http::Response> protocol_response(int status, const store::StoredProtocol& stored) {
  auto reply = protocol_reply(stored);
  if (!reply) return std::unexpected(reply.error());
  return json_reply(status, *reply).with_header("ETag", etag_for(stored.version));
}

// The stored protocol the path names; kNotFound if there is none.
Result<store::StoredProtocol> find_named_protocol(store::Transaction& tx,
                                                  const http::Request& request) {
  auto stored = tx.find_protocol(request.path_params.at("id"));
  if (!stored) return std::unexpected(stored.error());
  if (!*stored) return fail(ErrorCode::kNotFound, "No protocol with this id.");
  return **stored;
}

http::Response create_protocol(store::Store& store, const http::Request& request,
                               const Caller& caller) {
  auto body = parse_json_object(request);
  if (!body) return body.error();
  auto protocol = protocol_from_json(*body);
  if (!protocol) return http::problem_from(protocol.error());
  protocol->id = new_id();
  const Instant created = now();
  const store::StoredProtocol stored{.id = protocol->id,
                                     .name = protocol->name,
                                     .formulation_id = protocol->formulation_id,
                                     .created_at = created,
                                     .body = documents::protocol_document(*protocol),
                                     .version = 1,
                                     .updated_at = created,
                                     .retired_at = std::nullopt};
  return create_idempotently(
      store, request, caller, "POST /api/v1/protocols", [&](Work& work) -> Result<http::Response> {
        auto formulation = work.tx.find_formulation(protocol->formulation_id);
        if (!formulation) return std::unexpected(formulation.error());
        if (!*formulation) return invalid({{"/formulation_id", "names no formulation"}});
        if (auto inserted = work.tx.insert_protocol(stored); !inserted) {
          return std::unexpected(inserted.error());
        }
        work.audit("protocol.create", "protocol", stored.id);
        auto reply = protocol_response(201, stored);
        if (!reply) return std::unexpected(reply.error());
        return reply->with_header("Location", "/api/v1/protocols/" + stored.id);
      });
}

http::Response list_protocols(store::Store& store, const http::Request& request,
                              const Caller& caller) {
  const auto page = read_page_request(request);
  if (!page) return http::problem_from(page.error());
  return handle(store, request, caller, store::TransactionMode::kRead,
                [&](Work& work) -> Result<http::Response> {
                  auto protocols = work.tx.list_protocols();
                  if (!protocols) return std::unexpected(protocols.error());
                  Json items = Json::array();
                  for (const auto& stored : *protocols) {
                    auto reply = protocol_reply(stored);
                    if (!reply) return std::unexpected(reply.error());
                    items.push_back(std::move(*reply));
                  }
                  return json_reply(200, page_of(std::move(items), *page));
                });
}

http::Response read_protocol(store::Store& store, const http::Request& request,
                             const Caller& caller) {
  return handle(store, request, caller, store::TransactionMode::kRead,
                [&](Work& work) -> Result<http::Response> {
                  auto stored = find_named_protocol(work.tx, request);
                  if (!stored) return std::unexpected(stored.error());
                  return protocol_response(200, *stored);
                });
}

// PATCH with If-Match: the members given replace the protocol's, and the whole is checked
// again. Courses already agreed keep their own copy. A retired protocol is not edited.
http::Response update_protocol(store::Store& store, const http::Request& request,
                               const Caller& caller) {
  auto body = parse_json_object(request);
  if (!body) return body.error();
  return handle(store, request, caller, store::TransactionMode::kWrite,
                [&](Work& work) -> Result<http::Response> {
                  auto stored = find_named_protocol(work.tx, request);
                  if (!stored) return std::unexpected(stored.error());
                  if (auto refused = check_if_match(request, stored->version)) return *refused;
                  if (stored->retired_at) {
                    return refusal_problem(
                        {practice::RefusalKind::kProtocolRetired,
                         "The protocol " + stored->name + " is retired; it is not edited.", 0});
                  }
                  auto current = protocol_from_stored(*stored);
                  if (!current) return std::unexpected(current.error());
                  Json merged = documents::without_derived_members(to_json(*current));
                  for (const auto& [name, value] : body->items()) merged[name] = value;
                  auto changed = protocol_from_json(merged);
                  if (!changed) return std::unexpected(changed.error());
                  if (changed->formulation_id != current->formulation_id) {
                    auto formulation = work.tx.find_formulation(changed->formulation_id);
                    if (!formulation) return std::unexpected(formulation.error());
                    if (!*formulation)
                      return invalid({{"/formulation_id", "names no formulation"}});
                  }
                  changed->id = stored->id;
                  store::StoredProtocol updated = *stored;
                  updated.name = changed->name;
                  updated.formulation_id = changed->formulation_id;
                  updated.body = documents::protocol_document(*changed);
                  updated.version = stored->version + 1;
                  updated.updated_at = now();
                  if (auto written = work.tx.update_protocol(updated, stored->version); !written) {
                    return std::unexpected(written.error());
                  }
                  work.audit("protocol.update", "protocol", updated.id);
                  return protocol_response(200, updated);
                });
}

// POST .../retirement: the protocol is no longer chosen for new courses. Retiring a retired
// protocol changes nothing and answers the same.
http::Response retire_protocol(store::Store& store, const http::Request& request,
                               const Caller& caller) {
  return handle(store, request, caller, store::TransactionMode::kWrite,
                [&](Work& work) -> Result<http::Response> {
                  auto stored = find_named_protocol(work.tx, request);
                  if (!stored) return std::unexpected(stored.error());
                  if (stored->retired_at) return protocol_response(200, *stored);
                  store::StoredProtocol retired = *stored;
                  retired.retired_at = now();
                  retired.updated_at = *retired.retired_at;
                  retired.version = stored->version + 1;
                  if (auto written = work.tx.update_protocol(retired, stored->version); !written) {
                    return std::unexpected(written.error());
                  }
                  work.audit("protocol.retire", "protocol", retired.id);
                  return protocol_response(200, retired);
                });
}

}  // namespace

void add_protocol_routes(http::Router& router, const Gate& gate, const http::RouteOptions& limits) {
  store::Store& store = gate.store();
  gate.add(router, "POST", "/api/v1/protocols", with_store(store, create_protocol), limits);
  gate.add(router, "GET", "/api/v1/protocols", with_store(store, list_protocols), limits);
  gate.add(router, "GET", "/api/v1/protocols/{id}", with_store(store, read_protocol), limits);
  gate.add(router, "PATCH", "/api/v1/protocols/{id}", with_store(store, update_protocol), limits);
  gate.add(router, "POST", "/api/v1/protocols/{id}/retirement", with_store(store, retire_protocol),
           limits);
}

}  // namespace mesoclinic::api
