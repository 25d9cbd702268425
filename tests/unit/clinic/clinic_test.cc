// A clinic's own settings: a zone the tz database knows, a currency in use, a language tag; and
// why its zone is fixed while appointments are booked ahead in it.
#include "clinic/clinic.h"

#include <gtest/gtest.h>

namespace mesoclinic::clinic {
namespace {

Clinic auckland() {
  Clinic clinic;
  clinic.name = "Ponsonby Hair Clinic";
  clinic.time_zone = "Pacific/Auckland";
  clinic.currency = "NZD";
  clinic.default_language = "en";
  return clinic;
}

TEST(ClinicSettings, AZoneCurrencyAndLanguageMustBeReal) {
  EXPECT_TRUE(check_clinic(auckland()));
  Clinic bad = auckland();
  bad.name = "Two\nlines";
  bad.time_zone = "Pacific/Atlantis";
  bad.currency = "XYZ";
  bad.default_language = "english";
  const auto checked = check_clinic(bad);
  ASSERT_FALSE(checked);
  std::vector<std::string> fields;
  for (const auto& field : checked.error().fields) fields.push_back(field.field);
  EXPECT_EQ(fields,
            (std::vector<std::string>{"/name", "/time_zone", "/currency", "/default_language"}));
  bad = auckland();
  bad.name = std::string(201, 'a');
  EXPECT_FALSE(check_clinic(bad));
  bad.name = std::string(200, 'a');
  EXPECT_TRUE(check_clinic(bad));
}

TEST(ClinicSettings, TheZoneIsFixedOnlyWhileAppointmentsAreBookedAhead) {
  EXPECT_FALSE(why_zone_is_fixed(0));
  const auto one = why_zone_is_fixed(1);
  ASSERT_TRUE(one);
  EXPECT_NE(one->find("1 appointment still to come"), std::string::npos) << *one;
  EXPECT_NE(why_zone_is_fixed(12)->find("12 appointments"), std::string::npos);
}

}  // namespace
}  // namespace mesoclinic::clinic
