// The audit trail behind the scale data of bench/scale/scale.sql: for each scale patient its
// registration, medical history, hair assessment, decision and course, then the signature of
// each of its 8 sessions' charts, appended through the store as the server appends (so the
// hash chain is the real one and `mesoclinic audit verify` checks it). In transactions of
// 10,000 entries; the times are the data's own, in the order the chain is written.
// Usage: audit_history DB-URL PATIENTS
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "audit/audit.h"
#include "store/store.h"

namespace store = mesoclinic::store;
namespace audit = mesoclinic::audit;

namespace {

constexpr std::size_t kBatch = 10000;

// scale.sql's id of kind `kind` (1 patients, 2 courses, 3 appointments, 4 decisions, 7
// practitioners) for number `n`, with `detail` in the fourth group.
std::string scale_id(int kind, std::int64_t n, int detail = 0) {
  char id[64];
  std::snprintf(id, sizeof id, "b000000%d-0000-7000-800%d-%012lld", kind, detail,
                static_cast<long long>(n));
  return id;
}

audit::Entry entry(std::int64_t lane, const char* action, const char* type, std::string id,
                   std::int64_t patient, mesoclinic::Instant at) {
  audit::Entry made;
  made.recorded_at = at;
  made.user_id = scale_id(7, lane);
  made.username = "bench.dr." + std::to_string(lane);
  made.role = "practitioner";
  made.source_address = "127.0.0.1";
  made.request_id = "bench";
  made.action = action;
  made.resource_type = type;
  made.resource_id = std::move(id);
  made.patient_id = scale_id(1, patient);
  return made;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: audit_history DB-URL PATIENTS\n");
    return 2;
  }
  const std::int64_t patients = std::atoll(argv[2]);
  auto opened = store::Store::open({.url = argv[1],
                                    .pool_size = 1,
                                    .migrations = store::MigrationPolicy::kRequireCurrent,
                                    .accept_unsynced_postgres = true});
  if (!opened) {
    std::fprintf(stderr, "audit_history: %s\n", opened.error().message.c_str());
    return 1;
  }
  const auto started = std::chrono::steady_clock::now();
  // Patients come over the weeks scale.sql spreads them (bench/scale/load.sh's first_monday).
  const auto span = std::chrono::weeks{(11 * ((patients - 1) / 20) + 200) / 100};
  const auto first = mesoclinic::now() - span;
  std::vector<audit::Entry> batch;
  std::int64_t written = 0;
  for (std::int64_t n = 0; n < patients; ++n) {
    const std::int64_t lane = n % 20;
    const auto at = first + std::chrono::duration_cast<std::chrono::microseconds>(span) * n /
                                std::max<std::int64_t>(patients, 1);
    batch.push_back(entry(lane, "patient.create", "patient", scale_id(1, n), n, at));
    batch.push_back(entry(lane, "medical_history.create", "medical_history", "1", n, at));
    batch.push_back(entry(lane, "hair_assessment.create", "hair_assessment", "1", n, at));
    batch.push_back(entry(lane, "decision.create", "decision", scale_id(4, n), n, at));
    batch.push_back(entry(lane, "course.create", "course", scale_id(2, n), n, at));
    for (int session = 1; session <= 8; ++session) {
      batch.push_back(entry(lane, "chart.sign", "appointment", scale_id(3, n, session), n, at));
    }
    if (batch.size() >= kBatch || n + 1 == patients) {
      written += static_cast<std::int64_t>(batch.size());
      if (auto appended = (*opened)->append_audit_durably(std::move(batch)); !appended) {
        std::fprintf(stderr, "audit_history: %s\n", appended.error().message.c_str());
        return 1;
      }
      batch.clear();
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf("%lld audit entries appended in %.1f s\n", static_cast<long long>(written), seconds);
  return 0;
}
