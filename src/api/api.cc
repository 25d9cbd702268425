#include "api/api.h"

#include "api/routes.h"

namespace mesoclinic::api {

void add_routes(http::Router& router, store::Store& store, http::Metrics& metrics,
                const http::RouteOptions& defaults) {
  add_health_routes(router, store, metrics);
  add_clinic_routes(router, store, defaults);
  add_patient_routes(router, store, defaults);
}

}  // namespace mesoclinic::api
