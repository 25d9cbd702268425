// The demo clinic group that `mesoclinic demo` and scripts/run load: two clinics and a crowd of
// realistic patients, the same for the same seed so demos, tests and benchmarks repeat.
#pragma once

#include <cstdint>
#include <functional>

#include "core/result.h"
#include "store/store.h"

namespace mesoclinic::app {

struct DemoOptions {
  std::int64_t patients = 200;
  std::uint64_t seed = 1;
};

struct DemoSummary {
  std::int64_t clinics = 0;
  std::int64_t patients = 0;
};

// Loads the demo clinic group into an empty database, in batches of one transaction each.
// Fails with kConflict (and loads nothing) if the database already holds patients or clinics.
Result<DemoSummary> load_demo(store::Store& store, const DemoOptions& options);

}  // namespace mesoclinic::app
