// /api/v1/audit: the audit trail for auditors, filtered by patient, user, action and time.
#include <charconv>

#include "api/access.h"
#include "api/handler.h"
#include "api/json_body.h"
#include "api/paging.h"
#include "api/routes.h"

namespace mesoclinic::api {
namespace {

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
    if (name == "limit" || name == "cursor") continue;  // paging, read below
    if (request.query.count(name) > 1) {
      errors.push_back({field, "may be given only once"});
    } else if (name == "patient_id") {
      query.patient_id = value;
    } else if (name == "user_id") {
      query.user_id = value;
    } else if (name == "action") {
      query.action = value;
    } else if (name == "since" || name == "until") {
      // Instants, named apart from the `from` and `to` that are clinic dates elsewhere.
      const auto instant = parse_rfc3339(value);
      if (!instant) {
        errors.push_back({field, "must be an RFC 3339 time such as 2026-11-24T09:00:00Z"});
      } else {
        (name == "since" ? query.from : query.to) = *instant;
      }
    } else {
      errors.push_back({field, "is not a known query parameter"});
    }
  }
  if (auto page = read_page_request(request); !page) {
    for (auto& field : page.error().fields) errors.push_back(std::move(field));
  } else {
    // One more than asked for, to know whether another page follows.
    query.limit = page->limit + 1;
    if (page->after) {
      const auto after = whole_number(page->after->first);
      if (!after) {
        errors.push_back({"/cursor", "is not a cursor this server gave out"});
      } else {
        query.after_sequence = *after;
      }
    }
  }
  if (!errors.empty()) return invalid(std::move(errors), "The query has invalid parameters.");
  return query;
}

http::Response list_audit(store::Store& store, const http::Request& request, const Caller& caller) {
  auto query = read_query(request);
  if (!query) return http::problem_from(query.error());
  return handle(
      store, request, caller, store::TransactionMode::kRead,
      [&](Work& work) -> Result<http::Response> {
        auto entries = work.tx.list_audit(*query);
        if (!entries) return std::unexpected(entries.error());
        // Reading the trail is itself recorded, after the entries shown.
        work.audit("audit.read", "audit");
        Json next = nullptr;
        if (entries->size() == query->limit) {
          entries->pop_back();
          next = encode_cursor(std::to_string(entries->back().sequence), "");
        }
        Json items = Json::array();
        for (const auto& entry : *entries) items.push_back(to_json(entry));
        return json_reply(200, Json{{"items", std::move(items)}, {"next_cursor", std::move(next)}});
      });
}

}  // namespace

void add_audit_routes(http::Router& router, const Gate& gate) {
  store::Store& store = gate.store();
  gate.add(router, "GET", "/api/v1/audit",
           [&store](const http::Request& r, const Caller& c) { return list_audit(store, r, c); });
}

}  // namespace mesoclinic::api
