// Errors as values: every fallible function in mesoclinic returns Result<T>, so failures cross
// module doors as data and the HTTP edge alone decides how they look to a client.
#pragma once

#include <expected>
#include <string>
#include <utility>
#include <vector>

namespace mesoclinic {

// What went wrong, in terms the HTTP edge can map to a status without knowing the cause.
enum class ErrorCode {
  kInvalidInput,        // the caller sent something malformed or out of range (400/422)
  kNotFound,            // no such resource, or not visible to the caller (404)
  kConflict,            // the change collides with stored state in another way (409)
  kNameTaken,           // another record of the kind already has that name (409)
  kSlotUnavailable,     // the time cannot be booked: closed, not at work, or already taken (409)
  kChartSigned,         // the chart is signed; signed charts change only by correction (409)
  kPreconditionFailed,  // an If-Match version is stale (412)
  kRetired,             // the chosen formulation, product, lot or room is retired (409)
  kUnavailable,         // a dependency (database, port) cannot be reached now (503)
  kCollided,            // concurrent transactions deadlocked; nothing changed, run it again (503)
  kInternal,            // a bug or an unexpected failure (500)
};

// One problem with one input field; `field` is a JSON pointer such as "/date_of_birth".
struct FieldError {
  std::string field;
  std::string message;
  friend bool operator==(const FieldError&, const FieldError&) = default;
};

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  std::vector<FieldError> fields;
};

// A value or the error that prevented it. [[nodiscard]]: an ignored Result is an ignored
// failure, so dropping one fails the build (cast to void only where a comment says why).
template <class T>
class [[nodiscard]] Result : public std::expected<T, Error> {
 public:
  using std::expected<T, Error>::expected;
  Result() = default;
  // From the plain std::expected that a library algorithm may hand back.
  Result(std::expected<T, Error> other) : std::expected<T, Error>(std::move(other)) {}
};

// Shorthand for returning a failure: `return fail(ErrorCode::kNotFound, "no such patient");`
inline std::unexpected<Error> fail(ErrorCode code, std::string message,
                                   std::vector<FieldError> fields = {}) {
  return std::unexpected(Error{code, std::move(message), std::move(fields)});
}

// Shorthand for an input error listing each bad field.
inline std::unexpected<Error> invalid(std::vector<FieldError> fields,
                                      std::string message = "The request has invalid fields.") {
  return fail(ErrorCode::kInvalidInput, std::move(message), std::move(fields));
}

}  // namespace mesoclinic
