// /api/v1/formulations: the named mixes the clinic injects, with their ingredients (what the
// allergy rule screens against). Admins add, rename and retire them; ingredients never change,
// since decisions, courses and charts refer to a formulation by id (a new mix is a new
// formulation). A retired one stays readable but is refused for new work (practice/retirement.h).
#include "api/access.h"
#include "api/documents.h"
#include "api/handler.h"
#include "api/idempotency.h"
#include "api/json_body.h"
#include "api/paging.h"
#include "api/retirement.h"
#include "api/routes.h"
#include "core/ids.h"

namespace mesoclinic::api {
namespace {

http::Response formulation_reply(int status, const clinic::Formulation& formulation) {
  return json_reply(status, with_lifecycle(to_json(formulation), formulation.lifecycle))
      .with_header("ETag", etag_for(formulation.lifecycle.version));
}

Result<clinic::Formulation> find(store::Transaction& tx, const http::Request& request) {
  auto formulation = tx.find_formulation(request.path_params.at("id"));
  if (!formulation) return std::unexpected(formulation.error());
  if (!*formulation) return fail(ErrorCode::kNotFound, "No formulation with this id.");
  return std::move(**formulation);
}

http::Response create_formulation(store::Store& store, const http::Request& request,
                                  const Caller& caller) {
  auto body = parse_json_object(request);
  if (!body) return body.error();
  auto formulation = formulation_from_json(*body);
  if (!formulation) return http::problem_from(formulation.error());
  formulation->id = new_id();
  formulation->created_at = now();
  return create_idempotently(
      store, request, caller, "POST /api/v1/formulations",
      [&](Work& work) -> Result<http::Response> {
        if (auto inserted = work.tx.insert_formulation(*formulation); !inserted) {
          return std::unexpected(inserted.error());
        }
        work.audit("formulation.create", "formulation", formulation->id);
        return formulation_reply(201, *formulation)
            .with_header("Location", "/api/v1/formulations/" + formulation->id);
      });
}

http::Response list_formulations(store::Store& store, const http::Request& request,
                                 const Caller& caller) {
  const auto page = read_page_request(request);
  if (!page) return http::problem_from(page.error());
  const auto retired = retired_listing(request);
  if (!retired) return http::problem_from(retired.error());
  return handle(store, request, caller, store::TransactionMode::kRead,
                [&](Work& work) -> Result<http::Response> {
                  auto formulations = work.tx.list_formulations(*retired);
                  if (!formulations) return std::unexpected(formulations.error());
                  Json items = Json::array();
                  for (const auto& formulation : *formulations) {
                    items.push_back(with_lifecycle(to_json(formulation), formulation.lifecycle));
                  }
                  return json_reply(200, page_of(std::move(items), *page));
                });
}

http::Response read_formulation(store::Store& store, const http::Request& request,
                                const Caller& caller) {
  return handle(store, request, caller, store::TransactionMode::kRead,
                [&](Work& work) -> Result<http::Response> {
                  auto formulation = find(work.tx, request);
                  if (!formulation) return std::unexpected(formulation.error());
                  return formulation_reply(200, *formulation);
                });
}

// Renames or retires (or brings back) a formulation; its ingredients are refused at their field.
http::Response update_formulation(store::Store& store, const http::Request& request,
                                  const Caller& caller) {
  auto body = parse_json_object(request, /*accept_merge_patch=*/true);
  if (!body) return body.error();
  auto change = catalogue_change_from_json(*body, {"ingredients"}, {"created_at"});
  if (!change) return http::problem_from(change.error());
  return handle(store, request, caller, store::TransactionMode::kWrite,
                [&](Work& work) -> Result<http::Response> {
                  auto formulation = find(work.tx, request);
                  if (!formulation) return std::unexpected(formulation.error());
                  const std::int64_t seen = formulation->lifecycle.version;
                  if (auto refused = check_if_match(request, seen)) return *refused;
                  // Nothing changed: nothing is written or audited.
                  if (!clinic::apply_change(*formulation, *change, now())) {
                    return formulation_reply(200, *formulation);
                  }
                  if (auto valid = clinic::validate_formulation(*formulation); !valid) {
                    return std::unexpected(valid.error());
                  }
                  if (auto updated = work.tx.update_formulation(*formulation, seen); !updated) {
                    return std::unexpected(updated.error());
                  }
                  work.audit("formulation.update", "formulation", formulation->id);
                  return formulation_reply(200, *formulation);
                });
}

}  // namespace

void add_formulation_routes(http::Router& router, const Gate& gate,
                            const http::RouteOptions& limits) {
  store::Store& store = gate.store();
  const std::string item = "/api/v1/formulations/{id}";
  gate.add(router, "POST", "/api/v1/formulations", with_store(store, create_formulation), limits);
  gate.add(router, "GET", "/api/v1/formulations", with_store(store, list_formulations), limits);
  gate.add(router, "GET", item, with_store(store, read_formulation), limits);
  gate.add(router, "PATCH", item, with_store(store, update_formulation), limits);
}

}  // namespace mesoclinic::api
