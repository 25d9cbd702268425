#include "store/group_commit.h"

namespace mesoclinic::store::internal {

Result<void> GroupCommit::append(std::vector<audit::Entry> entries) {
  Ticket ticket;
  ticket.entries = std::move(entries);
  std::unique_lock lock(mutex_);
  waiting_.push_back(&ticket);
  while (!ticket.done) {
    if (flushing_) {
      ticket.woken.wait(lock);
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
    flushing_ = false;
    for (Ticket* queued : tickets) {
      queued->outcome = outcome;
      queued->done = true;
      queued->woken.notify_one();
    }
    // Whoever queued first while this batch was on its way leads the next one.
    if (!waiting_.empty()) waiting_.front()->woken.notify_one();
  }
  return ticket.outcome;
}

}  // namespace mesoclinic::store::internal
