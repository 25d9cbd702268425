#include "clinic/aftercare.h"

#include <algorithm>
#include <set>

namespace mesoclinic::clinic {
namespace {

constexpr int kLongestDays = 60;

bool valid_id(const std::string& id) {
  return !id.empty() && id.size() <= 40 && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || c == '_';
  });
}

}  // namespace

std::vector<AftercareRule> default_aftercare_rules() {
  return {{"no_washing", 3, 4, false},
          {"no_sun", 2, 3, false},
          {"no_swimming_or_sauna", std::nullopt, std::nullopt, true},
          {"no_scalp_massage", std::nullopt, std::nullopt, true},
          {"no_alcohol", 2, std::nullopt, false}};
}

Result<void> validate_aftercare_rules(const std::vector<AftercareRule>& rules) {
  std::vector<FieldError> errors;
  if (rules.empty() || rules.size() > 20) errors.push_back({"/rules", "must hold 1 to 20 rules"});
  std::set<std::string> ids;
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const auto& rule = rules[i];
    const std::string at = "/rules/" + std::to_string(i);
    if (!valid_id(rule.id)) {
      errors.push_back({at + "/id", "must be 1 to 40 lower-case letters and underscores"});
    } else if (!ids.insert(rule.id).second) {
      errors.push_back({at + "/id", "is used by another rule"});
    }
    if (rule.until_healed && (rule.minimum_days || rule.recommended_days)) {
      errors.push_back({at + "/until_healed", "a rule lasts either until healed or some days"});
    }
    if (!rule.until_healed && !rule.minimum_days) {
      errors.push_back({at + "/minimum_days", "is required unless the rule lasts until healed"});
    }
    for (const auto& [name, days] : {std::pair{"/minimum_days", rule.minimum_days},
                                     std::pair{"/recommended_days", rule.recommended_days}}) {
      if (days && (*days < 0 || *days > kLongestDays)) {
        errors.push_back({at + name, "must be 0 to 60 days"});
      }
    }
    if (rule.minimum_days && rule.recommended_days &&
        *rule.recommended_days <= *rule.minimum_days) {
      errors.push_back({at + "/recommended_days", "must be longer than the minimum"});
    }
  }
  if (errors.empty()) return {};
  return invalid(std::move(errors));
}

AftercarePlan issue_aftercare(const std::vector<AftercareRule>& rules, Instant session_end,
                              const ClinicZone& zone, int healing_days) {
  AftercarePlan plan{session_end, wall_clock_days_after(zone, session_end, healing_days), {}};
  for (const auto& rule : rules) {
    Restriction restriction{rule.id, plan.healed_at, std::nullopt};
    if (!rule.until_healed)
      restriction.until = wall_clock_days_after(zone, session_end, *rule.minimum_days);
    if (rule.recommended_days) {
      restriction.better_until = wall_clock_days_after(zone, session_end, *rule.recommended_days);
    }
    plan.restrictions.push_back(std::move(restriction));
  }
  return plan;
}

bool inside_healing_period(const AftercarePlan& plan, Instant next_start) {
  return next_start < plan.healed_at;
}

}  // namespace mesoclinic::clinic
