// The PatientRecords door (store/patient_records.h), run against SQLite and PostgreSQL alike.
#include <gtest/gtest.h>

#include <algorithm>

#include "core/ids.h"
#include "core/text.h"
#include "store/store.h"
#include "store_fixture.h"

namespace mesoclinic::testing {
namespace {

using store::Transaction;

class StorePatientsTest : public StoreTest {};

TEST_P(StorePatientsTest, APatientNeedsAnExistingClinicAndAFreshId) {
  auto orphan = make_patient(new_id(), "Doe", "Jane");
  auto refused = write([&](store::Transaction& tx) { return tx.insert_patient(orphan); });
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidInput);
  ASSERT_EQ(refused.error().fields.size(), 1u);
  EXPECT_EQ(refused.error().fields[0].field, "/clinic_id");

  const auto patient = make_patient(clinic_.id, "Doe", "Jane");
  insert(patient);
  auto duplicate = write([&](store::Transaction& tx) { return tx.insert_patient(patient); });
  ASSERT_FALSE(duplicate);
  EXPECT_EQ(duplicate.error().code, ErrorCode::kConflict);
}

TEST_P(StorePatientsTest, UpdatesNeedTheCurrentVersion) {
  auto patient = make_patient(clinic_.id, "Doe", "Jane");
  insert(patient);
  auto changed = patient;
  changed.details.given_name = "Janet";
  changed.details.phone.reset();
  changed.version = 2;
  ASSERT_TRUE(write([&](store::Transaction& tx) { return tx.update_patient(changed, 1); }));

  auto stale = patient;
  stale.details.given_name = "Joan";
  stale.version = 2;
  auto refused = write([&](store::Transaction& tx) { return tx.update_patient(stale, 1); });
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kPreconditionFailed);

  auto found = read([&](store::Transaction& tx) { return tx.find_patient(patient.id); });
  ASSERT_TRUE(found && *found);
  EXPECT_EQ(**found, changed);

  auto unknown = make_patient(clinic_.id, "Nobody", "Here");
  auto missing = write([&](store::Transaction& tx) { return tx.update_patient(unknown, 1); });
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST_P(StorePatientsTest, SoftDeletedPatientsDisappearFromReadsAndLists) {
  const auto patient = make_patient(clinic_.id, "Doe", "Jane");
  insert(patient);
  auto stale =
      write([&](store::Transaction& tx) { return tx.soft_delete_patient(patient.id, 7, now()); });
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, ErrorCode::kPreconditionFailed);
  ASSERT_TRUE(
      write([&](store::Transaction& tx) { return tx.soft_delete_patient(patient.id, 1, now()); }));
  auto found = read([&](store::Transaction& tx) { return tx.find_patient(patient.id); });
  ASSERT_TRUE(found);
  EXPECT_FALSE(found->has_value());
  EXPECT_TRUE(family_names({}).empty());
  auto count = read([&](store::Transaction& tx) { return tx.count_patients(); });
  EXPECT_EQ(count.value(), 0);
  auto again =
      write([&](store::Transaction& tx) { return tx.soft_delete_patient(patient.id, 2, now()); });
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kNotFound);
}

TEST_P(StorePatientsTest, NameSearchIsAPrefixOfFoldedFamilyOrGivenName) {
  insert(make_patient(clinic_.id, "Yılmaz", "Ayşe"));
  insert(make_patient(clinic_.id, "Yılmazer", "Mehmet"));
  insert(make_patient(clinic_.id, "Öztürk", "Zeynep"));
  insert(make_patient(clinic_.id, "Smith", "Ayla"));
  store::PatientQuery query;
  query.name_prefix = fold_for_search("YILMAZ");
  EXPECT_EQ(family_names(query), (std::vector<std::string>{"Yılmaz", "Yılmazer"}));
  query.name_prefix = fold_for_search("oz");
  EXPECT_EQ(family_names(query), (std::vector<std::string>{"Öztürk"}));
  query.name_prefix = fold_for_search("ay");  // given names match too
  EXPECT_EQ(family_names(query), (std::vector<std::string>{"Smith", "Yılmaz"}));
  query.name_prefix = fold_for_search("yilmaz ay");  // "family given" as typed at the desk
  EXPECT_EQ(family_names(query), (std::vector<std::string>{"Yılmaz"}));
  query.name_prefix = fold_for_search("zz");
  EXPECT_TRUE(family_names(query).empty());
}

TEST_P(StorePatientsTest, FiltersByClinicPhoneAndDateOfBirth) {
  const auto other = make_clinic("Marylebone Hair Studio");
  ASSERT_TRUE(write([&](store::Transaction& tx) { return tx.insert_clinic(other); }));
  auto a = make_patient(clinic_.id, "Aydın", "Ali");
  auto b = make_patient(other.id, "Brown", "Beth");
  b.details.phone = "+447700900123";
  b.details.date_of_birth = *parse_iso_date("1990-01-31");
  insert(a);
  insert(b);
  store::PatientQuery query;
  query.clinic_id = other.id;
  EXPECT_EQ(family_names(query), (std::vector<std::string>{"Brown"}));
  query = {};
  query.phone = "+905321234567";
  EXPECT_EQ(family_names(query), (std::vector<std::string>{"Aydın"}));
  query = {};
  query.date_of_birth = *parse_iso_date("1990-01-31");
  EXPECT_EQ(family_names(query), (std::vector<std::string>{"Brown"}));
}

TEST_P(StorePatientsTest, KeysetPagesVisitEveryPatientOnceInNameOrder) {
  // Same names on purpose: ties on the sort key are broken by id.
  for (int i = 0; i < 7; ++i) insert(make_patient(clinic_.id, i % 2 ? "Kaya" : "Demir", "Can"));
  std::vector<std::string> seen;
  store::PatientQuery query;
  query.limit = 3;
  for (;;) {
    auto rows = read([&](store::Transaction& tx) { return tx.list_patients(query); });
    ASSERT_TRUE(rows) << rows.error().message;
    for (const auto& row : *rows) seen.push_back(row.patient.details.family_name + row.patient.id);
    if (rows->size() < query.limit) break;
    query.after_sort_key = rows->back().sort_key;
    query.after_id = rows->back().patient.id;
  }
  ASSERT_EQ(seen.size(), 7u);
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
  EXPECT_EQ(std::adjacent_find(seen.begin(), seen.end()), seen.end());
}

TEST_P(StorePatientsTest, APatientsClinicIsFoundAfterDeletionToo) {
  const auto patient = add_patient("Doe", "Jane");
  ASSERT_TRUE(write([&](Transaction& tx) { return tx.soft_delete_patient(patient.id, 1, now()); }));
  auto clinic = read([&](Transaction& tx) { return tx.find_patient_clinic(patient.id); });
  ASSERT_TRUE(clinic);
  EXPECT_EQ(*clinic, std::optional(clinic_.id));
  auto unknown = read([&](Transaction& tx) { return tx.find_patient_clinic(new_id()); });
  ASSERT_TRUE(unknown);
  EXPECT_FALSE(unknown->has_value());
}

TEST_P(StorePatientsTest, ClinicalRecordsKeepEveryVersionAndRefuseASecondSaveOfOne) {
  const auto patient = add_patient("Doe", "Jane");
  const auto record = [&](const std::string& kind, std::int64_t version) {
    return store::ClinicalRecord{patient.id, kind,
                                 version,    at_minutes(static_cast<int>(version)),
                                 "dr",       "{\"v\":" + std::to_string(version) + "}"};
  };
  for (const auto& saved :
       {record("medical_history", 1), record("medical_history", 2), record("hair_assessment", 1)}) {
    ASSERT_TRUE(write([&](Transaction& tx) { return tx.insert_clinical_record(saved); }));
  }
  auto again = write(
      [&](Transaction& tx) { return tx.insert_clinical_record(record("medical_history", 2)); });
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  auto latest = read([&](Transaction& tx) {
    return tx.find_clinical_record(patient.id, "medical_history", std::nullopt);
  });
  ASSERT_TRUE(latest && *latest);
  EXPECT_EQ((*latest)->version, 2);
  EXPECT_EQ((*latest)->recorded_at, at_minutes(2));
  auto first = read(
      [&](Transaction& tx) { return tx.find_clinical_record(patient.id, "medical_history", 1); });
  ASSERT_TRUE(first && *first);
  EXPECT_EQ((*first)->body, "{\"v\":1}");
  auto none = read(
      [&](Transaction& tx) { return tx.find_clinical_record(patient.id, "medical_history", 3); });
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->has_value());
  auto all = read([&](Transaction& tx) { return tx.list_clinical_records(patient.id); });
  ASSERT_TRUE(all);
  std::vector<std::string> order;
  for (const auto& each : *all) order.push_back(each.kind + std::to_string(each.version));
  EXPECT_EQ(order,
            (std::vector<std::string>{"hair_assessment1", "medical_history1", "medical_history2"}));
}

TEST_P(StorePatientsTest, DecisionsAreListedOldestFirst) {
  const auto patient = add_patient("Doe", "Jane");
  ASSERT_TRUE(write([&](Transaction& tx) {
    return tx.insert_rule_set({1, "defaults", "rules", at_minutes(0), "system"});
  }));
  const store::StoredDecision later{new_id(), patient.id, at_minutes(20), "dr", 1, "{\"b\":2}"};
  const store::StoredDecision earlier{new_id(), patient.id, at_minutes(10), "dr", 1, "{\"a\":1}"};
  ASSERT_TRUE(write([&](Transaction& tx) { return tx.insert_decision(later); }));
  ASSERT_TRUE(write([&](Transaction& tx) { return tx.insert_decision(earlier); }));
  auto decisions = read([&](Transaction& tx) { return tx.list_decisions(patient.id); });
  ASSERT_TRUE(decisions);
  ASSERT_EQ(decisions->size(), 2u);
  EXPECT_EQ((*decisions)[0].id, earlier.id);
  EXPECT_EQ((*decisions)[0].decided_at, earlier.decided_at);
  EXPECT_EQ((*decisions)[1].body, later.body);
  EXPECT_TRUE(read([&](Transaction& tx) { return tx.list_decisions(new_id()); })->empty());
}

TEST_P(StorePatientsTest, CalendarSubscriptionsAreFoundByHashAndRevokedOnce) {
  const auto patient = add_patient("Doe", "Jane");
  const auto other = add_patient("Roe", "Richard");
  const store::CalendarSubscription second{new_id(), patient.id, "hash-2", at_minutes(5), "dr", {}};
  const store::CalendarSubscription first{new_id(), patient.id, "hash-1", at_minutes(1), "dr", {}};
  ASSERT_TRUE(write([&](Transaction& tx) { return tx.insert_calendar_subscription(second); }));
  ASSERT_TRUE(write([&](Transaction& tx) { return tx.insert_calendar_subscription(first); }));
  auto listed = read([&](Transaction& tx) { return tx.list_calendar_subscriptions(patient.id); });
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].id, first.id);

  auto wrong_patient = write([&](Transaction& tx) {
    return tx.revoke_calendar_subscription(other.id, first.id, at_minutes(7));
  });
  ASSERT_FALSE(wrong_patient);
  EXPECT_EQ(wrong_patient.error().code, ErrorCode::kNotFound);
  for (int minute : {7, 9}) {
    ASSERT_TRUE(write([&](Transaction& tx) {
      return tx.revoke_calendar_subscription(patient.id, first.id, at_minutes(minute));
    }));
  }
  auto found =
      read([&](Transaction& tx) { return tx.find_calendar_subscription_by_hash("hash-1"); });
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->revoked_at, std::optional(at_minutes(7))) << "the first revocation counts";
  auto live =
      read([&](Transaction& tx) { return tx.find_calendar_subscription_by_hash("hash-2"); });
  ASSERT_TRUE(live && *live);
  EXPECT_FALSE((*live)->revoked_at.has_value());
  EXPECT_EQ((*live)->created_at, at_minutes(5));
  EXPECT_FALSE(
      read([&](Transaction& tx) { return tx.find_calendar_subscription_by_hash("nope"); }).value());
}

TEST_P(StorePatientsTest, ErasureEmptiesThePatientAndRemovesWhatNamesThem) {
  const auto patient = add_patient("Yılmaz", "Ayşe");
  const auto kept = add_patient("Kaya", "Ali");
  const auto course = add_course(patient, at_minutes(0));
  const auto appointment = add_appointment(patient, at_minutes(60), course.id, 1);
  ASSERT_TRUE(write([&](Transaction& tx) -> Result<void> {
    if (auto r = tx.insert_clinical_record({patient.id, "medical_history", 1, now(), "dr", "{}"});
        !r) {
      return r;
    }
    if (auto r = tx.insert_calendar_subscription({new_id(), patient.id, "h", now(), "dr", {}});
        !r) {
      return r;
    }
    if (auto r = tx.save_aftercare_plan(appointment.id, patient.id, "{}", now()); !r) return r;
    if (auto r = tx.insert_chart({appointment.id, 1, patient.id, "{}", now(), "dr", {}, "", ""});
        !r) {
      return r;
    }
    return tx.save_idempotent_reply(
        {"POST /api/v1/patients", "k", "h", 201, "", "{\"id\":\"" + patient.id + "\"}", now()});
  }));
  ASSERT_TRUE(write([&](Transaction& tx) { return tx.erase_patient(patient.id, now()); }));
  ASSERT_TRUE(write([&](Transaction& tx) { return tx.erase_patient(patient.id, now()); }))
      << "an erased patient can be erased again";
  EXPECT_FALSE(read([&](Transaction& tx) { return tx.find_patient(patient.id); }).value());
  EXPECT_EQ(read([&](Transaction& tx) { return tx.find_patient_clinic(patient.id); }).value(),
            std::optional(clinic_.id));
  EXPECT_TRUE(read([&](Transaction& tx) { return tx.list_clinical_records(patient.id); })->empty());
  EXPECT_TRUE(
      read([&](Transaction& tx) { return tx.list_calendar_subscriptions(patient.id); })->empty());
  EXPECT_TRUE(read([&](Transaction& tx) { return tx.list_courses(patient.id); })->empty());
  EXPECT_TRUE(
      read([&](Transaction& tx) { return tx.list_patient_appointments(patient.id); })->empty());
  EXPECT_FALSE(
      read([&](Transaction& tx) { return tx.find_chart(appointment.id, std::nullopt); }).value());
  EXPECT_FALSE(read([&](Transaction& tx) {
                 return tx.find_idempotent_reply("POST /api/v1/patients", "k");
               }).value());
  EXPECT_EQ(family_names({}), std::vector<std::string>{"Kaya"});
  EXPECT_TRUE(read([&](Transaction& tx) { return tx.find_patient(kept.id); }).value());
  auto unknown = write([&](Transaction& tx) { return tx.erase_patient(new_id(), now()); });
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
}

MESOCLINIC_ON_BOTH_ENGINES(StorePatientsTest);

}  // namespace
}  // namespace mesoclinic::testing
