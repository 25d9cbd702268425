// Private to api/: each resource file registers its own routes, all through the Gate.
#pragma once

#include "api/access.h"
#include "http/http.h"
#include "store/store.h"

namespace mesoclinic::api {

void add_patient_routes(http::Router& router, const Gate& gate, const http::RouteOptions& limits);
void add_clinic_routes(http::Router& router, const Gate& gate, const http::RouteOptions& limits);
void add_session_routes(http::Router& router, const Gate& gate);
void add_audit_routes(http::Router& router, const Gate& gate);
void add_user_routes(http::Router& router, const Gate& gate, const http::RouteOptions& limits);
void add_health_routes(http::Router& router, const Gate& gate, http::Metrics& metrics);

}  // namespace mesoclinic::api
