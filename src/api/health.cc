// Operational endpoints for load balancers and monitoring. They carry no patient data.
#include "api/json_body.h"
#include "api/routes.h"

namespace mesoclinic::api {

void add_health_routes(http::Router& router, const Gate& gate, http::Metrics& metrics) {
  store::Store& store = gate.store();
  // Liveness: the process answers. Deliberately touches nothing else.
  gate.add(router, "GET", "/healthz", [](const http::Request&, const Caller&) {
    return json_reply(200, Json{{"status", "ok"}});
  });
  // Readiness: the database answers, so this instance can take traffic.
  gate.add(router, "GET", "/readyz", [&store](const http::Request&, const Caller&) {
    if (auto pinged = store.ping(); !pinged) {
      return http::problem(503, "Not ready", "The database cannot be reached.");
    }
    return json_reply(200, Json{{"status", "ready"}});
  });
  gate.add(router, "GET", "/metrics", [&metrics](const http::Request&, const Caller&) {
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
