#include "clinic/patient.h"

#include <gtest/gtest.h>

namespace mesoclinic::clinic {
namespace {

using namespace std::chrono;

constexpr CalendarDate kToday{year{2026} / November / 24};

PatientDetails valid_patient() {
  PatientDetails p;
  p.family_name = "Yılmaz";
  p.given_name = "Ayşe";
  p.date_of_birth = year{1988} / March / 14;
  p.sex = Sex::kFemale;
  p.phone = "+905321234567";
  p.email = "ayse@example.org";
  p.preferred_language = "tr";
  p.reminder_channel = ReminderChannel::kSms;
  return p;
}

std::vector<std::string> bad_fields(const PatientDetails& p) {
  auto result = validate_patient(p, kToday);
  std::vector<std::string> fields;
  if (!result) {
    for (const auto& f : result.error().fields) fields.push_back(f.field);
  }
  return fields;
}

TEST(PatientRules, AcceptsACompleteIntake) {
  EXPECT_TRUE(validate_patient(valid_patient(), kToday).has_value());
}

TEST(PatientRules, RequiresNames) {
  auto p = valid_patient();
  p.family_name = "   ";
  p.given_name = "";
  EXPECT_EQ(bad_fields(p), (std::vector<std::string>{"/family_name", "/given_name"}));
}

TEST(PatientRules, RefusesControlCharactersAndOverlongNames) {
  auto p = valid_patient();
  p.family_name = "Smith\nDROP";
  p.given_name = std::string(101, 'a');
  EXPECT_EQ(bad_fields(p), (std::vector<std::string>{"/family_name", "/given_name"}));
  p.given_name = std::string(100, 'a');
  EXPECT_EQ(bad_fields(p), (std::vector<std::string>{"/family_name"}));
}

TEST(PatientRules, RefusesBirthInTheFutureOrBefore1900) {
  auto p = valid_patient();
  p.date_of_birth = year{2026} / November / 25;
  EXPECT_EQ(bad_fields(p), (std::vector<std::string>{"/date_of_birth"}));
  p.date_of_birth = kToday;
  EXPECT_TRUE(bad_fields(p).empty());
  p.date_of_birth = year{1899} / December / 31;
  EXPECT_EQ(bad_fields(p), (std::vector<std::string>{"/date_of_birth"}));
}

TEST(PatientRules, PhoneMustBeE164) {
  EXPECT_TRUE(is_e164("+447700900123"));
  EXPECT_FALSE(is_e164("07700900123"));
  EXPECT_FALSE(is_e164("+0447700900"));
  EXPECT_FALSE(is_e164("+44 7700 900123"));
  EXPECT_FALSE(is_e164("+1234567890123456"));
  EXPECT_EQ(normalize_phone("+44 (0)7700-900.123"), "+4407700900123");
  auto p = valid_patient();
  p.phone = "0532 123 45 67";
  EXPECT_EQ(bad_fields(p), (std::vector<std::string>{"/phone"}));
}

TEST(PatientRules, ReminderChannelNeedsMatchingContact) {
  auto p = valid_patient();
  p.phone.reset();
  EXPECT_EQ(bad_fields(p), (std::vector<std::string>{"/reminder_channel"}));
  p.reminder_channel = ReminderChannel::kEmail;
  EXPECT_TRUE(bad_fields(p).empty());
  p.email.reset();
  EXPECT_EQ(bad_fields(p), (std::vector<std::string>{"/reminder_channel"}));
  p.reminder_channel = ReminderChannel::kNone;
  EXPECT_TRUE(bad_fields(p).empty());
}

TEST(PatientRules, ChecksEmailAndLanguageShape) {
  auto p = valid_patient();
  p.email = "not-an-address";
  p.preferred_language = "turkish";
  EXPECT_EQ(bad_fields(p), (std::vector<std::string>{"/email", "/preferred_language"}));
  p.email = "a@b.co";
  for (const char* tag : {"en", "tr", "pt-BR", "zh-Hant-TW", "es-419"}) {
    p.preferred_language = tag;
    EXPECT_TRUE(bad_fields(p).empty()) << tag;
  }
}

// Intake accepts exactly the addresses the e-mail sender can deliver to (one shared check).
TEST(PatientRules, AcceptsOnlyAddressesTheMailerCanSendTo) {
  for (const char* address : {"a@b.co", "o'neil+tag@mail.example.com.tr", "x_y.z@xn--kdk-xoa.org",
                              "A!#$%&*/=?^`{|}~-@example.org"}) {
    EXPECT_TRUE(is_sendable_email(address)) << address;
  }
  for (const char* address :
       {"a,bcc:b@example.com", "x>y@example.com", "<a@example.com>", "a b@example.com",
        "\"a\"@example.com", "a@example", ".a@example.com", "a.@example.com", "a..b@example.com",
        "a@-example.com", "a@example-.com", "a@exa_mple.com", "a@example..com", "a@@example.com",
        "ayşe@example.com", "a@kadıköy.org", "a@example.com\r\nBcc: b@example.com", "@example.com",
        ""}) {
    EXPECT_FALSE(is_sendable_email(address)) << address;
  }
  EXPECT_FALSE(is_sendable_email(std::string(65, 'a') + "@example.com")) << "local part over 64";
}

TEST(PatientRules, EnumNamesRoundTrip) {
  for (Sex s : {Sex::kFemale, Sex::kMale, Sex::kOther, Sex::kUnknown}) {
    EXPECT_EQ(parse_sex(to_string(s)), s);
  }
  for (auto c : {ReminderChannel::kEmail, ReminderChannel::kSms, ReminderChannel::kNone}) {
    EXPECT_EQ(parse_reminder_channel(to_string(c)), c);
  }
  EXPECT_FALSE(parse_sex("F").has_value());
}

}  // namespace
}  // namespace mesoclinic::clinic
