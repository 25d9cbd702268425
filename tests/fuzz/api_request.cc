// Fuzz target: one request to the whole API, in process, over a demo clinic on SQLite (in
// /dev/shm, so commits cost no disk). The input is a method byte, a request target up to the
// first newline, and the body. Placeholders in the target ({patient}, {appointment}, {course},
// {clinic}, {user}) become real ids, so the fuzzer reaches past "not found". Every request, however
// malformed, must get an answer below 500: a 500 means some bad input escaped its check.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "api/api.h"
#include "app/demo.h"
#include "auth/auth.h"
#include "http/http.h"
#include "media/media.h"
#include "store/store.h"

namespace {

using namespace mesoclinic;

struct Clinic {
  std::unique_ptr<store::Store> store;
  std::unique_ptr<media::PhotoFiles> photos;
  http::Router router;
  http::Metrics metrics;
  std::unique_ptr<api::Api> api;
  std::map<std::string, std::string> ids;  // placeholder -> id
  std::string practitioner_cookie, admin_cookie;
};

[[noreturn]] void give_up(const std::string& why) {
  std::fprintf(stderr, "fuzz_api_request: %s\n", why.c_str());
  std::abort();
}

// A session for `username`, made in the store as sign-in would; returns its cookie.
std::string session_for(store::Store& store, const std::string& username,
                        const std::string& token) {
  auto made = store::in_transaction(
      store, store::TransactionMode::kWrite, [&](store::Transaction& tx) -> Result<void> {
        auto user = tx.find_user_by_username(username);
        if (!user || !*user) return fail(ErrorCode::kNotFound, username);
        const Instant at = now();
        return tx.insert_session(
            {auth::token_hash(token), (*user)->id, "fuzz-csrf", at, at, "127.0.0.1"});
      });
  if (!made) give_up("session: " + made.error().message);
  return "mesoclinic_session=" + token;  // the cookie api/access.h names
}

Clinic& fuzzed_clinic() {
  static Clinic* made = [] {
    auto* c = new Clinic;
    const std::filesystem::path dir =
        std::filesystem::path("/dev/shm") / ("mesoclinic-fuzz-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    static const std::filesystem::path kept = dir;
    std::atexit([] {
      std::error_code ignored;
      std::filesystem::remove_all(kept, ignored);
    });
    auto store = store::Store::open({"sqlite:" + (dir / "clinic.db").string(), 2});
    if (!store) give_up(store.error().message);
    c->store = std::move(*store);
    app::DemoOptions demo;
    demo.patients = 3;
    demo.staff_password = "fuzz password 1234";
    if (auto loaded = app::load_demo(*c->store, demo); !loaded) give_up(loaded.error().message);
    auto photos = media::PhotoFiles::open(dir / "photos");
    if (!photos) give_up(photos.error().message);
    c->photos = std::make_unique<media::PhotoFiles>(std::move(*photos));
    api::Settings settings;
    settings.photos = c->photos.get();
    c->api = api::add_routes(c->router, *c->store, c->metrics, settings);
    c->practitioner_cookie = session_for(*c->store, "dr.demir", "fuzz-practitioner-token");
    c->admin_cookie = session_for(*c->store, "admin", "fuzz-admin-token");
    auto ids = store::in_transaction(
        *c->store, store::TransactionMode::kRead, [&](store::Transaction& tx) -> Result<void> {
          auto clinics = tx.list_clinics();
          if (!clinics || clinics->empty()) return fail(ErrorCode::kNotFound, "no clinic");
          c->ids["{clinic}"] = clinics->front().id;
          store::PatientQuery query;
          auto patients = tx.list_patients(query);
          if (!patients || patients->empty()) return fail(ErrorCode::kNotFound, "no patient");
          c->ids["{patient}"] = patients->front().patient.id;
          auto appointments = tx.list_appointments("", Instant{}, now() + std::chrono::days(3650));
          if (appointments && !appointments->empty()) {
            c->ids["{appointment}"] = appointments->front().id;
            if (appointments->front().course_id) {
              c->ids["{course}"] = *appointments->front().course_id;
            }
          }
          auto user = tx.find_user_by_username("dr.demir");
          if (user && *user) c->ids["{user}"] = (*user)->id;
          return {};
        });
    if (!ids) give_up(ids.error().message);
    return c;
  }();
  return *made;
}

std::string with_ids(std::string target, const std::map<std::string, std::string>& ids) {
  for (const auto& [placeholder, id] : ids) {
    for (std::size_t at = target.find(placeholder); at != std::string::npos;
         at = target.find(placeholder, at + id.size())) {
      target.replace(at, placeholder.size(), id);
    }
  }
  return target;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  Clinic& c = fuzzed_clinic();
  static const char* kMethods[] = {"GET", "POST", "PUT", "PATCH", "DELETE"};
  const std::string method = kMethods[(data[0] & 0x7f) % 5];
  const bool as_admin = (data[0] & 0x80) != 0;
  const std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  const std::size_t newline = rest.find('\n');
  std::string target(rest.substr(0, newline));
  const std::string body(newline == std::string_view::npos ? "" : rest.substr(newline + 1));
  if (!target.starts_with("/")) target = "/api/v1/" + target;
  target = with_ids(std::move(target), c.ids);

  http::Request request;
  request.method = method;
  const std::size_t question = target.find('?');
  request.path = target.substr(0, question);
  if (question != std::string::npos) {
    std::string_view query(target);
    query.remove_prefix(question + 1);
    while (!query.empty()) {
      const std::size_t amp = query.find('&');
      const std::string_view pair = query.substr(0, amp);
      const std::size_t equals = pair.find('=');
      request.query.emplace(
          std::string(pair.substr(0, equals)),
          equals == std::string_view::npos ? "" : std::string(pair.substr(equals + 1)));
      if (amp == std::string_view::npos) break;
      query.remove_prefix(amp + 1);
    }
  }
  // Signing out or ending sessions would leave every later input unauthenticated.
  if (request.path.starts_with("/api/v1/session") ||
      request.path.find("/sessions") != std::string::npos) {
    return 0;
  }
  const auto match = c.router.match(method, request.path);
  if (match.route == nullptr) return 0;
  if (body.size() > match.route->options.body_limit) return 0;
  request.path_params = match.params;
  request.route = match.route->pattern;
  request.body = body;
  request.remote_address = "127.0.0.1";
  request.request_id = "fuzz";
  request.headers = {{"host", "localhost"},
                     {"origin", "http://localhost"},
                     {"content-type", "application/json"},
                     {"x-csrf-token", "fuzz-csrf"},
                     {"cookie", as_admin ? c.admin_cookie : c.practitioner_cookie}};
  const http::Response response = match.route->handler(request);
  if (response.status >= 500) {
    std::fprintf(stderr, "%s %s -> %d %s\n", method.c_str(), target.c_str(), response.status,
                 response.body.c_str());
    std::abort();
  }
  return 0;
}
