#include "api/idempotency.h"

#include <charconv>
#include <nlohmann/json.hpp>

#include "core/ids.h"
#include "core/time.h"

namespace mesoclinic::api {
namespace {

constexpr std::size_t kMaxKeyLength = 255;

bool is_valid_key(const std::string& key) {
  if (key.empty() || key.size() > kMaxKeyLength) return false;
  for (const char c : key) {
    if (c < 0x21 || c > 0x7e) return false;  // visible ASCII only
  }
  return true;
}

http::Response replay(const store::IdempotentReply& stored) {
  http::Response response;
  response.status = stored.status;
  response.body = stored.body;
  if (!stored.location.empty()) response.with_header("Location", stored.location);
  const auto body = nlohmann::json::parse(stored.body, nullptr, false);
  if (body.is_object() && body.contains("version") && body["version"].is_number_integer()) {
    response.with_header("ETag", etag_for(body["version"].get<std::int64_t>()));
  }
  response.with_header("Idempotent-Replayed", "true");
  return response;
}

std::string header_value(const http::Response& response, std::string_view name) {
  for (const auto& [key, value] : response.headers) {
    if (key == name) return value;
  }
  return {};
}

}  // namespace

http::Response create_idempotently(store::Store& store, const http::Request& request,
                                   const Caller& caller, const std::string& route_scope,
                                   const WorkHandler& create) {
  const auto key = request.header("idempotency-key");
  if (key && !is_valid_key(*key)) {
    return http::problem(400, "Invalid Idempotency-Key",
                         "An Idempotency-Key is 1 to 255 visible ASCII characters.");
  }
  const std::string request_hash = key ? sha256_hex(request.body) : std::string();
  // Keys are per concrete path: the same key sent for another patient is another request, and
  // must never replay (or reveal) the first patient's reply.
  const std::string scope = route_scope + " " + request.path;
  // Two tries: if a concurrent request with the same key commits first, our save fails with a
  // conflict, everything is undone, and the second pass replays the winner's reply.
  for (int attempt = 0; attempt < 2; ++attempt) {
    std::optional<http::Response> reply;
    bool lost_race = false;
    auto written = store.write_together([&](store::Transaction& tx) -> Result<bool> {
      if (key) {
        auto existing = tx.find_idempotent_reply(scope, *key);
        if (!existing) return std::unexpected(existing.error());
        if (*existing) {
          if ((*existing)->request_hash != request_hash) {
            reply = http::problem(422, "Idempotency-Key reused",
                                  "This Idempotency-Key was already used with a different "
                                  "request body; use a new key for a new request.");
          } else {
            reply = replay(**existing);
          }
          return false;
        }
      }
      Work work(tx, request, caller);
      auto response = create(work);
      if (!response) return std::unexpected(response.error());
      if (auto appended = work.append_audit_entries(); !appended) {
        return std::unexpected(appended.error());
      }
      if (key) {
        const store::IdempotentReply saved_reply{.scope = scope,
                                                 .key = *key,
                                                 .request_hash = request_hash,
                                                 .status = response->status,
                                                 .location = header_value(*response, "Location"),
                                                 .body = response->body,
                                                 .created_at = now()};
        auto saved = tx.save_idempotent_reply(saved_reply);
        if (!saved && saved.error().code == ErrorCode::kConflict && attempt == 0) {
          lost_race = true;
          return false;
        }
        if (!saved) return std::unexpected(saved.error());
      }
      reply = std::move(*response);
      return true;
    });
    if (!written) return http::problem_from(written.error());
    if (lost_race) continue;
    return std::move(*reply);
  }
  return http::problem(409, "Concurrent request",
                       "Another request with this Idempotency-Key is in progress; retry.");
}

std::string etag_for(std::int64_t version) {
  std::string tag = std::to_string(version);
  return tag.insert(0, 1, '"') + '"';
}

std::optional<http::Response> check_if_match(const http::Request& request,
                                             std::int64_t current_version) {
  return check_if_match_tag(request, etag_for(current_version));
}

std::optional<http::Response> check_if_match_tag(const http::Request& request,
                                                 const std::string& current) {
  const auto header = request.header("if-match");
  if (!header) {
    return http::problem(428, "Precondition required",
                         "Send If-Match with the ETag you last read, so that a change made by "
                         "someone else in the meantime is not overwritten.");
  }
  // If-Match may list several tags; "*" matches any existing record.
  std::string_view rest = *header;
  while (!rest.empty()) {
    const std::size_t comma = rest.find(',');
    std::string_view tag = rest.substr(0, comma);
    while (!tag.empty() && tag.front() == ' ') tag.remove_prefix(1);
    while (!tag.empty() && tag.back() == ' ') tag.remove_suffix(1);
    if (tag == "*" || tag == current) return std::nullopt;
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return http::problem(412, "Stale version",
                       "The record has changed since you read it; read it again and retry.");
}

}  // namespace mesoclinic::api
