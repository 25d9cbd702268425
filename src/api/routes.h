// Private to api/: each resource file registers its own routes.
#pragma once

#include "http/http.h"
#include "store/store.h"

namespace mesoclinic::api {

void add_patient_routes(http::Router& router, store::Store& store,
                        const http::RouteOptions& limits);
void add_clinic_routes(http::Router& router, store::Store& store, const http::RouteOptions& limits);
void add_health_routes(http::Router& router, store::Store& store, http::Metrics& metrics);

}  // namespace mesoclinic::api
