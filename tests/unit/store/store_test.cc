// The store as a whole (opening, migrations, transactions, the pool), run against SQLite and
// PostgreSQL alike.
#include "store/store.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <thread>

#include "store_fixture.h"

namespace mesoclinic::testing {
namespace {

using store::Transaction;

using store::Store;
using store::TransactionMode;

// The highest migration number in the source tree: what a fresh database must reach.
int newest_migration() {
  int newest = 0;
  for (const auto& folder : std::filesystem::directory_iterator(MESOCLINIC_MIGRATIONS_DIR)) {
    for (const auto& file : std::filesystem::directory_iterator(folder.path())) {
      newest = std::max(newest, std::atoi(file.path().filename().c_str()));
    }
  }
  return newest;
}

TEST_P(StoreTest, MigrationsRunOnceAndReopeningKeepsData) {
  const auto patient = make_patient(clinic_.id, "Yılmaz", "Ayşe");
  insert(patient);
  ASSERT_GE(newest_migration(), 6);
  EXPECT_EQ(store_->schema_version().value(), newest_migration());
  store_.reset();
  store_ = open_store();
  EXPECT_EQ(store_->schema_version().value(), newest_migration());
  auto found = read([&](store::Transaction& tx) { return tx.find_patient(patient.id); });
  ASSERT_TRUE(found && *found);
  EXPECT_EQ(**found, patient);
}

TEST_P(StoreTest, ToolsRefuseADatabaseThatWasNeverMigrated) {
  TestDatabase empty(GetParam());
  auto opened = Store::open({empty.url(), 1, store::MigrationPolicy::kRequireCurrent, true});
  ASSERT_FALSE(opened);
  EXPECT_NE(opened.error().message.find("mesoclinic migrate"), std::string::npos)
      << opened.error().message;
}

TEST_P(StoreTest, UncommittedWritesRollBack) {
  const auto patient = make_patient(clinic_.id, "Doe", "Jane");
  {
    auto tx = store_->begin(TransactionMode::kWrite);
    ASSERT_TRUE(tx);
    ASSERT_TRUE((*tx)->insert_patient(patient));
  }
  auto found = read([&](store::Transaction& tx) { return tx.find_patient(patient.id); });
  ASSERT_TRUE(found);
  EXPECT_FALSE(found->has_value());
}

TEST_P(StoreTest, ConcurrentWritersAllSucceed) {
  constexpr int kThreads = 4, kEach = 25;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kEach; ++i) {
        const auto patient = make_patient(clinic_.id, "Paralel", "Test");
        if (!write([&](store::Transaction& tx) { return tx.insert_patient(patient); })) {
          ++failures;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  auto count = read([&](store::Transaction& tx) { return tx.count_patients(); });
  EXPECT_EQ(count.value(), kThreads * kEach);
}

TEST_P(StoreTest, PoolReportsConnectionsInUse) {
  EXPECT_EQ(store_->pool_stats().size, 2u);
  EXPECT_EQ(store_->pool_stats().in_use, 0u);
  auto tx = store_->begin(TransactionMode::kRead);
  ASSERT_TRUE(tx);
  EXPECT_EQ(store_->pool_stats().in_use, 1u);
  EXPECT_TRUE(store_->ping());
}

MESOCLINIC_ON_BOTH_ENGINES(StoreTest);

TEST(StoreOpen, RefusesUnknownUrlSchemes) {
  auto opened = Store::open({"mysql://root@localhost/clinic"});
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, ErrorCode::kInvalidInput);
}

TEST(StoreOpen, AnUnreachableServerIsUnavailableAndThePasswordIsNotShown) {
  // Port 1 on loopback: nothing listens there.
  auto opened = Store::open({"postgresql://clinic:s3cret@127.0.0.1:1/clinic"});
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(opened.error().message.find("s3cret"), std::string::npos) << opened.error().message;
}

TEST(StoreOpen, RedactsPasswords) {
  EXPECT_EQ(store::redact_url("postgresql://u:pw@h:5432/db"), "postgresql://u:***@h:5432/db");
  EXPECT_EQ(store::redact_url("postgresql://h/db?password=pw&x=1"),
            "postgresql://h/db?password=***&x=1");
  EXPECT_EQ(store::redact_url("sqlite:var/a.db"), "sqlite:var/a.db");
}

}  // namespace
}  // namespace mesoclinic::testing
