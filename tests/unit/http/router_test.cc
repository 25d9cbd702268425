#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "http/http.h"

namespace mesoclinic::http {
namespace {

Handler named(std::string name) {
  return [name](const Request&) {
    Response response;
    response.body = name;
    return response;
  };
}

TEST(Router, MatchesLiteralAndParameterSegments) {
  Router router;
  router.add("GET", "/api/v1/patients", named("list"));
  router.add("GET", "/api/v1/patients/{id}", named("read"));
  router.add("PATCH", "/api/v1/patients/{id}", named("update"));

  auto list = router.match("GET", "/api/v1/patients");
  ASSERT_NE(list.route, nullptr);
  EXPECT_EQ(list.route->handler(Request{}).body, "list");

  auto read = router.match("GET", "/api/v1/patients/abc");
  ASSERT_NE(read.route, nullptr);
  EXPECT_EQ(read.route->pattern, "/api/v1/patients/{id}");
  EXPECT_EQ(read.params.at("id"), "abc");
}

TEST(Router, TellsUnknownPathsFromUnservedMethods) {
  Router router;
  router.add("GET", "/api/v1/patients/{id}", named("read"));
  router.add("DELETE", "/api/v1/patients/{id}", named("delete"));

  auto wrong_method = router.match("PUT", "/api/v1/patients/abc");
  EXPECT_EQ(wrong_method.route, nullptr);
  EXPECT_TRUE(wrong_method.path_known);
  EXPECT_EQ(wrong_method.allowed_methods, (std::vector<std::string>{"GET", "DELETE"}));

  for (const char* path : {"/api/v1/patients/", "/api/v1/patients/a/b", "/api/v1", "/"}) {
    auto unknown = router.match("GET", path);
    EXPECT_EQ(unknown.route, nullptr) << path;
    EXPECT_FALSE(unknown.path_known) << path;
  }
}

TEST(Problem, IsAnRfc9457DocumentWithFieldErrors) {
  const Response response =
      problem(422, "Invalid input", "Check the fields.", {{"/phone", "must be E.164"}});
  EXPECT_EQ(response.status, 422);
  EXPECT_EQ(response.content_type, "application/problem+json");
  const auto body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body["status"], 422);
  EXPECT_EQ(body["title"], "Invalid input");
  EXPECT_EQ(body["detail"], "Check the fields.");
  EXPECT_EQ(body["type"], "urn:mesoclinic:problem:invalid-input");
  EXPECT_EQ(body["errors"][0]["field"], "/phone");
  EXPECT_EQ(body["errors"][0]["message"], "must be E.164");
}

TEST(Problem, MapsEachErrorCodeToItsStatusAndHidesInternalDetail) {
  EXPECT_EQ(problem_from({ErrorCode::kInvalidInput, "x", {}}).status, 422);
  EXPECT_EQ(problem_from({ErrorCode::kNotFound, "x", {}}).status, 404);
  EXPECT_EQ(problem_from({ErrorCode::kConflict, "x", {}}).status, 409);
  EXPECT_EQ(problem_from({ErrorCode::kPreconditionFailed, "x", {}}).status, 412);
  // Causes a client acts on differently have types of their own.
  for (const auto& [code, type] :
       {std::pair{ErrorCode::kConflict, "conflict"}, std::pair{ErrorCode::kNameTaken, "name-taken"},
        std::pair{ErrorCode::kSlotUnavailable, "slot-unavailable"},
        std::pair{ErrorCode::kChartSigned, "chart-signed"}}) {
    const Response conflict = problem_from({code, "x", {}});
    EXPECT_EQ(conflict.status, 409);
    EXPECT_NE(conflict.body.find(std::string("urn:mesoclinic:problem:") + type), std::string::npos)
        << conflict.body;
  }
  const Response retired =
      problem_from({ErrorCode::kRetired, "room Room 2 is retired", {{"/room_id", "is retired"}}});
  EXPECT_EQ(retired.status, 409);
  EXPECT_NE(retired.body.find("urn:mesoclinic:problem:retired"), std::string::npos);
  EXPECT_NE(retired.body.find("/room_id"), std::string::npos);
  const Response unavailable =
      problem_from({ErrorCode::kUnavailable, "cannot open /srv/secret/path.db", {}});
  EXPECT_EQ(unavailable.status, 503);
  EXPECT_EQ(unavailable.body.find("/srv/secret"), std::string::npos);
  const Response internal = problem_from({ErrorCode::kInternal, "SQL: no such column", {}});
  EXPECT_EQ(internal.status, 500);
  EXPECT_EQ(internal.body.find("no such column"), std::string::npos);
}

}  // namespace
}  // namespace mesoclinic::http
