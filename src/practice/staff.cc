#include "practice/staff.h"

#include <algorithm>

namespace mesoclinic::practice {
namespace {

StaffOutcome refusal(StaffRefusal why, const auth::User& user) {
  StaffOutcome outcome;
  outcome.refused = why;
  outcome.user = user;
  return outcome;
}

// True if `changed` leaves no active admin. Reads (and locks) the active admins only when an
// active admin is demoted or deactivated, the one case that can take the last one away.
Result<bool> leaves_no_active_admin(store::Accounts& accounts, const auth::User& before,
                                    const auth::User& changed) {
  const bool was_admin = before.role == auth::Role::kAdmin && before.active();
  const bool is_admin = changed.role == auth::Role::kAdmin && changed.active();
  if (!was_admin || is_admin) return false;
  auto admins = accounts.lock_active_admins();
  if (!admins) return std::unexpected(admins.error());
  return std::none_of(admins->begin(), admins->end(),
                      [&](const std::string& id) { return id != before.id; });
}

}  // namespace

Result<StaffOutcome> change_account(store::Accounts& accounts, const auth::User& user,
                                    const AccountChange& change, Instant when) {
  if (!user.active()) return refusal(StaffRefusal::kDeactivated, user);
  auth::User changed = user;
  if (change.role) changed.role = *change.role;
  if (change.deactivate) changed.deactivated_at = when;
  auto clinics = accounts.user_clinic_ids(user.id);
  if (!clinics) return std::unexpected(clinics.error());
  const bool clinics_change = change.clinic_ids && *change.clinic_ids != *clinics;
  StaffOutcome outcome;
  if (changed == user && !clinics_change) {
    outcome.user = user;
    return outcome;
  }
  auto last = leaves_no_active_admin(accounts, user, changed);
  if (!last) return std::unexpected(last.error());
  if (*last) return refusal(StaffRefusal::kLastActiveAdmin, user);
  changed.version = user.version + 1;
  if (auto updated = accounts.update_user(changed, user.version); !updated) {
    return std::unexpected(updated.error());
  }
  if (clinics_change) {
    if (auto replaced = accounts.replace_user_clinics(user.id, *change.clinic_ids); !replaced) {
      return std::unexpected(replaced.error());
    }
  }
  if (change.deactivate) {
    auto ended = accounts.delete_sessions_of_user(user.id);
    if (!ended) return std::unexpected(ended.error());
    outcome.ended_sessions = *ended;
    auto revoked = accounts.revoke_api_tokens_issued_by(user.id, when);
    if (!revoked) return std::unexpected(revoked.error());
    outcome.revoked_tokens = *revoked;
  }
  outcome.user = std::move(changed);
  return outcome;
}

Result<StaffOutcome> reset_password(store::Accounts& accounts, const auth::User& user,
                                    const std::string& password_hash) {
  if (!user.active()) return refusal(StaffRefusal::kDeactivated, user);
  auth::User changed = user;
  changed.password_hash = password_hash;
  changed.must_change_password = true;
  changed.version = user.version + 1;
  if (auto updated = accounts.update_user(changed, user.version); !updated) {
    return std::unexpected(updated.error());
  }
  auto ended = accounts.delete_sessions_of_user(user.id);
  if (!ended) return std::unexpected(ended.error());
  StaffOutcome outcome;
  outcome.user = std::move(changed);
  outcome.ended_sessions = *ended;
  return outcome;
}

Result<StaffOutcome> change_own_password(store::Accounts& accounts, const auth::User& user,
                                         const std::string& password_hash,
                                         const std::string& kept_token_hash) {
  auth::User changed = user;
  changed.password_hash = password_hash;
  changed.must_change_password = false;
  changed.version = user.version + 1;
  if (auto updated = accounts.update_user(changed, user.version); !updated) {
    return std::unexpected(updated.error());
  }
  auto ended = accounts.delete_other_sessions(user.id, kept_token_hash);
  if (!ended) return std::unexpected(ended.error());
  StaffOutcome outcome;
  outcome.user = std::move(changed);
  outcome.ended_sessions = *ended;
  return outcome;
}

}  // namespace mesoclinic::practice
