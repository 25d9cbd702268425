#include "app/users.h"

#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <iostream>

#include "core/ids.h"
#include "practice/staff.h"

namespace mesoclinic::app {
namespace {

std::string read_line_without_echo(const char* prompt) {
  std::fputs(prompt, stderr);
  std::fflush(stderr);
  termios saved{};
  const bool terminal = tcgetattr(STDIN_FILENO, &saved) == 0;
  if (terminal) {
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string line;
  std::getline(std::cin, line);
  if (terminal) tcsetattr(STDIN_FILENO, TCSANOW, &saved);
  std::fputs("\n", stderr);
  return line;
}

std::string first_message(const Error& error) {
  return error.fields.empty()
             ? error.message
             : error.fields.front().field.substr(1) + " " + error.fields.front().message;
}

}  // namespace

Result<std::string> read_password() {
  if (isatty(STDIN_FILENO)) {
    std::string first = read_line_without_echo("password: ");
    std::string second = read_line_without_echo("password again: ");
    if (first != second) return fail(ErrorCode::kInvalidInput, "the passwords differ");
    return first;
  }
  std::string line;
  if (!std::getline(std::cin, line)) {
    return fail(ErrorCode::kInvalidInput, "no password on standard input");
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

Result<std::string> add_user(store::Store& store, const NewUser& request) {
  auto user = auth::make_user(request.username, request.role, request.password, new_id(), now());
  if (!user) return fail(ErrorCode::kInvalidInput, first_message(user.error()));
  auto saved = store::in_transaction(
      store, store::TransactionMode::kWrite, [&](store::Transaction& tx) -> Result<void> {
        std::vector<std::string> clinic_ids = request.clinic_ids;
        if (clinic_ids.empty()) {
          auto clinics = tx.list_clinics();
          if (!clinics) return std::unexpected(clinics.error());
          for (const auto& clinic : *clinics) clinic_ids.push_back(clinic.id);
        }
        auto inserted = tx.insert_user(*user, clinic_ids);
        if (!inserted && !inserted.error().fields.empty()) {
          return fail(ErrorCode::kInvalidInput, "a --clinic names no clinic in this database");
        }
        return inserted;
      });
  if (!saved) return std::unexpected(saved.error());
  return user->id;
}

Result<void> reset_password(store::Store& store, const std::string& username,
                            const std::string& password) {
  const std::string name = auth::normalize_username(username);
  if (auto allowed = auth::check_password_policy(password, name); !allowed) {
    return fail(ErrorCode::kInvalidInput, first_message(allowed.error()));
  }
  auto hash = auth::hash_password(password);
  if (!hash) return std::unexpected(hash.error());
  return store::in_transaction(
      store, store::TransactionMode::kWrite, [&](store::Transaction& tx) -> Result<void> {
        auto user = tx.find_user_by_username(name);
        if (!user) return std::unexpected(user.error());
        if (!*user) return fail(ErrorCode::kNotFound, "no account is named " + name);
        auto outcome = practice::reset_password(tx, **user, *hash);
        if (!outcome) return std::unexpected(outcome.error());
        if (outcome->refused) {
          return fail(ErrorCode::kConflict, "the account " + name + " is deactivated");
        }
        audit::Entry entry;
        entry.recorded_at = now();
        entry.username = "command line";
        entry.action = "user.password.reset";
        entry.resource_type = "user";
        entry.resource_id = (*user)->id;
        auto audited = tx.append_audit(entry);
        if (!audited) return std::unexpected(audited.error());
        return {};
      });
}

}  // namespace mesoclinic::app
