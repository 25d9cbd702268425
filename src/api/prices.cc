// /api/v1/clinics/{id}/protocols/{protocol_id}/price: what a protocol costs at one clinic, in
// that clinic's currency. A protocol is the group's clinical definition; each clinic prices it
// (per session, or a package for the whole course), and a course there is estimated from it.
// Admins set prices in the clinics they work in; everyone there reads them to quote.
#include "api/api.h"
#include "api/documents.h"
#include "api/handler.h"
#include "api/idempotency.h"
#include "api/json_body.h"
#include "api/routes.h"
#include "documents/price.h"
#include "practice/clinics.h"

namespace mesoclinic::api {
namespace {

struct PricedAt {
  clinic::Clinic clinic;
  planning::Protocol protocol;
};

// The clinic (if the caller works there) and the protocol the path names; kNotFound otherwise.
Result<PricedAt> find_clinic_and_protocol(store::Transaction& tx, const http::Request& request,
                                          const Caller& caller) {
  const std::string& clinic_id = request.path_params.at("id");
  if (!caller.sees_clinic(clinic_id)) return fail(ErrorCode::kNotFound, "No clinic with this id.");
  auto clinic = tx.find_clinic(clinic_id);
  if (!clinic) return std::unexpected(clinic.error());
  if (!*clinic) return fail(ErrorCode::kNotFound, "No clinic with this id.");
  auto stored = tx.find_protocol(request.path_params.at("protocol_id"));
  if (!stored) return std::unexpected(stored.error());
  if (!*stored) return fail(ErrorCode::kNotFound, "No protocol with this id.");
  auto protocol = protocol_from_stored(**stored);
  if (!protocol) return std::unexpected(protocol.error());
  return PricedAt{std::move(**clinic), std::move(*protocol)};
}

http::Response price_reply(int status, const PricedAt& at, const practice::ClinicPrice& price) {
  Json body = to_json(price.price);
  body["clinic_id"] = at.clinic.id;
  body["protocol_id"] = at.protocol.id;
  body["currency"] = at.clinic.currency;
  body["cost_estimate"] =
      money_json(planning::estimate_cost(planning::priced_at(at.protocol, price.price)));
  body["version"] = price.version;
  body["updated_at"] = format_rfc3339(price.updated_at);
  return json_reply(status, body).with_header("ETag", etag_for(price.version));
}

http::Response read_price(store::Store& store, const http::Request& request, const Caller& caller) {
  return handle(store, request, caller, store::TransactionMode::kRead,
                [&](Work& work) -> Result<http::Response> {
                  auto at = find_clinic_and_protocol(work.tx, request, caller);
                  if (!at) return std::unexpected(at.error());
                  auto price = practice::find_price(work.tx, at->clinic.id, at->protocol.id);
                  if (!price) return std::unexpected(price.error());
                  if (!*price) {
                    return fail(ErrorCode::kNotFound, "The clinic has no price for this protocol.");
                  }
                  return price_reply(200, *at, **price);
                });
}

// PUT: the price replaced whole. The first needs no If-Match (201); a change needs the ETag
// last read (428 without it, 412 if stale).
http::Response replace_price(store::Store& store, const http::Request& request,
                             const Caller& caller) {
  auto body = parse_json_object(request);
  if (!body) return body.error();
  auto price = documents::price_from_json(*body);
  if (!price) return http::problem_from(price.error());
  return handle(store, request, caller, store::TransactionMode::kWrite,
                [&](Work& work) -> Result<http::Response> {
                  auto at = find_clinic_and_protocol(work.tx, request, caller);
                  if (!at) return std::unexpected(at.error());
                  auto current = practice::find_price(work.tx, at->clinic.id, at->protocol.id);
                  if (!current) return std::unexpected(current.error());
                  std::optional<std::int64_t> expected;
                  if (*current) {
                    if (auto refused = check_if_match(request, (*current)->version))
                      return *refused;
                    expected = (*current)->version;
                  }
                  auto set = practice::set_price(work.tx, at->clinic, at->protocol.id, *price,
                                                 expected, now());
                  if (!set) return std::unexpected(set.error());
                  work.audit("protocol_price.replace", "protocol", at->protocol.id);
                  return price_reply(expected ? 200 : 201, *at, *set);
                });
}

}  // namespace

void add_price_routes(http::Router& router, const Gate& gate, const http::RouteOptions& limits) {
  store::Store& store = gate.store();
  const std::string price = "/api/v1/clinics/{id}/protocols/{protocol_id}/price";
  gate.add(router, "GET", price, with_store(store, read_price), limits);
  gate.add(router, "PUT", price, with_store(store, replace_price), limits);
}

}  // namespace mesoclinic::api
