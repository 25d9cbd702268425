// The demo clinic group that `mesoclinic demo` and scripts/run load: two clinics and a crowd of
// realistic patients, the same for the same seed so demos, tests and benchmarks repeat.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "core/result.h"
#include "store/store.h"

namespace mesoclinic::app {

struct DemoOptions {
  std::int64_t patients = 200;
  std::uint64_t seed = 1;
  // Also each clinic's calendar (opening hours, public holidays, rooms), two protocols, and
  // products with lots in stock. Tests that set these up themselves load without them.
  bool clinic_setup = true;
  // If given, the demo logins (admin, dr.demir, front.desk, auditor) with this password, and
  // dr.demir's working hours at both clinics.
  std::optional<std::string> staff_password;
};

struct DemoSummary {
  std::int64_t clinics = 0;
  std::int64_t patients = 0;
  std::int64_t staff = 0;
};

// Loads the demo clinic group into an empty database, in batches of one transaction each.
// Fails with kConflict (and loads nothing) if the database already holds patients or clinics.
Result<DemoSummary> load_demo(store::Store& store, const DemoOptions& options);

}  // namespace mesoclinic::app
