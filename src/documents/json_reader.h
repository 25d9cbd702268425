// The one strict reader for members of a JSON object: request bodies at the API edge and the
// stored documents below both go through it.
// Every problem becomes a field error under a JSON pointer; nothing is defaulted that the
// caller marks required.
#pragma once

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/text.h"
#include "planning/planning.h"

namespace mesoclinic::documents {

using Json = nlohmann::json;

// Reads members of one JSON object, collecting errors under `base` (a JSON pointer).
class Members {
 public:
  Members(const Json& object, std::string base, std::vector<FieldError>& errors)
      : object_(object), base_(std::move(base)), errors_(errors) {}

  // Records "is not a known field" for every member not in `known`, and "is read-only" for
  // those in `read_only` (sent back by a client that echoes a whole record).
  void refuse_unknown(std::initializer_list<std::string_view> known,
                      std::initializer_list<std::string_view> read_only = {}) {
    for (const auto& [name, value] : object_.items()) {
      if (std::find(read_only.begin(), read_only.end(), name) != read_only.end()) {
        error(escaped(name), "is read-only");
      } else if (std::find(known.begin(), known.end(), name) == known.end()) {
        error(escaped(name), "is not a known field");
      }
    }
  }

  // A member that must be present (screening facts are never assumed).
  const Json* required(std::string_view name) {
    const auto found = object_.find(name);
    if (found == object_.end() || found->is_null()) {
      error(name, "is required");
      return nullptr;
    }
    return &*found;
  }
  const Json* optional(std::string_view name) {
    const auto found = object_.find(name);
    return found == object_.end() || found->is_null() ? nullptr : &*found;
  }

  // A string member: nullopt (with an error) for a wrong type; missing gives nullopt, with an
  // error if `required`; JSON null gives nullopt without an error only if `nullable`.
  std::optional<std::string> string(std::string_view name, bool required, bool nullable = false) {
    const auto found = object_.find(name);
    if (found == object_.end()) {
      if (required) error(name, "is required");
      return std::nullopt;
    }
    if (found->is_null()) {
      if (!nullable) error(name, required ? "is required" : "must not be null");
      return std::nullopt;
    }
    if (!found->is_string()) {
      error(name, "must be a string");
      return std::nullopt;
    }
    return found->get<std::string>();
  }

  // A string member under the text policy of its kind (core/text.h): as `string`, and also
  // nullopt, with the policy's error under the member's pointer, for text the policy refuses.
  std::optional<std::string> name(std::string_view member, bool required, bool nullable = false,
                                  std::size_t max_characters = kMaxNameCharacters) {
    return policed(member, string(member, required, nullable), TextKind::kName, max_characters);
  }
  std::optional<std::string> note(std::string_view member, bool required, bool nullable = false,
                                  std::size_t max_characters = kMaxNoteCharacters) {
    return policed(member, string(member, required, nullable), TextKind::kNote, max_characters);
  }

  // As `text`, under the text policy of a name or a note; `out` is left as it was when refused.
  void name(std::string_view member, std::string& out, const Json* value,
            std::size_t max_characters = kMaxNameCharacters) {
    policed_text(member, out, value, TextKind::kName, max_characters);
  }
  void note(std::string_view member, std::string& out, const Json* value,
            std::size_t max_characters = kMaxNoteCharacters) {
    policed_text(member, out, value, TextKind::kNote, max_characters);
  }

  // As `text_list`, each entry under the text policy of a name.
  void name_list(std::string_view member, std::vector<std::string>& out, const Json* value,
                 std::size_t max_characters = kMaxNameCharacters) {
    const std::size_t before = out.size();
    text_list(member, out, value);
    for (std::size_t i = before; i < out.size(); ++i) {
      if (auto problem = text_policy_problem(out[i], TextKind::kName, max_characters)) {
        error(std::string(member).append("/").append(std::to_string(i - before)),
              std::move(*problem));
      }
    }
  }

  bool has(std::string_view name) const { return object_.contains(name); }

  void flag(std::string_view name, bool& out) {
    if (const Json* value = required(name)) {
      if (value->is_boolean()) {
        out = value->get<bool>();
      } else {
        error(name, "must be true or false");
      }
    }
  }

  void text(std::string_view name, std::string& out, const Json* value) {
    if (!value) return;
    if (value->is_string()) {
      out = value->get<std::string>();
    } else {
      error(name, "must be a string");
    }
  }

  // A whole number; the domain's validation checks its range, this only keeps it sane.
  template <class Int>
  void integer(std::string_view name, Int& out, const Json* value,
               long long limit = 1'000'000'000) {
    if (!value) return;
    if (value->is_number_integer() && value->get<long long>() >= -limit &&
        value->get<long long>() <= limit) {
      out = static_cast<Int>(value->get<long long>());
    } else {
      error(name, "must be a whole number");
    }
  }

  void number(std::string_view name, double& out, const Json* value) {
    if (!value) return;
    if (value->is_number() && std::isfinite(value->get<double>())) {
      out = value->get<double>();
    } else {
      error(name, "must be a number");
    }
  }

  void text_list(std::string_view name, std::vector<std::string>& out, const Json* value) {
    if (!value) return;
    if (!value->is_array()) return error(name, "must be an array of strings");
    for (std::size_t i = 0; i < value->size(); ++i) {
      if (!(*value)[i].is_string()) {
        return error(std::string(name) + "/" + std::to_string(i), "must be a string");
      }
      out.push_back((*value)[i].get<std::string>());
    }
  }

  template <class Enum, class Parse>
  void choice(std::string_view name, Enum& out, const Json* value, Parse parse,
              std::string_view names) {
    if (!value) return;
    const auto parsed = value->is_string() ? parse(value->get<std::string>()) : std::nullopt;
    if (parsed) {
      out = *parsed;
    } else {
      error(name, "must be one of " + std::string(names));
    }
  }

  template <class Enum, class Parse>
  void choice_list(std::string_view name, std::vector<Enum>& out, const Json* value, Parse parse,
                   std::string_view names) {
    if (!value) return;
    if (!value->is_array()) return error(name, "must be an array");
    for (std::size_t i = 0; i < value->size(); ++i) {
      Enum item{};
      Members(object_, base_, errors_)
          .choice(std::string(name) + "/" + std::to_string(i), item, &(*value)[i], parse, names);
      out.push_back(item);
    }
  }

  // `name` may hold a '/' to reach into an array ("sessions/2").
  void error(std::string_view name, std::string message) {
    errors_.push_back({base_ + "/" + std::string(name), std::move(message)});
  }

  // A member name the client chose, escaped as a JSON pointer token (RFC 6901) so a hostile
  // name cannot forge another path.
  static std::string escaped(std::string_view name) {
    std::string token;
    for (const char c : name) {
      token += c == '~' ? std::string("~0") : c == '/' ? std::string("~1") : std::string(1, c);
    }
    return token;
  }

 private:
  std::optional<std::string> policed(std::string_view member, std::optional<std::string> value,
                                     TextKind kind, std::size_t max_characters) {
    if (!value) return value;
    if (auto problem = text_policy_problem(*value, kind, max_characters)) {
      error(member, std::move(*problem));
      return std::nullopt;
    }
    return value;
  }

  void policed_text(std::string_view member, std::string& out, const Json* value, TextKind kind,
                    std::size_t max_characters) {
    if (!value) return;
    if (!value->is_string()) return error(member, "must be a string");
    auto text = value->get<std::string>();
    if (auto problem = text_policy_problem(text, kind, max_characters)) {
      return error(member, std::move(*problem));
    }
    out = std::move(text);
  }

  const Json& object_;
  std::string base_;
  std::vector<FieldError>& errors_;
};

// The record, or the errors collected while reading it, or the domain's own validation errors.
template <class T>
Result<T> checked(T record, std::vector<FieldError> errors, Result<void> (*validate)(const T&)) {
  if (!errors.empty()) return invalid(std::move(errors));
  if (auto valid = validate(record); !valid) return std::unexpected(valid.error());
  return record;
}

// An array of objects under `name`, each read by `read_one(item, pointer)`.
template <class ReadOne>
void read_items(Members& members, std::string_view name, const Json* value, std::size_t max,
                ReadOne read_one) {
  if (!value) return;
  if (!value->is_array() || value->size() > max) {
    members.error(name, "must be an array of at most " + std::to_string(max) + " objects");
    return;
  }
  for (std::size_t i = 0; i < value->size(); ++i) {
    // Built with append: GCC 12 at -O3 warns falsely on "literal" + std::string here.
    const std::string relative = std::string(name).append("/").append(std::to_string(i));
    if (!(*value)[i].is_object()) {
      members.error(relative, "must be an object");
      continue;
    }
    const std::string at = std::string("/").append(relative);
    read_one((*value)[i], at);
  }
}

// {"minor_units": 12000, "currency": "EUR"} under `name`, if present.
std::optional<planning::Money> money_from_json(Members& members, std::string_view name,
                                               std::vector<FieldError>& errors);
Json money_json(const std::optional<planning::Money>& money);

}  // namespace mesoclinic::documents
