#include "audit/audit.h"

#include <gtest/gtest.h>

namespace mesoclinic::audit {
namespace {

std::vector<Entry> chain_of(int count) {
  std::vector<Entry> entries;
  std::string previous = kGenesisHash;
  for (int i = 1; i <= count; ++i) {
    Entry entry;
    entry.sequence = i;
    entry.recorded_at = from_unix_micros(1'700'000'000'000'000 + i);
    entry.user_id = "user-" + std::to_string(i % 2);
    entry.action = "patient.read";
    entry.patient_id = "patient-" + std::to_string(i);
    entry.previous_hash = previous;
    entry.entry_hash = chain_hash(previous, entry);
    previous = entry.entry_hash;
    entries.push_back(entry);
  }
  return entries;
}

std::optional<std::int64_t> check(const std::vector<Entry>& entries) {
  std::string previous = kGenesisHash;
  std::int64_t next = 1;
  return first_broken_link(entries, previous, next);
}

TEST(AuditChain, AnIntactChainVerifies) { EXPECT_EQ(check(chain_of(5)), std::nullopt); }

TEST(AuditChain, AnEditedFieldBreaksThatEntry) {
  auto entries = chain_of(5);
  entries[2].patient_id = "someone-else";
  EXPECT_EQ(check(entries), 3);
  entries = chain_of(5);
  entries[3].outcome = Outcome::kDenied;
  EXPECT_EQ(check(entries), 4);
}

TEST(AuditChain, RemovedOrReorderedEntriesBreakTheChain) {
  auto removed = chain_of(5);
  removed.erase(removed.begin() + 1);
  EXPECT_EQ(check(removed), 3);
  auto swapped = chain_of(5);
  std::swap(swapped[1], swapped[2]);
  EXPECT_EQ(check(swapped), 3);
}

TEST(AuditChain, FieldBoundariesCannotBeShifted) {
  // Built by moving whole strings in: GCC 12 at -O3 misreports literal assignment (-Wrestrict).
  const auto with_user = [](std::string user_id, std::string username) {
    Entry entry;
    entry.user_id = std::move(user_id);
    entry.username = std::move(username);
    return entry;
  };
  const Entry a = with_user("ab", "c");
  const Entry b = with_user("a", "bc");
  EXPECT_NE(chain_hash(kGenesisHash, a), chain_hash(kGenesisHash, b));
}

}  // namespace
}  // namespace mesoclinic::audit
