#include "api/session_cache.h"

namespace mesoclinic::api {

std::optional<SessionCache::Entry> SessionCache::find(const std::string& key,
                                                      std::int64_t generation) const {
  std::lock_guard lock(mutex_);
  const auto found = entries_.find(key);
  if (found == entries_.end() || found->second.generation != generation) return std::nullopt;
  return found->second;
}

void SessionCache::keep(const std::string& key, Entry entry) {
  std::lock_guard lock(mutex_);
  if (entries_.size() >= kMaxEntries && !entries_.contains(key)) entries_.clear();
  entries_.insert_or_assign(key, std::move(entry));
}

}  // namespace mesoclinic::api
