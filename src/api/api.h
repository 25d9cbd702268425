// The JSON API under /api/v1 and the operational endpoints (/healthz, /readyz, /metrics).
// One file per resource: decode the request, call src/practice (or the store for a plain read),
// encode the reply.
// Every route passes the access gate (src/api/access.h) before its handler runs.
#pragma once

#include <chrono>
#include <memory>

#include "http/http.h"
#include "media/media.h"
#include "store/store.h"

namespace mesoclinic::api {

struct Settings {
  http::RouteOptions defaults;  // for routes that set no limits of their own
  std::chrono::seconds session_idle_timeout{30 * 60};
  std::chrono::seconds session_absolute_timeout{12 * 60 * 60};
  // Where photos are kept; it must outlive the routes. None (a router built only to list its
  // routes): the photo routes answer 503.
  const media::PhotoFiles* photos = nullptr;
};

// What the routes share; keep it alive as long as the router is used.
class Api {
 public:
  virtual ~Api() = default;
};

// Registers every route the server answers on `router`. `store` and `metrics` must outlive
// the returned object, which must outlive the router's use. Throws std::logic_error if a
// route has no entry in the permission table (a programming error, caught by every test run).
std::unique_ptr<Api> add_routes(http::Router& router, store::Store& store, http::Metrics& metrics,
                                const Settings& settings = {});

}  // namespace mesoclinic::api
