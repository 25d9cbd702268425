#include <spdlog/spdlog.h>

#include <cctype>
#include <nlohmann/json.hpp>

#include "http/http.h"

namespace mesoclinic::http {
namespace {

// A stable identifier per kind of problem, derived from its title ("Malformed body" ->
// "urn:mesoclinic:problem:malformed-body"), so clients can branch on it.
std::string problem_type(std::string_view title) {
  std::string slug;
  for (const char c : title) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      slug += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (!slug.empty() && slug.back() != '-') {
      slug += '-';
    }
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  return "urn:mesoclinic:problem:" + slug;
}

}  // namespace

Response problem(int status, std::string_view title, std::string_view detail,
                 const std::vector<FieldError>& fields) {
  nlohmann::json body = {
      {"type", problem_type(title)}, {"title", title}, {"status", status}, {"detail", detail}};
  if (!fields.empty()) {
    nlohmann::json errors = nlohmann::json::array();
    for (const FieldError& field : fields) {
      errors.push_back({{"field", field.field}, {"message", field.message}});
    }
    body["errors"] = std::move(errors);
  }
  Response response;
  response.status = status;
  response.content_type = "application/problem+json";
  // Replacement, not an exception, if a message ever carries invalid UTF-8.
  response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return response;
}

Response problem_from(const Error& error) {
  switch (error.code) {
    case ErrorCode::kInvalidInput:
      return problem(422, "Invalid input", error.message, error.fields);
    case ErrorCode::kNotFound:
      return problem(404, "Not found", error.message);
    case ErrorCode::kConflict:
      return problem(409, "Conflict", error.message);
    // Causes a client acts on differently get types of their own: offer another name, another
    // time, or a correction instead of an edit.
    case ErrorCode::kNameTaken:
      return problem(409, "Name taken", error.message);
    case ErrorCode::kSlotUnavailable:
      return problem(409, "Slot unavailable", error.message);
    case ErrorCode::kChartSigned:
      return problem(409, "Chart signed", error.message);
    case ErrorCode::kPreconditionFailed:
      return problem(412, "Stale version", error.message);
    case ErrorCode::kRetired:
      // Its own type (urn:mesoclinic:problem:retired), so a client can offer another choice.
      return problem(409, "Retired", error.message, error.fields);
    case ErrorCode::kUnavailable:
      // The cause may name hosts or files: it goes to the log, not to the client.
      spdlog::warn("service unavailable: {}", error.message);
      return problem(503, "Service unavailable",
                     "A service this request needs is unavailable; try again shortly.")
          .with_header("Retry-After", "5");
    case ErrorCode::kCollided:
      // Only if running the write again collided as well (Store::write_together retries).
      return problem(503, "Busy",
                     "Other changes collided with this one and nothing was changed; try again.")
          .with_header("Retry-After", "1");
    case ErrorCode::kInternal:
      break;
  }
  spdlog::error("internal error: {}", error.message);
  return problem(500, "Internal error",
                 "Something went wrong on the server; the X-Request-Id header identifies it in "
                 "the server log.");
}

}  // namespace mesoclinic::http
