// /api/v1/formulations: the named mixes the clinic injects, with their ingredients (what the
// allergy rule screens against). Admins add them; formulations are not edited afterwards, since
// decisions and sessions refer to them.
#include "api/access.h"
#include "api/documents.h"
#include "api/handler.h"
#include "api/json_body.h"
#include "api/routes.h"
#include "core/ids.h"

namespace mesoclinic::api {
namespace {

http::Response create_formulation(store::Store& store, const http::Request& request,
                                  const Caller& caller) {
  auto body = parse_json_object(request);
  if (!body) return body.error();
  auto formulation = formulation_from_json(*body);
  if (!formulation) return http::problem_from(formulation.error());
  formulation->id = new_id();
  formulation->created_at = now();
  return handle(store, request, caller, store::TransactionMode::kWrite,
                [&](Work& work) -> Result<http::Response> {
                  if (auto inserted = work.tx.insert_formulation(*formulation); !inserted) {
                    return std::unexpected(inserted.error());
                  }
                  work.audit("formulation.create", "formulation", formulation->id);
                  return json_reply(201, to_json(*formulation))
                      .with_header("Location", "/api/v1/formulations/" + formulation->id);
                });
}

http::Response list_formulations(store::Store& store, const http::Request& request,
                                 const Caller& caller) {
  return handle(store, request, caller, store::TransactionMode::kRead,
                [](Work& work) -> Result<http::Response> {
                  auto formulations = work.tx.list_formulations();
                  if (!formulations) return std::unexpected(formulations.error());
                  Json items = Json::array();
                  for (const auto& formulation : *formulations) {
                    items.push_back(to_json(formulation));
                  }
                  return json_reply(200, Json{{"items", std::move(items)}});
                });
}

http::Response read_formulation(store::Store& store, const http::Request& request,
                                const Caller& caller) {
  return handle(store, request, caller, store::TransactionMode::kRead,
                [&](Work& work) -> Result<http::Response> {
                  auto formulation = work.tx.find_formulation(request.path_params.at("id"));
                  if (!formulation) return std::unexpected(formulation.error());
                  if (!*formulation)
                    return fail(ErrorCode::kNotFound, "No formulation with this id.");
                  return json_reply(200, to_json(**formulation));
                });
}

}  // namespace

void add_formulation_routes(http::Router& router, const Gate& gate,
                            const http::RouteOptions& limits) {
  store::Store& store = gate.store();
  gate.add(router, "POST", "/api/v1/formulations", with_store(store, create_formulation), limits);
  gate.add(router, "GET", "/api/v1/formulations", with_store(store, list_formulations), limits);
  gate.add(router, "GET", "/api/v1/formulations/{id}", with_store(store, read_formulation), limits);
}

}  // namespace mesoclinic::api
