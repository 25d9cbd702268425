// Group commit: the writes of requests that arrive while one commit is on its way are made
// together in the next one, so a busy server pays one write transaction and one sync for many
// requests instead of one each. A request's part is an audited read's entries or a writing
// request's whole work; each part runs in a savepoint of the shared transaction, so a part that
// is refused or fails is undone alone. Internal to src/store.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <vector>

#include "core/result.h"
#include "store/store.h"

namespace mesoclinic::store::internal {

class GroupCommit {
 public:
  // One request's part: its changes, made in the shared transaction; true if they stand, false
  // if they are to be undone (a refusal), or a failure (also undone).
  using Part = std::function<Result<bool>(Transaction&)>;

  // What the batch's leader does with the parts queued (in arrival order): runs them in one
  // transaction and commits, setting each part's outcome (Store::write_together's).
  struct Queued {
    const Part* part;
    Result<void> outcome;
  };
  using Flush = std::function<void(std::vector<Queued>& batch)>;

  explicit GroupCommit(Flush flush) : flush_(std::move(flush)) {}

  // Returns once `part`'s changes are durable (or undone, or their batch failed). No thread of
  // its own: the first caller to find no commit under way runs everything waiting, its own part
  // included, while later callers queue for the next batch (leader and followers).
  Result<void> run(const Part& part);

 private:
  struct Ticket {
    const Part* part = nullptr;
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
