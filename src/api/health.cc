// Operational endpoints for load balancers and monitoring. They carry no patient data.
#include "api/json_body.h"
#include "api/routes.h"

namespace mesoclinic::api {

void add_health_routes(http::Router& router, store::Store& store, http::Metrics& metrics) {
  // Liveness: the process answers. Deliberately touches nothing else.
  router.add("GET", "/healthz", [](const http::Request&) {
    return json_reply(200, Json{{"status", "ok"}});
  });
  // Readiness: the database answers, so this instance can take traffic.
  router.add("GET", "/readyz", [&store](const http::Request&) {
    if (auto pinged = store.ping(); !pinged) {
      return http::problem(503, "Not ready", "The database cannot be reached.");
    }
    return json_reply(200, Json{{"status", "ready"}});
  });
  router.add("GET", "/metrics", [&metrics](const http::Request&) {
    http::Response response;
    response.content_type = "text/plain; version=0.0.4; charset=utf-8";
    response.body = metrics.render();
    return response;
  });
  metrics.set_gauge_source([&store] {
    const store::PoolStats pool = store.pool_stats();
    return std::vector<std::pair<std::string, double>>{
        {"mesoclinic_db_pool_connections", static_cast<double>(pool.size)},
        {"mesoclinic_db_pool_connections_in_use", static_cast<double>(pool.in_use)},
    };
  });
}

}  // namespace mesoclinic::api
