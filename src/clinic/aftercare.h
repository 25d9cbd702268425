// Aftercare (DOMAIN.md step 6 and "Aftercare rules"): what the patient must avoid after a
// session, and until when. Each rule has a minimum and, where the clinic gives one, a longer
// recommended length; "until healed" uses the clinic's healing period. End times are counted
// in the clinic's wall-clock time from the session's end, so "3 days" after 15:30 on a Tuesday
// is 15:30 on Friday even across a clock change.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clinic_time.h"
#include "core/result.h"

namespace mesoclinic::clinic {

struct AftercareRule {
  std::string id;  // "no_washing": the handout's catalogue has the words for each id
  std::optional<int> minimum_days;      // none when the rule lasts until healed
  std::optional<int> recommended_days;  // longer than the minimum, if the clinic advises it
  bool until_healed = false;
  friend bool operator==(const AftercareRule&, const AftercareRule&) = default;
};

// DOMAIN.md's table: washing 3 (better 4) days, sun 2 (better 3) days, swimming and sauna and
// scalp massage until healed, alcohol 2 days (the suggested value; the clinic sets it).
std::vector<AftercareRule> default_aftercare_rules();

// Ids of lower-case letters and underscores, unique; 1..20 rules; days 0..60; a recommended
// length longer than the minimum; a rule either lasts days or until healed.
Result<void> validate_aftercare_rules(const std::vector<AftercareRule>& rules);

struct Restriction {
  std::string rule_id;
  Instant until{};                      // the minimum
  std::optional<Instant> better_until;  // the recommended length, if any
};

struct AftercarePlan {
  Instant session_end{};
  Instant healed_at{};  // the end of the healing period: no next session before it
  std::vector<Restriction> restrictions;
};

AftercarePlan issue_aftercare(const std::vector<AftercareRule>& rules, Instant session_end,
                              const ClinicZone& zone, int healing_days);

// True if a session starting at `next_start` falls inside the plan's healing period.
bool inside_healing_period(const AftercarePlan& plan, Instant next_start);

}  // namespace mesoclinic::clinic
