// Patients as the clinic registers them at intake (DOMAIN.md, step 1): who they are, how to
// reach them, and how they want to be reminded. Pure values and rules; no storage, no JSON.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "core/time.h"

namespace mesoclinic::clinic {

// Sex as recorded for clinical purposes (pattern scales differ for male and female loss).
enum class Sex { kFemale, kMale, kOther, kUnknown };

// True for BCP 47 in the shape clinics use: a 2-3 letter language, optionally a 4-letter script
// and/or a 2-letter or 3-digit region ("en", "tr", "pt-BR", "zh-Hant-TW", "es-419").
bool is_language_tag(std::string_view tag);

// How the patient wants appointment and aftercare reminders.
enum class ReminderChannel { kEmail, kSms, kNone };

// What a receptionist or practitioner types in; everything else about a patient is managed by
// the system.
struct PatientDetails {
  std::string family_name;
  std::string given_name;
  CalendarDate date_of_birth{};
  Sex sex = Sex::kUnknown;
  std::optional<std::string> phone;  // E.164, e.g. "+447700900123"
  std::optional<std::string> email;
  std::string preferred_language = "en";  // BCP 47 tag, e.g. "en", "tr", "pt-BR"
  ReminderChannel reminder_channel = ReminderChannel::kNone;
  friend bool operator==(const PatientDetails&, const PatientDetails&) = default;
};

struct Patient {
  std::string id;
  std::string clinic_id;
  PatientDetails details;
  Instant created_at{};
  Instant updated_at{};
  std::int64_t version = 1;  // starts at 1, +1 on every change; the ETag is built from it
  friend bool operator==(const Patient&, const Patient&) = default;
};

inline constexpr std::size_t kMaxNameLength = 100;  // code points
inline constexpr std::size_t kMaxEmailLength = 254;

// Checks intake rules and returns every broken one as a field error (JSON pointers such as
// "/phone"). `today` is the clinic's current date, used to refuse births in the future.
// A patient who wants e-mail reminders must have an e-mail address, and SMS needs a phone.
Result<void> validate_patient(const PatientDetails& details, CalendarDate today);

// Removes the spaces, dashes, dots and brackets people type inside phone numbers; the result
// is valid E.164 only if validate_patient accepts it.
std::string normalize_phone(std::string_view typed);

// True for E.164: "+", a non-zero digit, then 6 to 14 more digits.
bool is_e164(std::string_view phone);

// True for an address the e-mail sender (notify/smtp.cc) can deliver to, and only then: the
// one check of an e-mail address, shared by intake, the clinic's contact and the sender, so
// an address that registration accepts never fails at the first reminder. RFC 5321's
// "dot-atom@domain" in ASCII: a local part of 1 to 64 letters, digits and !#$%&'*+-/=?^_`{|}~
// in dot-separated runs; a domain of two or more dot-separated labels of letters, digits and
// inner hyphens (internationalised domains in their xn-- form); 254 characters at most.
bool is_sendable_email(std::string_view email);

// Whole years of age on `on` of someone born on `born` (a birthday counts from its day).
int age_in_years(CalendarDate born, CalendarDate on);

// Names of enum values as they appear in the API and the database ("female", "sms", ...).
std::string_view to_string(Sex sex);
std::string_view to_string(ReminderChannel channel);
std::optional<Sex> parse_sex(std::string_view text);
std::optional<ReminderChannel> parse_reminder_channel(std::string_view text);

}  // namespace mesoclinic::clinic
