#include "api/handler.h"

#include "api/paging.h"
#include "api/routes.h"

namespace mesoclinic::api {

void Work::audit(std::string action, std::string resource_type, std::string resource_id,
                 std::string patient_id) {
  entries_.push_back(audit_entry(request, caller, std::move(action), std::move(resource_type),
                                 std::move(resource_id), std::move(patient_id)));
}

Result<void> Work::append_audit_entries() {
  for (auto& entry : entries_) {
    if (auto appended = tx.append_audit(std::move(entry)); !appended) {
      return std::unexpected(appended.error());
    }
  }
  entries_.clear();
  return {};
}

http::Response handle(store::Store& store, const http::Request& request, const Caller& caller,
                      store::TransactionMode mode, const WorkHandler& work) {
  if (mode == store::TransactionMode::kWrite) return write(store, request, caller, work);
  auto transaction = store.begin(mode);
  if (!transaction) return http::problem_from(transaction.error());
  Work unit(**transaction, request, caller);
  auto response = work(unit);
  if (!response) return http::problem_from(response.error());
  if (response->status >= 400) return std::move(*response);
  if (auto committed = (*transaction)->commit(); !committed) {
    return http::problem_from(committed.error());
  }
  // The read's connection goes back to the pool first: the group commit needs one.
  transaction->reset();
  if (auto recorded = store.append_audit_durably(unit.take_audit_entries()); !recorded) {
    return http::problem_from(recorded.error());
  }
  return std::move(*response);
}

http::Response write(store::Store& store, const http::Request& request, const Caller& caller,
                     const WorkHandler& work) {
  std::optional<http::Response> reply;
  auto written = store.write_together([&](store::Transaction& tx) -> Result<bool> {
    Work unit(tx, request, caller);
    auto response = work(unit);
    if (!response) return std::unexpected(response.error());
    reply = std::move(*response);
    // A problem reply changes nothing: whatever the work wrote is undone with it.
    if (reply->status >= 400) return false;
    if (auto appended = unit.append_audit_entries(); !appended) {
      return std::unexpected(appended.error());
    }
    return true;
  });
  if (!written) return http::problem_from(written.error());
  return std::move(*reply);
}

http::Response patient_list(store::Store& store, const http::Request& request, const Caller& caller,
                            std::string action, const PatientItems& items) {
  const auto page = read_page_request(request);
  if (!page) return http::problem_from(page.error());
  return handle(store, request, caller, store::TransactionMode::kRead,
                [&](Work& work) -> Result<http::Response> {
                  auto patient =
                      find_visible_patient(work.tx, request.path_params.at("id"), caller);
                  if (!patient) return std::unexpected(patient.error());
                  auto listed = items(work, *patient);
                  if (!listed) return std::unexpected(listed.error());
                  work.audit(action, "patient", patient->id, patient->id);
                  return json_reply(200, page_of(std::move(*listed), *page));
                });
}

}  // namespace mesoclinic::api
