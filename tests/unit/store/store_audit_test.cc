// The AuditTrail and Replies doors (store/audit_trail.h, store/replies.h), run against SQLite and
// PostgreSQL alike.
#include <gtest/gtest.h>

#include "core/ids.h"
#include "store/store.h"
#include "store_fixture.h"

namespace mesoclinic::testing {
namespace {

using store::Transaction;

class StoreAuditTest : public StoreTest {};

TEST_P(StoreAuditTest, IdempotentRepliesAreKeptOncePerScopeAndKey) {
  store::IdempotentReply reply{"POST /api/v1/patients", "key-1", "abc", 201, "/x", "{}", now()};
  ASSERT_TRUE(write([&](store::Transaction& tx) { return tx.save_idempotent_reply(reply); }));
  auto duplicate = write([&](store::Transaction& tx) { return tx.save_idempotent_reply(reply); });
  ASSERT_FALSE(duplicate);
  EXPECT_EQ(duplicate.error().code, ErrorCode::kConflict);
  auto found = read([&](store::Transaction& tx) {
    return tx.find_idempotent_reply("POST /api/v1/patients", "key-1");
  });
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->status, 201);
  EXPECT_EQ((*found)->location, "/x");
  auto other_scope = read([&](store::Transaction& tx) {
    return tx.find_idempotent_reply("POST /api/v1/other", "key-1");
  });
  ASSERT_TRUE(other_scope);
  EXPECT_FALSE(other_scope->has_value());
}

TEST_P(StoreAuditTest, AppendsFormOneChainAndListsFilterIt) {
  const auto entry = [](const std::string& user, const std::string& action,
                        const std::string& patient, int minute) {
    audit::Entry e;
    e.recorded_at = at_minutes(minute);
    e.user_id = user;
    e.username = user;
    e.role = "practitioner";
    e.source_address = "127.0.0.1";
    e.request_id = new_id();
    e.action = action;
    e.resource_type = "patient";
    e.resource_id = patient;
    e.patient_id = patient;
    return e;
  };
  std::vector<audit::Entry> appended;
  for (const auto& e :
       {entry("u1", "patient.read", "p1", 0), entry("u2", "patient.update", "p1", 5),
        entry("u1", "patient.read", "p2", 10), entry("u1", "patient.read", "p1", 15)}) {
    auto stored = write([&](Transaction& tx) { return tx.append_audit(e); });
    ASSERT_TRUE(stored) << stored.error().message;
    appended.push_back(*stored);
  }
  for (std::size_t i = 0; i < appended.size(); ++i) {
    EXPECT_EQ(appended[i].sequence, static_cast<std::int64_t>(i + 1));
    EXPECT_EQ(appended[i].previous_hash, i == 0 ? audit::kGenesisHash : appended[i - 1].entry_hash);
    EXPECT_EQ(appended[i].entry_hash, audit::chain_hash(appended[i].previous_hash, appended[i]));
  }
  const auto sequences = [&](const store::AuditQuery& query) {
    std::vector<std::int64_t> found;
    auto entries = read([&](Transaction& tx) { return tx.list_audit(query); });
    EXPECT_TRUE(entries) << entries.error().message;
    if (entries) {
      for (const auto& e : *entries) found.push_back(e.sequence);
    }
    return found;
  };
  auto all = read([&](Transaction& tx) { return tx.list_audit({}); });
  ASSERT_TRUE(all);
  EXPECT_EQ(*all, appended);
  store::AuditQuery query;
  query.patient_id = "p1";
  query.user_id = "u1";
  EXPECT_EQ(sequences(query), (std::vector<std::int64_t>{1, 4}));
  query = {};
  query.action = "patient.update";
  EXPECT_EQ(sequences(query), (std::vector<std::int64_t>{2}));
  query = {};
  query.from = at_minutes(5);
  query.to = at_minutes(15);
  EXPECT_EQ(sequences(query), (std::vector<std::int64_t>{2, 3}));
  query = {};
  query.after_sequence = 1;
  query.limit = 2;
  EXPECT_EQ(sequences(query), (std::vector<std::int64_t>{2, 3}));
}

MESOCLINIC_ON_BOTH_ENGINES(StoreAuditTest);

}  // namespace
}  // namespace mesoclinic::testing
