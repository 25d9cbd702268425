// /api/v1/audit: the audit trail for auditors, filtered by patient, user, action and time.
#include <charconv>

#include "api/access.h"
#include "api/handler.h"
#include "api/json_body.h"
#include "api/routes.h"

namespace mesoclinic::api {
namespace {

constexpr std::size_t kMaxPage = 500;

Json to_json(const audit::Entry& entry) {
  return Json{{"sequence", entry.sequence},
              {"recorded_at", format_rfc3339(entry.recorded_at)},
              {"user_id", entry.user_id},
              {"username", entry.username},
              {"role", entry.role},
              {"source_address", entry.source_address},
              {"request_id", entry.request_id},
              {"action", entry.action},
              {"resource_type", entry.resource_type},
              {"resource_id", entry.resource_id},
              {"patient_id", entry.patient_id},
              {"outcome", audit::to_string(entry.outcome)},
              {"entry_hash", entry.entry_hash}};
}

Result<store::AuditQuery> read_query(const http::Request& request) {
  store::AuditQuery query;
  std::vector<FieldError> errors;
  for (const auto& [name, value] : request.query) {
    const std::string field = "/" + name;
    if (request.query.count(name) > 1) {
      errors.push_back({field, "may be given only once"});
    } else if (name == "patient_id") {
      query.patient_id = value;
    } else if (name == "user_id") {
      query.user_id = value;
    } else if (name == "action") {
      query.action = value;
    } else if (name == "from" || name == "to") {
      const auto instant = parse_rfc3339(value);
      if (!instant) {
        errors.push_back({field, "must be an RFC 3339 time such as 2026-11-24T09:00:00Z"});
      } else {
        (name == "from" ? query.from : query.to) = *instant;
      }
    } else if (name == "after") {
      const auto after = whole_number(value);
      if (!after) {
        errors.push_back({field, "must be a sequence number"});
      } else {
        query.after_sequence = *after;
      }
    } else if (name == "limit") {
      const auto limit = whole_number(value);
      if (!limit || *limit < 1 || *limit > static_cast<long long>(kMaxPage)) {
        errors.push_back({field, "must be a whole number from 1 to 500"});
      } else {
        query.limit = static_cast<std::size_t>(*limit);
      }
    } else {
      errors.push_back({field, "is not a known query parameter"});
    }
  }
  if (!errors.empty()) return invalid(std::move(errors), "The query has invalid parameters.");
  return query;
}

http::Response list_audit(store::Store& store, const http::Request& request, const Caller& caller) {
  auto query = read_query(request);
  if (!query) return http::problem_from(query.error());
  return handle(
      store, request, caller, store::TransactionMode::kWrite,
      [&](Work& work) -> Result<http::Response> {
        auto entries = work.tx.list_audit(*query);
        if (!entries) return std::unexpected(entries.error());
        // Reading the trail is itself recorded, after the entries shown.
        work.audit("audit.read", "audit");
        Json items = Json::array();
        for (const auto& entry : *entries) items.push_back(to_json(entry));
        Json next = nullptr;
        if (entries->size() == query->limit) next = entries->back().sequence;
        return json_reply(200, Json{{"items", std::move(items)}, {"next_after", std::move(next)}});
      });
}

}  // namespace

void add_audit_routes(http::Router& router, const Gate& gate) {
  store::Store& store = gate.store();
  gate.add(router, "GET", "/api/v1/audit",
           [&store](const http::Request& r, const Caller& c) { return list_audit(store, r, c); });
}

}  // namespace mesoclinic::api
