#include "clinic/chair_safety.h"

#include "core/text.h"

namespace mesoclinic::clinic {
namespace {

// Outcomes about the patient, not about one formulation: they stand for every formulation.
bool holds_for_every_formulation(Outcome outcome) {
  return outcome == Outcome::kNotNow || outcome == Outcome::kConsiderTransplantation ||
         outcome == Outcome::kReferToDermatologist;
}

ChairConflict conflict_for(const LotToInject& lot, ChairRule rule) {
  return ChairConflict{.rule = rule,
                       .lot_id = lot.lot_id,
                       .lot_number = lot.lot_number,
                       .formulation_id = lot.formulation.id,
                       .formulation_name = lot.formulation.name,
                       .ingredient = std::nullopt,
                       .decision = std::nullopt};
}

}  // namespace

bool is_favourable(Outcome outcome) {
  return outcome == Outcome::kSuitable || outcome == Outcome::kGuardianConsent;
}

std::string_view to_string(ChairRule rule) {
  switch (rule) {
    case ChairRule::kAllergy:
      return "allergy_to_ingredient";
    case ChairRule::kNoDecision:
      return "no_decision_for_formulation";
    case ChairRule::kUnfavourableDecision:
      return "decision_does_not_allow_formulation";
  }
  return "";
}

const DecisionOnRecord* standing_decision(const std::vector<DecisionOnRecord>& decisions,
                                          const std::string& formulation_id) {
  for (auto it = decisions.rbegin(); it != decisions.rend(); ++it) {
    if (it->formulation_id == formulation_id || holds_for_every_formulation(it->outcome)) {
      return &*it;
    }
  }
  return nullptr;
}

std::vector<ChairConflict> check_at_chair(const std::vector<LotToInject>& lots,
                                          const std::vector<std::string>& allergies,
                                          const std::vector<DecisionOnRecord>& decisions) {
  std::vector<ChairConflict> conflicts;
  for (const auto& lot : lots) {
    for (const auto& ingredient : lot.formulation.ingredients) {
      const std::string folded = fold_for_search(ingredient.substance);
      for (const auto& allergy : allergies) {
        if (fold_for_search(allergy) != folded) continue;
        ChairConflict conflict = conflict_for(lot, ChairRule::kAllergy);
        conflict.ingredient = ingredient.substance;
        conflicts.push_back(std::move(conflict));
        break;
      }
    }
    const DecisionOnRecord* decision = standing_decision(decisions, lot.formulation.id);
    if (!decision) {
      conflicts.push_back(conflict_for(lot, ChairRule::kNoDecision));
    } else if (!is_favourable(decision->outcome)) {
      ChairConflict conflict = conflict_for(lot, ChairRule::kUnfavourableDecision);
      conflict.decision = decision->outcome;
      conflicts.push_back(std::move(conflict));
    }
  }
  return conflicts;
}

std::string_view to_string(MissingDecision missing) {
  switch (missing) {
    case MissingDecision::kSuitabilityDecision:
      return "suitability_decision";
    case MissingDecision::kFavourableDecision:
      return "favourable_decision";
    case MissingDecision::kCurrentDecision:
      return "current_decision";
  }
  return "";
}

std::string_view describe(MissingDecision missing) {
  switch (missing) {
    case MissingDecision::kSuitabilityDecision:
      return "no suitability decision is recorded for this patient; a practitioner screens and "
             "decides first";
    case MissingDecision::kFavourableDecision:
      return "the patient's latest suitability decision does not allow treatment; a practitioner "
             "must screen and decide again";
    case MissingDecision::kCurrentDecision:
      return "the medical history, hair assessment or rules changed after the latest suitability "
             "decision; a practitioner screens the patient again and decides";
  }
  return "";
}

std::optional<MissingDecision> missing_decision(const std::optional<DecisionOnRecord>& latest,
                                                const ScreenedVersions& current) {
  if (!latest) return MissingDecision::kSuitabilityDecision;
  if (!is_favourable(latest->outcome)) return MissingDecision::kFavourableDecision;
  if (!(latest->screened == current)) return MissingDecision::kCurrentDecision;
  return std::nullopt;
}

}  // namespace mesoclinic::clinic
