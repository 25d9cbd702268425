#include "api/handler.h"

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
  auto transaction = store.begin(mode);
  if (!transaction) return http::problem_from(transaction.error());
  Work unit(**transaction, request, caller);
  auto response = work(unit);
  if (!response) return http::problem_from(response.error());
  // A problem reply changes nothing: whatever the work wrote is rolled back with it.
  if (response->status >= 400) return std::move(*response);
  if (auto appended = unit.append_audit_entries(); !appended) {
    return http::problem_from(appended.error());
  }
  if (auto committed = (*transaction)->commit(); !committed) {
    return http::problem_from(committed.error());
  }
  return std::move(*response);
}

}  // namespace mesoclinic::api
