#include "clinic/patient.h"

#include <algorithm>
#include <array>
#include <utility>
#include <vector>

#include "core/text.h"

namespace mesoclinic::clinic {
namespace {

constexpr std::array<std::pair<Sex, std::string_view>, 4> kSexNames{{
    {Sex::kFemale, "female"},
    {Sex::kMale, "male"},
    {Sex::kOther, "other"},
    {Sex::kUnknown, "unknown"},
}};

constexpr std::array<std::pair<ReminderChannel, std::string_view>, 3> kChannelNames{{
    {ReminderChannel::kEmail, "email"},
    {ReminderChannel::kSms, "sms"},
    {ReminderChannel::kNone, "none"},
}};

bool is_ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

int age_in_years(CalendarDate born, CalendarDate on) {
  int years = static_cast<int>(on.year()) - static_cast<int>(born.year());
  if (std::chrono::month_day(on.month(), on.day()) <
      std::chrono::month_day(born.month(), born.day())) {
    --years;
  }
  return years;
}

bool is_language_tag(std::string_view tag) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t dash = tag.find('-', start);
    parts.push_back(tag.substr(start, dash == std::string_view::npos ? dash : dash - start));
    if (dash == std::string_view::npos) break;
    start = dash + 1;
  }
  if (parts.size() > 3) return false;
  const auto all = [](std::string_view s, bool (*pred)(char)) {
    for (const char c : s) {
      if (!pred(c)) return false;
    }
    return true;
  };
  if (parts[0].size() < 2 || parts[0].size() > 3 || !all(parts[0], is_ascii_alpha)) return false;
  for (std::size_t i = 1; i < parts.size(); ++i) {
    const std::string_view p = parts[i];
    const bool script = p.size() == 4 && all(p, is_ascii_alpha) && i == 1;
    const bool region =
        (p.size() == 2 && all(p, is_ascii_alpha)) || (p.size() == 3 && all(p, is_ascii_digit));
    if (!script && !region) return false;
    if (region && i + 1 != parts.size()) return false;  // the region comes last
  }
  return true;
}

namespace {

void check_name(std::string_view field, const std::string& value, std::vector<FieldError>& out) {
  // Built by appending: GCC 12 at -O3 misreports `"/" + std::string(...)` under -Wrestrict.
  std::string pointer(1, '/');
  pointer += field;
  if (value.empty()) {
    out.push_back({pointer, "is required"});
  } else if (auto problem = text_policy_problem(value, TextKind::kName, kMaxNameLength)) {
    out.push_back({pointer, std::move(*problem)});
  }
}

}  // namespace

bool is_sendable_email(std::string_view email) {
  if (email.empty() || email.size() > kMaxEmailLength) return false;
  const std::size_t at = email.rfind('@');
  if (at == std::string_view::npos || at == 0 || at > 64) return false;
  const std::string_view local = email.substr(0, at);
  const std::string_view domain = email.substr(at + 1);
  // Dot-atom: the characters RFC 5322 allows unquoted, which is also all that may stand
  // between "<" and ">" in the To header and the RCPT command without quoting.
  constexpr std::string_view kAtomSymbols = "!#$%&'*+-/=?^_`{|}~";
  char previous = '.';
  for (const char c : local) {
    const bool atom =
        is_ascii_alpha(c) || is_ascii_digit(c) || kAtomSymbols.find(c) != kAtomSymbols.npos;
    if (c == '.' ? previous == '.' : !atom) return false;
    previous = c;
  }
  if (previous == '.') return false;
  std::size_t labels = 0;
  std::size_t start = 0;
  while (start <= domain.size()) {
    const std::size_t end = std::min(domain.find('.', start), domain.size());
    const std::string_view label = domain.substr(start, end - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
      return false;
    }
    for (const char c : label) {
      if (!is_ascii_alpha(c) && !is_ascii_digit(c) && c != '-') return false;
    }
    ++labels;
    start = end + 1;
  }
  return labels >= 2;
}

std::string normalize_phone(std::string_view typed) {
  std::string phone;
  phone.reserve(typed.size());
  for (const char c : typed) {
    if (c == ' ' || c == '-' || c == '.' || c == '(' || c == ')') continue;
    phone.push_back(c);
  }
  return phone;
}

bool is_e164(std::string_view phone) {
  if (phone.size() < 8 || phone.size() > 16 || phone[0] != '+' || phone[1] < '1' || phone[1] > '9')
    return false;
  for (std::size_t i = 2; i < phone.size(); ++i) {
    if (!is_ascii_digit(phone[i])) return false;
  }
  return true;
}

Result<void> validate_patient(const PatientDetails& details, CalendarDate today) {
  std::vector<FieldError> errors;
  check_name("family_name", details.family_name, errors);
  check_name("given_name", details.given_name, errors);

  using std::chrono::year;
  if (!details.date_of_birth.ok()) {
    errors.push_back({"/date_of_birth", "must be a real calendar date (YYYY-MM-DD)"});
  } else if (details.date_of_birth > today) {
    errors.push_back({"/date_of_birth", "must not be in the future"});
  } else if (details.date_of_birth.year() < year{1900}) {
    errors.push_back({"/date_of_birth", "must be in 1900 or later"});
  }

  if (details.phone && !is_e164(*details.phone)) {
    errors.push_back(
        {"/phone", "must be an international number in E.164 form, e.g. +447700900123"});
  }
  if (details.email && !is_sendable_email(*details.email)) {
    errors.push_back({"/email", "must be an e-mail address such as name@example.org"});
  }
  if (!is_language_tag(details.preferred_language)) {
    errors.push_back({"/preferred_language", "must be a language tag such as en, tr or pt-BR"});
  }
  if (details.reminder_channel == ReminderChannel::kEmail && !details.email) {
    errors.push_back({"/reminder_channel", "e-mail reminders need an e-mail address"});
  }
  if (details.reminder_channel == ReminderChannel::kSms && !details.phone) {
    errors.push_back({"/reminder_channel", "SMS reminders need a phone number"});
  }
  if (!errors.empty()) return invalid(std::move(errors));
  return {};
}

std::string_view to_string(Sex sex) {
  for (const auto& [value, name] : kSexNames) {
    if (value == sex) return name;
  }
  return "unknown";
}

std::string_view to_string(ReminderChannel channel) {
  for (const auto& [value, name] : kChannelNames) {
    if (value == channel) return name;
  }
  return "none";
}

std::optional<Sex> parse_sex(std::string_view text) {
  for (const auto& [value, name] : kSexNames) {
    if (name == text) return value;
  }
  return std::nullopt;
}

std::optional<ReminderChannel> parse_reminder_channel(std::string_view text) {
  for (const auto& [value, name] : kChannelNames) {
    if (name == text) return value;
  }
  return std::nullopt;
}

}  // namespace mesoclinic::clinic
