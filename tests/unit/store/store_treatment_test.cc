// The Treatment door (store/treatment.h), run against SQLite and PostgreSQL alike.
#include <gtest/gtest.h>

#include "core/ids.h"
#include "store/store.h"
#include "store_fixture.h"

namespace mesoclinic::testing {
namespace {

using store::Transaction;

class StoreTreatmentTest : public StoreTest {};

TEST_P(StoreTreatmentTest, FormulationsKeepTheirIngredientsInOrderAndUniqueNames) {
  const auto zinc = add_formulation("Zinc mix");
  const auto biotin = add_formulation("Biotin mix");
  auto twin = biotin;
  twin.id = new_id();
  auto taken = write([&](Transaction& tx) { return tx.insert_formulation(twin); });
  ASSERT_FALSE(taken);
  EXPECT_EQ(taken.error().code, ErrorCode::kNameTaken);
  auto found = read([&](Transaction& tx) { return tx.find_formulation(zinc.id); });
  ASSERT_TRUE(found && *found);
  EXPECT_EQ(**found, zinc);
  auto all =
      read([&](Transaction& tx) { return tx.list_formulations(clinic::Retired::kIncluded); });
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0], biotin);
  EXPECT_FALSE(read([&](Transaction& tx) { return tx.find_formulation(new_id()); }).value());
}

// A formulation is renamed and retired, never changed clinically: its ingredients stay as they
// were, lists leave it out once retired, and a stale version is refused.
TEST_P(StoreTreatmentTest, FormulationsAreRenamedAndRetiredAtTheVersionTheCallerRead) {
  const auto biotin = add_formulation("Biotin mix");
  const auto zinc = add_formulation("Zinc mix");
  clinic::Formulation retired = biotin;
  retired.name = "Biotin mix (old)";
  retired.ingredients = {{"zinc", 1, "mg"}};  // ignored: ingredients never change
  retired.lifecycle = {.version = 2, .retired_at = at_minutes(5)};
  ASSERT_TRUE(write([&](Transaction& tx) { return tx.update_formulation(retired, 1); }));
  auto found = read([&](Transaction& tx) { return tx.find_formulation(biotin.id); });
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->name, "Biotin mix (old)");
  EXPECT_EQ((*found)->ingredients, biotin.ingredients);
  EXPECT_EQ((*found)->lifecycle.version, 2);
  EXPECT_EQ((*found)->lifecycle.retired_at, at_minutes(5));

  auto in_service =
      read([&](Transaction& tx) { return tx.list_formulations(clinic::Retired::kLeftOut); });
  ASSERT_TRUE(in_service);
  ASSERT_EQ(in_service->size(), 1u);
  EXPECT_EQ(in_service->front().id, zinc.id);
  EXPECT_EQ(read([&](Transaction& tx) {
              return tx.list_formulations(clinic::Retired::kIncluded);
            })->size(),
            2u);

  auto stale = write([&](Transaction& tx) { return tx.update_formulation(retired, 1); });
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, ErrorCode::kPreconditionFailed);
  clinic::Formulation clash = zinc;
  clash.name = "Biotin mix (old)";
  clash.lifecycle.version = 2;
  auto taken = write([&](Transaction& tx) { return tx.update_formulation(clash, 1); });
  ASSERT_FALSE(taken);
  EXPECT_EQ(taken.error().code, ErrorCode::kNameTaken);
  clinic::Formulation missing = zinc;
  missing.id = new_id();
  missing.name = "Nobody";
  auto none = write([&](Transaction& tx) { return tx.update_formulation(missing, 1); });
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, ErrorCode::kNotFound);
}

TEST_P(StoreTreatmentTest, TheHighestRuleSetIsInForceAndListsLeaveSourcesOut) {
  for (std::int64_t version : {1, 2}) {
    ASSERT_TRUE(write([&](Transaction& tx) {
      return tx.insert_rule_set({version, "rules v" + std::to_string(version),
                                 "source " + std::to_string(version), at_minutes(0), "system"});
    }));
  }
  auto twice = write([&](Transaction& tx) {
    return tx.insert_rule_set({2, "late", "other", now(), "admin"});
  });
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, ErrorCode::kConflict);
  auto in_force = read([&](Transaction& tx) { return tx.find_rule_set(std::nullopt); });
  ASSERT_TRUE(in_force && *in_force);
  EXPECT_EQ((*in_force)->version, 2);
  EXPECT_EQ((*in_force)->source, "source 2");
  auto first = read([&](Transaction& tx) { return tx.find_rule_set(1); });
  ASSERT_TRUE(first && *first);
  EXPECT_EQ((*first)->name, "rules v1");
  EXPECT_EQ((*first)->loaded_at, at_minutes(0));
  EXPECT_FALSE(read([&](Transaction& tx) { return tx.find_rule_set(9); }).value());
  auto listed = read([&](Transaction& tx) { return tx.list_rule_sets(); });
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].version, 2);
  EXPECT_EQ((*listed)[1].loaded_by, "system");
  EXPECT_TRUE((*listed)[0].source.empty());
}

TEST_P(StoreTreatmentTest, AProtocolIsEditedAndRetiredAtTheVersionItWasReadAt) {
  const auto a = add_protocol("A protocol");
  const auto b = add_protocol("B protocol");
  auto edited = a;
  edited.name = "A protocol, fortnightly";
  edited.body = "{\"sessions\":8}";
  edited.version = 2;
  edited.updated_at = at_minutes(3);
  ASSERT_TRUE(write([&](Transaction& tx) { return tx.update_protocol(edited, 1); }));
  EXPECT_EQ(write([&](Transaction& tx) { return tx.update_protocol(edited, 1); }).error().code,
            ErrorCode::kPreconditionFailed);
  auto taken = b;
  taken.name = edited.name;
  taken.version = 2;
  EXPECT_EQ(write([&](Transaction& tx) { return tx.update_protocol(taken, 1); }).error().code,
            ErrorCode::kNameTaken);
  auto retired = edited;
  retired.version = 3;
  retired.retired_at = at_minutes(4);
  ASSERT_TRUE(write([&](Transaction& tx) { return tx.update_protocol(retired, 2); }));
  auto found = read([&](Transaction& tx) { return tx.find_protocol(a.id); });
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->name, "A protocol, fortnightly");
  EXPECT_EQ((*found)->body, "{\"sessions\":8}");
  EXPECT_EQ((*found)->version, 3);
  EXPECT_EQ((*found)->created_at, a.created_at);
  EXPECT_EQ((*found)->retired_at, at_minutes(4));
  auto unknown = a;
  unknown.id = new_id();
  unknown.name = "Unknown";
  EXPECT_EQ(write([&](Transaction& tx) { return tx.update_protocol(unknown, 1); }).error().code,
            ErrorCode::kNotFound);
}

TEST_P(StoreTreatmentTest, ProtocolsNeedAFormulationAndAFreeName) {
  const auto b = add_protocol("B protocol");
  const auto a = add_protocol("A protocol");
  auto twin = a;
  twin.id = new_id();
  EXPECT_EQ(write([&](Transaction& tx) { return tx.insert_protocol(twin); }).error().code,
            ErrorCode::kNameTaken);
  auto orphan = a;
  orphan.id = new_id();
  orphan.name = "Orphan";
  orphan.formulation_id = new_id();
  EXPECT_EQ(write([&](Transaction& tx) { return tx.insert_protocol(orphan); }).error().code,
            ErrorCode::kInvalidInput);
  auto found = read([&](Transaction& tx) { return tx.find_protocol(b.id); });
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->body, b.body);
  EXPECT_EQ((*found)->formulation_id, b.formulation_id);
  auto listed = read([&](Transaction& tx) { return tx.list_protocols(); });
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].id, a.id);
  EXPECT_FALSE(read([&](Transaction& tx) { return tx.find_protocol(new_id()); }).value());
}

TEST_P(StoreTreatmentTest, APatientsCoursesAreListedOldestFirst) {
  const auto patient = add_patient("Doe", "Jane");
  const auto later = add_course(patient, at_minutes(30));
  const auto earlier = add_course(patient, at_minutes(10));
  auto found = read([&](Transaction& tx) { return tx.find_course(later.id); });
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->protocol_id, later.protocol_id);
  EXPECT_EQ((*found)->created_at, at_minutes(30));
  auto listed = read([&](Transaction& tx) { return tx.list_courses(patient.id); });
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].id, earlier.id);
  EXPECT_EQ((*listed)[1].id, later.id);
  EXPECT_FALSE(read([&](Transaction& tx) { return tx.find_course(new_id()); }).value());
}

TEST_P(StoreTreatmentTest, SignedChartsNeverChangeAndCorrectionsAreNewVersions) {
  const auto patient = add_patient("Doe", "Jane");
  const auto appointment = add_appointment(patient, at_minutes(0));
  store::StoredChart draft{
      appointment.id, 1, patient.id, "{\"draft\":1}", at_minutes(50), "dr", {}, "", "", 0};
  ASSERT_TRUE(write([&](Transaction& tx) { return tx.insert_chart(draft); }));
  EXPECT_EQ(write([&](Transaction& tx) { return tx.insert_chart(draft); }).error().code,
            ErrorCode::kConflict);
  draft.body = "{\"draft\":2}";
  const Instant first_saved = draft.recorded_at;
  draft.recorded_at = at_minutes(52);
  ASSERT_TRUE(write([&](Transaction& tx) { return tx.replace_draft_chart(draft, first_saved); }));
  // A save made from the first draft after the second was saved changes nothing.
  auto late = draft;
  late.body = "{\"late\":1}";
  EXPECT_EQ(write([&](Transaction& tx) { return tx.replace_draft_chart(late, first_saved); })
                .error()
                .code,
            ErrorCode::kPreconditionFailed);
  const auto sign = [&](std::int64_t version, const std::string& by) {
    return write([&](Transaction& tx) {
      return tx.sign_chart(appointment.id, version, at_minutes(55), by);
    });
  };
  ASSERT_TRUE(sign(1, "dr.kaya"));
  EXPECT_EQ(sign(1, "dr.other").error().code, ErrorCode::kChartSigned) << "only one signature";
  draft.body = "{\"tampered\":true}";
  EXPECT_EQ(write([&](Transaction& tx) { return tx.replace_draft_chart(draft, draft.recorded_at); })
                .error()
                .code,
            ErrorCode::kChartSigned);
  const store::StoredChart correction{appointment.id, 2,    patient.id, "{\"fixed\":1}",
                                      at_minutes(60), "dr", {},         "",
                                      "wrong depth",  1};
  ASSERT_TRUE(write([&](Transaction& tx) { return tx.insert_chart(correction); }));

  auto signed_one = read([&](Transaction& tx) { return tx.find_chart(appointment.id, 1); });
  ASSERT_TRUE(signed_one && *signed_one);
  EXPECT_EQ((*signed_one)->body, "{\"draft\":2}");
  EXPECT_EQ((*signed_one)->signed_at, std::optional(at_minutes(55)));
  EXPECT_EQ((*signed_one)->signed_by, "dr.kaya");
  auto latest = read([&](Transaction& tx) { return tx.find_chart(appointment.id, std::nullopt); });
  ASSERT_TRUE(latest && *latest);
  EXPECT_EQ((*latest)->version, 2);
  EXPECT_EQ((*latest)->correction_reason, "wrong depth");
  EXPECT_EQ((*latest)->adverse_events, 1) << "kept beside the body for the analytics";
  EXPECT_FALSE((*latest)->signed_at.has_value());
  EXPECT_TRUE((*latest)->signed_by.empty());
  EXPECT_EQ((*latest)->recorded_at, at_minutes(60));
  EXPECT_FALSE(
      read([&](Transaction& tx) { return tx.find_chart(new_id(), std::nullopt); }).value());
}

TEST_P(StoreTreatmentTest, AnAftercarePlanIsReplacedWhenIssuedAgain) {
  const auto patient = add_patient("Doe", "Jane");
  const auto appointment = add_appointment(patient, at_minutes(0));
  EXPECT_FALSE(
      read([&](Transaction& tx) { return tx.find_aftercare_plan(appointment.id); }).value());
  for (const std::string body : {"{\"plan\":1}", "{\"plan\":2}"}) {
    ASSERT_TRUE(write([&](Transaction& tx) {
      return tx.save_aftercare_plan(appointment.id, patient.id, body, now());
    }));
  }
  auto plan = read([&](Transaction& tx) { return tx.find_aftercare_plan(appointment.id); });
  ASSERT_TRUE(plan);
  EXPECT_EQ(*plan, std::optional<std::string>("{\"plan\":2}"));
}

MESOCLINIC_ON_BOTH_ENGINES(StoreTreatmentTest);

}  // namespace
}  // namespace mesoclinic::testing
