// The suitability decision (DOMAIN.md, step 3): contraindication rules kept as data, the facts
// they read from the recorded history and assessment, and the proposal they make. The system
// proposes and explains; the practitioner decides.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clinic/assessment.h"
#include "clinic/retirement.h"
#include "core/result.h"
#include "core/time.h"

namespace mesoclinic::clinic {

// What a rule proposes, from least to most restrictive: when several rules fire, the proposal
// is the most restrictive of their outcomes.
enum class Outcome {
  kSuitable,
  kGuardianConsent,         // an under-18 patient: a guardian must consent
  kPractitionerDecision,    // the practitioner decides, with a written reason
  kNotWithThisFormulation,  // blocked for the chosen formulation only (an ingredient allergy)
  kNotNow,                  // a temporary contraindication: re-assess later
  kConsiderTransplantation,
  kReferToDermatologist,
};

std::string_view to_string(Outcome outcome);
std::optional<Outcome> parse_outcome(std::string_view text);

struct Ingredient {
  std::string substance;     // e.g. "biotin"
  double amount_per_ml = 0;  // in `unit` per ml of the formulation
  std::string unit;          // "mg", "ug" or "IU"
  friend bool operator==(const Ingredient&, const Ingredient&) = default;
};

// A named mix injected in a session (DOMAIN.md "Formulations").
struct Formulation {
  std::string id;
  std::string name;
  std::vector<Ingredient> ingredients;  // never changed once stored (clinic/retirement.h)
  Instant created_at{};
  Lifecycle lifecycle{};
  friend bool operator==(const Formulation&, const Formulation&) = default;
};

// Every broken rule as a field error: a name, 1..50 ingredients named once, amounts 0..10000,
// units mg, ug or IU.
Result<void> validate_formulation(const Formulation& formulation);

// The facts rules may name. A flag is true or false; a number compares with a constant.
enum class FactKind { kFlag, kNumber };
struct FactDefinition {
  std::string_view name;
  FactKind kind;
  std::string_view meaning;
};
const std::vector<FactDefinition>& fact_catalogue();

// Fact values by name (flags as 0 or 1). A number that was not recorded is absent, and every
// comparison with an absent fact is false.
using Facts = std::map<std::string, double, std::less<>>;

// The facts of one patient on `today`: their age, history and assessment, and whether they
// are allergic to an ingredient of `formulation` (none chosen: no allergy can match).
// `allergens` receives the substances that matched.
Facts gather_facts(CalendarDate date_of_birth, CalendarDate today, const MedicalHistory& history,
                   const HairAssessment& assessment, const Formulation* formulation,
                   std::vector<std::string>* allergens = nullptr);

// One comparison in a rule's condition: a flag (possibly negated) or a number against a
// constant.
struct Comparison {
  enum class Op {
    kIsTrue,
    kIsFalse,
    kLess,
    kLessOrEqual,
    kGreater,
    kGreaterOrEqual,
    kEqual,
    kNotEqual
  };
  std::string fact;
  Op op = Op::kIsTrue;
  double constant = 0;
};

struct Rule {
  std::string id;
  std::string when;  // the condition as written, e.g. "bleeding_disorder or anticoagulants"
  // The condition parsed: true when every comparison of at least one group holds ("or" of
  // "and"s).
  std::vector<std::vector<Comparison>> any_of;
  Outcome outcome = Outcome::kSuitable;
  std::string explanation;  // for the patient, e.g. "Mesotherapy waits until after ..."
};

struct RuleSet {
  std::string name;  // the file's own label, e.g. "clinic rules 2026-11"
  std::vector<Rule> rules;
};

// Parses a rule file (TOML: `name`, then [[rules]] tables with id, when, outcome and
// explanation). Fails with kInvalidInput listing every problem as a field error whose field
// names the place ("/rules/3/when") and whose message starts with the line ("line 14: unknown
// fact \"pregnent\""); a file with any problem is refused whole.
Result<RuleSet> parse_rule_set(std::string_view text);

// The rule file shipped with mesoclinic (the defaults of DOMAIN.md).
std::string_view default_rule_file();

struct FiredRule {
  std::string rule_id;
  Outcome outcome = Outcome::kSuitable;
  std::string when;
  std::string explanation;
  std::map<std::string, double> facts;  // the facts of the condition that held, with values
  friend bool operator==(const FiredRule&, const FiredRule&) = default;
};

struct Proposal {
  Outcome outcome = Outcome::kSuitable;
  std::vector<FiredRule> fired;  // in rule-file order
};

// Every rule that fires on `facts`, and the most restrictive of their outcomes (suitable if
// none fires).
Proposal evaluate(const RuleSet& rules, const Facts& facts);

// What recording a practitioner's decision on a proposal means.
struct DecisionTerms {
  bool overridden = false;  // differs from a proposal that was not left to the practitioner
  bool requires_guardian_consent = false;  // a guardian_consent rule fired, whatever the choice
};

// The clinic's rules for a decision (DOMAIN.md step 3): "practitioner_decision" is not itself
// a decision; a written reason is required for an override and whenever the rules leave the
// choice to the practitioner; not_now needs the day to re-assess on (`reassess_on`), which is
// never before the day of the decision (`decided_on`, in the clinic's zone). Fails with
// kInvalidInput listing each broken rule at /outcome, /override_reason or /reassess_on.
Result<DecisionTerms> check_decision(const Proposal& proposal, Outcome chosen, bool has_reason,
                                     std::optional<CalendarDate> reassess_on,
                                     CalendarDate decided_on);

// The latest decision as a course sees it.
// The versions of what a screening read.
struct ScreenedVersions {
  std::int64_t medical_history = 0;
  std::int64_t hair_assessment = 0;
  std::int64_t rule_set = 0;
  friend bool operator==(const ScreenedVersions&, const ScreenedVersions&) = default;
};

struct DecisionOnRecord {
  Outcome outcome = Outcome::kSuitable;
  std::optional<std::string> formulation_id;  // the formulation it screened, if any
  bool requires_guardian_consent = false;
  ScreenedVersions screened;                // what the decision was made on
  std::optional<CalendarDate> reassess_on;  // when to re-assess (not_now, optional otherwise)
};

// Whether a parent or guardian must consent to treatment on this decision.
bool guardian_must_consent(const DecisionOnRecord& decision);

// Whether a course of `formulation_id` may start (DOMAIN.md: a course follows a decision).
// Only a decision of suitable or guardian_consent counts, made for this very formulation (the
// allergy screen is per formulation) on the history, assessment and rules as they are now (a
// new history version may hold a new contraindication); where a guardian must consent, that
// consent must be recorded. Fails with kConflict saying what is missing: the patient's state,
// not the request, is what must change first.
Result<void> check_course_start(const std::optional<DecisionOnRecord>& latest,
                                const ScreenedVersions& current, const std::string& formulation_id,
                                bool guardian_consented);

}  // namespace mesoclinic::clinic
