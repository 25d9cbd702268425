// The Accounts door (store/accounts.h), run against SQLite and PostgreSQL alike.
#include <gtest/gtest.h>

#include <algorithm>

#include "core/ids.h"
#include "store/store.h"
#include "store_fixture.h"

namespace mesoclinic::testing {
namespace {

using store::Transaction;

class StoreAccountsTest : public StoreTest {};

TEST_P(StoreAccountsTest, UsersHaveUniqueNamesAndTheirOwnClinics) {
  const auto other = make_clinic("Marylebone Hair Studio");
  ASSERT_TRUE(write([&](store::Transaction& tx) { return tx.insert_clinic(other); }));
  auth::User user{new_id(), "dr.kaya", auth::Role::kPractitioner, "$argon2id$stub",
                  from_unix_micros(to_unix_micros(now()))};
  ASSERT_TRUE(write([&](store::Transaction& tx) { return tx.insert_user(user, {other.id}); }));
  auto twin = user;
  twin.id = new_id();
  auto taken = write([&](store::Transaction& tx) { return tx.insert_user(twin, {}); });
  ASSERT_FALSE(taken);
  EXPECT_EQ(taken.error().code, ErrorCode::kNameTaken);
  auto found = read([&](store::Transaction& tx) { return tx.find_user_by_username("dr.kaya"); });
  ASSERT_TRUE(found && *found);
  EXPECT_EQ(**found, user);
  auto clinics = read([&](store::Transaction& tx) { return tx.user_clinic_ids(user.id); });
  EXPECT_EQ(clinics.value(), std::vector<std::string>{other.id});

  insert(make_patient(clinic_.id, "Aydın", "Ali"));
  insert(make_patient(other.id, "Brown", "Beth"));
  store::PatientQuery query;
  query.visible_clinic_ids = {other.id};
  EXPECT_EQ(family_names(query), (std::vector<std::string>{"Brown"}));
}

TEST_P(StoreAccountsTest, SessionsAreFoundByTokenHashAndEnd) {
  auth::User user{new_id(), "front.desk", auth::Role::kReception, "$argon2id$stub", now()};
  ASSERT_TRUE(write([&](store::Transaction& tx) { return tx.insert_user(user, {clinic_.id}); }));
  const Instant at = from_unix_micros(to_unix_micros(now()));
  for (const char* hash : {"h1", "h2"}) {
    auth::Session session{hash, user.id, "csrf", at, at, "127.0.0.1"};
    ASSERT_TRUE(write([&](store::Transaction& tx) { return tx.insert_session(session); }));
  }
  auto found = read([&](store::Transaction& tx) { return tx.find_session("h1"); });
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->user_id, user.id);
  EXPECT_EQ((*found)->created_at, at);
  ASSERT_TRUE(write([&](store::Transaction& tx) { return tx.delete_session("h1"); }));
  EXPECT_FALSE(read([&](store::Transaction& tx) { return tx.find_session("h1"); }).value());
  auto ended = write([&](store::Transaction& tx) { return tx.delete_sessions_of_user(user.id); });
  EXPECT_EQ(ended.value(), 1);
  EXPECT_FALSE(read([&](store::Transaction& tx) { return tx.find_session("h2"); }).value());
}

TEST_P(StoreAccountsTest, UsersAreFoundByIdListedByNameAndChangeTheirPassword) {
  const auto zeynep = add_user("zeynep");
  const auto ali = add_user("ali");
  auto orphan = make_user("orphan");
  EXPECT_EQ(write([&](Transaction& tx) { return tx.insert_user(orphan, {new_id()}); }).error().code,
            ErrorCode::kInvalidInput);
  EXPECT_FALSE(read([&](Transaction& tx) { return tx.find_user(orphan.id); }).value());
  ASSERT_TRUE(
      write([&](Transaction& tx) { return tx.update_password_hash(zeynep.id, "$argon2id$new"); }));
  auto found = read([&](Transaction& tx) { return tx.find_user(zeynep.id); });
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->password_hash, "$argon2id$new");
  EXPECT_EQ((*found)->created_at, zeynep.created_at);
  auto users = read([&](Transaction& tx) { return tx.list_users(); });
  ASSERT_TRUE(users);
  ASSERT_EQ(users->size(), 2u);
  EXPECT_EQ((*users)[0], ali);
  EXPECT_EQ((*users)[1].username, "zeynep");
}

TEST_P(StoreAccountsTest, TouchingASessionMovesOnlyItsLastSeenTime) {
  const auto user = add_user("front.desk");
  const auth::Session session{"h1", user.id, "csrf", at_minutes(0), at_minutes(0), "127.0.0.1"};
  ASSERT_TRUE(write([&](Transaction& tx) { return tx.insert_session(session); }));
  ASSERT_TRUE(write([&](Transaction& tx) { return tx.touch_session("h1", at_minutes(15)); }));
  auto found = read([&](Transaction& tx) { return tx.find_session("h1"); });
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->last_seen_at, at_minutes(15));
  EXPECT_EQ((*found)->created_at, at_minutes(0));
  EXPECT_EQ((*found)->csrf_token, "csrf");
  EXPECT_EQ((*found)->source_address, "127.0.0.1");
}

TEST_P(StoreAccountsTest, ApiTokensAreFoundByHashNewestFirstAndRevokedOnce) {
  const auto admin = add_user("admin");
  const auto other = make_clinic("Marylebone Hair Studio");
  ASSERT_TRUE(write([&](Transaction& tx) { return tx.insert_clinic(other); }));
  const auth::ApiToken old_token{new_id(), "lab import",  auth::Role::kReception, "hash-old",
                                 admin.id, at_minutes(0), at_minutes(60),         std::nullopt};
  const auth::ApiToken new_token{new_id(),     "reports",   auth::Role::kPractitioner,
                                 "hash-new",   admin.id,    at_minutes(5),
                                 std::nullopt, std::nullopt};
  ASSERT_TRUE(write([&](Transaction& tx) {
    return tx.insert_api_token(old_token, {other.id, clinic_.id});
  }));
  ASSERT_TRUE(write([&](Transaction& tx) { return tx.insert_api_token(new_token, {}); }));
  auto bad_clinic = new_token;
  bad_clinic.id = new_id();
  bad_clinic.token_hash = "hash-bad";
  EXPECT_EQ(write([&](Transaction& tx) { return tx.insert_api_token(bad_clinic, {new_id()}); })
                .error()
                .code,
            ErrorCode::kInvalidInput);

  auto listed = read([&](Transaction& tx) { return tx.list_api_tokens(); });
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].id, new_token.id);
  EXPECT_FALSE((*listed)[0].expires_at.has_value());
  auto clinics = read([&](Transaction& tx) { return tx.api_token_clinic_ids(old_token.id); });
  auto sorted = std::vector<std::string>{other.id, clinic_.id};
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(clinics.value(), sorted);
  EXPECT_TRUE(
      read([&](Transaction& tx) { return tx.api_token_clinic_ids(new_token.id); })->empty());

  for (int minute : {10, 20}) {
    ASSERT_TRUE(write(
        [&](Transaction& tx) { return tx.revoke_api_token(old_token.id, at_minutes(minute)); }));
  }
  auto found = read([&](Transaction& tx) { return tx.find_api_token_by_hash("hash-old"); });
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->revoked_at, std::optional(at_minutes(10))) << "the first revocation counts";
  EXPECT_EQ((*found)->expires_at, std::optional(at_minutes(60)));
  EXPECT_EQ((*found)->role, auth::Role::kReception);
  EXPECT_FALSE((*found)->in_force(at_minutes(11)));
  EXPECT_FALSE(read([&](Transaction& tx) { return tx.find_api_token_by_hash("nope"); }).value());
}

TEST_P(StoreAccountsTest, SignInFailuresAreCountedReplacedAndCleared) {
  const auto failures = [&](const std::string& key) {
    return read([&](Transaction& tx) { return tx.find_sign_in_failures(key); }).value();
  };
  EXPECT_EQ(failures("ip:1"), std::pair(0, Instant{}));
  ASSERT_TRUE(
      write([&](Transaction& tx) { return tx.save_sign_in_failures("ip:1", 3, Instant{}); }));
  ASSERT_TRUE(
      write([&](Transaction& tx) { return tx.save_sign_in_failures("ip:1", 5, at_minutes(15)); }));
  ASSERT_TRUE(
      write([&](Transaction& tx) { return tx.save_sign_in_failures("ip:2", 1, Instant{}); }));
  EXPECT_EQ(failures("ip:1"), std::pair(5, at_minutes(15)));
  ASSERT_TRUE(write([&](Transaction& tx) { return tx.clear_sign_in_failures("ip:1"); }));
  EXPECT_EQ(failures("ip:1"), std::pair(0, Instant{}));
  EXPECT_EQ(failures("ip:2").first, 1) << "other keys are untouched";
}

TEST_P(StoreAccountsTest, AUserChangesOnlyAtTheVersionItWasReadAt) {
  const auto zeynep = add_user("zeynep");
  auth::User changed = zeynep;
  changed.role = auth::Role::kAdmin;
  changed.password_hash = "$argon2id$temporary";
  changed.must_change_password = true;
  changed.deactivated_at = at_minutes(30);
  changed.version = 2;
  ASSERT_TRUE(write([&](Transaction& tx) { return tx.update_user(changed, 1); }));
  auto found = read([&](Transaction& tx) { return tx.find_user(zeynep.id); });
  ASSERT_TRUE(found && *found);
  EXPECT_EQ(**found, changed);
  EXPECT_FALSE((*found)->active());

  auto stale = changed;
  stale.role = auth::Role::kReception;
  stale.version = 3;
  EXPECT_EQ(write([&](Transaction& tx) { return tx.update_user(stale, 1); }).error().code,
            ErrorCode::kPreconditionFailed);
  auto nobody = make_user("nobody");
  EXPECT_EQ(write([&](Transaction& tx) { return tx.update_user(nobody, 1); }).error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(read([&](Transaction& tx) { return tx.find_user(zeynep.id); }).value()->role,
            auth::Role::kAdmin)
      << "a stale change leaves the account as it was";
}

TEST_P(StoreAccountsTest, AUsersClinicsAreReplacedWhole) {
  const auto other = make_clinic("Marylebone Hair Studio");
  ASSERT_TRUE(write([&](Transaction& tx) { return tx.insert_clinic(other); }));
  const auto ali = add_user("ali");
  ASSERT_TRUE(write([&](Transaction& tx) { return tx.replace_user_clinics(ali.id, {other.id}); }));
  EXPECT_EQ(read([&](Transaction& tx) { return tx.user_clinic_ids(ali.id); }).value(),
            std::vector<std::string>{other.id});
  EXPECT_EQ(write([&](Transaction& tx) {
              return tx.replace_user_clinics(ali.id, {clinic_.id, new_id()});
            })
                .error()
                .code,
            ErrorCode::kInvalidInput);
  EXPECT_EQ(read([&](Transaction& tx) { return tx.user_clinic_ids(ali.id); }).value(),
            std::vector<std::string>{other.id})
      << "a refused change keeps the old clinics";
}

TEST_P(StoreAccountsTest, OnlyActiveAdminsCount) {
  auto first = make_user("first.admin", auth::Role::kAdmin);
  auto second = make_user("second.admin", auth::Role::kAdmin);
  second.deactivated_at = at_minutes(5);
  for (const auto& user : {first, second, make_user("dr.kaya")}) {
    ASSERT_TRUE(write([&](Transaction& tx) { return tx.insert_user(user, {clinic_.id}); }));
  }
  auto admins = write([&](Transaction& tx) { return tx.lock_active_admins(); });
  EXPECT_EQ(admins.value(), std::vector<std::string>{first.id});
}

TEST_P(StoreAccountsTest, AUserSignsOutElsewhereAndTheirTokensAreRevoked) {
  const auto admin = add_user("admin");
  const auto colleague = add_user("colleague");
  for (const auto& [hash, user_id] : {std::pair{"mine", admin.id}, std::pair{"laptop", admin.id},
                                      std::pair{"theirs", colleague.id}}) {
    const auth::Session session{hash, user_id, "csrf", at_minutes(0), at_minutes(0), "::1"};
    ASSERT_TRUE(write([&](Transaction& tx) { return tx.insert_session(session); }));
  }
  EXPECT_EQ(
      write([&](Transaction& tx) { return tx.delete_other_sessions(admin.id, "mine"); }).value(),
      1);
  EXPECT_TRUE(read([&](Transaction& tx) { return tx.find_session("mine"); }).value());
  EXPECT_FALSE(read([&](Transaction& tx) { return tx.find_session("laptop"); }).value());
  EXPECT_TRUE(read([&](Transaction& tx) { return tx.find_session("theirs"); }).value());

  const auth::ApiToken revoked{new_id(), "old import",  auth::Role::kReception, "h-revoked",
                               admin.id, at_minutes(0), std::nullopt,           at_minutes(1)};
  const auth::ApiToken live{new_id(), "lab import",  auth::Role::kReception, "h-live",
                            admin.id, at_minutes(0), std::nullopt,           std::nullopt};
  const auth::ApiToken others{new_id(),     "reports",     auth::Role::kReception, "h-others",
                              colleague.id, at_minutes(0), std::nullopt,           std::nullopt};
  for (const auto& token : {revoked, live, others}) {
    ASSERT_TRUE(write([&](Transaction& tx) { return tx.insert_api_token(token, {}); }));
  }
  EXPECT_EQ(write([&](Transaction& tx) {
              return tx.revoke_api_tokens_issued_by(admin.id, at_minutes(9));
            }).value(),
            1);
  const auto revoked_at = [&](const std::string& hash) {
    return read([&](Transaction& tx) { return tx.find_api_token_by_hash(hash); })
        .value()
        ->revoked_at;
  };
  EXPECT_EQ(revoked_at("h-live"), std::optional(at_minutes(9)));
  EXPECT_EQ(revoked_at("h-revoked"), std::optional(at_minutes(1))) << "the first revocation counts";
  EXPECT_EQ(revoked_at("h-others"), std::nullopt);
}

MESOCLINIC_ON_BOTH_ENGINES(StoreAccountsTest);

}  // namespace
}  // namespace mesoclinic::testing
