#include "clinic/consent.h"

#include <gtest/gtest.h>

namespace mesoclinic::clinic {
namespace {

using namespace std::chrono;

const Instant kGiven = sys_days{year{2026} / November / 2} + hours{10};
const Instant kNow = sys_days{year{2026} / December / 2} + hours{9};

Consent contact_consent() {
  Consent consent;
  consent.id = "c1";
  consent.patient_id = "p1";
  consent.kind = ConsentKind::kContact;
  consent.method = ConsentMethod::kVerbal;
  consent.given_at = kGiven;
  consent.recorded_at = kGiven;
  consent.recorded_by = "u1";
  return consent;
}

Withdrawal withdrawal_at(Instant at) { return {at, kNow, "u2", "by phone"}; }

TEST(Consent, HoldsFromWhenGivenUntilWithdrawn) {
  Consent consent = contact_consent();
  EXPECT_FALSE(in_force(consent, kGiven - seconds{1}));
  EXPECT_TRUE(in_force(consent, kGiven));
  EXPECT_TRUE(in_force(consent, kNow));
  consent.withdrawal = withdrawal_at(kNow - hours{24});
  EXPECT_TRUE(in_force(consent, kNow - hours{25}));
  EXPECT_FALSE(in_force(consent, kNow - hours{24}));
  EXPECT_FALSE(in_force(consent, kNow));
}

TEST(Consent, AnyConsentOfTheKindInForceCounts) {
  Consent withdrawn = contact_consent();
  withdrawn.withdrawal = withdrawal_at(kNow - hours{24});
  Consent photos = contact_consent();
  photos.kind = ConsentKind::kPhotos;
  EXPECT_FALSE(consented({withdrawn, photos}, ConsentKind::kContact, kNow));
  Consent given_again = contact_consent();
  given_again.given_at = kNow - hours{1};
  EXPECT_TRUE(consented({withdrawn, photos, given_again}, ConsentKind::kContact, kNow));
  EXPECT_FALSE(consented({}, ConsentKind::kContact, kNow));
}

TEST(Consent, AGuardianConsentsUntilTheEighteenthBirthday) {
  const CalendarDate born = year{2008} / December / 3;
  EXPECT_TRUE(needs_guardian(born, year{2026} / December / 2));
  EXPECT_FALSE(needs_guardian(born, year{2026} / December / 3));
  EXPECT_FALSE(needs_guardian(year{1980} / January / 1, year{2026} / December / 2));
}

TEST(Consent, AGuardianIsNamedExactlyWhenNeededAndNothingIsGivenAhead) {
  Consent consent = contact_consent();
  EXPECT_TRUE(validate_consent(consent, false, kNow));
  const auto missing = validate_consent(consent, true, kNow);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().fields.at(0).field, "/guardian");
  consent.guardian = Guardian{"Ali Kaya", "father"};
  EXPECT_TRUE(validate_consent(consent, true, kNow));
  const auto adult = validate_consent(consent, false, kNow);
  ASSERT_FALSE(adult);
  EXPECT_EQ(adult.error().fields.at(0).field, "/guardian");
  consent.given_at = kNow + minutes{5};
  const auto ahead = validate_consent(consent, true, kNow);
  ASSERT_FALSE(ahead);
  EXPECT_EQ(ahead.error().fields.at(0).field, "/given_at");
}

TEST(Consent, IsWithdrawnOnceBetweenItsGivingAndNow) {
  const Consent consent = contact_consent();
  const auto withdrawn = withdraw(consent, withdrawal_at(kNow - hours{2}), kNow);
  ASSERT_TRUE(withdrawn) << withdrawn.error().message;
  EXPECT_EQ(withdrawn->withdrawal->withdrawn_at, kNow - hours{2});
  EXPECT_EQ(withdrawn->withdrawal->note, "by phone");
  const auto twice = withdraw(*withdrawn, withdrawal_at(kNow), kNow);
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, ErrorCode::kConflict);
  const auto ahead = withdraw(consent, withdrawal_at(kNow + hours{1}), kNow);
  ASSERT_FALSE(ahead);
  EXPECT_EQ(ahead.error().fields.at(0).field, "/withdrawn_at");
  const auto before_given = withdraw(consent, withdrawal_at(kGiven - hours{1}), kNow);
  ASSERT_FALSE(before_given);
  EXPECT_EQ(before_given.error().fields.at(0).field, "/withdrawn_at");
}

TEST(Consent, NamesRoundTrip) {
  for (const auto kind : {ConsentKind::kTreatment, ConsentKind::kPhotos, ConsentKind::kContact}) {
    EXPECT_EQ(parse_consent_kind(to_string(kind)), kind);
  }
  for (const auto method : {ConsentMethod::kSignedForm, ConsentMethod::kElectronicSignature,
                            ConsentMethod::kVerbal, ConsentMethod::kBeforeConsentRecords}) {
    EXPECT_EQ(parse_consent_method(to_string(method)), method);
  }
  EXPECT_FALSE(parse_consent_kind("marketing"));
}

}  // namespace
}  // namespace mesoclinic::clinic
