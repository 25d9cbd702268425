// The JSON API under /api/v1 and the operational endpoints (/healthz, /readyz, /metrics).
// One file per resource: decode the request, call the clinic rules, store, encode the reply.
// Every route passes the access gate (src/api/access.h) before its handler runs.
#pragma once

#include <chrono>
#include <memory>

#include "clinic/clinic.h"
#include "http/http.h"
#include "planning/planning.h"
#include "store/store.h"

namespace mesoclinic::api {

struct Settings {
  http::RouteOptions defaults;  // for routes that set no limits of their own
  std::chrono::seconds session_idle_timeout{30 * 60};
  std::chrono::seconds session_absolute_timeout{12 * 60 * 60};
};

// What the routes share; keep it alive as long as the router is used.
class Api {
 public:
  virtual ~Api() = default;
};

// Registers every route the server answers on `router`. `store` and `metrics` must outlive
// the returned object, which must outlive the router's use. Throws std::logic_error if a
// route has no entry in the permission table (a programming error, caught by every test run).
std::unique_ptr<Api> add_routes(http::Router& router, store::Store& store, http::Metrics& metrics,
                                const Settings& settings = {});

// Loads the shipped contraindication rules as version 1 if the database has none yet (at
// server start, so the first screening finds rules in force). A no-op otherwise.
Result<void> install_default_rule_set(store::Store& store);

// Queues the day-before reminder of every booked appointment whose reminder is due at `now`
// and not yet queued, for patients who want reminders (run by the reminder sender before each
// pass). Each appointment's reminder is queued in a transaction of its own; the first failure
// is returned after the others were tried, and the next pass tries it again.
Result<void> queue_appointment_reminders(store::Store& store, Instant now);

// The documents the API stores for clinic settings and protocols, for a loader that writes
// them without going through HTTP (the demo). Each is the JSON the matching route would store.
std::string calendar_document(const planning::CalendarSettings& settings);
std::string schedule_document(const planning::WorkSchedule& schedule);
std::string protocol_document(const planning::Protocol& protocol);
std::string contact_document(const clinic::ClinicContact& contact);
// The settings name a practitioner's schedule is stored under at a clinic.
std::string schedule_setting_name(const std::string& user_id);
inline constexpr std::string_view kCalendarSettingName = "calendar";
inline constexpr std::string_view kContactSettingName = "contact";

}  // namespace mesoclinic::api
