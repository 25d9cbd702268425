// Private to api/: the one skeleton every handler that touches the store runs in. It begins
// the transaction, runs the handler's work, appends the audit entries the work recorded,
// commits, and maps any failure to an RFC 9457 problem reply; a handler is left to decode the
// request, call src/practice (or the store for a plain read), and encode the reply.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "api/access.h"
#include "api/json_body.h"
#include "clinic/patient.h"
#include "http/http.h"
#include "store/store.h"

namespace mesoclinic::api {

// One request's unit of work: its transaction, who asks, and what the audit trail will say.
class Work {
 public:
  Work(store::Transaction& transaction, const http::Request& asked, const Caller& asker)
      : tx(transaction), request(asked), caller(asker) {}

  store::Transaction& tx;
  const http::Request& request;
  const Caller& caller;

  // Records that this request did `action` (of `patient_id`'s data, if any); appended in the
  // order recorded, just before the commit, so the change and its entry land together.
  void audit(std::string action, std::string resource_type, std::string resource_id = {},
             std::string patient_id = {});

  // Appends every recorded entry in this work's own transaction; the skeleton calls it once
  // writing work succeeded.
  Result<void> append_audit_entries();
  // Hands the recorded entries over, for reading work's group commit after its transaction.
  std::vector<audit::Entry> take_audit_entries() { return std::move(entries_); }

 private:
  std::vector<audit::Entry> entries_;
};

using WorkHandler = std::function<Result<http::Response>(Work&)>;

// Begins a transaction in `mode`, runs `work`, appends its audit entries and commits; a failure
// at any step, or a reply of 400 or more from the work, is rolled back and answered as it is.
// Writing work (kWrite) goes to write(). Reading work (kRead) reads in a read transaction and
// then waits for its entries in the store's group commit (Store::append_audit_durably): no
// patient data leaves before its audit entry is durable, and concurrent reads share one write
// transaction instead of queueing.
http::Response handle(store::Store& store, const http::Request& request, const Caller& caller,
                      store::TransactionMode mode, const WorkHandler& work);

// Runs writing `work` through Store::write_together and appends its audit entries in the same
// transaction, so a change and its entry land together, durably, before the reply; a failure or
// a reply of 400 or more undoes the work's changes. Concurrent writers on SQLite share one
// commit.
http::Response write(store::Store& store, const http::Request& request, const Caller& caller,
                     const WorkHandler& work);

// What one of a patient's short lists holds, as JSON items, read in `work`'s transaction.
using PatientItems = std::function<Result<Json>(Work& work, const clinic::Patient& patient)>;

// The handler of a GET of one of a patient's short lists (.../patients/{id}/photos, ...): reads
// `limit` and `cursor`, finds the path's patient if the caller sees them, asks `items` for the
// whole list, records `action` of the patient in the audit trail and answers one page of it
// (page_of in paging.h).
http::Response patient_list(store::Store& store, const http::Request& request, const Caller& caller,
                            std::string action, const PatientItems& items);

}  // namespace mesoclinic::api
