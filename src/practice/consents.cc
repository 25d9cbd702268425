#include "practice/consents.h"

#include "core/ids.h"
#include "practice/clinic_context.h"

namespace mesoclinic::practice {
namespace {

// Validates and stores `consent`.
Result<clinic::Consent> store_consent(store::Transaction& tx, const clinic::Consent& consent,
                                      bool guardian_needed, Instant now) {
  if (auto valid = clinic::validate_consent(consent, guardian_needed, now); !valid) {
    return std::unexpected(valid.error());
  }
  if (auto saved = tx.insert_consent(consent); !saved) return std::unexpected(saved.error());
  return consent;
}

// Whether the patient is under 18 at `at`, on the clinic's calendar (a birthday is a local
// date).
Result<bool> minor_on(store::Transaction& tx, const clinic::Patient& patient, Instant at) {
  auto site = find_clinic_in_zone(tx, patient.clinic_id);
  if (!site) return std::unexpected(site.error());
  return clinic::needs_guardian(patient.details.date_of_birth, site->zone.to_local(at).date);
}

clinic::Consent new_consent(const clinic::Patient& patient, clinic::ConsentKind kind,
                            clinic::ConsentMethod method, const std::string& user_id, Instant now) {
  clinic::Consent consent;
  consent.id = new_id();
  consent.patient_id = patient.id;
  consent.kind = kind;
  consent.method = method;
  consent.given_at = now;
  consent.recorded_at = now;
  consent.recorded_by = user_id;
  return consent;
}

}  // namespace

Result<clinic::Consent> record_consent(store::Transaction& tx, const clinic::Patient& patient,
                                       const ConsentRequest& request, const std::string& user_id,
                                       Instant now) {
  if (request.kind == clinic::ConsentKind::kTreatment) {
    return invalid({{"/kind",
                     "must be photos or contact: consent to treatment is recorded with the "
                     "course's agreement"}});
  }
  if (request.method == clinic::ConsentMethod::kBeforeConsentRecords) {
    return invalid({{"/method", "must be one of signed_form, electronic_signature, verbal"}});
  }
  clinic::Consent consent = new_consent(patient, request.kind, request.method, user_id, now);
  consent.given_at = request.given_at.value_or(now);
  consent.guardian = request.guardian;
  auto minor = minor_on(tx, patient, std::min(consent.given_at, now));
  if (!minor) return std::unexpected(minor.error());
  return store_consent(tx, consent, *minor, now);
}

Result<clinic::Consent> record_course_consent(
    store::Transaction& tx, const clinic::Patient& patient, const std::string& course_id,
    clinic::ConsentMethod method, const std::optional<clinic::Guardian>& guardian,
    bool guardian_needed, const std::string& user_id, Instant now) {
  clinic::Consent consent =
      new_consent(patient, clinic::ConsentKind::kTreatment, method, user_id, now);
  consent.course_id = course_id;
  consent.guardian = guardian;
  auto minor = minor_on(tx, patient, now);
  if (!minor) return std::unexpected(minor.error());
  // The decision may ask for a guardian beyond the age rule (a rule file can); either asks.
  auto stored = store_consent(tx, consent, guardian_needed || *minor, now);
  if (!stored) {
    // The agreement's members, as the request names them.
    for (auto& field : stored.error().fields) field.field = "/agreement" + field.field;
  }
  return stored;
}

Result<clinic::Consent> withdraw_consent(store::Transaction& tx, const clinic::Patient& patient,
                                         const std::string& consent_id,
                                         const clinic::Withdrawal& withdrawal, Instant now) {
  auto consent = tx.find_consent(consent_id);
  if (!consent) return std::unexpected(consent.error());
  if (!*consent || (*consent)->patient_id != patient.id) {
    return fail(ErrorCode::kNotFound, "The patient has no consent with this id.");
  }
  auto withdrawn = clinic::withdraw(**consent, withdrawal, now);
  if (!withdrawn) return std::unexpected(withdrawn.error());
  if (auto saved = tx.record_withdrawal(*withdrawn); !saved) return std::unexpected(saved.error());
  if (withdrawn->kind == clinic::ConsentKind::kContact) {
    // Another consent to contact may still hold (given again later); only without one do the
    // waiting reminders stop.
    auto allowed = may_contact(tx, patient.id, now);
    if (!allowed) return std::unexpected(allowed.error());
    if (!*allowed) {
      if (auto cancelled = tx.cancel_pending_reminders(patient.id); !cancelled) {
        return std::unexpected(cancelled.error());
      }
    }
  }
  return withdrawn;
}

Result<bool> may_contact(store::Consents& consents, const std::string& patient_id, Instant at) {
  auto listed = consents.list_consents(patient_id);
  if (!listed) return std::unexpected(listed.error());
  return clinic::consented(*listed, clinic::ConsentKind::kContact, at);
}

}  // namespace mesoclinic::practice
