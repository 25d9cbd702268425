// The store's door for what a course of treatment is made of: formulations, contraindication
// rule sets, protocols, the courses patients agreed to, session charts and aftercare plans.
// Part of store::Transaction (store.h); a caller that needs only this area can take a
// Treatment&.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "clinic/suitability.h"
#include "core/money.h"
#include "core/result.h"
#include "core/time.h"

namespace mesoclinic::store {

// A contraindication rule file as loaded; the highest version is in force.
struct StoredRuleSet {
  std::int64_t version = 0;
  std::string name;
  std::string source;  // the file's text, kept whole
  Instant loaded_at{};
  std::string loaded_by;  // user id, or "system" for the shipped defaults
};

// A treatment protocol; the body is its JSON document (sessions, intervals, recall). Prices are
// per clinic (Clinics::find_protocol_price). Edited in place: a course keeps its own copy.
struct StoredProtocol {
  std::string id;
  std::string name;
  std::string formulation_id;
  Instant created_at{};
  std::string body;
  std::int64_t version = 1;  // for If-Match
  Instant updated_at{};
  std::optional<Instant> retired_at;  // refused for new courses from then on
};

// A course the patient agreed to; the body is its JSON document (protocol as agreed, cost
// estimate, discount, preferences, agreement).
struct StoredCourse {
  std::string id;
  std::string clinic_id;
  std::string patient_id;
  std::string protocol_id;
  Instant created_at{};
  std::string created_by;
  std::string body;
  // The estimate the patient agreed to, also in `body`: kept beside it so the clinic's analytics
  // sum it without decoding every course's document.
  std::optional<Money> agreed_cost;
};

// One version of a session's chart; the body is its JSON document.
struct StoredChart {
  std::string appointment_id;
  std::int64_t version = 1;
  std::string patient_id;
  std::string body;
  Instant recorded_at{};
  std::string recorded_by;
  std::optional<Instant> signed_at;  // none while a draft
  std::string signed_by;
  std::string correction_reason;  // for versions after the first signed one
  int adverse_events = 0;  // how many `body` records, kept beside it for the clinic's analytics
};

// Every method fails with kUnavailable when the database cannot be reached and kInternal on an
// unexpected database error.
class Treatment {
 public:
  virtual ~Treatment() = default;

  // Stores a new formulation, in service at version 1. Fails with kConflict if the name is taken.
  virtual Result<void> insert_formulation(const clinic::Formulation& formulation) = 0;
  // The formulation, retired or not.
  virtual Result<std::optional<clinic::Formulation>> find_formulation(const std::string& id) = 0;
  // The formulations in service (or every one, with `retired` kIncluded), by name.
  virtual Result<std::vector<clinic::Formulation>> list_formulations(clinic::Retired retired) = 0;
  // Writes the formulation's name and lifecycle (its ingredients never change) if it is still at
  // `expected_version`: kConflict if the name is taken, kNotFound if there is no such
  // formulation, kPreconditionFailed if it has changed since.
  virtual Result<void> update_formulation(const clinic::Formulation& formulation,
                                          std::int64_t expected_version) = 0;

  // Fails with kConflict if the version exists (two loads at once: one wins).
  virtual Result<void> insert_rule_set(const StoredRuleSet& rule_set) = 0;
  // The given version, or the one in force (the highest) if `version` is empty.
  virtual Result<std::optional<StoredRuleSet>> find_rule_set(
      std::optional<std::int64_t> version) = 0;
  // Every version, newest first, without their sources.
  virtual Result<std::vector<StoredRuleSet>> list_rule_sets() = 0;

  // Fails with kConflict if the name is taken, kInvalidInput if the formulation does not exist.
  virtual Result<void> insert_protocol(const StoredProtocol& protocol) = 0;
  virtual Result<std::optional<StoredProtocol>> find_protocol(const std::string& id) = 0;
  // Every protocol, retired ones too, by name.
  virtual Result<std::vector<StoredProtocol>> list_protocols() = 0;
  // Writes the protocol whole if it is still at `expected_version`: kPreconditionFailed if it
  // changed, kNotFound if there is none, kConflict if another protocol has the name.
  virtual Result<void> update_protocol(const StoredProtocol& protocol,
                                       std::int64_t expected_version) = 0;

  virtual Result<void> insert_course(const StoredCourse& course) = 0;
  virtual Result<std::optional<StoredCourse>> find_course(const std::string& id) = 0;
  // A patient's courses, oldest first.
  virtual Result<std::vector<StoredCourse>> list_courses(const std::string& patient_id) = 0;

  // Fails with kConflict if that version exists.
  virtual Result<void> insert_chart(const StoredChart& chart) = 0;
  // Rewrites a draft's body if it is still the draft recorded at `seen_recorded_at`: kChartSigned
  // if that version is signed (signed charts never change), kPreconditionFailed if the draft was
  // saved again meanwhile (two tablets on one chart cannot overwrite each other unnoticed).
  virtual Result<void> replace_draft_chart(const StoredChart& chart, Instant seen_recorded_at) = 0;
  // Signs a draft; kConflict if it is signed already (by a concurrent request too: only one
  // signature wins).
  virtual Result<void> sign_chart(const std::string& appointment_id, std::int64_t version,
                                  Instant when, const std::string& signed_by) = 0;
  // The given version, or the latest if `version` is empty.
  virtual Result<std::optional<StoredChart>> find_chart(const std::string& appointment_id,
                                                        std::optional<std::int64_t> version) = 0;

  // Writes the plan issued after a session, replacing any earlier one for that session.
  virtual Result<void> save_aftercare_plan(const std::string& appointment_id,
                                           const std::string& patient_id, const std::string& body,
                                           Instant issued_at) = 0;
  // The session's plan (its JSON document), if one was issued.
  virtual Result<std::optional<std::string>> find_aftercare_plan(
      const std::string& appointment_id) = 0;
};

}  // namespace mesoclinic::store
