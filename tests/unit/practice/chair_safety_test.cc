// Safety at the chair (issue 13) on both engines: a signature re-checks every lot against the
// patient's allergies as recorded now and the standing decision for its formulation, in the
// signature's own transaction; a refusal changes nothing, an override reason is kept with the
// chart. A single appointment needs a favourable decision as a course does.
#include <gtest/gtest.h>

#include "core/ids.h"
#include "documents/chart_json.h"
#include "documents/clinical_json.h"
#include "practice_fixture.h"

namespace mesoclinic::testing {
namespace {

using std::chrono::minutes;

class ChairSafetyTest : public PracticeTest {
 protected:
  void SetUp() override {
    PracticeTest::SetUp();
    if (HasFatalFailure()) return;
    appointment_ = book_at(monday_at());
    chair_time_ = appointment_.starts_at + minutes{20};
  }

  Result<practice::Signature> sign(std::optional<std::string> override_reason = std::nullopt) {
    return write([&](store::Transaction& tx) {
      return practice::sign_chart(tx, appointment_, patient_, override_reason, practitioner_id_,
                                  chair_time_);
    });
  }

  // A new version of the medical history that records `allergies`.
  void record_allergies(std::vector<std::string> allergies, std::int64_t version = 1) {
    clinic::MedicalHistory history;
    history.allergies = std::move(allergies);
    ASSERT_TRUE(write([&](store::Transaction& tx) {
      return tx.insert_clinical_record({patient_.id, "medical_history", version, today_,
                                        practitioner_id_, documents::to_json(history).dump()});
    }));
  }

  void save_draft(int vials) {
    ASSERT_TRUE(write([&](store::Transaction& tx) {
      return practice::save_draft_chart(tx, appointment_, patient_, chart_with(vials),
                                        practitioner_id_, chair_time_);
    }));
  }

  std::optional<store::StoredChart> stored_chart() {
    auto chart = read([&](store::Transaction& tx) { return tx.find_chart(appointment_.id, {}); });
    EXPECT_TRUE(chart);
    return chart ? *chart : std::nullopt;
  }

  store::AppointmentStatus stored_status() {
    auto found = read([&](store::Transaction& tx) { return tx.find_appointment(appointment_.id); });
    EXPECT_TRUE(found && *found);
    return found && *found ? (*found)->status : store::AppointmentStatus::kCancelled;
  }

  // Everything a signature would have changed is as it was before it.
  void expect_nothing_signed(const store::StoredChart& draft) {
    EXPECT_EQ(lot_quantity(), 20);
    const auto chart = stored_chart();
    ASSERT_TRUE(chart);
    EXPECT_FALSE(chart->signed_at);
    EXPECT_EQ(chart->body, draft.body);
    EXPECT_EQ(stored_status(), store::AppointmentStatus::kBooked);
    auto recipients = read([&](store::Transaction& tx) { return tx.list_lot_recipients(lot_.id); });
    ASSERT_TRUE(recipients);
    EXPECT_TRUE(recipients->empty());
    auto plan =
        read([&](store::Transaction& tx) { return tx.find_aftercare_plan(appointment_.id); });
    ASSERT_TRUE(plan);
    EXPECT_FALSE(*plan);
  }

  store::Appointment appointment_;
  Instant chair_time_{};
};

// The issue's "done" test: the patient became allergic to biotin after the decision.
TEST_P(ChairSafetyTest, ANewAllergyRefusesTheSignatureUntilAnOverrideReasonIsKept) {
  record_allergies({"penicillin", "Biotin"});
  save_draft(2);
  const auto draft = stored_chart();
  ASSERT_TRUE(draft);

  auto refused = sign();
  ASSERT_TRUE(refused) << refused.error().message;
  ASSERT_TRUE(std::holds_alternative<practice::RefusedAtChair>(*refused));
  const auto& conflicts = std::get<practice::RefusedAtChair>(*refused).conflicts;
  ASSERT_EQ(conflicts.size(), 1u);
  EXPECT_EQ(conflicts[0].rule, clinic::ChairRule::kAllergy);
  EXPECT_EQ(conflicts[0].ingredient, "biotin");
  EXPECT_EQ(conflicts[0].lot_id, lot_.id);
  EXPECT_EQ(conflicts[0].lot_number, "L240017");
  EXPECT_EQ(conflicts[0].formulation_id, protocol_.formulation_id);
  expect_nothing_signed(*draft);

  const std::string reason = "Allergist confirmed on 2026-11-30 that the reaction was not biotin.";
  auto signature = sign(reason);
  ASSERT_TRUE(signature) << signature.error().message;
  ASSERT_TRUE(std::holds_alternative<practice::SignedSession>(*signature));
  EXPECT_EQ(lot_quantity(), 18);
  EXPECT_EQ(stored_status(), store::AppointmentStatus::kAttended);
  const auto chart = stored_chart();
  ASSERT_TRUE(chart);
  EXPECT_EQ(chart->signed_at, chair_time_);
  const auto document = documents::Json::parse(chart->body);
  EXPECT_EQ(document["override"]["reason"], reason);
  EXPECT_EQ(document["override"]["conflicts"][0]["rule"], "allergy_to_ingredient");
  EXPECT_EQ(document["override"]["conflicts"][0]["ingredient"], "biotin");
  EXPECT_EQ(std::get<practice::SignedSession>(*signature).chart.body, chart->body);
  // The chart itself still reads as charted.
  auto read_back = documents::chart_from_document(chart->body);
  ASSERT_TRUE(read_back) << read_back.error().message;
  EXPECT_EQ(read_back->lots[0].vials, 2);
}

TEST_P(ChairSafetyTest, AnOverrideWithNothingToOverrideIsRefusedAndChangesNothing) {
  save_draft(2);
  const auto draft = stored_chart();
  ASSERT_TRUE(draft);
  auto signature = sign("just in case");
  ASSERT_FALSE(signature);
  EXPECT_EQ(signature.error().code, ErrorCode::kInvalidInput);
  ASSERT_EQ(signature.error().fields.size(), 1u);
  EXPECT_EQ(signature.error().fields[0].field, "/override_reason");
  expect_nothing_signed(*draft);
  // Without the reason it is signed, and keeps no override.
  auto plain = sign();
  ASSERT_TRUE(plain) << plain.error().message;
  ASSERT_TRUE(std::holds_alternative<practice::SignedSession>(*plain));
  EXPECT_FALSE(documents::Json::parse(stored_chart()->body).contains("override"));
}

TEST_P(ChairSafetyTest, AStandingDecisionAgainstTheFormulationRefusesTheSignature) {
  save_draft(1);
  const auto draft = stored_chart();
  ASSERT_TRUE(draft);
  const std::string decision = R"({"outcome": "not_with_this_formulation", "formulation_id": ")" +
                               protocol_.formulation_id + R"(", "rule_set": {"version": 1}})";
  ASSERT_TRUE(write([&](store::Transaction& tx) {
    return tx.insert_decision({new_id(), patient_.id, today_, practitioner_id_, 1, decision});
  }));
  auto refused = sign();
  ASSERT_TRUE(refused) << refused.error().message;
  ASSERT_TRUE(std::holds_alternative<practice::RefusedAtChair>(*refused));
  const auto& conflicts = std::get<practice::RefusedAtChair>(*refused).conflicts;
  ASSERT_EQ(conflicts.size(), 1u);
  EXPECT_EQ(conflicts[0].rule, clinic::ChairRule::kUnfavourableDecision);
  EXPECT_EQ(conflicts[0].decision, clinic::Outcome::kNotWithThisFormulation);
  expect_nothing_signed(*draft);
}

using SingleBookingTest = PracticeTest;

TEST_P(SingleBookingTest, NeedsAFavourableDecisionOnTheHistoryAsItIsNow) {
  const auto book = [&](const clinic::Patient& patient, int day) {
    return write([&](store::Transaction& tx) {
      return practice::book(tx, patient, {practitioner_id_, start_at(monday_at(day)), minutes{30}},
                            today_);
    });
  };
  const auto missing = [](const Result<practice::Booking>& booking) {
    EXPECT_TRUE(booking) << booking.error().message;
    const auto* refused = booking ? std::get_if<practice::DecisionMissing>(&*booking) : nullptr;
    return refused ? std::optional(refused->missing) : std::nullopt;
  };
  const auto count = [&](const std::string& patient_id) {
    auto listed =
        read([&](store::Transaction& tx) { return tx.list_patient_appointments(patient_id); });
    return listed ? listed->size() : 999u;
  };

  clinic::Patient undecided = patient_;
  undecided.id = new_id();
  ASSERT_TRUE(write([&](store::Transaction& tx) { return tx.insert_patient(undecided); }));
  EXPECT_EQ(missing(book(undecided, 0)), clinic::MissingDecision::kSuitabilityDecision);
  EXPECT_EQ(count(undecided.id), 0u);

  // The fixture's patient was decided suitable: booked. A new history makes that decision old.
  EXPECT_EQ(missing(book(patient_, 0)), std::nullopt);
  clinic::MedicalHistory history;
  history.pregnant_or_breastfeeding = true;
  ASSERT_TRUE(write([&](store::Transaction& tx) {
    return tx.insert_clinical_record({patient_.id, "medical_history", 1, today_, practitioner_id_,
                                      documents::to_json(history).dump()});
  }));
  EXPECT_EQ(missing(book(patient_, 1)), clinic::MissingDecision::kCurrentDecision);
  EXPECT_EQ(count(patient_.id), 1u);
}

INSTANTIATE_TEST_SUITE_P(Engines, ChairSafetyTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         engine_name);
INSTANTIATE_TEST_SUITE_P(Engines, SingleBookingTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         engine_name);

}  // namespace
}  // namespace mesoclinic::testing
