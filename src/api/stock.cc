// /api/v1/products and /api/v1/lots: what the clinic buys and what is on its shelves.
// Admins define, rename and retire products; admins and practitioners receive deliveries and recall
// lots (a recall must be quick, whoever hears of it first). A lot that has expired, is recalled or
// is empty cannot be used (clinic::why_unusable, applied where stock is used).
#include "api/documents.h"
#include "api/handler.h"
#include "api/idempotency.h"
#include "api/paging.h"
#include "api/retirement.h"
#include "api/routes.h"
#include "api/scheduling.h"
#include "core/ids.h"
#include "practice/retirement.h"

namespace mesoclinic::api {
namespace {

http::Response product_reply(int status, const clinic::Product& product) {
  return json_reply(status, with_lifecycle(to_json(product), product.lifecycle))
      .with_header("ETag", etag_for(product.lifecycle.version));
}

http::Response create_product(store::Store& store, const http::Request& request,
                              const Caller& caller) {
  auto body = parse_json_object(request);
  if (!body) return body.error();
  auto product = product_from_json(*body);
  if (!product) return http::problem_from(product.error());
  product->id = new_id();
  return create_idempotently(
      store, request, caller, "POST /api/v1/products", [&](Work& work) -> Result<http::Response> {
        auto formulation =
            practice::formulation_for_new_work(work.tx, product->formulation_id, "/formulation_id");
        if (!formulation) return std::unexpected(formulation.error());
        if (auto inserted = work.tx.insert_product(*product, now()); !inserted) {
          return std::unexpected(inserted.error());
        }
        work.audit("product.create", "product", product->id);
        return product_reply(201, *product)
            .with_header("Location", "/api/v1/products/" + product->id);
      });
}

http::Response list_products(store::Store& store, const http::Request& request,
                             const Caller& caller) {
  const auto page = read_page_request(request);
  if (!page) return http::problem_from(page.error());
  const auto retired = retired_listing(request);
  if (!retired) return http::problem_from(retired.error());
  return handle(store, request, caller, store::TransactionMode::kRead,
                [&](Work& work) -> Result<http::Response> {
                  auto products = work.tx.list_products(*retired);
                  if (!products) return std::unexpected(products.error());
                  Json items = Json::array();
                  for (const auto& product : *products) {
                    items.push_back(with_lifecycle(to_json(product), product.lifecycle));
                  }
                  return json_reply(200, page_of(std::move(items), *page));
                });
}

Result<clinic::Product> find_product(store::Transaction& tx, const http::Request& request) {
  auto product = tx.find_product(request.path_params.at("id"));
  if (!product) return std::unexpected(product.error());
  if (!*product) return fail(ErrorCode::kNotFound, "No product with this id.");
  return std::move(**product);
}

http::Response read_product(store::Store& store, const http::Request& request,
                            const Caller& caller) {
  return handle(store, request, caller, store::TransactionMode::kRead,
                [&](Work& work) -> Result<http::Response> {
                  auto product = find_product(work.tx, request);
                  if (!product) return std::unexpected(product.error());
                  return product_reply(200, *product);
                });
}

// Renames or retires (or brings back) a product. A retired product takes no new lots and its
// lots go into no new chart; what a vial holds never changes.
http::Response update_product(store::Store& store, const http::Request& request,
                              const Caller& caller) {
  auto body = parse_json_object(request, /*accept_merge_patch=*/true);
  if (!body) return body.error();
  auto change = catalogue_change_from_json(*body, {"formulation_id", "vial_ml"}, {});
  if (!change) return http::problem_from(change.error());
  return handle(store, request, caller, store::TransactionMode::kWrite,
                [&](Work& work) -> Result<http::Response> {
                  auto product = find_product(work.tx, request);
                  if (!product) return std::unexpected(product.error());
                  const std::int64_t seen = product->lifecycle.version;
                  if (auto refused = check_if_match(request, seen)) return *refused;
                  // Nothing changed: nothing is written or audited.
                  if (!clinic::apply_change(*product, *change, now())) {
                    return product_reply(200, *product);
                  }
                  if (auto valid = clinic::validate_product(*product); !valid) {
                    return std::unexpected(valid.error());
                  }
                  if (auto updated = work.tx.update_product(*product, seen); !updated) {
                    return std::unexpected(updated.error());
                  }
                  work.audit("product.update", "product", product->id);
                  return product_reply(200, *product);
                });
}

// A lot as shown: with whether it can be used today at its clinic, and why not.
Json lot_reply(const clinic::Lot& lot, const ClinicZone& zone) {
  Json reply = to_json(lot);
  const auto why = clinic::why_unusable(lot, zone.to_local(now()).date, 1);
  reply["usable"] = !why.has_value();
  reply["unusable_because"] = why ? Json(*why) : Json(nullptr);
  return reply;
}

// A delivery: a new lot, or more vials of one already held. An expired delivery is refused at
// the door rather than shelved.
http::Response receive_stock(store::Store& store, const http::Request& request,
                             const Caller& caller) {
  auto body = parse_json_object(request);
  if (!body) return body.error();
  auto lot = lot_from_json(*body);
  if (!lot) return http::problem_from(lot.error());
  lot->id = new_id();
  // A retried delivery (a timeout, a double click) must not count the vials twice: with an
  // Idempotency-Key the first reply is replayed.
  return create_idempotently(
      store, request, caller, "POST /api/v1/lots", [&](Work& work) -> Result<http::Response> {
        store::Transaction& tx = work.tx;
        if (!caller.sees_clinic(lot->clinic_id)) {
          return invalid({{"/clinic_id", "names no clinic of yours"}});
        }
        auto clinic = find_clinic_in_zone(tx, lot->clinic_id);
        if (!clinic) return std::unexpected(clinic.error());
        // A retired product (or one of a retired formulation) takes no new lots.
        auto product = practice::product_for_new_work(tx, lot->product_id, "/product_id");
        if (!product) return std::unexpected(product.error());
        if (auto allowed = clinic::check_delivery(*lot, clinic->zone.to_local(now()).date);
            !allowed) {
          return std::unexpected(allowed.error());
        }
        auto received = tx.receive_lot(*lot, now());
        if (!received) return std::unexpected(received.error());
        work.audit("stock.receive", "lot", received->id);
        Json reply = lot_reply(*received, clinic->zone);
        reply["received"] = lot->quantity;
        return json_reply(201, reply).with_header("Location", "/api/v1/lots/" + received->id);
      });
}

http::Response list_lots(store::Store& store, const http::Request& request, const Caller& caller) {
  const auto page = read_page_request(request);
  if (!page) return http::problem_from(page.error());
  const auto clinic_id = request.query_param("clinic_id");
  if (!clinic_id) {
    return http::problem_from(
        invalid({{"/clinic_id", "is required: whose shelves to list"}}).error());
  }
  return handle(store, request, caller, store::TransactionMode::kRead,
                [&](Work& work) -> Result<http::Response> {
                  if (!caller.sees_clinic(*clinic_id)) {
                    return fail(ErrorCode::kNotFound, "No clinic with this id.");
                  }
                  auto clinic = find_clinic_in_zone(work.tx, *clinic_id);
                  if (!clinic) return std::unexpected(clinic.error());
                  auto lots = work.tx.list_lots(*clinic_id);
                  if (!lots) return std::unexpected(lots.error());
                  Json items = Json::array();
                  for (const auto& lot : *lots) items.push_back(lot_reply(lot, clinic->zone));
                  return json_reply(200, page_of(std::move(items), *page));
                });
}

// The lot if it sits in one of the caller's clinics; kNotFound otherwise.
Result<std::pair<clinic::Lot, ClinicInZone>> visible_lot(store::Transaction& tx,
                                                         const std::string& id,
                                                         const Caller& caller) {
  auto lot = tx.find_lot(id);
  if (!lot) return std::unexpected(lot.error());
  if (!*lot || !caller.sees_clinic((*lot)->clinic_id)) {
    return fail(ErrorCode::kNotFound, "No lot with this id.");
  }
  auto clinic = find_clinic_in_zone(tx, (*lot)->clinic_id);
  if (!clinic) return std::unexpected(clinic.error());
  return std::pair{std::move(**lot), std::move(*clinic)};
}

http::Response read_lot(store::Store& store, const http::Request& request, const Caller& caller) {
  return handle(store, request, caller, store::TransactionMode::kRead,
                [&](Work& work) -> Result<http::Response> {
                  auto found = visible_lot(work.tx, request.path_params.at("id"), caller);
                  if (!found) return std::unexpected(found.error());
                  return json_reply(200, lot_reply(found->first, found->second.zone));
                });
}

http::Response recall_lot(store::Store& store, const http::Request& request, const Caller& caller) {
  return handle(store, request, caller, store::TransactionMode::kWrite,
                [&](Work& work) -> Result<http::Response> {
                  auto found = visible_lot(work.tx, request.path_params.at("id"), caller);
                  if (!found) return std::unexpected(found.error());
                  if (auto recalled = work.tx.recall_lot(found->first.id, now()); !recalled) {
                    return std::unexpected(recalled.error());
                  }
                  work.audit("lot.recall", "lot", found->first.id);
                  found->first.recalled = true;
                  return json_reply(200, lot_reply(found->first, found->second.zone));
                });
}

}  // namespace

void add_stock_routes(http::Router& router, const Gate& gate, const http::RouteOptions& limits) {
  store::Store& store = gate.store();
  gate.add(router, "POST", "/api/v1/products", with_store(store, create_product), limits);
  gate.add(router, "GET", "/api/v1/products", with_store(store, list_products), limits);
  gate.add(router, "GET", "/api/v1/products/{id}", with_store(store, read_product), limits);
  gate.add(router, "PATCH", "/api/v1/products/{id}", with_store(store, update_product), limits);
  gate.add(router, "POST", "/api/v1/lots", with_store(store, receive_stock), limits);
  gate.add(router, "GET", "/api/v1/lots", with_store(store, list_lots), limits);
  gate.add(router, "GET", "/api/v1/lots/{id}", with_store(store, read_lot), limits);
  gate.add(router, "POST", "/api/v1/lots/{id}/recall", with_store(store, recall_lot), limits);
}

}  // namespace mesoclinic::api
