#include "app/config.h"

#include <arpa/inet.h>
#include <toml++/toml.h>

#include <charconv>
#include <filesystem>

namespace mesoclinic::app {
namespace {

Result<void> bad(const std::string& path, const std::string& why) {
  return fail(ErrorCode::kInvalidInput, "config file " + path + ": " + why);
}

template <class Int>
bool read_int(const toml::node& node, Int& out, long long min, long long max) {
  const auto value = node.value<long long>();
  if (!value || *value < min || *value > max) return false;
  out = static_cast<Int>(*value);
  return true;
}

bool read_millis(const toml::node& node, std::chrono::milliseconds& out) {
  long long millis = 0;
  if (!read_int(node, millis, 1, 3'600'000)) return false;
  out = std::chrono::milliseconds{millis};
  return true;
}

bool read_seconds(const toml::node& node, std::chrono::seconds& out) {
  long long seconds = 0;
  if (!read_int(node, seconds, 1, 30LL * 24 * 3600)) return false;
  out = std::chrono::seconds{seconds};
  return true;
}

}  // namespace

Result<void> apply_listen(const std::string& listen, ServeConfig& config) {
  const auto bad_listen = [&] {
    return fail(ErrorCode::kInvalidInput,
                "--listen must be HOST:PORT or [IPv6]:PORT, got \"" + listen + "\"");
  };
  const std::size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == listen.size()) return bad_listen();
  std::string host = listen.substr(0, colon);
  if (host.front() == '[') {
    if (host.back() != ']' || host.size() < 3) return bad_listen();
    host = host.substr(1, host.size() - 2);
  }
  unsigned port = 0;
  const char* first = listen.data() + colon + 1;
  const char* last = listen.data() + listen.size();
  const auto [end, ec] = std::from_chars(first, last, port);
  if (ec != std::errc() || end != last || port > 65535) return bad_listen();
  config.listen_host = host;
  config.listen_port = static_cast<std::uint16_t>(port);
  return {};
}

std::string photo_dir_of(const ServeConfig& config) {
  if (!config.photo_dir.empty()) return config.photo_dir;
  // Beside the SQLite file, so the database and its photos are found (and backed up) together.
  constexpr std::string_view kSqlite = "sqlite:";
  if (config.database_url.starts_with(kSqlite)) {
    const std::filesystem::path file = config.database_url.substr(kSqlite.size());
    return (file.parent_path() / "photos").string();
  }
  return "var/photos";
}

bool is_ip_address(const std::string& text) {
  in6_addr ignored{};
  return inet_pton(AF_INET, text.c_str(), &ignored) == 1 ||
         inet_pton(AF_INET6, text.c_str(), &ignored) == 1;
}

bool is_loopback(const std::string& host) {
  return host == "localhost" || host == "::1" || host.starts_with("127.");
}

namespace {

// The plain text settings of [email] and [sms], by their full name.
std::string* text_setting(ServeConfig& config, const std::string& name) {
  const std::pair<const char*, std::string*> settings[] = {
      {"email.smtp_url", &config.smtp_url},
      {"email.from_address", &config.smtp_from_address},
      {"email.from_name", &config.smtp_from_name},
      {"email.username", &config.smtp_username},
      {"email.password_file", &config.smtp_password_file},
      {"email.ca_file", &config.smtp_ca_file},
      {"sms.webhook_url", &config.sms_webhook_url},
      {"sms.token_file", &config.sms_token_file},
      {"sms.ca_file", &config.sms_ca_file}};
  for (const auto& [setting, target] : settings) {
    if (name == setting) return target;
  }
  return nullptr;
}

}  // namespace

Result<void> apply_config_file(const std::string& path, ServeConfig& config) {
  toml::table file;
  try {
    file = toml::parse_file(path);
  } catch (const toml::parse_error& error) {
    const auto& where = error.source().begin;
    return bad(path,
               "line " + std::to_string(where.line) + ": " + std::string(error.description()));
  }
  for (const auto& [table_name, node] : file) {
    const std::string table(table_name.str());
    const toml::table* table_node = node.as_table();
    if (!table_node || (table != "server" && table != "database" && table != "sessions" &&
                        table != "reminders" && table != "email" && table != "sms")) {
      return bad(path, "unknown section [" + table +
                           "] (expected [server], [database], [sessions], [reminders], [email] "
                           "or [sms])");
    }
    for (const auto& [key_name, value] : *table_node) {
      const std::string key(key_name.str());
      const std::string name = table + "." + key;
      bool ok = true;
      if (name == "database.url") {
        ok = value.is_string();
        if (ok) config.database_url = *value.value<std::string>();
      } else if (name == "database.photo_dir") {
        ok = value.is_string() && !value.value<std::string>()->empty();
        if (ok) config.photo_dir = *value.value<std::string>();
      } else if (name == "database.pool_size") {
        ok = read_int(value, config.pool_size, 1, 1024);
      } else if (name == "server.listen") {
        ok = value.is_string();
        if (ok) {
          if (auto applied = apply_listen(*value.value<std::string>(), config); !applied) {
            return bad(path, name + ": " + applied.error().message);
          }
        }
      } else if (name == "server.threads") {
        ok = read_int(value, config.threads, 1, 256);
      } else if (name == "server.body_limit") {
        ok = read_int(value, config.body_limit, 1024, 1024LL * 1024 * 1024);
      } else if (name == "server.read_timeout_ms") {
        ok = read_millis(value, config.read_timeout);
      } else if (name == "server.idle_timeout_ms") {
        ok = read_millis(value, config.idle_timeout);
      } else if (name == "server.write_timeout_ms") {
        ok = read_millis(value, config.write_timeout);
      } else if (name == "server.shutdown_grace_ms") {
        ok = read_millis(value, config.shutdown_grace);
      } else if (name == "server.tls_certificate") {
        ok = value.is_string();
        if (ok) config.tls_certificate = *value.value<std::string>();
      } else if (name == "server.tls_private_key") {
        ok = value.is_string();
        if (ok) config.tls_private_key = *value.value<std::string>();
      } else if (name == "server.trusted_proxies") {
        const toml::array* addresses = value.as_array();
        ok = addresses != nullptr;
        if (ok) config.trusted_proxies.clear();
        for (std::size_t i = 0; ok && i < addresses->size(); ++i) {
          const auto address = (*addresses)[i].value<std::string>();
          if (!address || !is_ip_address(*address)) {
            return bad(path, name + " must list IP addresses such as \"10.0.0.5\"");
          }
          config.trusted_proxies.push_back(*address);
        }
      } else if (name == "server.web_root") {
        ok = value.is_string();
        if (ok) config.web_root = *value.value<std::string>();
      } else if (name == "server.access_log") {
        ok = value.is_string();
        if (ok) config.access_log = *value.value<std::string>();
      } else if (name == "sessions.idle_timeout_s") {
        ok = read_seconds(value, config.session_idle_timeout);
      } else if (name == "sessions.absolute_timeout_s") {
        ok = read_seconds(value, config.session_absolute_timeout);
      } else if (name == "server.log_level") {
        ok = value.is_string();
        if (ok) config.log_level = *value.value<std::string>();
      } else if (name == "reminders.poll_interval_ms") {
        ok = read_millis(value, config.reminder_poll_interval);
      } else if (name == "reminders.lease_s") {
        // Sends are bounded by half the lease, and need a second or two at the least.
        ok = read_seconds(value, config.reminder_lease) &&
             config.reminder_lease >= std::chrono::seconds{4};
      } else if (name == "reminders.first_retry_s") {
        ok = read_seconds(value, config.reminder_first_retry);
      } else if (name == "reminders.max_attempts") {
        ok = read_int(value, config.reminder_max_attempts, 1, 50);
      } else if (name == "email.starttls") {
        const auto mode = value.value<std::string>();
        ok = mode && (*mode == "required" || *mode == "if_offered" || *mode == "off");
        if (!ok) return bad(path, name + " must be \"required\", \"if_offered\" or \"off\"");
        config.smtp_starttls = *mode;
      } else if (auto* text = text_setting(config, name)) {
        ok = value.is_string();
        if (ok) *text = *value.value<std::string>();
      } else {
        return bad(path, "unknown setting " + name);
      }
      if (!ok) return bad(path, name + " has the wrong type or is out of range");
    }
  }
  return {};
}

}  // namespace mesoclinic::app
