#include "documents/clinical_json.h"

#include <cmath>
#include <set>

#include "documents/json_reader.h"

namespace mesoclinic::documents {
namespace {

using clinic::HairAssessment;
using clinic::MedicalHistory;

// The zone names as the clinic module spells them, for "must be one of ..." messages.
const std::string& zone_names() {
  static const std::string names = clinic::names_of_scalp_zones();
  return names;
}
constexpr std::string_view kConditionNames = "normal, dry, oily, inflamed, infected, scarred";
constexpr std::string_view kQuantityNames =
    "hair_density, follicular_unit_density, mean_shaft_diameter, vellus_share, "
    "diameter_diversity, anagen_share";

template <class Enum>
Json names(const std::vector<Enum>& values) {
  Json out = Json::array();
  for (const auto value : values) out.push_back(clinic::to_string(value));
  return out;
}

}  // namespace

Result<MedicalHistory> medical_history_from_json(const Json& body) {
  std::vector<FieldError> errors;
  MedicalHistory history;
  Members members(body, "", errors);
  members.refuse_unknown({"conditions", "medications", "allergies", "pregnant_or_breastfeeding",
                          "bleeding_disorder", "anticoagulants", "active_cancer_treatment",
                          "diabetes", "autoimmune", "keloid_tendency", "previous_treatments",
                          "notes"});
  members.name_list("conditions", history.conditions, members.optional("conditions"));
  members.name_list("medications", history.medications, members.optional("medications"));
  members.name_list("allergies", history.allergies, members.required("allergies"));
  members.flag("pregnant_or_breastfeeding", history.pregnant_or_breastfeeding);
  members.flag("bleeding_disorder", history.bleeding_disorder);
  members.flag("anticoagulants", history.anticoagulants);
  members.flag("active_cancer_treatment", history.active_cancer_treatment);
  members.flag("keloid_tendency", history.keloid_tendency);
  members.choice("diabetes", history.diabetes, members.required("diabetes"), clinic::parse_diabetes,
                 "none, controlled, uncontrolled");
  members.choice("autoimmune", history.autoimmune, members.required("autoimmune"),
                 clinic::parse_autoimmune, "none, stable, in_flare");
  if (const Json* treatments = members.optional("previous_treatments")) {
    if (!treatments->is_array()) {
      members.error("previous_treatments", "must be an array of {treatment, result}");
    } else {
      for (std::size_t i = 0; i < treatments->size(); ++i) {
        const std::string at = "/previous_treatments/" + std::to_string(i);
        const Json& item = (*treatments)[i];
        if (!item.is_object()) {
          errors.push_back({at, "must be an object with treatment and result"});
          continue;
        }
        Members treatment(item, at, errors);
        treatment.refuse_unknown({"treatment", "result"});
        clinic::PreviousHairTreatment entry;
        treatment.name("treatment", entry.treatment, treatment.required("treatment"));
        treatment.note("result", entry.result, treatment.optional("result"));
        history.previous_treatments.push_back(std::move(entry));
      }
    }
  }
  members.note("notes", history.notes, members.optional("notes"));
  return checked(std::move(history), std::move(errors), &clinic::validate_history);
}

Result<HairAssessment> hair_assessment_from_json(const Json& body) {
  std::vector<FieldError> errors;
  HairAssessment assessment;
  Members members(body, "", errors);
  members.refuse_unknown({"scale", "stage", "affected_zones", "loss_duration_months", "pull_test",
                          "shedding_count", "scalp_conditions", "scarred_zones",
                          "zones_without_growth", "measurements", "notes"});
  members.choice("scale", assessment.scale, members.required("scale"), clinic::parse_pattern_scale,
                 "norwood_hamilton, ludwig, sinclair");
  members.name("stage", assessment.stage, members.required("stage"));
  members.choice_list("affected_zones", assessment.affected_zones,
                      members.required("affected_zones"), clinic::parse_scalp_zone, zone_names());
  members.integer("loss_duration_months", assessment.loss_duration_months,
                  members.required("loss_duration_months"));
  if (const Json* pull = members.optional("pull_test")) {
    if (!pull->is_object()) {
      members.error("pull_test", "must be an object with hairs_out and hairs_pulled");
    } else {
      Members test(*pull, "/pull_test", errors);
      // "positive" is what we derive and show; a client echoing it back is not an error.
      test.refuse_unknown({"hairs_out", "hairs_pulled", "positive"});
      clinic::PullTest result;
      test.integer("hairs_out", result.hairs_out, test.required("hairs_out"));
      test.integer("hairs_pulled", result.hairs_pulled, test.optional("hairs_pulled"));
      assessment.pull_test = result;
    }
  }
  if (const Json* shedding = members.optional("shedding_count")) {
    int count = 0;
    members.integer("shedding_count", count, shedding);
    assessment.shedding_count = count;
  }
  members.choice_list("scalp_conditions", assessment.scalp_conditions,
                      members.required("scalp_conditions"), clinic::parse_scalp_condition,
                      kConditionNames);
  members.choice_list("scarred_zones", assessment.scarred_zones, members.optional("scarred_zones"),
                      clinic::parse_scalp_zone, zone_names());
  members.choice_list("zones_without_growth", assessment.zones_without_growth,
                      members.optional("zones_without_growth"), clinic::parse_scalp_zone,
                      zone_names());
  if (const Json* measurements = members.optional("measurements")) {
    if (!measurements->is_array()) {
      members.error("measurements", "must be an array of {quantity, value, unit, zone}");
    } else {
      for (std::size_t i = 0; i < measurements->size() && i <= clinic::kMaxListEntries; ++i) {
        const std::string at = "/measurements/" + std::to_string(i);
        const Json& item = (*measurements)[i];
        if (!item.is_object()) {
          errors.push_back({at, "must be an object with quantity, value and unit"});
          continue;
        }
        Members measurement(item, at, errors);
        measurement.refuse_unknown({"quantity", "value", "unit", "zone"});
        clinic::Measurement entry;
        measurement.choice("quantity", entry.quantity, measurement.required("quantity"),
                           clinic::parse_quantity, kQuantityNames);
        measurement.number("value", entry.value, measurement.required("value"));
        measurement.name("unit", entry.unit, measurement.required("unit"));
        if (const Json* zone = measurement.optional("zone")) {
          clinic::ScalpZone parsed{};
          measurement.choice("zone", parsed, zone, clinic::parse_scalp_zone, zone_names());
          entry.zone = parsed;
        }
        assessment.measurements.push_back(std::move(entry));
      }
    }
  }
  members.note("notes", assessment.notes, members.optional("notes"));
  return checked(std::move(assessment), std::move(errors), &clinic::validate_assessment);
}

Result<clinic::Formulation> formulation_from_json(const Json& body) {
  std::vector<FieldError> errors;
  clinic::Formulation formulation;
  Members members(body, "", errors);
  members.refuse_unknown({"name", "ingredients"});
  members.name("name", formulation.name, members.required("name"));
  if (const Json* ingredients = members.required("ingredients")) {
    if (!ingredients->is_array()) {
      members.error("ingredients", "must be an array of {substance, amount_per_ml, unit}");
    } else {
      for (std::size_t i = 0; i < ingredients->size() && i <= clinic::kMaxListEntries; ++i) {
        const std::string at = "/ingredients/" + std::to_string(i);
        const Json& item = (*ingredients)[i];
        if (!item.is_object()) {
          errors.push_back({at, "must be an object with substance, amount_per_ml and unit"});
          continue;
        }
        Members ingredient(item, at, errors);
        ingredient.refuse_unknown({"substance", "amount_per_ml", "unit"});
        clinic::Ingredient entry;
        ingredient.name("substance", entry.substance, ingredient.required("substance"));
        ingredient.number("amount_per_ml", entry.amount_per_ml,
                          ingredient.required("amount_per_ml"));
        ingredient.name("unit", entry.unit, ingredient.required("unit"));
        formulation.ingredients.push_back(std::move(entry));
      }
    }
  }
  return checked(std::move(formulation), std::move(errors), &clinic::validate_formulation);
}

namespace {

// A protocol with any price it carries: a course's copy, or a protocol stored before prices
// moved to each clinic (migration 0014).
Result<planning::Protocol> protocol_with_price_from_json(const Json& body) {
  std::vector<FieldError> errors;
  planning::Protocol protocol;
  Members members(body, "", errors);
  members.refuse_unknown({"name", "formulation_id", "technique", "sessions", "interval_days",
                          "tolerance_days", "appointment_minutes", "price_per_session",
                          "package_price", "recall_after_months", "sessions_override_reason"});
  members.name("name", protocol.name, members.required("name"));
  members.name("formulation_id", protocol.formulation_id, members.required("formulation_id"));
  members.note("technique", protocol.technique, members.optional("technique"));
  members.integer("sessions", protocol.sessions, members.required("sessions"));
  if (const Json* intervals = members.required("interval_days")) {
    if (!intervals->is_array() || intervals->size() > 20) {
      members.error("interval_days",
                    "must be an array of whole days, one per session after the first");
    } else {
      for (std::size_t i = 0; i < intervals->size(); ++i) {
        int days = 0;
        members.integer("interval_days/" + std::to_string(i), days, &(*intervals)[i]);
        protocol.interval_days.push_back(days);
      }
    }
  }
  members.integer("tolerance_days", protocol.tolerance_days, members.optional("tolerance_days"));
  int length = static_cast<int>(protocol.appointment_length.count());
  members.integer("appointment_minutes", length, members.required("appointment_minutes"));
  protocol.appointment_length = std::chrono::minutes{length};
  protocol.price_per_session = money_from_json(members, "price_per_session", errors);
  protocol.package_price = money_from_json(members, "package_price", errors);
  members.integer("recall_after_months", protocol.recall_after_months,
                  members.optional("recall_after_months"));
  members.note("sessions_override_reason", protocol.sessions_override_reason,
               members.optional("sessions_override_reason"));
  return checked(std::move(protocol), std::move(errors), &planning::validate_protocol);
}

}  // namespace

Result<planning::Protocol> protocol_from_json(const Json& body) {
  std::vector<FieldError> errors;
  for (const char* price : {"price_per_session", "package_price"}) {
    if (body.is_object() && body.contains(price) && !body[price].is_null()) {
      errors.push_back({std::string("/") + price,
                        "is set per clinic, in its currency: PUT "
                        "/api/v1/clinics/{id}/protocols/{protocol_id}/price"});
    }
  }
  auto protocol = protocol_with_price_from_json(body);
  if (!protocol) {
    errors.insert(errors.end(), protocol.error().fields.begin(), protocol.error().fields.end());
  }
  if (!errors.empty()) return invalid(std::move(errors));
  return protocol;
}

Result<planning::Protocol> agreed_protocol_from_json(const Json& body) {
  return protocol_with_price_from_json(body);
}

Json without_derived_members(Json protocol) {
  for (const char* derived : {"id", "cost_estimate"}) protocol.erase(derived);
  if (protocol["sessions_override_reason"].is_null()) protocol.erase("sessions_override_reason");
  return protocol;
}

std::string protocol_document(const planning::Protocol& protocol) {
  return without_derived_members(to_json(protocol)).dump();
}

Result<planning::Protocol> protocol_from_document(const std::string& id, const std::string& body) {
  auto protocol = protocol_with_price_from_json(Json::parse(body));
  if (!protocol) return fail(ErrorCode::kInternal, "stored protocol " + id + " is invalid");
  protocol->id = id;
  // A document from before migration 0014 still holds the group-wide price, which that
  // migration copied to each clinic of its currency: the clinic's price is the one in force.
  protocol->price_per_session.reset();
  protocol->package_price.reset();
  return protocol;
}

Json to_json(const planning::Protocol& protocol) {
  Json json{{"id", protocol.id},
            {"name", protocol.name},
            {"formulation_id", protocol.formulation_id},
            {"technique", protocol.technique},
            {"sessions", protocol.sessions},
            {"interval_days", protocol.interval_days},
            {"tolerance_days", protocol.tolerance_days},
            {"appointment_minutes", protocol.appointment_length.count()},
            {"recall_after_months", protocol.recall_after_months},
            {"sessions_override_reason", protocol.sessions_override_reason.empty()
                                             ? Json(nullptr)
                                             : Json(protocol.sessions_override_reason)}};
  // The group-wide definition has no price; a course's copy has its clinic's.
  if (protocol.price_per_session || protocol.package_price) {
    json["price_per_session"] = money_json(protocol.price_per_session);
    json["package_price"] = money_json(protocol.package_price);
    json["cost_estimate"] = money_json(planning::estimate_cost(protocol));
  }
  return json;
}

Json to_json(const MedicalHistory& history) {
  Json treatments = Json::array();
  for (const auto& treatment : history.previous_treatments) {
    treatments.push_back({{"treatment", treatment.treatment}, {"result", treatment.result}});
  }
  return Json{{"conditions", history.conditions},
              {"medications", history.medications},
              {"allergies", history.allergies},
              {"pregnant_or_breastfeeding", history.pregnant_or_breastfeeding},
              {"bleeding_disorder", history.bleeding_disorder},
              {"anticoagulants", history.anticoagulants},
              {"active_cancer_treatment", history.active_cancer_treatment},
              {"diabetes", clinic::to_string(history.diabetes)},
              {"autoimmune", clinic::to_string(history.autoimmune)},
              {"keloid_tendency", history.keloid_tendency},
              {"previous_treatments", std::move(treatments)},
              {"notes", history.notes}};
}

Json to_json(const HairAssessment& assessment) {
  Json measurements = Json::array();
  for (const auto& measurement : assessment.measurements) {
    measurements.push_back(
        {{"quantity", clinic::to_string(measurement.quantity)},
         {"value", measurement.value},
         {"unit", measurement.unit},
         {"zone", measurement.zone ? Json(clinic::to_string(*measurement.zone)) : Json(nullptr)}});
  }
  return Json{{"scale", clinic::to_string(assessment.scale)},
              {"stage", assessment.stage},
              {"affected_zones", names(assessment.affected_zones)},
              {"loss_duration_months", assessment.loss_duration_months},
              {"pull_test", assessment.pull_test
                                ? Json{{"hairs_out", assessment.pull_test->hairs_out},
                                       {"hairs_pulled", assessment.pull_test->hairs_pulled},
                                       {"positive", clinic::is_positive(*assessment.pull_test)}}
                                : Json(nullptr)},
              {"shedding_count",
               assessment.shedding_count ? Json(*assessment.shedding_count) : Json(nullptr)},
              {"scalp_conditions", names(assessment.scalp_conditions)},
              {"scarred_zones", names(assessment.scarred_zones)},
              {"zones_without_growth", names(assessment.zones_without_growth)},
              {"measurements", std::move(measurements)},
              {"notes", assessment.notes}};
}

Json to_json(const clinic::Formulation& formulation) {
  Json ingredients = Json::array();
  for (const auto& ingredient : formulation.ingredients) {
    ingredients.push_back({{"substance", ingredient.substance},
                           {"amount_per_ml", ingredient.amount_per_ml},
                           {"unit", ingredient.unit}});
  }
  return Json{{"id", formulation.id},
              {"name", formulation.name},
              {"ingredients", std::move(ingredients)},
              {"created_at", format_rfc3339(formulation.created_at)}};
}

}  // namespace mesoclinic::documents
