// The suitability decision (DOMAIN.md step 3): what the rules in force propose on the patient's
// latest medical history and hair assessment, and the practitioner's decision on that proposal,
// kept with the proposal it was made on. The API and the demo loader decide through here, so a
// decision recorded either way is screened and checked alike.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "clinic/patient.h"
#include "clinic/suitability.h"
#include "documents/json_reader.h"
#include "store/store.h"

namespace mesoclinic::practice {

// What the rules in force propose for a patient, and from what.
struct Screening {
  clinic::Proposal proposal;
  std::vector<std::string> allergens;
  std::int64_t history_version = 0;
  std::int64_t assessment_version = 0;
  store::StoredRuleSet rule_set;
  std::optional<std::string> formulation_id;
};

// The proposal of the rules in force on the latest history and assessment, the patient's age
// counted on the UTC date of `at`, screening `formulation_id`'s ingredients if given. kConflict if
// the history or the assessment is missing; kInvalidInput or kRetired (at /formulation_id) for
// a formulation that is not there or retired; kUnavailable if no rules are loaded.
Result<Screening> screen(store::Transaction& tx, const clinic::Patient& patient,
                         const std::optional<std::string>& formulation_id, Instant at);

// The proposal as shown, and as the start of a decision's stored document.
documents::Json proposal_json(const Screening& screening);

// A decision as the practitioner states it, with the versions they reviewed.
struct DecisionRequest {
  std::optional<std::string> formulation_id;
  clinic::Outcome outcome{};
  std::optional<std::string> reason;
  std::optional<std::string> reassess;           // the condition, in words
  std::optional<CalendarDate> reassess_on;       // the day (required for not_now)
  std::map<std::string, std::int64_t> reviewed;  // rule_set_version, medical_history_version and
                                                 // hair_assessment_version
};

// Records the decision as `user_id` at `at` on a fresh screening (never on a proposal the client
// sends), and opens the re-assessment a not_now asks for (practice::plan_reassessment). kConflict
// if a reviewed version is no longer the current one; kInvalidInput for a choice the clinic's
// rules refuse (clinic::check_decision, on the clinic's date at `at`); as screen otherwise.
Result<store::StoredDecision> decide(store::Transaction& tx, const clinic::Patient& patient,
                                     const DecisionRequest& request, const std::string& user_id,
                                     Instant at);

}  // namespace mesoclinic::practice
