// The JSON API under /api/v1 and the operational endpoints (/healthz, /readyz, /metrics).
// One file per resource: decode the request, call the clinic rules, store, encode the reply.
#pragma once

#include "http/http.h"
#include "store/store.h"

namespace mesoclinic::api {

// Registers every route the server answers on `router`. `store` and `metrics` must outlive
// the router's use. `defaults` apply to routes that set no limits of their own (a photo upload
// route, for instance, takes a larger body).
void add_routes(http::Router& router, store::Store& store, http::Metrics& metrics,
                const http::RouteOptions& defaults = {});

}  // namespace mesoclinic::api
