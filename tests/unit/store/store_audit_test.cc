// The AuditTrail and Replies doors (store/audit_trail.h, store/replies.h), run against SQLite and
// PostgreSQL alike.
#include <gtest/gtest.h>

#include <map>
#include <thread>

#include "core/ids.h"
#include "store/store.h"
#include "store_fixture.h"

namespace mesoclinic::testing {
namespace {

using store::Transaction;

class StoreAuditTest : public StoreTest {
 protected:
  // The whole trail, after the test's threads were joined (each thread's failure, if any, in
  // `failures`).
  std::vector<audit::Entry> whole_trail(const std::vector<std::string>& failures) {
    for (const auto& failure : failures) EXPECT_EQ(failure, "");
    store::AuditQuery everything;
    everything.limit = 10'000;
    auto all = read([&](Transaction& tx) { return tx.list_audit(everything); });
    EXPECT_TRUE(all) << all.error().message;
    return all ? *all : std::vector<audit::Entry>{};
  }
};

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

audit::Entry read_of(const std::string& reader, int number) {
  audit::Entry e;
  e.recorded_at = now();
  e.user_id = reader;
  e.username = reader;
  e.role = "practitioner";
  e.request_id = std::to_string(number);
  e.action = "patient.read";
  e.resource_type = "patient";
  e.resource_id = "p" + std::to_string(number);
  e.patient_id = e.resource_id;
  return e;
}

// Readers on two servers (two stores over one database) at once, each reply waiting for its
// entries: every entry is stored once, in one unbroken chain, each reader's in the order it
// sent them, and the two entries of one request side by side.
TEST_P(StoreAuditTest, ConcurrentDurableAppendsFromTwoServersFormOneChain) {
  auto second_server = open_store(store::MigrationPolicy::kMigrate, 4);
  constexpr int kReaders = 8, kReads = 30;
  std::vector<std::thread> readers;
  std::vector<std::string> failures(kReaders);
  for (int r = 0; r < kReaders; ++r) {
    readers.emplace_back([&, r] {
      store::Store& server = r % 2 == 0 ? *store_ : *second_server;
      const std::string reader = "reader-" + std::to_string(r);
      for (int i = 0; i < kReads; ++i) {
        std::vector<audit::Entry> entries{read_of(reader, 2 * i)};
        if (i % 5 == 0) entries.push_back(read_of(reader, 2 * i + 1));
        if (auto stored = server.append_audit_durably(std::move(entries)); !stored) {
          failures[r] = stored.error().message;
          return;
        }
      }
    });
  }
  for (auto& reader : readers) reader.join();
  const auto trail = whole_trail(failures);
  const auto* all = &trail;
  ASSERT_EQ(all->size(), static_cast<std::size_t>(kReaders * (kReads + kReads / 5)));
  std::string previous = audit::kGenesisHash;
  std::int64_t next = 1;
  EXPECT_EQ(audit::first_broken_link(*all, previous, next), std::nullopt);
  std::map<std::string, int> last_number;
  for (std::size_t i = 0; i < all->size(); ++i) {
    const audit::Entry& e = (*all)[i];
    const int number = std::stoi(e.request_id);
    auto [seen, first] = last_number.try_emplace(e.user_id, -1);
    EXPECT_GT(number, seen->second) << e.user_id << " out of order";
    // The second entry of a request follows its first at once.
    if (number % 2 == 1) {
      ASSERT_GT(i, 0u);
      EXPECT_EQ((*all)[i - 1].user_id, e.user_id);
      EXPECT_EQ(std::stoi((*all)[i - 1].request_id), number - 1);
    }
    seen->second = number;
  }
}

// Writers at the same moment share one commit (on SQLite): each keeps or undoes its own part
// alone. Every kept patient is there with its audit entry, no undone or failed one is, and the
// chain holds.
TEST_P(StoreAuditTest, WritersTogetherKeepOrUndoEachTheirOwnPart) {
  constexpr int kWriters = 8, kWrites = 25;
  std::vector<std::thread> writers;
  std::vector<std::string> failures(kWriters);
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      for (int i = 0; i < kWrites; ++i) {
        const clinic::Patient patient =
            make_patient(clinic_.id, "Writer" + std::to_string(w), "Number" + std::to_string(i));
        // Every third write is refused after writing (undone); every seventh fails.
        const bool refused = i % 3 == 1, failing = i % 7 == 6;
        auto written = store_->write_together([&](Transaction& tx) -> Result<bool> {
          if (auto inserted = tx.insert_patient(patient); !inserted) {
            return std::unexpected(inserted.error());
          }
          audit::Entry entry;
          entry.recorded_at = now();
          entry.action = "patient.create";
          entry.resource_type = "patient";
          entry.resource_id = patient.id;
          entry.patient_id = patient.id;
          if (auto appended = tx.append_audit(entry); !appended) {
            return std::unexpected(appended.error());
          }
          if (failing) return fail(ErrorCode::kInvalidInput, "failing on purpose");
          return !refused;
        });
        const bool ok = failing ? !written && written.error().message == "failing on purpose"
                                : written.has_value();
        if (!ok) failures[w] = "write " + std::to_string(i) + " answered wrongly";
      }
    });
  }
  for (auto& writer : writers) writer.join();
  const auto trail = whole_trail(failures);
  const auto* all = &trail;
  int kept_per_writer = 0;
  for (int i = 0; i < kWrites; ++i) kept_per_writer += (i % 3 != 1 && i % 7 != 6) ? 1 : 0;
  ASSERT_EQ(all->size(), static_cast<std::size_t>(kWriters * kept_per_writer));
  std::string previous = audit::kGenesisHash;
  std::int64_t next = 1;
  EXPECT_EQ(audit::first_broken_link(*all, previous, next), std::nullopt);
  for (const audit::Entry& entry : *all) {
    auto patient = read([&](Transaction& tx) { return tx.find_patient(entry.patient_id); });
    ASSERT_TRUE(patient) << patient.error().message;
    EXPECT_TRUE(patient->has_value()) << "audited patient " << entry.patient_id << " is missing";
  }
  auto listed = read([&](Transaction& tx) { return tx.count_patients(); });
  ASSERT_TRUE(listed) << listed.error().message;
  EXPECT_EQ(*listed, kWriters * kept_per_writer) << "an undone or failed patient was kept";
}

// What a server may keep of sessions stands while the generation does: an ended session, a
// changed user or a changed clinic list moves it on; signing in and a session's touch do not.
TEST_P(StoreAuditTest, AccountsGenerationMovesOnWithEveryChangeToWhoMayDoWhat) {
  const auth::User user = add_user("dr.generation");
  auto generation = [&] { return store_->accounts_generation().value(); };
  const Instant at = from_unix_micros(to_unix_micros(now()));
  auto before = generation();
  ASSERT_TRUE(write([&](Transaction& tx) {
    return tx.insert_session({"hash-1", user.id, "csrf", at, at, "127.0.0.1"});
  }));
  ASSERT_TRUE(write([&](Transaction& tx) { return tx.touch_session("hash-1", now()); }));
  EXPECT_EQ(generation(), before) << "signing in or a touch moved it";

  ASSERT_TRUE(write([&](Transaction& tx) { return tx.delete_session("hash-1"); }));
  EXPECT_GT(generation(), before) << "an ended session did not move it";
  before = generation();
  auth::User changed = user;
  changed.deactivated_at = now();
  changed.version = user.version + 1;
  ASSERT_TRUE(write([&](Transaction& tx) { return tx.update_user(changed, user.version); }));
  EXPECT_GT(generation(), before) << "a deactivation did not move it";
  before = generation();
  const auto other = make_clinic("Second Clinic");
  ASSERT_TRUE(write([&](Transaction& tx) { return tx.insert_clinic(other); }));
  ASSERT_TRUE(write([&](Transaction& tx) { return tx.add_user_clinic(user.id, other.id); }));
  EXPECT_GT(generation(), before) << "a new clinic for the user did not move it";
}

MESOCLINIC_ON_BOTH_ENGINES(StoreAuditTest);

}  // namespace
}  // namespace mesoclinic::testing
