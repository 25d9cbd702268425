// Consents (store/consents.h) over SQL. A withdrawal is fenced on "not withdrawn yet", so two
// people recording it at once cannot both succeed.
#include "store/sql_transaction.h"

namespace mesoclinic::store::internal {
namespace {

struct ConsentRow {
  static constexpr std::string_view kSelect =
      "SELECT id, patient_id, kind, course_id, method, given_at, recorded_at, recorded_by, "
      "guardian_name, guardian_relationship, withdrawn_at, withdrawal_recorded_at, "
      "withdrawal_recorded_by, withdrawal_note FROM consents";
  clinic::Consent value;
  std::string kind, method;
  std::optional<std::string> guardian_name, guardian_relationship, withdrawn_by, note;
  std::optional<Instant> withdrawn_at, withdrawal_recorded_at;
  void into(Query& query) {
    query.into(value.id, value.patient_id, kind, value.course_id, method, value.given_at,
               value.recorded_at, value.recorded_by, guardian_name, guardian_relationship,
               withdrawn_at, withdrawal_recorded_at, withdrawn_by, note);
  }
  Result<void> finish() {
    const auto parsed_kind = clinic::parse_consent_kind(kind);
    const auto parsed_method = clinic::parse_consent_method(method);
    if (!parsed_kind || !parsed_method) {
      return fail(ErrorCode::kInternal, "a stored consent has an unknown kind or method");
    }
    value.kind = *parsed_kind;
    value.method = *parsed_method;
    // The row is reused for every row fetched: what a consent has not must not be the last
    // one's (another consent's withdrawal would otherwise carry over).
    value.guardian.reset();
    value.withdrawal.reset();
    if (guardian_name && guardian_relationship) {
      value.guardian = clinic::Guardian{*guardian_name, *guardian_relationship};
    }
    if (withdrawn_at && withdrawal_recorded_at) {
      value.withdrawal = clinic::Withdrawal{.withdrawn_at = *withdrawn_at,
                                            .recorded_at = *withdrawal_recorded_at,
                                            .recorded_by = withdrawn_by.value_or(""),
                                            .note = note.value_or("")};
    }
    return {};
  }
};

}  // namespace

Result<void> SqlTransaction::insert_consent(const clinic::Consent& consent) {
  return guarded("saving a consent", [&]() -> Result<void> {
    if (consent.course_id && count_where("consents", "course_id", *consent.course_id) > 0) {
      return fail(ErrorCode::kConflict, "This course's treatment consent is recorded already.");
    }
    const auto guardian = [&](auto member) -> std::optional<std::string> {
      if (!consent.guardian) return std::nullopt;
      return (*consent.guardian).*member;
    };
    run("INSERT INTO consents (id, patient_id, kind, course_id, method, given_at, recorded_at, "
        "recorded_by, guardian_name, guardian_relationship) VALUES (:id, :patient_id, :kind, "
        ":course_id, :method, :given_at, :recorded_at, :recorded_by, :guardian_name, "
        ":guardian_relationship)",
        {{"id", consent.id},
         {"patient_id", consent.patient_id},
         {"kind", std::string(clinic::to_string(consent.kind))},
         {"course_id", consent.course_id},
         {"method", std::string(clinic::to_string(consent.method))},
         {"given_at", consent.given_at},
         {"recorded_at", consent.recorded_at},
         {"recorded_by", consent.recorded_by},
         {"guardian_name", guardian(&clinic::Guardian::name)},
         {"guardian_relationship", guardian(&clinic::Guardian::relationship)}});
    return {};
  });
}

Result<std::optional<clinic::Consent>> SqlTransaction::find_consent(const std::string& id) {
  return one<ConsentRow>("reading a consent", "id = :id", {{"id", id}});
}

Result<std::vector<clinic::Consent>> SqlTransaction::list_consents(const std::string& patient_id) {
  return rows<ConsentRow>("listing consents", "patient_id = :patient_id ORDER BY given_at, id",
                          {{"patient_id", patient_id}});
}

Result<std::optional<clinic::Consent>> SqlTransaction::find_course_consent(
    const std::string& course_id) {
  return one<ConsentRow>("reading a course's consent", "course_id = :course_id",
                         {{"course_id", course_id}});
}

Result<void> SqlTransaction::record_withdrawal(const clinic::Consent& withdrawn) {
  if (!withdrawn.withdrawal) return fail(ErrorCode::kInternal, "no withdrawal to record");
  const clinic::Withdrawal& withdrawal = *withdrawn.withdrawal;
  return write_one("recording a consent's withdrawal",
                   "UPDATE consents SET withdrawn_at = :withdrawn_at, withdrawal_recorded_at = "
                   ":recorded_at, withdrawal_recorded_by = :recorded_by, withdrawal_note = :note "
                   "WHERE id = :id AND withdrawn_at IS NULL",
                   {{"withdrawn_at", withdrawal.withdrawn_at},
                    {"recorded_at", withdrawal.recorded_at},
                    {"recorded_by", withdrawal.recorded_by},
                    {"note", withdrawal.note},
                    {"id", withdrawn.id}},
                   ErrorCode::kConflict, "This consent was withdrawn already.");
}

}  // namespace mesoclinic::store::internal
