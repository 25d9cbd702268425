// Staff accounts from the command line: the first admin is made here, before anyone can sign
// in to make the others through the API.
#pragma once

#include <string>
#include <vector>

#include "auth/auth.h"
#include "core/result.h"
#include "store/store.h"

namespace mesoclinic::app {

struct NewUser {
  std::string username;
  auth::Role role = auth::Role::kReception;
  std::vector<std::string> clinic_ids;  // empty: every clinic in the database
  std::string password;
};

// Checks the username and password policy, hashes the password and stores the user. Returns
// the new user's id; fails with kInvalidInput (bad name, weak password, unknown clinic) or
// kConflict (name taken).
Result<std::string> add_user(store::Store& store, const NewUser& user);

// Gives the account `username` the temporary password `password` (checked by the policy), to
// be replaced at its next sign-in, and ends its sessions: how an operator lets a locked-out
// admin back in. Audited in the command line's name. Fails with kNotFound (no such account),
// kInvalidInput (weak password) or kConflict (the account is deactivated).
Result<void> reset_password(store::Store& store, const std::string& username,
                            const std::string& password);

// Reads a password: twice with echo off from a terminal, else one line from standard input.
Result<std::string> read_password();

}  // namespace mesoclinic::app
