#include "store/group_commit.h"

namespace mesoclinic::store::internal {

Result<void> GroupCommit::run(const Part& part) {
  Ticket ticket;
  ticket.part = &part;
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
    std::vector<Queued> batch;
    batch.reserve(tickets.size());
    for (const Ticket* queued : tickets) batch.push_back({queued->part, {}});
    flush_(batch);
    lock.lock();
    flushing_ = false;
    for (std::size_t i = 0; i < tickets.size(); ++i) {
      tickets[i]->outcome = std::move(batch[i].outcome);
      tickets[i]->done = true;
      tickets[i]->woken.notify_one();
    }
    // Whoever queued first while this batch was on its way leads the next one.
    if (!waiting_.empty()) waiting_.front()->woken.notify_one();
  }
  return ticket.outcome;
}

}  // namespace mesoclinic::store::internal
