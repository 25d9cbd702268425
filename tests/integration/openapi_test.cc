// docs/openapi.yaml and the router must describe the same API: every route the server serves
// is documented, and every documented operation is served.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "api/api.h"
#include "http/http.h"
#include "store/store.h"

namespace mesoclinic::testing {
namespace {

using Operation = std::pair<std::string, std::string>;  // (METHOD, path pattern)

// Reads the operations under `paths:`. The file keeps the usual layout: a path at two spaces
// of indent, its methods at four.
std::set<Operation> documented_operations(const std::string& file) {
  std::ifstream in(file);
  EXPECT_TRUE(in.good()) << "cannot read " << file;
  std::set<Operation> operations;
  std::string line;
  std::string path;
  bool in_paths = false;
  while (std::getline(in, line)) {
    if (!line.empty() && line[0] != ' ' && line[0] != '#') in_paths = line == "paths:";
    if (!in_paths) continue;
    if (line.starts_with("  /") && line.back() == ':') {
      path = line.substr(2, line.size() - 3);
      if (path.size() > 1 && path.front() == '"') path = path.substr(1, path.size() - 2);
    } else if (line.starts_with("    ") && !line.starts_with("     ")) {
      const std::string key = line.substr(4, line.find(':') - 4);
      for (const char* method : {"get", "post", "put", "patch", "delete"}) {
        if (key == method) {
          std::string upper = key;
          for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
          operations.insert({upper, path});
        }
      }
    }
  }
  return operations;
}

TEST(OpenApi, DescribesEveryRouteTheServerServes) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("mesoclinic-openapi-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto store = store::Store::open({"sqlite:" + (dir / "api.db").string(), 1});
  ASSERT_TRUE(store.has_value()) << store.error().message;
  http::Router router;
  http::Metrics metrics;
  const auto routes = api::add_routes(router, **store, metrics);

  std::set<Operation> served;
  for (const auto& route : router.routes()) served.insert({route.method, route.pattern});
  const std::set<Operation> documented =
      documented_operations(std::string(MESOCLINIC_SOURCE_DIR) + "/docs/openapi.yaml");

  for (const auto& [method, path] : served) {
    EXPECT_TRUE(documented.count({method, path}))
        << method << " " << path << " is not in docs/openapi.yaml";
  }
  for (const auto& [method, path] : documented) {
    EXPECT_TRUE(served.count({method, path}))
        << method << " " << path << " is documented but not served";
  }
  EXPECT_GE(served.size(), 8u);
  store->reset();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace mesoclinic::testing
