#include <algorithm>

#include "http/http.h"

namespace mesoclinic::http {
namespace {

// Splits "/a/b/c" into {"a", "b", "c"}; "/" gives {} and "/a/" gives {"a", ""}.
std::vector<std::string_view> segments(std::string_view path) {
  std::vector<std::string_view> parts;
  if (path.starts_with('/')) path.remove_prefix(1);
  if (path.empty()) return parts;
  for (;;) {
    const auto slash = path.find('/');
    parts.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return parts;
}

bool is_parameter(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

// Fills `params` and returns true if `path` fits `pattern`.
bool fits(std::string_view pattern, std::string_view path,
          std::map<std::string, std::string>& params) {
  const auto wanted = segments(pattern);
  const auto given = segments(path);
  if (wanted.size() != given.size()) return false;
  std::map<std::string, std::string> found;
  for (std::size_t i = 0; i < wanted.size(); ++i) {
    if (is_parameter(wanted[i])) {
      if (given[i].empty()) return false;
      found.emplace(std::string(wanted[i].substr(1, wanted[i].size() - 2)), std::string(given[i]));
    } else if (wanted[i] != given[i]) {
      return false;
    }
  }
  params = std::move(found);
  return true;
}

}  // namespace

std::optional<std::string> Request::header(std::string_view name) const {
  const auto it = headers.find(std::string(name));
  if (it == headers.end()) return std::nullopt;
  return it->second;
}

std::optional<std::string> Request::query_param(std::string_view name) const {
  const auto it = query.find(std::string(name));
  if (it == query.end()) return std::nullopt;
  return it->second;
}

Response& Response::with_header(std::string name, std::string value) {
  headers.emplace_back(std::move(name), std::move(value));
  return *this;
}

void Router::add(std::string method, std::string pattern, Handler handler, RouteOptions options) {
  routes_.push_back({std::move(method), std::move(pattern), std::move(handler), options});
}

Router::Match Router::match(std::string_view method, std::string_view path) const {
  Match result;
  for (const Route& route : routes_) {
    std::map<std::string, std::string> params;
    if (!fits(route.pattern, path, params)) continue;
    result.path_known = true;
    if (route.method == method) {
      result.route = &route;
      result.params = std::move(params);
      return result;
    }
    if (std::find(result.allowed_methods.begin(), result.allowed_methods.end(), route.method) ==
        result.allowed_methods.end()) {
      result.allowed_methods.push_back(route.method);
    }
  }
  return result;
}

}  // namespace mesoclinic::http
