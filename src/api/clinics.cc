// /api/v1/clinics: the sites of the clinic group, so a client can offer a choice at intake.
#include "api/json_body.h"
#include "api/routes.h"
#include "core/time.h"

namespace mesoclinic::api {

void add_clinic_routes(http::Router& router, const Gate& gate, const http::RouteOptions& limits) {
  store::Store& store = gate.store();
  gate.add(
      router, "GET", "/api/v1/clinics",
      [&store](const http::Request&, const Caller& caller) {
        auto tx = store.begin(store::TransactionMode::kRead);
        if (!tx) return http::problem_from(tx.error());
        auto clinics = (*tx)->list_clinics();
        if (!clinics) return http::problem_from(clinics.error());
        if (auto committed = (*tx)->commit(); !committed) {
          return http::problem_from(committed.error());
        }
        Json items = Json::array();
        for (const auto& clinic : *clinics) {
          if (!caller.sees_clinic(clinic.id)) continue;
          items.push_back({{"id", clinic.id},
                           {"name", clinic.name},
                           {"time_zone", clinic.time_zone},
                           {"created_at", format_rfc3339(clinic.created_at)}});
        }
        return json_reply(200, Json{{"items", std::move(items)}});
      },
      limits);
}

}  // namespace mesoclinic::api
