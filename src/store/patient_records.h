// The store's door for patients and what is recorded about each: versioned clinical records,
// suitability decisions, calendar subscriptions, and erasure on the patient's request. Part of
// store::Transaction (store.h); a caller that needs only this area can take a PatientRecords&.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "clinic/clinic.h"
#include "core/result.h"
#include "core/time.h"

namespace mesoclinic::store {

// Which patients a list returns. Name matching is a prefix of the folded family or given name
// (see core/text.h fold_for_search); the caller passes `name_prefix` already folded.
struct PatientQuery {
  std::optional<std::string> clinic_id;
  std::optional<std::string> name_prefix;
  std::optional<std::string> phone;
  std::optional<CalendarDate> date_of_birth;
  // Only patients of these clinics (the caller's); empty means no restriction.
  std::vector<std::string> visible_clinic_ids;
  // Keyset cursor: return patients strictly after this (sort_key, id) in (sort_key, id) order.
  std::optional<std::string> after_sort_key;
  std::optional<std::string> after_id;
  std::size_t limit = 50;
};

// Patients are listed by folded "family given" name, then id; the last row's key is the cursor.
struct PatientListEntry {
  clinic::Patient patient;
  std::string sort_key;
};

// One saved version of a versioned clinical record (a medical history, a hair assessment). The
// body is the record's JSON document, written by the API layer and stored as it is.
struct ClinicalRecord {
  std::string patient_id;
  std::string kind;  // "medical_history", "hair_assessment"
  std::int64_t version = 1;
  Instant recorded_at{};
  std::string recorded_by;  // user id
  std::string body;
};

// A practitioner's suitability decision; the body is its JSON document (proposal, fired rules
// with their facts, the outcome chosen, any override reason).
struct StoredDecision {
  std::string id;
  std::string patient_id;
  Instant decided_at{};
  std::string decided_by;
  std::int64_t rule_set_version = 0;
  std::string body;
};

// A patient's calendar subscription: a URL with a secret token (only its hash is kept).
struct CalendarSubscription {
  std::string id;
  std::string patient_id;
  std::string token_hash;
  Instant created_at{};
  std::string created_by;
  std::optional<Instant> revoked_at;
};

// Every method fails with kUnavailable when the database cannot be reached and kInternal on an
// unexpected database error.
class PatientRecords {
 public:
  virtual ~PatientRecords() = default;

  // Fails with kConflict if the id exists, kInvalidInput if the clinic does not.
  virtual Result<void> insert_patient(const clinic::Patient& patient) = 0;
  // Soft-deleted patients are not found.
  virtual Result<std::optional<clinic::Patient>> find_patient(const std::string& id) = 0;
  // Writes `patient` (whose version is already the new one) if the stored version is still
  // `expected_version`; fails with kPreconditionFailed if it is not, kNotFound if gone.
  virtual Result<void> update_patient(const clinic::Patient& patient,
                                      std::int64_t expected_version) = 0;
  // Marks the patient deleted at `when` if the stored version is `expected_version`
  // (kPreconditionFailed otherwise, kNotFound if already gone).
  virtual Result<void> soft_delete_patient(const std::string& id, std::int64_t expected_version,
                                           Instant when) = 0;
  // Erasure on the patient's request: removes names, birth date and contacts (the row stays,
  // emptied and marked deleted, so the audit trail's patient id still names something), the
  // patient's clinical records, decisions, courses and appointments, and every stored idempotent
  // reply that carried the patient's data. kNotFound if there is no such patient (deleted ones
  // included: they still hold data).
  virtual Result<void> erase_patient(const std::string& id, Instant when) = 0;
  // The clinic a patient belongs to, deleted patients included (erasure must still find them).
  virtual Result<std::optional<std::string>> find_patient_clinic(const std::string& id) = 0;
  virtual Result<std::vector<PatientListEntry>> list_patients(const PatientQuery& query) = 0;
  // Number of patients that are not deleted (for the demo loader and metrics).
  virtual Result<std::int64_t> count_patients() = 0;

  // Fails with kConflict if that version of the record exists already (someone saved first).
  virtual Result<void> insert_clinical_record(const ClinicalRecord& record) = 0;
  // The given version of a patient's record of `kind`, or the latest if `version` is empty.
  virtual Result<std::optional<ClinicalRecord>> find_clinical_record(
      const std::string& patient_id, const std::string& kind,
      std::optional<std::int64_t> version) = 0;
  // Every version of every record of a patient (for the export), by kind and version.
  virtual Result<std::vector<ClinicalRecord>> list_clinical_records(
      const std::string& patient_id) = 0;

  virtual Result<void> insert_decision(const StoredDecision& decision) = 0;
  // A patient's decisions, oldest first.
  virtual Result<std::vector<StoredDecision>> list_decisions(const std::string& patient_id) = 0;

  virtual Result<void> insert_calendar_subscription(const CalendarSubscription& subscription) = 0;
  // Revoked ones are found too; the caller checks revoked_at.
  virtual Result<std::optional<CalendarSubscription>> find_calendar_subscription_by_hash(
      const std::string& token_hash) = 0;
  // A patient's subscriptions, oldest first.
  virtual Result<std::vector<CalendarSubscription>> list_calendar_subscriptions(
      const std::string& patient_id) = 0;
  // Marks it revoked at `when` (kNotFound if the patient has no such subscription); the first
  // revocation time is kept.
  virtual Result<void> revoke_calendar_subscription(const std::string& patient_id,
                                                    const std::string& id, Instant when) = 0;
};

}  // namespace mesoclinic::store
