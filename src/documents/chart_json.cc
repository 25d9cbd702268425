#include "documents/chart_json.h"

#include "clinic/assessment.h"
#include "documents/clinic_time_json.h"
#include "documents/json_reader.h"

namespace mesoclinic::documents {
namespace {

// The member a stored chart adds when its signature overrode conflicts at the chair.
constexpr const char* kOverrideMember = "override";

// The members a stored chart adds to each lot use.
constexpr const char* kCopiedLotMembers[] = {"number", "expires_on", "product_id"};

}  // namespace

std::string chart_document(const clinic::SessionChart& chart,
                           const std::map<std::string, LotAsUsed>& lots) {
  Json document = to_json(chart);
  for (auto& use : document["lots"]) {
    const auto found = lots.find(use["lot_id"].get<std::string>());
    if (found == lots.end()) continue;
    use[kCopiedLotMembers[0]] = found->second.number;
    use[kCopiedLotMembers[1]] = format_iso_date(found->second.expires_on);
    use[kCopiedLotMembers[2]] = found->second.product_id;
  }
  return document.dump();
}

Result<clinic::SessionChart> chart_from_document(const std::string& body) {
  Json document = Json::parse(body);
  for (auto& use : document["lots"]) {
    for (const char* copied : kCopiedLotMembers) use.erase(copied);
  }
  document.erase(kOverrideMember);
  auto chart = chart_from_json(document);
  if (!chart) return fail(ErrorCode::kInternal, "a stored chart no longer decodes");
  return chart;
}

std::string with_override(const std::string& body, const ChairOverride& chair_override) {
  Json document = Json::parse(body);
  Json conflicts = Json::array();
  for (const auto& conflict : chair_override.conflicts) conflicts.push_back(to_json(conflict));
  document[kOverrideMember] = {{"reason", chair_override.reason},
                               {"conflicts", std::move(conflicts)}};
  return document.dump();
}

Json to_json(const clinic::ChairConflict& conflict) {
  return Json{{"rule", clinic::to_string(conflict.rule)},
              {"lot_id", conflict.lot_id},
              {"lot_number", conflict.lot_number},
              {"formulation_id", conflict.formulation_id},
              {"formulation", conflict.formulation_name},
              {"ingredient", conflict.ingredient ? Json(*conflict.ingredient) : Json(nullptr)},
              {"decision",
               conflict.decision ? Json(clinic::to_string(*conflict.decision)) : Json(nullptr)}};
}

Result<clinic::SessionChart> chart_from_json(const Json& body) {
  std::vector<FieldError> errors;
  clinic::SessionChart chart;
  Members members(body, "", errors);
  members.refuse_unknown({"zones", "points", "technique", "needle_gauge", "needle_length_mm",
                          "depth_mm", "lots", "pain_score", "adverse_events", "notes"});
  static const std::string zone_names = clinic::names_of_scalp_zones();
  read_items(
      members, "zones", members.optional("zones"), 9, [&](const Json& item, const std::string& at) {
        Members zone(item, at, errors);
        zone.refuse_unknown({"zone", "volume_ml", "injection_points"});
        clinic::ZoneTreatment read;
        zone.choice("zone", read.zone, zone.required("zone"), clinic::parse_scalp_zone, zone_names);
        zone.number("volume_ml", read.volume_ml, zone.required("volume_ml"));
        zone.integer("injection_points", read.injection_points, zone.required("injection_points"));
        chart.zones.push_back(read);
      });
  read_items(members, "points", members.optional("points"), 200,
             [&](const Json& item, const std::string& at) {
               Members point(item, at, errors);
               point.refuse_unknown({"x", "y", "volume_ml", "label"});
               clinic::ScalpPoint read;
               point.number("x", read.x, point.required("x"));
               point.number("y", read.y, point.required("y"));
               point.number("volume_ml", read.volume_ml, point.required("volume_ml"));
               if (const Json* label = point.optional("label"); label && *label != "") {
                 point.name("label", read.label, label);  // stored charts keep "" for no label
               }
               chart.points.push_back(std::move(read));
             });
  members.choice("technique", chart.technique, members.required("technique"),
                 clinic::parse_technique, clinic::names_of_techniques());
  members.integer("needle_gauge", chart.needle_gauge, members.required("needle_gauge"));
  members.number("needle_length_mm", chart.needle_length_mm, members.required("needle_length_mm"));
  members.number("depth_mm", chart.depth_mm, members.required("depth_mm"));
  read_items(members, "lots", members.optional("lots"), 20,
             [&](const Json& item, const std::string& at) {
               Members lot(item, at, errors);
               lot.refuse_unknown({"lot_id", "vials"});
               clinic::LotUse read;
               lot.name("lot_id", read.lot_id, lot.required("lot_id"));
               lot.integer("vials", read.vials, lot.required("vials"));
               chart.lots.push_back(std::move(read));
             });
  members.integer("pain_score", chart.pain_score, members.required("pain_score"));
  read_items(members, "adverse_events", members.optional("adverse_events"), 20,
             [&](const Json& item, const std::string& at) {
               Members event(item, at, errors);
               event.refuse_unknown({"kind", "severity", "action_taken", "follow_up_on"});
               clinic::AdverseEvent read;
               event.name("kind", read.kind, event.required("kind"));
               event.choice("severity", read.severity, event.required("severity"),
                            clinic::parse_severity, "mild, moderate, severe");
               event.note("action_taken", read.action_taken, event.required("action_taken"));
               std::string follow_up;
               event.text("follow_up_on", follow_up, event.optional("follow_up_on"));
               if (event.optional("follow_up_on")) {
                 if (auto date = parse_iso_date(follow_up)) {
                   read.follow_up_on = *date;
                 } else {
                   event.error("follow_up_on", "must be a date written YYYY-MM-DD");
                 }
               }
               chart.adverse_events.push_back(std::move(read));
             });
  members.note("notes", chart.notes, members.optional("notes"));
  return checked(std::move(chart), std::move(errors), &clinic::validate_chart);
}

Json to_json(const clinic::SessionChart& chart) {
  Json zones = Json::array();
  for (const auto& zone : chart.zones) {
    zones.push_back({{"zone", clinic::to_string(zone.zone)},
                     {"volume_ml", zone.volume_ml},
                     {"injection_points", zone.injection_points}});
  }
  Json points = Json::array();
  for (const auto& point : chart.points) {
    points.push_back(
        {{"x", point.x}, {"y", point.y}, {"volume_ml", point.volume_ml}, {"label", point.label}});
  }
  Json lots = Json::array();
  for (const auto& lot : chart.lots) lots.push_back({{"lot_id", lot.lot_id}, {"vials", lot.vials}});
  Json events = Json::array();
  for (const auto& event : chart.adverse_events) {
    events.push_back(
        {{"kind", event.kind},
         {"severity", clinic::to_string(event.severity)},
         {"action_taken", event.action_taken},
         {"follow_up_on",
          event.follow_up_on ? Json(format_iso_date(*event.follow_up_on)) : Json(nullptr)}});
  }
  return Json{{"zones", std::move(zones)},
              {"points", std::move(points)},
              {"technique", clinic::to_string(chart.technique)},
              {"needle_gauge", chart.needle_gauge},
              {"needle_length_mm", chart.needle_length_mm},
              {"depth_mm", chart.depth_mm},
              {"lots", std::move(lots)},
              {"pain_score", chart.pain_score},
              {"adverse_events", std::move(events)},
              {"notes", chart.notes}};
}

Result<std::vector<clinic::AftercareRule>> aftercare_rules_from_json(const Json& body) {
  std::vector<FieldError> errors;
  std::vector<clinic::AftercareRule> rules;
  Members members(body, "", errors);
  members.refuse_unknown({"rules"});
  read_items(
      members, "rules", members.required("rules"), 20,
      [&](const Json& item, const std::string& at) {
        Members rule(item, at, errors);
        rule.refuse_unknown({"id", "minimum_days", "recommended_days", "until_healed"});
        clinic::AftercareRule read;
        rule.name("id", read.id, rule.required("id"));
        for (const auto& [name, out] : {std::pair{"minimum_days", &read.minimum_days},
                                        std::pair{"recommended_days", &read.recommended_days}}) {
          if (const Json* days = rule.optional(name)) {
            int value = 0;
            rule.integer(name, value, days);
            *out = value;
          }
        }
        if (const Json* healed = rule.optional("until_healed")) {
          if (healed->is_boolean()) {
            read.until_healed = healed->get<bool>();
          } else {
            rule.error("until_healed", "must be true or false");
          }
        }
        rules.push_back(std::move(read));
      });
  if (!errors.empty()) return invalid(std::move(errors));
  if (auto valid = clinic::validate_aftercare_rules(rules); !valid) {
    return std::unexpected(valid.error());
  }
  return rules;
}

Json aftercare_rules_json(const std::vector<clinic::AftercareRule>& rules) {
  Json items = Json::array();
  for (const auto& rule : rules) {
    items.push_back(
        {{"id", rule.id},
         {"minimum_days", rule.minimum_days ? Json(*rule.minimum_days) : Json(nullptr)},
         {"recommended_days", rule.recommended_days ? Json(*rule.recommended_days) : Json(nullptr)},
         {"until_healed", rule.until_healed}});
  }
  return Json{{"rules", std::move(items)}};
}

Json to_json(const clinic::AftercarePlan& plan, const ClinicZone& zone) {
  Json restrictions = Json::array();
  for (const auto& restriction : plan.restrictions) {
    restrictions.push_back({{"rule_id", restriction.rule_id},
                            {"until", clinic_time_json(restriction.until, zone)},
                            {"better_until", restriction.better_until
                                                 ? clinic_time_json(*restriction.better_until, zone)
                                                 : Json(nullptr)}});
  }
  return Json{{"session_end", clinic_time_json(plan.session_end, zone)},
              {"healed_at", clinic_time_json(plan.healed_at, zone)},
              {"time_zone", zone.name()},
              {"restrictions", std::move(restrictions)}};
}

Result<clinic::AftercarePlan> aftercare_plan_from_json(const Json& body) {
  const auto instant = [](const Json& time) -> std::optional<Instant> {
    if (!time.is_object() || !time.contains("utc") || !time["utc"].is_string()) {
      return std::nullopt;
    }
    auto parsed = parse_rfc3339(time["utc"].get<std::string>());
    return parsed ? std::optional(*parsed) : std::nullopt;
  };
  const auto damaged = [] {
    return fail(ErrorCode::kInternal, "a stored aftercare plan no longer decodes");
  };
  if (!body.is_object() || !body.contains("restrictions") || !body["restrictions"].is_array()) {
    return damaged();
  }
  const auto session_end = instant(body.value("session_end", Json()));
  const auto healed_at = instant(body.value("healed_at", Json()));
  if (!session_end || !healed_at) return damaged();
  clinic::AftercarePlan plan{*session_end, *healed_at, {}};
  for (const auto& item : body["restrictions"]) {
    if (!item.is_object() || !item.contains("rule_id") || !item["rule_id"].is_string()) {
      return damaged();
    }
    const auto until = instant(item.value("until", Json()));
    if (!until) return damaged();
    clinic::Restriction restriction{item["rule_id"].get<std::string>(), *until, std::nullopt};
    if (const Json better = item.value("better_until", Json()); !better.is_null()) {
      restriction.better_until = instant(better);
      if (!restriction.better_until) return damaged();
    }
    plan.restrictions.push_back(std::move(restriction));
  }
  return plan;
}

}  // namespace mesoclinic::documents
