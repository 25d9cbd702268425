#include <gtest/gtest.h>

#include "http/http.h"

namespace mesoclinic::http {
namespace {

TEST(Metrics, CountsRequestsByRouteAndStatusInPrometheusFormat) {
  Metrics metrics;
  using std::chrono::milliseconds;
  metrics.record("GET", "/api/v1/patients/{id}", 200, milliseconds(2));
  metrics.record("GET", "/api/v1/patients/{id}", 200, milliseconds(30));
  metrics.record("GET", "/api/v1/patients/{id}", 404, milliseconds(1));
  metrics.set_gauge_source([] {
    return std::vector<std::pair<std::string, double>>{{"mesoclinic_db_pool_connections", 4}};
  });
  const std::string text = metrics.render();
  EXPECT_NE(text.find("mesoclinic_http_requests_total{method=\"GET\",route=\"/api/v1/patients/"
                      "{id}\",status=\"200\"} 2\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("status=\"404\"} 1\n"), std::string::npos) << text;
  // 2 ms and 1 ms fall under 5 ms, 30 ms does not; all three are counted.
  EXPECT_NE(text.find("mesoclinic_http_request_duration_seconds_bucket{method=\"GET\",route=\"/"
                      "api/v1/patients/{id}\",le=\"0.005\"} 2\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("le=\"+Inf\"} 3\n"), std::string::npos) << text;
  EXPECT_NE(text.find("mesoclinic_db_pool_connections 4\n"), std::string::npos) << text;
}

}  // namespace
}  // namespace mesoclinic::http
