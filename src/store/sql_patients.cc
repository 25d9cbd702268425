// Patients, their clinical records, decisions and calendar subscriptions, and erasure
// (store/patient_records.h) over SQL.
#include "clinic/patient.h"
#include "core/text.h"
#include "store/sql_transaction.h"

namespace mesoclinic::store::internal {
namespace {

// Every column of a patients row, as insert and update bind them.
Params patient_params(const clinic::Patient& patient) {
  const auto& d = patient.details;
  const std::string family_key = fold_for_search(d.family_name);
  const std::string given_key = fold_for_search(d.given_name);
  return {{"id", patient.id},
          {"clinic_id", patient.clinic_id},
          {"family_name", d.family_name},
          {"given_name", d.given_name},
          {"family_key", family_key},
          {"given_key", given_key},
          {"sort_key", family_key + " " + given_key},
          {"date_of_birth", format_iso_date(d.date_of_birth)},
          {"sex", std::string(clinic::to_string(d.sex))},
          {"phone", d.phone},
          {"email", d.email},
          {"preferred_language", d.preferred_language},
          {"reminder_channel", std::string(clinic::to_string(d.reminder_channel))},
          {"created_at", patient.created_at},
          {"updated_at", patient.updated_at},
          {"version", static_cast<long long>(patient.version)}};
}

struct ClinicalRecordRow {
  static constexpr std::string_view kSelect =
      "SELECT patient_id, kind, version, recorded_at, recorded_by, body FROM clinical_records";
  ClinicalRecord value;
  long long version = 0;
  void into(Query& query) {
    query.into(value.patient_id, value.kind, version, value.recorded_at, value.recorded_by,
               value.body);
  }
  Result<void> finish() {
    value.version = version;
    return {};
  }
};

struct DecisionRow {
  static constexpr std::string_view kSelect =
      "SELECT id, patient_id, decided_at, decided_by, rule_set_version, body FROM "
      "suitability_decisions";
  StoredDecision value;
  long long rule_set_version = 0;
  void into(Query& query) {
    query.into(value.id, value.patient_id, value.decided_at, value.decided_by, rule_set_version,
               value.body);
  }
  Result<void> finish() {
    value.rule_set_version = rule_set_version;
    return {};
  }
};

struct SubscriptionRow {
  static constexpr std::string_view kSelect =
      "SELECT id, patient_id, token_hash, created_at, created_by, revoked_at FROM "
      "calendar_subscriptions";
  CalendarSubscription value;
  void into(Query& query) {
    query.into(value.id, value.patient_id, value.token_hash, value.created_at, value.created_by,
               value.revoked_at);
  }
};

// A patient's clinic, read whatever state the row is in (erased rows do not parse as patients).
struct PatientClinicRow {
  static constexpr std::string_view kSelect = "SELECT clinic_id FROM patients";
  std::string value;
  void into(Query& query) { query.into(value); }
};

// After an UPDATE guarded by a version touched no row: was the patient gone, or its version
// stale? Throws what SOCI throws.
Result<void> why_unchanged(soci::session& session, const std::string& id) {
  auto present = select<PatientClinicRow>(session, "id = :id AND deleted_at IS NULL", {{"id", id}});
  if (!present) return std::unexpected(present.error());
  if (present->empty()) return fail(ErrorCode::kNotFound, "No patient with this id.");
  return fail(ErrorCode::kPreconditionFailed,
              "The patient was changed by someone else; reload it and try again.");
}

}  // namespace

Result<void> SqlTransaction::insert_patient(const clinic::Patient& patient) {
  return guarded("saving a patient", [&]() -> Result<void> {
    if (!exists("clinics", patient.clinic_id)) {
      return invalid({{"/clinic_id", "names no clinic"}});
    }
    if (exists("patients", patient.id)) {
      return fail(ErrorCode::kConflict, "a patient with id " + patient.id + " exists");
    }
    run("INSERT INTO patients (id, clinic_id, family_name, given_name, family_key, given_key, "
        "sort_key, date_of_birth, sex, phone, email, preferred_language, reminder_channel, "
        "created_at, updated_at, version) VALUES (:id, :clinic_id, :family_name, :given_name, "
        ":family_key, :given_key, :sort_key, :date_of_birth, :sex, :phone, :email, "
        ":preferred_language, :reminder_channel, :created_at, :updated_at, :version)",
        patient_params(patient));
    return {};
  });
}

Result<std::optional<clinic::Patient>> SqlTransaction::find_patient(const std::string& id) {
  return guarded("reading a patient", [&]() -> Result<std::optional<clinic::Patient>> {
    auto row = prepared_.find_patient(id);
    if (!row) return std::nullopt;
    if (auto finished = row->finish(); !finished) return std::unexpected(finished.error());
    return std::optional(std::move(row->value.patient));
  });
}

Result<void> SqlTransaction::update_patient(const clinic::Patient& patient,
                                            std::int64_t expected_version) {
  return guarded("updating a patient", [&]() -> Result<void> {
    Params params = patient_params(patient);
    params.emplace_back("expected_version", static_cast<long long>(expected_version));
    // patient_params binds every column and SOCI refuses a bound name the SQL does not use, so
    // the columns that never change (clinic_id, created_at) are compared instead of written.
    const long long changed =
        run("UPDATE patients SET family_name = :family_name, given_name = :given_name, "
            "family_key = :family_key, given_key = :given_key, sort_key = :sort_key, "
            "date_of_birth = :date_of_birth, sex = :sex, phone = :phone, email = :email, "
            "preferred_language = :preferred_language, reminder_channel = :reminder_channel, "
            "updated_at = :updated_at, version = :version WHERE id = :id AND clinic_id = "
            ":clinic_id AND created_at = :created_at AND version = :expected_version AND "
            "deleted_at IS NULL",
            params);
    if (changed == 1) return {};
    return why_unchanged(session_, patient.id);
  });
}

Result<void> SqlTransaction::soft_delete_patient(const std::string& id,
                                                 std::int64_t expected_version, Instant when) {
  return guarded("deleting a patient", [&]() -> Result<void> {
    const long long changed =
        run("UPDATE patients SET deleted_at = :deleted_at, updated_at = :updated_at, version = "
            "version + 1 WHERE id = :id AND version = :expected_version AND deleted_at IS NULL",
            {{"deleted_at", when},
             {"updated_at", when},
             {"id", id},
             {"expected_version", static_cast<long long>(expected_version)}});
    if (changed == 1) return {};
    return why_unchanged(session_, id);
  });
}

Result<void> SqlTransaction::erase_patient(const std::string& id, Instant when) {
  return guarded("erasing a patient", [&]() -> Result<void> {
    const long long changed =
        run("UPDATE patients SET family_name = '', given_name = '', family_key = '', "
            "given_key = '', sort_key = '', date_of_birth = '0001-01-01', sex = 'unknown', "
            "phone = NULL, email = NULL, reminder_channel = 'none', version = version + 1, "
            "updated_at = :updated_at, deleted_at = COALESCE(deleted_at, :deleted_at) "
            "WHERE id = :id",
            {{"updated_at", when}, {"deleted_at", when}, {"id", id}});
    if (changed != 1) return fail(ErrorCode::kNotFound, "No patient with this id.");
    // Rows that name a photo before the photos, those that name an appointment before the
    // appointments, and those before their courses.
    for (const char* table :
         {"trichometry_corrections", "trichometry_results", "outcome_measurements", "photos",
          "worklist_items", "clinical_records", "suitability_decisions", "calendar_subscriptions",
          "reminders", "consents", "lot_uses", "aftercare_plans", "session_charts", "appointments",
          "courses"}) {
      run("DELETE FROM " + std::string(table) + " WHERE patient_id = :id", {{"id", id}});
    }
    // Replies kept for Idempotency-Key replays hold the patient as created. Ids are UUIDs, so
    // the pattern has no wildcard in it.
    run("DELETE FROM idempotent_replies WHERE body LIKE :pattern",
        {{"pattern", "%\"" + id + "\"%"}});
    return {};
  });
}

Result<std::optional<std::string>> SqlTransaction::find_patient_clinic(const std::string& id) {
  // Deleted patients included: erasure must still find them.
  return one<PatientClinicRow>("reading a patient's clinic", "id = :id", {{"id", id}});
}

Result<std::vector<PatientListEntry>> SqlTransaction::list_patients(const PatientQuery& filter) {
  std::string clause = "deleted_at IS NULL";
  Params params;
  const auto add = [&](std::string condition, std::string name, Param value) {
    clause.append(" AND ").append(condition);
    params.emplace_back(std::move(name), std::move(value));
  };
  if (!filter.visible_clinic_ids.empty()) {
    std::string names;
    for (std::size_t i = 0; i < filter.visible_clinic_ids.size(); ++i) {
      const std::string name = "visible_" + std::to_string(i);
      names += (i ? ", :" : ":") + name;
      params.emplace_back(name, filter.visible_clinic_ids[i]);
    }
    clause += " AND clinic_id IN (" + names + ")";
  }
  if (filter.clinic_id) add("clinic_id = :clinic_id", "clinic_id", *filter.clinic_id);
  if (filter.name_prefix) {
    // Each placeholder name is used once: SOCI's PostgreSQL backend binds a repeated name only
    // at its first position.
    // One indexed range per key, united: as one OR of ranges, both engines' planners may walk
    // every patient of the clinic in name order instead (100 ms a search at 100,000 patients
    // on SQLite, bench/load).
    const std::string bound = prefix_upper_bound(*filter.name_prefix);
    std::string any;
    for (const std::string column : {"family_key", "given_key", "sort_key"}) {
      if (!any.empty()) any += " UNION ";
      any += "SELECT id FROM patients WHERE deleted_at IS NULL AND " + column + " >= :" + column +
             "_from AND " + column + " < :" + column + "_to";
      params.emplace_back(column + "_from", *filter.name_prefix);
      params.emplace_back(column + "_to", bound);
    }
    clause += " AND id IN (" + any + ")";
  }
  if (filter.phone) add("phone = :phone", "phone", *filter.phone);
  if (filter.date_of_birth) {
    add("date_of_birth = :date_of_birth", "date_of_birth", format_iso_date(*filter.date_of_birth));
  }
  if (filter.after_sort_key && filter.after_id) {
    add("(sort_key > :after_key OR (sort_key = :same_key AND id > :after_id))", "after_key",
        *filter.after_sort_key);
    params.emplace_back("same_key", *filter.after_sort_key);
    params.emplace_back("after_id", *filter.after_id);
  }
  clause += " ORDER BY sort_key, id LIMIT :limit";
  params.emplace_back("limit", static_cast<long long>(filter.limit));
  return rows<PatientRow>("listing patients", clause, params);
}

Result<std::int64_t> SqlTransaction::count_patients() {
  return guarded("counting patients", [&]() -> Result<std::int64_t> {
    long long count = 0;
    session_ << "SELECT COUNT(*) FROM patients WHERE deleted_at IS NULL", soci::into(count);
    return count;
  });
}

Result<void> SqlTransaction::insert_clinical_record(const ClinicalRecord& record) {
  return write("saving a clinical record",
               "INSERT INTO clinical_records (patient_id, kind, version, recorded_at, "
               "recorded_by, body) VALUES (:patient_id, :kind, :version, :recorded_at, "
               ":recorded_by, :body)",
               {{"patient_id", record.patient_id},
                {"kind", record.kind},
                {"version", static_cast<long long>(record.version)},
                {"recorded_at", record.recorded_at},
                {"recorded_by", record.recorded_by},
                {"body", record.body}});
}

Result<std::optional<ClinicalRecord>> SqlTransaction::find_clinical_record(
    const std::string& patient_id, const std::string& kind, std::optional<std::int64_t> version) {
  Params params = {{"patient_id", patient_id}, {"kind", kind}};
  std::string clause = "patient_id = :patient_id AND kind = :kind";
  if (version) {
    clause += " AND version = :version";
    params.emplace_back("version", static_cast<long long>(*version));
  }
  return one<ClinicalRecordRow>("reading a clinical record",
                                clause + " ORDER BY version DESC LIMIT 1", params);
}

Result<std::vector<ClinicalRecord>> SqlTransaction::list_clinical_records(
    const std::string& patient_id) {
  return rows<ClinicalRecordRow>("listing clinical records",
                                 "patient_id = :patient_id ORDER BY kind, version",
                                 {{"patient_id", patient_id}});
}

Result<void> SqlTransaction::insert_decision(const StoredDecision& decision) {
  return write("saving a decision",
               "INSERT INTO suitability_decisions (id, patient_id, decided_at, decided_by, "
               "rule_set_version, body) VALUES (:id, :patient_id, :decided_at, :decided_by, "
               ":rule_set_version, :body)",
               {{"id", decision.id},
                {"patient_id", decision.patient_id},
                {"decided_at", decision.decided_at},
                {"decided_by", decision.decided_by},
                {"rule_set_version", static_cast<long long>(decision.rule_set_version)},
                {"body", decision.body}});
}

Result<std::vector<StoredDecision>> SqlTransaction::list_decisions(const std::string& patient_id) {
  return rows<DecisionRow>("listing decisions", "patient_id = :patient_id ORDER BY decided_at, id",
                           {{"patient_id", patient_id}});
}

Result<void> SqlTransaction::insert_calendar_subscription(
    const CalendarSubscription& subscription) {
  return write("saving a calendar subscription",
               "INSERT INTO calendar_subscriptions (id, patient_id, token_hash, created_at, "
               "created_by) VALUES (:id, :patient_id, :token_hash, :created_at, :created_by)",
               {{"id", subscription.id},
                {"patient_id", subscription.patient_id},
                {"token_hash", subscription.token_hash},
                {"created_at", subscription.created_at},
                {"created_by", subscription.created_by}});
}

Result<std::optional<CalendarSubscription>> SqlTransaction::find_calendar_subscription_by_hash(
    const std::string& token_hash) {
  // token_hash is unique: at most one row.
  return one<SubscriptionRow>("reading a calendar subscription", "token_hash = :token_hash",
                              {{"token_hash", token_hash}});
}

Result<std::vector<CalendarSubscription>> SqlTransaction::list_calendar_subscriptions(
    const std::string& patient_id) {
  return rows<SubscriptionRow>("listing calendar subscriptions",
                               "patient_id = :patient_id ORDER BY created_at, id",
                               {{"patient_id", patient_id}});
}

Result<void> SqlTransaction::revoke_calendar_subscription(const std::string& patient_id,
                                                          const std::string& id, Instant when) {
  return write_one("revoking a calendar subscription",
                   "UPDATE calendar_subscriptions SET revoked_at = COALESCE(revoked_at, "
                   ":revoked_at) WHERE id = :id AND patient_id = :patient_id",
                   {{"revoked_at", when}, {"id", id}, {"patient_id", patient_id}},
                   ErrorCode::kNotFound, "No calendar subscription with this id.");
}

}  // namespace mesoclinic::store::internal
