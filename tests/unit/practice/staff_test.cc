// A staff account's life (src/practice/staff.h) on both engines: deactivation ends sessions and
// revokes tokens with the change itself, the last active admin stays, a reset forces a new
// password, and an own change keeps only the session that made it.
#include "practice/staff.h"

#include <gtest/gtest.h>

#include "core/ids.h"
#include "store_fixture.h"

namespace mesoclinic::testing {
namespace {

using store::Transaction;

class StaffTest : public StoreTest {
 protected:
  auth::User add(const std::string& username, auth::Role role) {
    const auth::User user = make_user(username, role);
    EXPECT_TRUE(write([&](Transaction& tx) { return tx.insert_user(user, {clinic_.id}); }));
    return user;
  }
  void open_session(const std::string& hash, const std::string& user_id) {
    const auth::Session session{hash, user_id, "csrf", at_minutes(0), at_minutes(0), "::1"};
    ASSERT_TRUE(write([&](Transaction& tx) { return tx.insert_session(session); }));
  }
  auth::User stored(const std::string& id) {
    return read([&](Transaction& tx) { return tx.find_user(id); }).value().value();
  }
};

TEST_P(StaffTest, DeactivationEndsSessionsAndRevokesTokensButKeepsTheAccount) {
  add("staying.admin", auth::Role::kAdmin);  // so that one active admin remains
  const auto leaving = add("leaving.admin", auth::Role::kAdmin);
  open_session("leaving-session", leaving.id);
  const auth::ApiToken token{new_id(),   "lab import",  auth::Role::kReception, "token-hash",
                             leaving.id, at_minutes(0), std::nullopt,           std::nullopt};
  ASSERT_TRUE(write([&](Transaction& tx) { return tx.insert_api_token(token, {}); }));
  practice::AccountChange change;
  change.deactivate = true;
  auto outcome = write([&](Transaction& tx) {
    return practice::change_account(tx, leaving, change, at_minutes(7));
  });
  ASSERT_TRUE(outcome) << outcome.error().message;
  EXPECT_FALSE(outcome->refused);
  EXPECT_EQ(outcome->ended_sessions, 1);
  EXPECT_EQ(outcome->revoked_tokens, 1);
  const auth::User after = stored(leaving.id);
  EXPECT_EQ(after.deactivated_at, std::optional(at_minutes(7)));
  EXPECT_EQ(after.version, 2);
  EXPECT_EQ(after.username, "leaving.admin") << "the account stays, so its history names it";
  EXPECT_FALSE(read([&](Transaction& tx) { return tx.find_session("leaving-session"); }).value());
  EXPECT_FALSE(read([&](Transaction& tx) { return tx.find_api_token_by_hash("token-hash"); })
                   .value()
                   ->in_force(at_minutes(8)));

  // A deactivated account changes no more: not its role, not its password.
  practice::AccountChange promote;
  promote.role = auth::Role::kPractitioner;
  auto again = write(
      [&](Transaction& tx) { return practice::change_account(tx, after, promote, at_minutes(9)); });
  EXPECT_EQ(again.value().refused, practice::StaffRefusal::kDeactivated);
  auto reset =
      write([&](Transaction& tx) { return practice::reset_password(tx, after, "$argon2id$x"); });
  EXPECT_EQ(reset.value().refused, practice::StaffRefusal::kDeactivated);
  EXPECT_EQ(stored(leaving.id).role, auth::Role::kAdmin);
}

TEST_P(StaffTest, TheLastActiveAdminCannotBeDemotedOrDeactivated) {
  const auto only = add("only.admin", auth::Role::kAdmin);
  practice::AccountChange demote;
  demote.role = auth::Role::kPractitioner;
  practice::AccountChange deactivate;
  deactivate.deactivate = true;
  for (const auto& change : {demote, deactivate}) {
    auto outcome = write(
        [&](Transaction& tx) { return practice::change_account(tx, only, change, at_minutes(1)); });
    EXPECT_EQ(outcome.value().refused, practice::StaffRefusal::kLastActiveAdmin);
  }
  EXPECT_EQ(stored(only.id), only) << "nothing was written";

  const auto second = add("second.admin", auth::Role::kAdmin);
  auto demoted = write(
      [&](Transaction& tx) { return practice::change_account(tx, only, demote, at_minutes(2)); });
  ASSERT_TRUE(demoted);
  EXPECT_FALSE(demoted->refused);
  EXPECT_EQ(stored(only.id).role, auth::Role::kPractitioner);
  auto last = write([&](Transaction& tx) {
    return practice::change_account(tx, second, deactivate, at_minutes(3));
  });
  EXPECT_EQ(last.value().refused, practice::StaffRefusal::kLastActiveAdmin);
}

TEST_P(StaffTest, AChangeFromAStaleReadIsRefusedAndOneThatChangesNothingWritesNothing) {
  const auto desk = add("front.desk", auth::Role::kReception);
  practice::AccountChange same;
  same.role = auth::Role::kReception;
  same.clinic_ids = std::vector<std::string>{clinic_.id};
  auto unchanged = write(
      [&](Transaction& tx) { return practice::change_account(tx, desk, same, at_minutes(1)); });
  ASSERT_TRUE(unchanged);
  EXPECT_EQ(unchanged->user.version, 1);
  practice::AccountChange promote;
  promote.role = auth::Role::kPractitioner;
  ASSERT_TRUE(write(
      [&](Transaction& tx) { return practice::change_account(tx, desk, promote, at_minutes(2)); }));
  practice::AccountChange audit;
  audit.role = auth::Role::kAuditor;
  auto stale = write(
      [&](Transaction& tx) { return practice::change_account(tx, desk, audit, at_minutes(3)); });
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, ErrorCode::kPreconditionFailed);
  EXPECT_EQ(stored(desk.id).role, auth::Role::kPractitioner);
}

TEST_P(StaffTest, AResetForcesANewPasswordAndAnOwnChangeKeepsOnlyItsSession) {
  const auto dr = add("dr.kaya", auth::Role::kPractitioner);
  open_session("phone", dr.id);
  auto reset =
      write([&](Transaction& tx) { return practice::reset_password(tx, dr, "$argon2id$temp"); });
  ASSERT_TRUE(reset);
  EXPECT_EQ(reset->ended_sessions, 1);
  auth::User after_reset = stored(dr.id);
  EXPECT_TRUE(after_reset.must_change_password);
  EXPECT_EQ(after_reset.password_hash, "$argon2id$temp");

  open_session("desk", dr.id);
  open_session("laptop", dr.id);
  auto changed = write([&](Transaction& tx) {
    return practice::change_own_password(tx, after_reset, "$argon2id$mine", "desk");
  });
  ASSERT_TRUE(changed);
  EXPECT_EQ(changed->ended_sessions, 1);
  const auth::User after_change = stored(dr.id);
  EXPECT_FALSE(after_change.must_change_password);
  EXPECT_EQ(after_change.password_hash, "$argon2id$mine");
  EXPECT_TRUE(read([&](Transaction& tx) { return tx.find_session("desk"); }).value());
  EXPECT_FALSE(read([&](Transaction& tx) { return tx.find_session("laptop"); }).value());
}

MESOCLINIC_ON_BOTH_ENGINES(StaffTest);

}  // namespace
}  // namespace mesoclinic::testing
