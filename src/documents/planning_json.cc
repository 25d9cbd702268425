#include "documents/planning_json.h"

#include <array>

#include "documents/json_reader.h"

namespace mesoclinic::documents {
namespace {

using std::chrono::minutes;

constexpr std::array<std::string_view, 7> kWeekdays = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
constexpr std::string_view kWeekdayNames =
    "monday, tuesday, wednesday, thursday, friday, saturday, sunday";

std::optional<int> parse_weekday(std::string_view name) {
  for (std::size_t i = 0; i < kWeekdays.size(); ++i) {
    if (kWeekdays[i] == name) return static_cast<int>(i);
  }
  return std::nullopt;
}

// "HH:MM", 00:00 to 24:00 (the end of the day).
std::optional<minutes> parse_time_of_day(std::string_view text) {
  if (text.size() != 5 || text[2] != ':') return std::nullopt;
  for (const std::size_t i : {0u, 1u, 3u, 4u}) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
  }
  const int hour = (text[0] - '0') * 10 + (text[1] - '0');
  const int minute = (text[3] - '0') * 10 + (text[4] - '0');
  if (minute > 59 || hour > 24 || (hour == 24 && minute != 0)) return std::nullopt;
  return minutes{hour * 60 + minute};
}

std::optional<CalendarDate> read_date(Members& members, std::string_view name, const Json* value) {
  if (!value) return std::nullopt;
  const auto parsed =
      value->is_string() ? parse_iso_date(value->get<std::string>()) : Result<CalendarDate>();
  if (!value->is_string() || !parsed) {
    members.error(name, "must be a date written YYYY-MM-DD");
    return std::nullopt;
  }
  return *parsed;
}

// [{"from": "09:00", "to": "13:00"}, ...] under `at`.
std::vector<planning::TimeRange> read_ranges(const Json& value, const std::string& at,
                                             std::vector<FieldError>& errors) {
  std::vector<planning::TimeRange> ranges;
  if (!value.is_array() || value.size() > 8) {
    errors.push_back(
        {at, "must be an array of at most 8 {\"from\": \"09:00\", \"to\": \"13:00\"}"});
    return ranges;
  }
  for (std::size_t i = 0; i < value.size(); ++i) {
    const std::string item_at = at + "/" + std::to_string(i);
    if (!value[i].is_object()) {
      errors.push_back({item_at, "must be {\"from\": \"09:00\", \"to\": \"13:00\"}"});
      continue;
    }
    Members range(value[i], item_at, errors);
    range.refuse_unknown({"from", "to"});
    planning::TimeRange parsed;
    for (const auto& [name, out] :
         {std::pair<std::string_view, minutes*>{"from", &parsed.from}, {"to", &parsed.to}}) {
      std::string text;
      const Json* given = range.required(name);
      range.text(name, text, given);
      if (!given || !given->is_string()) continue;
      if (const auto time = parse_time_of_day(text)) {
        *out = *time;
      } else {
        range.error(name, "must be a time of day written HH:MM (00:00 to 24:00)");
      }
    }
    ranges.push_back(parsed);
  }
  return ranges;
}

planning::WeeklyHours read_week(Members& members, std::string_view name, const Json* value,
                                const std::string& at, std::vector<FieldError>& errors) {
  planning::WeeklyHours week;
  if (!value) return week;
  if (!value->is_object()) {
    members.error(name, "must be an object of weekdays, e.g. {\"monday\": [...]}");
    return week;
  }
  for (const auto& [day, ranges] : value->items()) {
    const auto index = parse_weekday(day);
    if (!index) {
      errors.push_back({at + "/" + day, "is not a weekday (" + std::string(kWeekdayNames) + ")"});
      continue;
    }
    week[static_cast<std::size_t>(*index)] = read_ranges(ranges, at + "/" + day, errors);
  }
  return week;
}

Json ranges_json(const std::vector<planning::TimeRange>& ranges) {
  Json out = Json::array();
  for (const auto& range : ranges) {
    out.push_back({{"from", format_time_of_day(range.from)}, {"to", format_time_of_day(range.to)}});
  }
  return out;
}

Json week_json(const planning::WeeklyHours& week) {
  Json out = Json::object();
  for (std::size_t day = 0; day < week.size(); ++day) {
    out[std::string(kWeekdays[day])] = ranges_json(week[day]);
  }
  return out;
}

}  // namespace

std::string format_time_of_day(minutes time) {
  const auto count = time.count();
  std::string text(5, '0');
  text[0] = static_cast<char>('0' + count / 600);
  text[1] = static_cast<char>('0' + count / 60 % 10);
  text[2] = ':';
  text[3] = static_cast<char>('0' + count % 60 / 10);
  text[4] = static_cast<char>('0' + count % 10);
  return text;
}

Result<planning::CalendarSettings> calendar_settings_from_json(const Json& body) {
  std::vector<FieldError> errors;
  planning::CalendarSettings settings;
  Members members(body, "", errors);
  members.refuse_unknown({"opening_hours", "closures", "healing_days", "time_zone"});
  settings.opening = read_week(members, "opening_hours", members.required("opening_hours"),
                               "/opening_hours", errors);
  read_items(members, "closures", members.optional("closures"), 1000,
             [&](const Json& item, const std::string& at) {
               Members closure(item, at, errors);
               closure.refuse_unknown({"date", "reason"});
               planning::Closure read;
               if (auto date = read_date(closure, "date", closure.required("date"))) {
                 read.date = *date;
               }
               closure.note("reason", read.reason, closure.optional("reason"));
               settings.closures.push_back(std::move(read));
             });
  members.integer("healing_days", settings.healing_days, members.optional("healing_days"));
  return checked(std::move(settings), std::move(errors), &planning::validate_calendar_settings);
}

Json to_json(const planning::CalendarSettings& settings) {
  Json closures = Json::array();
  for (const auto& closure : settings.closures) {
    closures.push_back({{"date", format_iso_date(closure.date)}, {"reason", closure.reason}});
  }
  return Json{{"opening_hours", week_json(settings.opening)},
              {"closures", std::move(closures)},
              {"healing_days", settings.healing_days}};
}

Result<planning::WorkSchedule> work_schedule_from_json(const Json& body) {
  std::vector<FieldError> errors;
  planning::WorkSchedule schedule;
  Members members(body, "", errors);
  members.refuse_unknown({"working_hours", "absences"});
  schedule.hours = read_week(members, "working_hours", members.required("working_hours"),
                             "/working_hours", errors);
  read_items(members, "absences", members.optional("absences"), 1000,
             [&](const Json& item, const std::string& at) {
               Members absence(item, at, errors);
               absence.refuse_unknown({"first_day", "last_day", "reason"});
               planning::Absence read;
               if (auto day = read_date(absence, "first_day", absence.required("first_day"))) {
                 read.first_day = *day;
               }
               if (auto day = read_date(absence, "last_day", absence.required("last_day"))) {
                 read.last_day = *day;
               }
               absence.note("reason", read.reason, absence.optional("reason"));
               schedule.absences.push_back(std::move(read));
             });
  return checked(std::move(schedule), std::move(errors), &planning::validate_work_schedule);
}

Json to_json(const planning::WorkSchedule& schedule) {
  Json absences = Json::array();
  for (const auto& absence : schedule.absences) {
    absences.push_back({{"first_day", format_iso_date(absence.first_day)},
                        {"last_day", format_iso_date(absence.last_day)},
                        {"reason", absence.reason}});
  }
  return Json{{"working_hours", week_json(schedule.hours)}, {"absences", std::move(absences)}};
}

planning::Preferences preferences_from_json(const Json* value, const std::string& at,
                                            std::vector<FieldError>& errors) {
  planning::Preferences preferences;
  if (!value || value->is_null()) return preferences;
  if (!value->is_object()) {
    errors.push_back({at, "must be an object with weekdays, times and practitioner_id"});
    return preferences;
  }
  Members members(*value, at, errors);
  members.refuse_unknown({"weekdays", "times", "practitioner_id"});
  if (const Json* days = members.optional("weekdays")) {
    if (!days->is_array() || days->size() > 7) {
      members.error("weekdays", "must be an array of weekday names");
    } else {
      for (std::size_t i = 0; i < days->size(); ++i) {
        const auto day =
            (*days)[i].is_string() ? parse_weekday((*days)[i].get<std::string>()) : std::nullopt;
        if (!day) {
          members.error("weekdays/" + std::to_string(i),
                        "must be one of " + std::string(kWeekdayNames));
        } else {
          preferences.weekdays.push_back(*day);
        }
      }
    }
  }
  if (const Json* times = members.optional("times")) {
    preferences.times = read_ranges(*times, at + "/times", errors);
  }
  std::string practitioner;
  members.text("practitioner_id", practitioner, members.optional("practitioner_id"));
  if (!practitioner.empty()) preferences.practitioner_id = practitioner;
  return preferences;
}

Json to_json(const planning::Preferences& preferences) {
  Json days = Json::array();
  for (const int day : preferences.weekdays) {
    days.push_back(std::string(kWeekdays[static_cast<std::size_t>(day)]));
  }
  return Json{{"weekdays", std::move(days)},
              {"times", ranges_json(preferences.times)},
              {"practitioner_id",
               preferences.practitioner_id ? Json(*preferences.practitioner_id) : Json(nullptr)}};
}

std::optional<planning::Discount> discount_from_json(const Json* value,
                                                     std::vector<FieldError>& errors) {
  if (!value || value->is_null()) return std::nullopt;
  if (!value->is_object()) {
    errors.push_back({"/discount", "must be {\"percent\": 10, \"reason\": \"...\"}"});
    return std::nullopt;
  }
  Members members(*value, "/discount", errors);
  members.refuse_unknown({"percent", "reason"});
  planning::Discount discount;
  members.integer("percent", discount.percent, members.required("percent"));
  members.note("reason", discount.reason, members.required("reason"));
  if (auto valid = planning::validate_discount(discount); !valid) {
    for (auto& field : valid.error().fields) errors.push_back(std::move(field));
  }
  return discount;
}

Result<clinic::Product> product_from_json(const Json& body) {
  std::vector<FieldError> errors;
  clinic::Product product;
  Members members(body, "", errors);
  members.refuse_unknown({"name", "formulation_id", "vial_ml"});
  members.name("name", product.name, members.required("name"));
  members.name("formulation_id", product.formulation_id, members.required("formulation_id"));
  members.number("vial_ml", product.vial_ml, members.required("vial_ml"));
  return checked(std::move(product), std::move(errors), &clinic::validate_product);
}

Json discount_json(const std::optional<planning::Discount>& discount) {
  if (!discount) return nullptr;
  return Json{{"percent", discount->percent}, {"reason", discount->reason}};
}

Json to_json(const clinic::Product& product) {
  return Json{{"id", product.id},
              {"name", product.name},
              {"formulation_id", product.formulation_id},
              {"vial_ml", product.vial_ml}};
}

Result<clinic::Lot> lot_from_json(const Json& body) {
  std::vector<FieldError> errors;
  clinic::Lot lot;
  Members members(body, "", errors);
  members.refuse_unknown({"product_id", "clinic_id", "number", "expires_on", "quantity"});
  members.name("product_id", lot.product_id, members.required("product_id"));
  members.name("clinic_id", lot.clinic_id, members.required("clinic_id"));
  members.name("number", lot.number, members.required("number"));
  if (auto date = read_date(members, "expires_on", members.required("expires_on"))) {
    lot.expires_on = *date;
  }
  members.integer("quantity", lot.quantity, members.required("quantity"));
  return checked(std::move(lot), std::move(errors), &clinic::validate_lot);
}

Json to_json(const clinic::Lot& lot) {
  return Json{{"id", lot.id},
              {"product_id", lot.product_id},
              {"clinic_id", lot.clinic_id},
              {"number", lot.number},
              {"expires_on", format_iso_date(lot.expires_on)},
              {"quantity", lot.quantity},
              {"recalled", lot.recalled}};
}

}  // namespace mesoclinic::documents
