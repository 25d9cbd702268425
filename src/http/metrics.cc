#include <array>
#include <map>
#include <mutex>
#include <sstream>
#include <tuple>

#include "http/http.h"

namespace mesoclinic::http {
namespace {

// Upper bounds in seconds; the API aims at single-digit milliseconds, so the buckets are
// finest there.
constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                             0.05,   0.1,   0.25,   0.5,   1.0,  2.5};

struct Histogram {
  std::array<std::uint64_t, kBuckets.size()> counts{};
  std::uint64_t total = 0;
  double sum = 0;
};

// Label values are our own route patterns and method names, but escape them anyway.
std::string label(std::string_view value) {
  std::string escaped;
  for (const char c : value) {
    if (c == '\\' || c == '"') escaped += '\\';
    if (c == '\n') {
      escaped += "\\n";
      continue;
    }
    escaped += c;
  }
  return escaped;
}

}  // namespace

struct Metrics::State {
  mutable std::mutex mutex;
  std::map<std::tuple<std::string, std::string, int>, std::uint64_t> requests;
  std::map<std::pair<std::string, std::string>, Histogram> latency;
  std::function<std::vector<std::pair<std::string, double>>()> gauges;
};

Metrics::Metrics() : state_(std::make_unique<State>()) {}
Metrics::~Metrics() = default;

void Metrics::record(std::string_view method, std::string_view route, int status,
                     std::chrono::nanoseconds duration) {
  const double seconds = std::chrono::duration<double>(duration).count();
  std::lock_guard lock(state_->mutex);
  ++state_->requests[{std::string(method), std::string(route), status}];
  Histogram& histogram = state_->latency[{std::string(method), std::string(route)}];
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++histogram.counts[i];
  }
  ++histogram.total;
  histogram.sum += seconds;
}

void Metrics::set_gauge_source(
    std::function<std::vector<std::pair<std::string, double>>()> source) {
  std::lock_guard lock(state_->mutex);
  state_->gauges = std::move(source);
}

std::string Metrics::render() const {
  std::ostringstream out;
  out.precision(9);
  std::function<std::vector<std::pair<std::string, double>>()> gauges;
  {
    std::lock_guard lock(state_->mutex);
    out << "# HELP mesoclinic_http_requests_total HTTP requests answered, by route and status.\n"
        << "# TYPE mesoclinic_http_requests_total counter\n";
    for (const auto& [key, count] : state_->requests) {
      const auto& [method, route, status] = key;
      out << "mesoclinic_http_requests_total{method=\"" << label(method) << "\",route=\""
          << label(route) << "\",status=\"" << status << "\"} " << count << "\n";
    }
    out << "# HELP mesoclinic_http_request_duration_seconds Time from request read to reply "
           "ready.\n"
        << "# TYPE mesoclinic_http_request_duration_seconds histogram\n";
    for (const auto& [key, histogram] : state_->latency) {
      const std::string labels =
          "method=\"" + label(key.first) + "\",route=\"" + label(key.second) + "\"";
      for (std::size_t i = 0; i < kBuckets.size(); ++i) {
        out << "mesoclinic_http_request_duration_seconds_bucket{" << labels << ",le=\""
            << kBuckets[i] << "\"} " << histogram.counts[i] << "\n";
      }
      out << "mesoclinic_http_request_duration_seconds_bucket{" << labels << ",le=\"+Inf\"} "
          << histogram.total << "\n";
      out << "mesoclinic_http_request_duration_seconds_sum{" << labels << "} " << histogram.sum
          << "\n";
      out << "mesoclinic_http_request_duration_seconds_count{" << labels << "} " << histogram.total
          << "\n";
    }
    gauges = state_->gauges;
  }
  if (gauges) {
    for (const auto& [name, value] : gauges()) {
      out << "# TYPE " << name << " gauge\n" << name << " " << value << "\n";
    }
  }
  return out.str();
}

}  // namespace mesoclinic::http
