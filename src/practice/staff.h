// A staff account's life after it is made: an admin changes its role and clinics, resets its
// password or deactivates it, and its owner changes their own password. An account is never
// deleted: the audit trail and the charts it signed keep naming it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "auth/auth.h"
#include "store/accounts.h"

namespace mesoclinic::practice {

// Why a well-formed change was refused; the edge answers each with a problem of its own.
enum class StaffRefusal {
  kDeactivated,      // the account is deactivated, and a deactivated account changes no more
  kLastActiveAdmin,  // the change would leave no active admin to manage the others
};

// What an admin asks to change; members left unset stay as they are.
struct AccountChange {
  std::optional<auth::Role> role;
  std::optional<std::vector<std::string>> clinic_ids;  // the account's whole new set, sorted
  bool deactivate = false;
};

// The account as saved, or why it was not changed, and what the change ended.
struct StaffOutcome {
  std::optional<StaffRefusal> refused;
  auth::User user;
  std::int64_t ended_sessions = 0;
  std::int64_t revoked_tokens = 0;
};

// Applies `change` to `user` (as read at its version) at `when`. Deactivating ends every
// session of the account and revokes the API tokens it issued, in the caller's transaction, so
// both are refused from their next request. Refuses (without writing) a deactivated account
// and a demotion or deactivation that leaves no active admin. A change that changes nothing
// writes nothing. Fails with kPreconditionFailed if the account changed since it was read,
// kInvalidInput if a clinic does not exist.
Result<StaffOutcome> change_account(store::Accounts& accounts, const auth::User& user,
                                    const AccountChange& change, Instant when);

// Gives `user` the temporary password `password_hash` (already checked against the policy and
// hashed) that its owner must replace at the next sign-in, and ends every session of the
// account. Refuses a deactivated account. Fails with kPreconditionFailed if the account changed
// since it was read.
Result<StaffOutcome> reset_password(store::Accounts& accounts, const auth::User& user,
                                    const std::string& password_hash);

// Saves `password_hash` (the owner's new password, the current one already verified) for
// `user`, lifts must_change_password and ends the user's other sessions, keeping the one under
// `kept_token_hash`. Fails with kPreconditionFailed if the account changed since it was read.
Result<StaffOutcome> change_own_password(store::Accounts& accounts, const auth::User& user,
                                         const std::string& password_hash,
                                         const std::string& kept_token_hash);

}  // namespace mesoclinic::practice
