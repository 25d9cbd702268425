#include "store/group_commit.h"

namespace mesoclinic::store::internal {

Result<void> GroupCommit::append(std::vector<audit::Entry> entries) {
  Ticket ticket{std::move(entries), false, {}};
  std::unique_lock lock(mutex_);
  waiting_.push_back(&ticket);
  while (!ticket.done) {
    if (flushing_) {
      finished_.wait(lock);
      continue;
    }
    // Lead the next batch: everything queued so far, in arrival order.
    flushing_ = true;
    std::vector<Ticket*> tickets(waiting_.begin(), waiting_.end());
    waiting_.clear();
    lock.unlock();
    std::vector<audit::Entry> batch;
    for (Ticket* queued : tickets) {
      for (auto& entry : queued->entries) batch.push_back(std::move(entry));
    }
    Result<void> outcome = flush_(batch);
    lock.lock();
    for (Ticket* queued : tickets) {
      queued->outcome = outcome;
      queued->done = true;
    }
    flushing_ = false;
    // Wakes this batch's followers and those queued behind it, one of whom leads next.
    finished_.notify_all();
  }
  return ticket.outcome;
}

}  // namespace mesoclinic::store::internal
