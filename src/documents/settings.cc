#include "documents/settings.h"

#include "documents/chart_json.h"
#include "documents/planning_json.h"

namespace mesoclinic::documents {

std::string schedule_setting_name(const std::string& user_id) {
  return std::string(kSchedulePrefix) + user_id;
}

std::string calendar_document(const planning::CalendarSettings& settings) {
  return to_json(settings).dump();
}

std::string schedule_document(const planning::WorkSchedule& schedule) {
  return to_json(schedule).dump();
}

std::string contact_document(const clinic::ClinicContact& contact) {
  return contact_json(contact).dump();
}

std::string aftercare_rules_document(const std::vector<clinic::AftercareRule>& rules) {
  return aftercare_rules_json(rules).dump();
}

Result<planning::CalendarSettings> calendar_from_document(const std::string& body,
                                                          const std::string& what) {
  auto settings = calendar_settings_from_json(Json::parse(body));
  if (!settings)
    return fail(ErrorCode::kInternal, "the stored calendar of " + what + " is invalid");
  return settings;
}

Result<planning::WorkSchedule> schedule_from_document(const std::string& body,
                                                      const std::string& what) {
  auto schedule = work_schedule_from_json(Json::parse(body));
  if (!schedule) return fail(ErrorCode::kInternal, "the stored schedule " + what + " is invalid");
  return schedule;
}

Result<clinic::ClinicContact> contact_from_document(const std::string& body,
                                                    const std::string& what) {
  const Json document = Json::parse(body, nullptr, false);
  Result<clinic::ClinicContact> contact = fail(ErrorCode::kInternal, "not a JSON object");
  if (document.is_object()) contact = contact_from_json(document);
  if (!contact) {
    return fail(ErrorCode::kInternal,
                std::string("the stored contact of clinic ").append(what).append(" is invalid"));
  }
  return contact;
}

Result<std::vector<clinic::AftercareRule>> aftercare_rules_from_document(const std::string& body) {
  auto rules = aftercare_rules_from_json(Json::parse(body));
  if (!rules) return fail(ErrorCode::kInternal, "the stored aftercare rules are invalid");
  return rules;
}

Result<clinic::ClinicContact> contact_from_json(const Json& body) {
  std::vector<FieldError> errors;
  Members members(body, "", errors);
  members.refuse_unknown({"phone", "email", "address"});
  clinic::ClinicContact typed;
  for (auto [name, out] : {std::pair{"phone", &typed.phone}, std::pair{"email", &typed.email},
                           std::pair{"address", &typed.address}}) {
    std::string text;
    if (const Json* value = members.optional(name)) {
      members.text(name, text, value);
      if (value->is_string()) *out = std::move(text);
    }
  }
  if (!errors.empty()) return invalid(std::move(errors));
  return clinic::check_clinic_contact(std::move(typed));
}

Json contact_json(const clinic::ClinicContact& contact) {
  const auto value = [](const std::optional<std::string>& part) {
    return part ? Json(*part) : Json(nullptr);
  };
  return Json{{"phone", value(contact.phone)},
              {"email", value(contact.email)},
              {"address", value(contact.address)}};
}

}  // namespace mesoclinic::documents
