// /api/v1/protocols: how a course is built - formulation, technique, number of sessions and
// the interval before each, appointment length, price, maintenance recall. Admins add them;
// every reply carries the cost estimate a patient is shown before agreeing to a course.
#include "api/access.h"
#include "api/api.h"
#include "api/documents.h"
#include "api/handler.h"
#include "api/json_body.h"
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
  return reply;
}

http::Response create_protocol(store::Store& store, const http::Request& request,
                               const Caller& caller) {
  auto body = parse_json_object(request);
  if (!body) return body.error();
  auto protocol = protocol_from_json(*body);
  if (!protocol) return http::problem_from(protocol.error());
  protocol->id = new_id();
  const store::StoredProtocol stored{protocol->id, protocol->name, protocol->formulation_id, now(),
                                     documents::protocol_document(*protocol)};
  return handle(
      store, request, caller, store::TransactionMode::kWrite,
      [&](Work& work) -> Result<http::Response> {
        auto formulation = work.tx.find_formulation(protocol->formulation_id);
        if (!formulation) return std::unexpected(formulation.error());
        if (!*formulation) return invalid({{"/formulation_id", "names no formulation"}});
        if (auto inserted = work.tx.insert_protocol(stored); !inserted) {
          return std::unexpected(inserted.error());
        }
        work.audit("protocol.create", "protocol", stored.id);
        auto reply = protocol_reply(stored);
        if (!reply) return std::unexpected(reply.error());
        return json_reply(201, *reply).with_header("Location", "/api/v1/protocols/" + stored.id);
      });
}

http::Response list_protocols(store::Store& store, const http::Request& request,
                              const Caller& caller) {
  return handle(store, request, caller, store::TransactionMode::kRead,
                [](Work& work) -> Result<http::Response> {
                  auto protocols = work.tx.list_protocols();
                  if (!protocols) return std::unexpected(protocols.error());
                  Json items = Json::array();
                  for (const auto& stored : *protocols) {
                    auto reply = protocol_reply(stored);
                    if (!reply) return std::unexpected(reply.error());
                    items.push_back(std::move(*reply));
                  }
                  return json_reply(200, Json{{"items", std::move(items)}});
                });
}

http::Response read_protocol(store::Store& store, const http::Request& request,
                             const Caller& caller) {
  return handle(store, request, caller, store::TransactionMode::kRead,
                [&](Work& work) -> Result<http::Response> {
                  auto stored = work.tx.find_protocol(request.path_params.at("id"));
                  if (!stored) return std::unexpected(stored.error());
                  if (!*stored) return fail(ErrorCode::kNotFound, "No protocol with this id.");
                  auto reply = protocol_reply(**stored);
                  if (!reply) return std::unexpected(reply.error());
                  return json_reply(200, *reply);
                });
}

}  // namespace

void add_protocol_routes(http::Router& router, const Gate& gate, const http::RouteOptions& limits) {
  store::Store& store = gate.store();
  gate.add(router, "POST", "/api/v1/protocols", with_store(store, create_protocol), limits);
  gate.add(router, "GET", "/api/v1/protocols", with_store(store, list_protocols), limits);
  gate.add(router, "GET", "/api/v1/protocols/{id}", with_store(store, read_protocol), limits);
}

}  // namespace mesoclinic::api
