// /api/v1/clinics: the sites of the clinic group, so a client can offer a choice at intake, and
// each site's contact (phone, e-mail, address) that handouts and reminders print.
#include "api/api.h"
#include "api/handler.h"
#include "api/json_body.h"
#include "api/routes.h"
#include "api/scheduling.h"
#include "core/time.h"
#include "documents/settings.h"

namespace mesoclinic::api {
namespace {

using documents::contact_from_json;
using documents::contact_json;

Json clinics_json(const std::vector<clinic::Clinic>& clinics, const Caller& caller) {
  Json items = Json::array();
  for (const auto& clinic : clinics) {
    if (!caller.sees_clinic(clinic.id)) continue;
    items.push_back({{"id", clinic.id},
                     {"name", clinic.name},
                     {"time_zone", clinic.time_zone},
                     {"created_at", format_rfc3339(clinic.created_at)}});
  }
  return Json{{"items", std::move(items)}};
}

http::Response list_clinics(store::Store& store, const http::Request& request,
                            const Caller& caller) {
  return handle(store, request, caller, store::TransactionMode::kRead,
                [&](Work& work) -> Result<http::Response> {
                  auto clinics = work.tx.list_clinics();
                  if (!clinics) return std::unexpected(clinics.error());
                  return json_reply(200, clinics_json(*clinics, caller));
                });
}

http::Response read_contact(store::Store& store, const http::Request& request,
                            const Caller& caller) {
  const std::string& clinic_id = request.path_params.at("id");
  if (!caller.sees_clinic(clinic_id)) {
    return http::problem(404, "Not found", "No clinic with this id.");
  }
  return handle(store, request, caller, store::TransactionMode::kRead,
                [&](Work& work) -> Result<http::Response> {
                  auto contact = load_clinic_contact(work.tx, clinic_id);
                  if (!contact) return std::unexpected(contact.error());
                  return json_reply(200, contact_json(*contact));
                });
}

// PUT: the contact replaced whole; a part left out is removed.
http::Response replace_contact(store::Store& store, const http::Request& request,
                               const Caller& caller) {
  const std::string& clinic_id = request.path_params.at("id");
  if (!caller.sees_clinic(clinic_id)) {
    return http::problem(404, "Not found", "No clinic with this id.");
  }
  auto body = parse_json_object(request);
  if (!body) return body.error();
  auto contact = contact_from_json(*body);
  if (!contact) return http::problem_from(contact.error());
  return handle(store, request, caller, store::TransactionMode::kWrite,
                [&](Work& work) -> Result<http::Response> {
                  if (auto stored = work.tx.save_clinic_setting(
                          {clinic_id, std::string(documents::kContactSettingName),
                           documents::contact_document(*contact), now()});
                      !stored) {
                    return std::unexpected(stored.error());
                  }
                  work.audit("clinic_contact.replace", "clinic", clinic_id);
                  return json_reply(200, contact_json(*contact));
                });
}

}  // namespace

void add_clinic_routes(http::Router& router, const Gate& gate, const http::RouteOptions& limits) {
  store::Store& store = gate.store();
  gate.add(router, "GET", "/api/v1/clinics", with_store(store, list_clinics), limits);
  const std::string contact = "/api/v1/clinics/{id}/contact";
  gate.add(router, "GET", contact, with_store(store, read_contact), limits);
  gate.add(router, "PUT", contact, with_store(store, replace_contact), limits);
}

}  // namespace mesoclinic::api
