// Clinics opened and changed, prices set per clinic, and the protocol a new course may use
// (practice/clinics.h), on SQLite and PostgreSQL alike.
#include "practice/clinics.h"

#include <gtest/gtest.h>

#include "practice/practice.h"
#include "practice_fixture.h"

namespace mesoclinic::testing {
namespace {

using practice::Refusal;
using practice::RefusalKind;

class ClinicsTest : public PracticeTest {
 protected:
  clinic::Clinic auckland() const {
    clinic::Clinic wanted;
    wanted.name = "Ponsonby Hair Clinic";
    wanted.time_zone = "Pacific/Auckland";
    wanted.currency = "NZD";
    wanted.default_language = "en";
    return wanted;
  }
  Result<practice::ClinicPrice> price_protocol(std::int64_t minor_units,
                                               const std::string& currency) {
    return write([&](store::Transaction& tx) {
      return practice::set_price(tx, clinic_, protocol_.id,
                                 {planning::Money{minor_units, currency}, std::nullopt},
                                 std::nullopt, today_);
    });
  }
};

TEST_P(ClinicsTest, AClinicOpensWithItsCreatorWorkingThereAndRefusesBadSettings) {
  auto opened = write([&](store::Transaction& tx) {
    return practice::open_clinic(tx, auckland(), practitioner_id_, today_);
  });
  ASSERT_TRUE(opened) << opened.error().message;
  EXPECT_EQ(opened->version, 1);
  EXPECT_EQ(opened->currency, "NZD");
  auto clinics = read([&](store::Transaction& tx) { return tx.user_clinic_ids(practitioner_id_); });
  ASSERT_TRUE(clinics);
  EXPECT_NE(std::find(clinics->begin(), clinics->end(), opened->id), clinics->end());

  clinic::Clinic bad = auckland();
  bad.time_zone = "Pacific/Atlantis";
  bad.currency = "XYZ";
  bad.default_language = "english";
  bad.name = "";
  auto refused = write(
      [&](store::Transaction& tx) { return practice::open_clinic(tx, bad, std::nullopt, today_); });
  ASSERT_FALSE(refused);
  std::vector<std::string> fields;
  for (const auto& field : refused.error().fields) fields.push_back(field.field);
  EXPECT_EQ(fields,
            (std::vector<std::string>{"/name", "/time_zone", "/currency", "/default_language"}));
}

TEST_P(ClinicsTest, TheZoneIsFixedWhileAppointmentsAreBookedAhead) {
  book_at(monday_at(0));
  book_at(monday_at(1));
  clinic::Clinic moved = clinic_;
  moved.time_zone = "Europe/London";
  auto decided = write(
      [&](store::Transaction& tx) { return practice::change_clinic(tx, clinic_, moved, today_); });
  ASSERT_TRUE(decided) << decided.error().message;
  ASSERT_TRUE(std::holds_alternative<Refusal>(*decided));
  EXPECT_EQ(std::get<Refusal>(*decided).kind, RefusalKind::kZoneInUse);
  EXPECT_EQ(std::get<Refusal>(*decided).future_appointments, 2);
  EXPECT_NE(std::get<Refusal>(*decided).detail.find("2 appointments"), std::string::npos);

  // Other settings change all the same, and after the appointments the zone does too.
  clinic::Clinic renamed = clinic_;
  renamed.name = "Nişantaşı Saç";
  auto changed = write([&](store::Transaction& tx) {
    return practice::change_clinic(tx, clinic_, renamed, today_);
  });
  ASSERT_TRUE(changed && std::holds_alternative<clinic::Clinic>(*changed));
  EXPECT_EQ(std::get<clinic::Clinic>(*changed).version, 2);
  auto later = write([&](store::Transaction& tx) {
    clinic::Clinic zone_only = std::get<clinic::Clinic>(*changed);
    zone_only.time_zone = "Europe/London";
    return practice::change_clinic(tx, std::get<clinic::Clinic>(*changed), zone_only,
                                   instant_of(monday_at(2)));
  });
  ASSERT_TRUE(later && std::holds_alternative<clinic::Clinic>(*later));
  EXPECT_EQ(std::get<clinic::Clinic>(*later).time_zone, "Europe/London");
}

TEST_P(ClinicsTest, ANewCourseUsesTheClinicsPriceInItsCurrency) {
  auto unpriced = write([&](store::Transaction& tx) {
    return practice::protocol_for_new_course(tx, clinic_.id, protocol_.id);
  });
  ASSERT_TRUE(unpriced);
  ASSERT_TRUE(std::holds_alternative<Refusal>(*unpriced));
  EXPECT_EQ(std::get<Refusal>(*unpriced).kind, RefusalKind::kProtocolNotPriced);

  EXPECT_EQ(price_protocol(12000, "USD").error().fields.at(0).field, "/price_per_session/currency");
  ASSERT_TRUE(price_protocol(12000, "EUR"));
  auto priced = write([&](store::Transaction& tx) {
    return practice::protocol_for_new_course(tx, clinic_.id, protocol_.id);
  });
  ASSERT_TRUE(priced && std::holds_alternative<planning::Protocol>(*priced));
  EXPECT_EQ(planning::estimate_cost(std::get<planning::Protocol>(*priced)),
            (planning::Money{72000, "EUR"}));
}

TEST_P(ClinicsTest, ARetiredProtocolIsRefusedForNewCourses) {
  ASSERT_TRUE(price_protocol(12000, "EUR"));
  ASSERT_TRUE(write([&](store::Transaction& tx) -> Result<void> {
    auto stored = tx.find_protocol(protocol_.id);
    if (!stored) return std::unexpected(stored.error());
    store::StoredProtocol retired = **stored;
    retired.retired_at = today_;
    retired.version = 2;
    return tx.update_protocol(retired, 1);
  }));
  auto refused = write([&](store::Transaction& tx) {
    return practice::protocol_for_new_course(tx, clinic_.id, protocol_.id);
  });
  ASSERT_TRUE(refused && std::holds_alternative<Refusal>(*refused));
  EXPECT_EQ(std::get<Refusal>(*refused).kind, RefusalKind::kProtocolRetired);
}

MESOCLINIC_ON_BOTH_ENGINES(ClinicsTest);

}  // namespace
}  // namespace mesoclinic::testing
