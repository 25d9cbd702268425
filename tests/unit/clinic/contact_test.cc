// A clinic's contact as printed on handouts: phone in E.164, an e-mail's shape, a short address.
#include <gtest/gtest.h>

#include "clinic/clinic.h"

namespace mesoclinic::clinic {
namespace {

std::vector<std::string> fields_of(const Result<ClinicContact>& checked) {
  std::vector<std::string> fields;
  if (!checked) {
    for (const auto& field : checked.error().fields) fields.push_back(field.field);
  }
  return fields;
}

TEST(ClinicContact, APhoneAsTypedIsStoredInE164) {
  const auto checked = check_clinic_contact(
      {"+90 (212) 555-01 23", "desk@moda.example.org", "Moda Cad. 1\nKadıköy, İstanbul"});
  ASSERT_TRUE(checked) << checked.error().message;
  EXPECT_EQ(checked->phone, "+902125550123");
  EXPECT_EQ(checked->address, "Moda Cad. 1\nKadıköy, İstanbul");
  EXPECT_TRUE(check_clinic_contact({}).has_value()) << "every part is optional";
}

TEST(ClinicContact, EachBrokenPartIsNamed) {
  EXPECT_EQ(fields_of(check_clinic_contact({"0212 555 01 23", "desk.example.org", "  \n "})),
            (std::vector<std::string>{"/phone", "/email", "/address"}));
  EXPECT_EQ(fields_of(check_clinic_contact({std::nullopt, std::nullopt, std::string(301, 'a')})),
            (std::vector<std::string>{"/address"}));
  EXPECT_TRUE(check_clinic_contact({std::nullopt, std::nullopt, std::string(300, 'a')}));
  // 300 letters of two bytes each: the limit counts characters, not bytes.
  std::string turkish;
  for (int i = 0; i < 300; ++i) turkish += "ş";
  EXPECT_TRUE(check_clinic_contact({std::nullopt, std::nullopt, turkish}));
  EXPECT_EQ(fields_of(check_clinic_contact({std::nullopt, std::nullopt, "Moda\x07 Cad."})),
            (std::vector<std::string>{"/address"}));
  EXPECT_EQ(fields_of(check_clinic_contact({std::nullopt, std::nullopt, "Moda \xff"})),
            (std::vector<std::string>{"/address"}));
  EXPECT_EQ(fields_of(check_clinic_contact({std::nullopt, "a b@example.org", std::nullopt})),
            (std::vector<std::string>{"/email"}));
}

}  // namespace
}  // namespace mesoclinic::clinic
