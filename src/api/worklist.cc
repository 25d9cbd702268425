// /api/v1/clinics/{id}/worklist: what staff must act on at a clinic (clinic/worklist.h), due
// first, a page at a time, and each item's closure with a note of what was done. Items are
// opened by the workflows where things happen (practice/worklist.h), never through the API.
#include "practice/worklist.h"

#include <algorithm>

#include "api/documents.h"
#include "api/handler.h"
#include "api/idempotency.h"
#include "api/paging.h"
#include "api/routes.h"
#include "api/scheduling.h"

namespace mesoclinic::api {
namespace {

constexpr std::string_view kCollection = "/api/v1/clinics/{id}/worklist";

// The list's query: kind, status (open unless asked), due_by, limit and cursor; each at most
// once, nothing else.
Result<store::WorklistQuery> read_worklist_query(const http::Request& request,
                                                 const std::string& clinic_id) {
  static const std::vector<std::string_view> kKnown = {"kind", "status", "due_by", "limit",
                                                       "cursor"};
  std::vector<FieldError> errors;
  store::WorklistQuery query;
  query.clinic_id = clinic_id;
  query.status = clinic::WorklistStatus::kOpen;
  query.limit = kDefaultPageSize;
  for (const auto& [name, value] : request.query) {
    const std::string field = "/" + name;
    if (std::find(kKnown.begin(), kKnown.end(), name) == kKnown.end()) {
      errors.push_back({field, "is not a known query parameter"});
    } else if (name == "limit" || name == "cursor") {
      // paging, read below by the rules every list shares
    } else if (request.query.count(name) > 1) {
      errors.push_back({field, "may be given only once"});
    } else if (name == "kind") {
      query.kind = clinic::parse_worklist_kind(value);
      if (!query.kind) {
        errors.push_back({field, "must be recall, reassess, adverse_follow_up or reminder_failed"});
      }
    } else if (name == "status") {
      query.status = clinic::parse_worklist_status(value);
      if (!query.status) errors.push_back({field, "must be open or closed"});
    } else if (name == "due_by") {
      if (auto day = parse_iso_date(value)) {
        query.due_by = *day;
      } else {
        errors.push_back({field, "must be a date written YYYY-MM-DD"});
      }
    }
  }
  if (auto page = read_page_request(request); !page) {
    for (auto& field : page.error().fields) errors.push_back(std::move(field));
  } else {
    query.limit = page->limit;
    if (page->after) {
      // A worklist cursor's sort key is the last item's due date.
      if (auto day = parse_iso_date(page->after->first)) {
        query.after_due_by = *day;
        query.after_id = page->after->second;
      } else {
        errors.push_back({"/cursor", "is not a cursor this server gave out"});
      }
    }
  }
  if (!errors.empty()) return invalid(std::move(errors), "The query has invalid parameters.");
  return query;
}

// Lists one page; each item shown is audited as a read of its patient's data, then the list.
http::Response list(store::Store& store, const http::Request& request, const Caller& caller) {
  auto query = read_worklist_query(request, request.path_params.at("id"));
  if (!query) return http::problem_from(query.error());
  const std::size_t page_size = query->limit;
  query->limit = page_size + 1;  // one extra row says whether another page follows
  return handle(store, request, caller, store::TransactionMode::kRead,
                [&](Work& work) -> Result<http::Response> {
                  auto clinic = visible_clinic(work.tx, request, caller);
                  if (!clinic) return std::unexpected(clinic.error());
                  auto items = work.tx.list_worklist(*query);
                  if (!items) return std::unexpected(items.error());
                  Json shown = Json::array();
                  for (std::size_t i = 0; i < items->size() && i < page_size; ++i) {
                    const auto& item = (*items)[i];
                    shown.push_back(worklist_item_json(item));
                    work.audit("worklist.list", "worklist_item", item.id, item.patient_id);
                  }
                  work.audit("worklist.list", "clinic", clinic->clinic.id);
                  std::optional<std::string> next;
                  if (items->size() > page_size) {
                    const auto& last = (*items)[page_size - 1];
                    next = encode_cursor(format_iso_date(last.due_by), last.id);
                  }
                  return json_reply(200, page_json(std::move(shown), std::move(next)));
                });
}

// A second closure: its own problem type, as the item stands closed.
http::Response closed_already(const Error& error) {
  return http::problem(409, "Worklist item closed", error.message);
}

http::Response close(store::Store& store, const http::Request& request, const Caller& caller) {
  auto body = parse_json_object(request);
  if (!body) return body.error();
  std::vector<FieldError> errors;
  Members members(*body, "", errors);
  members.refuse_unknown({"note"});
  const auto note = members.note("note", true, false, clinic::kMaxClosingNoteLength);
  if (!errors.empty()) return http::problem_from(invalid(std::move(errors)).error());
  return create_idempotently(
      store, request, caller, "POST " + std::string(kCollection) + "/{item_id}/closure",
      [&](Work& work) -> Result<http::Response> {
        auto clinic = visible_clinic(work.tx, request, caller);
        if (!clinic) return std::unexpected(clinic.error());
        auto closed = practice::close_worklist_item(work.tx, clinic->clinic.id,
                                                    request.path_params.at("item_id"), *note,
                                                    caller.user->id, now());
        if (!closed && closed.error().code == ErrorCode::kConflict) {
          return closed_already(closed.error());
        }
        if (!closed) return std::unexpected(closed.error());
        work.audit("worklist.close", "worklist_item", closed->id, closed->patient_id);
        return json_reply(200, worklist_item_json(*closed));
      });
}

}  // namespace

Json worklist_item_json(const clinic::WorklistItem& item) {
  const auto& closure = item.closure;
  return Json{{"id", item.id},
              {"clinic_id", item.clinic_id},
              {"patient_id", item.patient_id},
              {"course_id", item.course_id ? Json(*item.course_id) : Json(nullptr)},
              {"kind", clinic::to_string(item.kind)},
              {"source", {{"type", clinic::source_type(item.kind)}, {"id", item.source_id}}},
              {"due_by", format_iso_date(item.due_by)},
              {"detail", item.detail},
              {"status", clinic::to_string(clinic::status_of(item))},
              {"created_at", format_rfc3339(item.created_at)},
              {"closed_at", closure ? Json(format_rfc3339(closure->closed_at)) : Json(nullptr)},
              {"closed_by", closure ? Json(closure->closed_by) : Json(nullptr)},
              {"closing_note", closure ? Json(closure->note) : Json(nullptr)}};
}

void add_worklist_routes(http::Router& router, const Gate& gate, const http::RouteOptions& limits) {
  store::Store& store = gate.store();
  const std::string collection(kCollection);
  gate.add(router, "GET", collection, with_store(store, list), limits);
  gate.add(router, "POST", collection + "/{item_id}/closure", with_store(store, close), limits);
}

}  // namespace mesoclinic::api
