// Group commit of audit entries: the entries of requests that arrive while one commit is on
// its way are appended together in the next one, so a busy server pays one write transaction
// and one sync for many audited reads instead of one each. Internal to src/store.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <vector>

#include "audit/audit.h"
#include "core/result.h"

namespace mesoclinic::store::internal {

class GroupCommit {
 public:
  // Appends a batch's entries, in order, in one transaction and makes them durable.
  using Flush = std::function<Result<void>(std::vector<audit::Entry>& batch)>;

  explicit GroupCommit(Flush flush) : flush_(std::move(flush)) {}

  // Returns once `entries` are durable (or their batch failed). No thread of its own: the first
  // caller to find no commit under way flushes everything waiting, its own entries included,
  // while later callers queue for the next batch (leader and followers).
  Result<void> append(std::vector<audit::Entry> entries);

 private:
  struct Ticket {
    std::vector<audit::Entry> entries;
    bool done = false;
    Result<void> outcome;
    // Each caller sleeps on its own: a finished batch wakes its callers and the one caller that
    // leads next, not everybody queued.
    std::condition_variable woken;
  };

  Flush flush_;
  std::mutex mutex_;
  std::deque<Ticket*> waiting_;
  bool flushing_ = false;
};

}  // namespace mesoclinic::store::internal
