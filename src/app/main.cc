// The `mesoclinic` command: serve, migrate, demo, backup, version. Parses flags and config,
// wires the modules together, and turns every failure into one line on stderr and exit 1.
#include <spdlog/async.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <thread>

#include "api/api.h"
#include "app/audit_check.h"
#include "app/config.h"
#include "app/demo.h"
#include "app/trichometry_command.h"
#include "app/users.h"
#include "http/http.h"
#include "media/media.h"
#include "notify/notify.h"
#include "practice/clinics.h"
#include "practice/records.h"
#include "practice/reminders.h"
#include "practice/worklist.h"
#include "store/backup.h"
#include "store/store.h"
#include "trichometry/trichometry.h"
#include "web/web.h"

#ifndef MESOCLINIC_VERSION
#define MESOCLINIC_VERSION "0.0.0"
#endif

namespace mesoclinic::app {
namespace {

int failure(const std::string& message) {
  std::fprintf(stderr, "mesoclinic: %s\n", message.c_str());
  return 1;
}

// The tools (demo, user, migrate, ...) accept any PostgreSQL; only `serve` insists that it syncs.
Result<std::unique_ptr<store::Store>> open_store(const std::string& url, std::size_t pool_size,
                                                 store::MigrationPolicy migrations,
                                                 bool accept_unsynced = true) {
  auto opened = store::Store::open({url, pool_size, migrations, accept_unsynced});
  if (!opened) {
    return fail(opened.error().code,
                "cannot open database " + store::redact_url(url) + ": " + opened.error().message);
  }
  return opened;
}

// The access log is asynchronous so a burst of requests never waits on a terminal or a disk.
std::shared_ptr<spdlog::logger> make_access_logger(const std::string& target) {
  if (target == "off") return nullptr;
  spdlog::init_thread_pool(8192, 1);
  std::shared_ptr<spdlog::logger> logger;
  if (target == "-") {
    logger = spdlog::create_async<spdlog::sinks::stderr_sink_mt>("access");
  } else {
    logger = spdlog::create_async<spdlog::sinks::basic_file_sink_mt>("access", target);
  }
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %v", spdlog::pattern_time_type::utc);
  return logger;
}

// A secret from a file an operator keeps readable only by the service (trailing line breaks
// dropped); the secret itself never appears in a message.
Result<std::string> read_secret(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::string secret((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  if (!file && !file.eof()) return fail(ErrorCode::kInvalidInput, "cannot read " + path);
  while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r')) secret.pop_back();
  return secret;
}

// The reminder channels the configuration sets up: [email] with an SMTP URL, [sms] with a
// webhook URL. A channel's timeout stays under the claim lease, so a slow send is never taken
// for an abandoned one.
Result<notify::Channels> reminder_channels(const ServeConfig& config) {
  notify::Channels channels;
  const auto timeout = std::min(std::chrono::seconds{60}, config.reminder_lease / 2);
  if (!config.smtp_url.empty()) {
    // A login may only cross the network encrypted.
    if (!config.smtp_username.empty() && config.smtp_starttls != "required" &&
        !config.smtp_url.starts_with("smtps://")) {
      return fail(ErrorCode::kInvalidInput,
                  "[email] has a username: set starttls = \"required\" or use an smtps:// URL, "
                  "so the password is never sent in the clear");
    }
    notify::SmtpSettings smtp;
    smtp.url = config.smtp_url;
    smtp.from_address = config.smtp_from_address;
    smtp.from_name = config.smtp_from_name;
    smtp.starttls = config.smtp_starttls == "off"          ? notify::StartTls::kOff
                    : config.smtp_starttls == "if_offered" ? notify::StartTls::kIfOffered
                                                           : notify::StartTls::kRequired;
    smtp.username = config.smtp_username;
    if (!config.smtp_password_file.empty()) {
      auto password = read_secret(config.smtp_password_file);
      if (!password) return std::unexpected(password.error());
      smtp.password = *password;
    }
    smtp.ca_file = config.smtp_ca_file;
    smtp.timeout = timeout;
    auto channel = notify::make_smtp_channel(smtp);
    if (!channel) return std::unexpected(channel.error());
    channels.email = std::move(*channel);
  }
  if (!config.sms_webhook_url.empty()) {
    notify::WebhookSettings webhook;
    webhook.url = config.sms_webhook_url;
    if (!config.sms_token_file.empty()) {
      auto token = read_secret(config.sms_token_file);
      if (!token) return std::unexpected(token.error());
      webhook.bearer_token = *token;
    }
    webhook.ca_file = config.sms_ca_file;
    webhook.timeout = timeout;
    auto channel = notify::make_webhook_channel(webhook);
    if (!channel) return std::unexpected(channel.error());
    channels.sms = std::move(*channel);
  }
  return channels;
}

int serve(const ServeConfig& config) {
  const bool tls = !config.tls_certificate.empty() || !config.tls_private_key.empty();
  if (!is_loopback(config.listen_host) && !tls && !config.insecure_listen) {
    return failure("refusing to listen on " + config.listen_host +
                   " without TLS: passwords and session cookies would cross the network in "
                   "clear text. Set tls_certificate and tls_private_key under [server], or, "
                   "behind a TLS-terminating proxy, pass --insecure-listen");
  }
  // A peer or a log reader going away must not kill the server: writes then fail with EPIPE
  // instead of raising SIGPIPE.
  std::signal(SIGPIPE, SIG_IGN);
  // Operational messages go to stderr; stdout carries only the "serving on" line.
  spdlog::set_default_logger(spdlog::stderr_color_mt("mesoclinic"));
  if (auto level = spdlog::level::from_str(config.log_level);
      level != spdlog::level::off || config.log_level == "off") {
    spdlog::set_level(level);
  }
  // Read before the database is touched: a web_root without a built app is a mistake to
  // report at once.
  std::unique_ptr<web::AppFiles> web_app;
  if (!config.web_root.empty()) {
    auto loaded = web::AppFiles::load(config.web_root);
    if (!loaded) return failure(loaded.error().message);
    web_app = std::move(*loaded);
  }
  // Handlers block on the database, and an audited read waits for its entry's group commit: the
  // more requests wait together, the more entries share one commit. Measured in
  // docs/performance.md (2 cores: 2 threads 2,700 audited reads/s, 16 threads 7,000).
  const std::size_t threads =
      config.threads ? config.threads
                     : std::max<std::size_t>(16, 4 * std::thread::hardware_concurrency());
  auto store = open_store(config.database_url, config.pool_size ? config.pool_size : threads + 2,
                          store::MigrationPolicy::kMigrate, config.benchmark);
  if (!store) return failure(store.error().message);
  if (auto rules = practice::install_default_rule_set(**store); !rules) {
    return failure(rules.error().message);
  }

  auto photos = media::PhotoFiles::open(photo_dir_of(config));
  if (!photos) return failure("photos: " + photos.error().message);

  http::Router router;
  http::Metrics metrics;
  api::Settings settings;
  settings.photos = &*photos;
  settings.defaults.body_limit = config.body_limit;
  settings.session_idle_timeout = config.session_idle_timeout;
  settings.session_absolute_timeout = config.session_absolute_timeout;
  const auto api_routes = api::add_routes(router, **store, metrics, settings);
  if (web_app) {
    // Outside the route table and its permission rules: the app's files are public (the
    // sign-in page loads before anyone signs in); what no route matches is the app's to answer.
    router.set_fallback({"web app", [&app = *web_app](const http::Request& request) {
                           return app.serve(request);
                         }});
  }

  auto channels = reminder_channels(config);
  if (!channels) return failure("reminders: " + channels.error().message);

  std::shared_ptr<spdlog::logger> access;
  try {
    access = make_access_logger(config.access_log);
  } catch (const spdlog::spdlog_ex& error) {
    return failure("cannot open the access log " + config.access_log + ": " + error.what());
  }
  http::AccessLog log_request;
  if (access) {
    log_request = [access](const http::Request& request, int status, std::size_t bytes,
                           std::chrono::nanoseconds duration) {
      access->info("{} {} {} {} {} {:.3f}ms {}", request.remote_address, request.method,
                   request.path, status, bytes,
                   std::chrono::duration<double, std::milli>(duration).count(), request.request_id);
    };
  }

  http::ServerOptions options;
  options.host = config.listen_host;
  options.port = config.listen_port;
  options.threads = threads;
  options.read_timeout = config.read_timeout;
  options.idle_timeout = config.idle_timeout;
  options.write_timeout = config.write_timeout;
  options.shutdown_grace = config.shutdown_grace;
  options.tls_certificate_file = config.tls_certificate;
  options.tls_private_key_file = config.tls_private_key;
  options.trusted_proxies = config.trusted_proxies;
  auto server = http::Server::bind(options, router, metrics, log_request);
  if (!server) return failure(server.error().message);

  // Said once the server is sure to run: a refusal to start stays one line.
  if (web_app) {
    spdlog::info("web app: {} files ({} KiB) from {}", web_app->file_count(),
                 (web_app->byte_count() + 1023) / 1024, config.web_root);
  } else {
    spdlog::info("web app: off (set web_root under [server] to serve it)");
  }
  spdlog::info("photos: kept in {}", photos->root().string());
  // Reminders start once the server is sure to run.
  std::unique_ptr<notify::Dispatcher> reminders;
  if (channels->email || channels->sms) {
    spdlog::info("reminders: on (e-mail {}, SMS {})", channels->email ? "yes" : "no",
                 channels->sms ? "yes" : "no");
    notify::DispatcherSettings sending;
    sending.poll_interval = config.reminder_poll_interval;
    sending.lease = config.reminder_lease;
    sending.retry.max_attempts = config.reminder_max_attempts;
    sending.retry.first_delay = config.reminder_first_retry;
    store::Store& outbox = **store;
    // A reminder given up on becomes an item on the clinic's worklist (notify knows nothing of
    // worklists; practice does).
    reminders = std::make_unique<notify::Dispatcher>(
        outbox, std::move(*channels), sending,
        [&outbox](Instant at) { return practice::queue_due_reminders(outbox, at); },
        [](store::Transaction& tx, const store::Reminder& failed, Instant at) {
          return practice::report_failed_reminder(tx, failed, at);
        });
  } else {
    spdlog::info("reminders: off (configure [email] or [sms] to send them)");
  }

  const bool v6 = config.listen_host.find(':') != std::string::npos;
  std::printf("mesoclinic %s serving on %s://%s%s%s:%u (database %s)\n", MESOCLINIC_VERSION,
              tls ? "https" : "http", v6 ? "[" : "", config.listen_host.c_str(), v6 ? "]" : "",
              static_cast<unsigned>((*server)->port()),
              store::redact_url(config.database_url).c_str());
  std::fflush(stdout);
  (*server)->run();
  server->reset();  // every connection is closed before the database goes
  reminders.reset();
  store->reset();
  spdlog::info("mesoclinic stopped cleanly");
  spdlog::shutdown();
  return 0;
}

}  // namespace

int run(int argc, char** argv) {
  // The server analyses trichoscopy photos as they are uploaded; the command line analyses one.
  trichometry::keep_working_memory();
  CLI::App cli{"mesoclinic: hair mesotherapy clinic server"};
  cli.require_subcommand(1);
  cli.set_version_flag("--version", MESOCLINIC_VERSION);

  ServeConfig defaults;
  std::string db_url;
  std::string config_path;
  std::string listen;
  std::size_t threads = 0;

  auto* serve_cmd =
      cli.add_subcommand("serve", "Serve the API (and the staff web app, given a web root)");
  auto* db_flag = serve_cmd->add_option("--db", db_url,
                                        "Database: sqlite:PATH or postgresql://... "
                                        "(default sqlite:var/mesoclinic.db)");
  serve_cmd->add_option("--config", config_path, "TOML configuration file")
      ->check(CLI::ExistingFile);
  auto* listen_flag =
      serve_cmd->add_option("--listen", listen, "HOST:PORT to listen on (default 127.0.0.1:8080)");
  auto* threads_flag =
      serve_cmd
          ->add_option("--threads", threads, "Worker threads (default: 4 per core, at least 16)")
          ->check(CLI::Range(1, 256));
  std::string web_root;
  auto* web_root_flag = serve_cmd->add_option(
      "--web-root", web_root,
      "Folder of the built staff web app (index.html, assets/) to serve beside the API");
  std::string photo_dir;
  auto* photo_dir_flag = serve_cmd->add_option(
      "--photo-dir", photo_dir,
      "Folder photos are kept in (default: photos/ beside the SQLite file, var/photos with "
      "PostgreSQL)");
  bool insecure_listen = false;
  serve_cmd->add_flag("--insecure-listen", insecure_listen,
                      "Allow plain HTTP on a non-loopback address (only behind a TLS proxy)");
  bool benchmark = false;
  serve_cmd->add_flag("--benchmark", benchmark,
                      "Accept a PostgreSQL server with fsync or full_page_writes off (for "
                      "benchmarks and throwaway test clusters only: a crash there loses writes)");

  auto* migrate_cmd = cli.add_subcommand("migrate", "Bring the database schema up to date");
  std::string migrate_db;
  migrate_cmd->add_option("--db", migrate_db, "Database URL")->required();

  auto* demo_cmd = cli.add_subcommand("demo", "Load the demo clinic group into an empty database");
  std::string demo_db;
  DemoOptions demo;
  demo_cmd->add_option("--db", demo_db, "Database URL")->required();
  demo_cmd->add_option("--patients", demo.patients, "Number of demo patients")
      ->check(CLI::Range(std::int64_t{0}, std::int64_t{10'000'000}));
  demo_cmd->add_option("--seed", demo.seed, "Seed: the same seed loads the same data");
  bool demo_bare = false;
  demo_cmd->add_flag("--bare", demo_bare,
                     "Only clinics, formulations and patients: no calendars, rooms, protocols "
                     "or stock (for tests that set those up themselves)");
  bool demo_staff = false;
  demo_cmd->add_flag("--staff", demo_staff,
                     "Also the demo logins (admin, dr.demir, front.desk, auditor) with a password "
                     "read from standard input, and dr.demir's working hours");

  auto* backup_cmd =
      cli.add_subcommand("backup", "Copy a running SQLite database to a file, consistently");
  std::string backup_db;
  std::string backup_to;
  backup_cmd->add_option("--db", backup_db, "Database URL (sqlite:PATH)")->required();
  backup_cmd->add_option("--to", backup_to, "Backup file to create")->required();

  auto* user_cmd = cli.add_subcommand("user", "Manage staff accounts");
  user_cmd->require_subcommand(1);
  auto* user_add_cmd = user_cmd->add_subcommand(
      "add", "Add a staff account; the password is read from the terminal or standard input");
  std::string user_db;
  std::string role_name;
  NewUser new_user;
  user_add_cmd->add_option("--db", user_db, "Database URL")->required();
  user_add_cmd->add_option("--role", role_name, "admin, practitioner, reception or auditor")
      ->required()
      ->check(CLI::IsMember({"admin", "practitioner", "reception", "auditor"}));
  user_add_cmd->add_option("--username", new_user.username, "Sign-in name")->required();
  user_add_cmd->add_option("--clinic", new_user.clinic_ids,
                           "A clinic id the user works in (repeat it; default: every clinic)");

  auto* user_reset_cmd = user_cmd->add_subcommand(
      "reset-password",
      "Give an account a temporary password, to be changed at its next sign-in, and end its "
      "sessions (a locked-out admin's way back); the password is read as for add");
  std::string reset_db;
  std::string reset_username;
  user_reset_cmd->add_option("--db", reset_db, "Database URL")->required();
  user_reset_cmd->add_option("--username", reset_username, "Sign-in name")->required();
  auto* clinic_cmd = cli.add_subcommand("clinic", "Manage the clinics of the group");
  clinic_cmd->require_subcommand(1);
  auto* clinic_add_cmd = clinic_cmd->add_subcommand(
      "add", "Open a clinic (the first one of a new install); prints its id");
  std::string clinic_db;
  clinic::Clinic new_clinic;
  clinic_add_cmd->add_option("--db", clinic_db, "Database URL")->required();
  clinic_add_cmd->add_option("--name", new_clinic.name, "The clinic's name")->required();
  clinic_add_cmd
      ->add_option("--time-zone", new_clinic.time_zone,
                   "IANA time zone its calendar keeps, e.g. Pacific/Auckland")
      ->required();
  clinic_add_cmd
      ->add_option("--currency", new_clinic.currency, "ISO 4217 code its prices are in, e.g. NZD")
      ->required();
  clinic_add_cmd
      ->add_option("--language", new_clinic.default_language,
                   "Language tag new patients default to, e.g. en")
      ->required();

  auto* audit_cmd = cli.add_subcommand("audit", "Work with the audit trail");
  audit_cmd->require_subcommand(1);
  auto* audit_verify_cmd =
      audit_cmd->add_subcommand("verify", "Check every link of the audit trail's hash chain");
  std::string audit_db;
  audit_verify_cmd->add_option("--db", audit_db, "Database URL")->required();

  auto* trichometry_cmd =
      cli.add_subcommand("trichometry", "Measure hairs in calibrated trichoscopy images");
  trichometry_cmd->require_subcommand(1);
  auto* analyze_cmd = trichometry_cmd->add_subcommand(
      "analyze", "Count and measure the hairs of one image and print the figures");
  TrichometryRequest trichometry_request;
  std::string target_text;
  analyze_cmd->add_option("IMAGE", trichometry_request.image_path, "JPEG, PNG or TIFF image")
      ->required();
  analyze_cmd
      ->add_option("--um-per-px", trichometry_request.calibration.um_per_px,
                   "Calibration: micrometres a pixel covers on the scalp")
      ->required();
  analyze_cmd->add_option("--target", target_text,
                          "The marked target area in pixels, LEFT,TOP,WIDTH,HEIGHT (default: "
                          "the whole image)");
  analyze_cmd
      ->add_option("--vellus-under", trichometry_request.settings.vellus_under_um,
                   "Shafts thinner than this many um are vellus (default 30; 40 as TrichoScan)")
      ->check(CLI::Range(5.0, 100.0));
  analyze_cmd->add_flag("--json", trichometry_request.json,
                        "Print the figures and every hair found as JSON");
  analyze_cmd->add_option("--overlay", trichometry_request.overlay_path,
                          "Write the image with the hairs found drawn over it (PNG) here");

  cli.add_subcommand("version", "Print the version");

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    if (error.get_exit_code() == 0) return cli.exit(error);  // --help, --version
    return failure(std::string(error.what()) + " (see mesoclinic --help)");
  }

  if (*serve_cmd) {
    ServeConfig config = defaults;
    if (!config_path.empty()) {
      if (auto applied = apply_config_file(config_path, config); !applied) {
        return failure(applied.error().message);
      }
    }
    if (db_flag->count()) config.database_url = db_url;
    if (listen_flag->count()) {
      if (auto applied = apply_listen(listen, config); !applied) {
        return failure(applied.error().message);
      }
    }
    if (threads_flag->count()) config.threads = threads;
    if (web_root_flag->count()) config.web_root = web_root;
    if (photo_dir_flag->count()) config.photo_dir = photo_dir;
    config.insecure_listen = insecure_listen;
    config.benchmark = benchmark;
    return serve(config);
  }
  if (*migrate_cmd) {
    auto store = open_store(migrate_db, 1, store::MigrationPolicy::kMigrate);
    if (!store) return failure(store.error().message);
    auto version = (*store)->schema_version();
    if (!version) return failure(version.error().message);
    std::printf("database schema is at version %d\n", *version);
    return 0;
  }
  if (*demo_cmd) {
    auto store = open_store(demo_db, 2, store::MigrationPolicy::kMigrate);
    if (!store) return failure(store.error().message);
    demo.clinic_setup = !demo_bare;
    if (demo_staff) {
      auto password = read_password();
      if (!password) return failure(password.error().message);
      demo.staff_password = std::move(*password);
    }
    auto loaded = load_demo(**store, demo);
    if (!loaded) {
      // A refusal by a workflow says why field by field; the operator sees it on one line.
      std::string why = loaded.error().message;
      for (const auto& field : loaded.error().fields)
        why += " " + field.field + ": " + field.message;
      return failure("demo not loaded: " + why);
    }
    std::printf(
        "loaded the demo clinic group: %lld clinics, %lld patients, %lld staff logins (seed "
        "%llu)\n",
        static_cast<long long>(loaded->clinics), static_cast<long long>(loaded->patients),
        static_cast<long long>(loaded->staff), static_cast<unsigned long long>(demo.seed));
    return 0;
  }
  if (*backup_cmd) {
    if (auto copied = store::backup_sqlite(backup_db, backup_to); !copied) {
      return failure("backup failed: " + copied.error().message);
    }
    std::printf("backup written to %s\n", backup_to.c_str());
    return 0;
  }
  if (*analyze_cmd) {
    if (!target_text.empty()) {
      const auto target = parse_target_area(target_text);
      if (!target) return failure("--target must be LEFT,TOP,WIDTH,HEIGHT in pixels");
      trichometry_request.target = *target;
    }
    return analyze_trichoscopy_image(trichometry_request);
  }
  if (*audit_verify_cmd) {
    auto store = open_store(audit_db, 1, store::MigrationPolicy::kRequireCurrent);
    if (!store) return failure(store.error().message);
    auto check = verify_audit_trail(**store);
    if (!check) return failure(check.error().message);
    if (check->first_broken) {
      return failure("audit trail broken at entry " + std::to_string(*check->first_broken) + ": " +
                     check->reason + " (" + std::to_string(check->entries) +
                     " entries before it are intact)");
    }
    std::printf("audit trail intact: %lld entries\n", static_cast<long long>(check->entries));
    return 0;
  }
  if (*clinic_add_cmd) {
    auto store = open_store(clinic_db, 1, store::MigrationPolicy::kMigrate);
    if (!store) return failure(store.error().message);
    auto opened =
        store::in_transaction(**store, store::TransactionMode::kWrite,
                              [&](store::Transaction& tx) -> Result<clinic::Clinic> {
                                return practice::open_clinic(tx, new_clinic, std::nullopt, now());
                              });
    if (!opened) {
      const Error& error = opened.error();
      return failure("clinic not added: " + (error.fields.empty()
                                                 ? error.message
                                                 : error.fields.front().field.substr(1) + " " +
                                                       error.fields.front().message));
    }
    std::printf("%s\n", opened->id.c_str());
    return 0;
  }
  if (*user_add_cmd) {
    new_user.role = *auth::parse_role(role_name);
    auto password = read_password();
    if (!password) return failure(password.error().message);
    new_user.password = std::move(*password);
    auto store = open_store(user_db, 1, store::MigrationPolicy::kMigrate);
    if (!store) return failure(store.error().message);
    auto added = add_user(**store, new_user);
    if (!added) return failure("user not added: " + added.error().message);
    std::printf("added %s %s (id %s)\n", role_name.c_str(),
                auth::normalize_username(new_user.username).c_str(), added->c_str());
    return 0;
  }
  if (*user_reset_cmd) {
    auto password = read_password();
    if (!password) return failure(password.error().message);
    auto store = open_store(reset_db, 1, store::MigrationPolicy::kRequireCurrent);
    if (!store) return failure(store.error().message);
    if (auto reset = reset_password(**store, reset_username, *password); !reset) {
      return failure("password not reset: " + reset.error().message);
    }
    std::printf("reset the password of %s: it must be changed at the next sign-in\n",
                auth::normalize_username(reset_username).c_str());
    return 0;
  }
  std::printf("mesoclinic %s\n", MESOCLINIC_VERSION);
  return 0;
}

}  // namespace mesoclinic::app

int main(int argc, char** argv) { return mesoclinic::app::run(argc, argv); }
