// Safety at the chair (issue 13): what goes into the patient is checked again when the session's
// chart is signed, against the allergies recorded now and the patient's standing decision for
// each formulation used; and a single appointment outside a course needs a favourable decision
// as a course does. Pure rules: the caller reads the records and acts on the answer.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clinic/suitability.h"

namespace mesoclinic::clinic {

// True for the outcomes that allow treatment: suitable, guardian_consent.
bool is_favourable(Outcome outcome);

// A lot named on a chart and the formulation inside it.
struct LotToInject {
  std::string lot_id;
  std::string lot_number;
  Formulation formulation;
};

// Which check a lot failed at the chair.
enum class ChairRule {
  kAllergy,               // an ingredient is a substance the patient is allergic to now
  kNoDecision,            // no decision ever screened this formulation for the patient
  kUnfavourableDecision,  // the standing decision for this formulation does not allow it
};
std::string_view to_string(ChairRule rule);

// One reason not to inject a lot; `ingredient` is set for kAllergy, `decision` for
// kUnfavourableDecision.
struct ChairConflict {
  ChairRule rule = ChairRule::kAllergy;
  std::string lot_id;
  std::string lot_number;
  std::string formulation_id;
  std::string formulation_name;
  std::optional<std::string> ingredient;
  std::optional<Outcome> decision;
  friend bool operator==(const ChairConflict&, const ChairConflict&) = default;
};

// The decision that stands for `formulation_id` among `decisions` (oldest first): the latest one
// that screened this formulation, or a later one whose outcome holds for every formulation
// (not_now, consider_transplantation, refer_to_dermatologist). Null if none.
const DecisionOnRecord* standing_decision(const std::vector<DecisionOnRecord>& decisions,
                                          const std::string& formulation_id);

// Every conflict of `lots` with the patient's current `allergies` (matched against each
// ingredient ignoring case, as the screening does) and standing `decisions` (oldest first), in
// lot order; empty when every lot may be injected. A formulation used by several lots is
// reported for each lot, so the reply names each lot to take away.
std::vector<ChairConflict> check_at_chair(const std::vector<LotToInject>& lots,
                                          const std::vector<std::string>& allergies,
                                          const std::vector<DecisionOnRecord>& decisions);

// What a single appointment outside a course is missing to be booked.
enum class MissingDecision {
  kSuitabilityDecision,  // none is recorded
  kFavourableDecision,   // the latest does not allow treatment
  kCurrentDecision,      // the history, assessment or rules changed after the latest
};
std::string_view to_string(MissingDecision missing);
// A sentence for staff saying what to do about it.
std::string_view describe(MissingDecision missing);

// What the patient's latest decision lacks for treatment now, as a course start requires it
// (favourable, on the history, assessment and rules as they are now), or nothing. The
// formulation is not known when a single appointment is booked: the chair checks it.
std::optional<MissingDecision> missing_decision(const std::optional<DecisionOnRecord>& latest,
                                                const ScreenedVersions& current);

}  // namespace mesoclinic::clinic
