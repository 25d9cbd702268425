// Settings for `mesoclinic serve`: built-in defaults, overridden by a TOML file, overridden by
// command-line flags. Everything here is plain data; main.cc does the wiring.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"

namespace mesoclinic::app {

struct ServeConfig {
  std::string database_url = "sqlite:var/mesoclinic.db";
  std::size_t pool_size = 0;  // 0: worker threads + 2
  // [database] photo_dir: the folder photos are kept in, which backups must hold with the
  // database. Empty: "photos" beside the SQLite file, or var/photos with PostgreSQL.
  std::string photo_dir;
  std::string listen_host = "127.0.0.1";
  std::uint16_t listen_port = 8080;
  std::size_t threads = 0;  // 0: one per core
  std::size_t body_limit = 1024 * 1024;
  std::chrono::milliseconds read_timeout{30'000};
  std::chrono::milliseconds idle_timeout{60'000};
  std::chrono::milliseconds write_timeout{30'000};
  std::chrono::milliseconds shutdown_grace{10'000};
  std::string tls_certificate;  // [server] PEM paths; both set: HTTPS only
  std::string tls_private_key;
  // [server] Addresses of reverse proxies whose X-Forwarded-For / X-Forwarded-Proto are
  // believed; from any other peer those headers are ignored.
  std::vector<std::string> trusted_proxies;
  // [server] The built staff web app (index.html and assets/), served beside the API from
  // memory; empty: none (`/` is then a 404 like any unknown path).
  std::string web_root;
  bool insecure_listen = false;  // --insecure-listen: plain HTTP on a non-loopback address
  bool benchmark = false;        // --benchmark: accept a PostgreSQL that does not sync (store.h)
  std::string access_log = "-";  // "-" standard error, "off", or a file path
  std::string log_level = "info";
  std::chrono::seconds session_idle_timeout{30 * 60};        // [sessions] idle_timeout_s
  std::chrono::seconds session_absolute_timeout{12 * 3600};  // [sessions] absolute_timeout_s

  // [reminders]: how often the outbox is looked at, how long a claim may last before another
  // sender takes the reminder over, and the retry policy.
  std::chrono::milliseconds reminder_poll_interval{30'000};  // poll_interval_ms
  std::chrono::seconds reminder_lease{300};                  // lease_s
  std::chrono::seconds reminder_first_retry{60};             // first_retry_s
  int reminder_max_attempts = 6;                             // max_attempts
  // [email]: reminders by e-mail need at least smtp_url and from_address.
  std::string smtp_url;  // smtp_url: "smtp://mail.example.org:587" or "smtps://..."
  std::string smtp_from_address;
  std::string smtp_from_name;
  std::string smtp_starttls = "required";  // "required", "if_offered" or "off"
  std::string smtp_username;
  std::string smtp_password_file;  // the password itself never sits in the config file
  std::string smtp_ca_file;
  // [sms]: reminders by SMS go to the clinic's gateway.
  std::string sms_webhook_url;
  std::string sms_token_file;  // a bearer token, read from this file
  std::string sms_ca_file;
};

// Applies a TOML file's settings on top of `config`. Unknown tables or keys and wrong types
// are refused (a typo in a config file must not silently fall back to a default).
Result<void> apply_config_file(const std::string& path, ServeConfig& config);

// The folder photos are kept in: config.photo_dir, or its default for config.database_url.
std::string photo_dir_of(const ServeConfig& config);

// Splits "HOST:PORT" or "[IPv6]:PORT"; fails with kInvalidInput on anything else.
Result<void> apply_listen(const std::string& listen, ServeConfig& config);

// True for a literal IPv4 or IPv6 address (no host names).
bool is_ip_address(const std::string& text);

// True for addresses only this machine can reach (127.0.0.0/8, ::1, localhost).
bool is_loopback(const std::string& host);

}  // namespace mesoclinic::app
