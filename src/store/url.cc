#include <libpq-fe.h>

#include <regex>

#include "store/internal.h"
#include "store/store.h"

namespace mesoclinic::store {

std::string redact_url(const std::string& url) {
  // user:password@ in the authority, and password=... in a query or key/value string.
  static const std::regex kAuthority(R"(^([a-z]+://[^:/@]*):[^@]*@)");
  static const std::regex kParameter(R"((password=)[^&\s]*)");
  std::string redacted = std::regex_replace(url, kAuthority, "$1:***@");
  return std::regex_replace(redacted, kParameter, "$1***");
}

namespace internal {

Result<Target> parse_url(const std::string& url) {
  constexpr std::string_view kSqlite = "sqlite:";
  Target target;
  target.url = url;
  if (url.starts_with(kSqlite)) {
    target.engine = Engine::kSqlite;
    target.sqlite_path = url.substr(kSqlite.size());
    if (target.sqlite_path.starts_with("//")) target.sqlite_path.erase(0, 2);
    if (target.sqlite_path.empty()) {
      return fail(ErrorCode::kInvalidInput, "the database URL sqlite: names no file");
    }
    // SOCI splits its connect string at spaces; a quoted value may hold them.
    if (target.sqlite_path.find('"') != std::string::npos) {
      return fail(ErrorCode::kInvalidInput, "a SQLite database path may not contain '\"'");
    }
    target.connect_string = "db=\"" + target.sqlite_path + "\" timeout=5";
    return target;
  }
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    target.engine = Engine::kPostgres;
    // SOCI re-parses its connect string as key=value pairs and mangles a bare URI, so libpq
    // itself takes the URI apart and the pairs are passed on, each value quoted.
    char* problem = nullptr;
    PQconninfoOption* options = PQconninfoParse(url.c_str(), &problem);
    if (options == nullptr) {
      std::string reason = problem ? problem : "out of memory";
      PQfreemem(problem);
      while (!reason.empty() && reason.back() == '\n') reason.pop_back();
      return fail(ErrorCode::kInvalidInput,
                  "malformed database URL " + redact_url(url) + ": " + reason);
    }
    for (const PQconninfoOption* option = options; option->keyword != nullptr; ++option) {
      if (option->val == nullptr) continue;
      std::string quoted;
      for (const char c : std::string_view(option->val)) {
        if (c == '\'' || c == '\\') quoted += '\\';
        quoted += c;
      }
      if (!target.connect_string.empty()) target.connect_string += ' ';
      target.connect_string += std::string(option->keyword) + "='" + quoted + "'";
    }
    PQconninfoFree(options);
    return target;
  }
  return fail(ErrorCode::kInvalidInput,
              "unsupported database URL " + redact_url(url) +
                  " (use sqlite:PATH or postgresql://USER@HOST:PORT/DATABASE)");
}

}  // namespace internal
}  // namespace mesoclinic::store
