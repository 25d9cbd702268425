// Recording and withdrawing a patient's consents (clinic/consent.h), with what follows: a
// withdrawn consent to contact cancels the reminders waiting to go, and no reminder is composed
// for a patient who has not consented to contact. Treatment consents are recorded with a
// course's agreement (practice::start_course), not on their own.
#pragma once

#include <optional>
#include <string>

#include "clinic/consent.h"
#include "clinic/patient.h"
#include "store/store.h"

namespace mesoclinic::practice {

// A consent to photos or to contact as staff record it.
struct ConsentRequest {
  clinic::ConsentKind kind = clinic::ConsentKind::kContact;
  clinic::ConsentMethod method = clinic::ConsentMethod::kSignedForm;
  std::optional<Instant> given_at;  // now if not said
  std::optional<clinic::Guardian> guardian;
};

// Records `request` for `patient` as `user_id` at `now`. kInvalidInput at /kind for a treatment
// consent (it comes with a course's agreement), and for the rules of clinic::validate_consent:
// a guardian exactly when the patient is under 18 on the day it is given (in the clinic's zone).
Result<clinic::Consent> record_consent(store::Transaction& tx, const clinic::Patient& patient,
                                       const ConsentRequest& request, const std::string& user_id,
                                       Instant now);

// The treatment consent of a course being agreed, as `user_id` records it at `now`: a guardian
// exactly when `guardian_needed` (the patient's decision says so).
Result<clinic::Consent> record_course_consent(
    store::Transaction& tx, const clinic::Patient& patient, const std::string& course_id,
    clinic::ConsentMethod method, const std::optional<clinic::Guardian>& guardian,
    bool guardian_needed, const std::string& user_id, Instant now);

// Withdraws the patient's consent `consent_id` from `withdrawal.withdrawn_at`. A consent to
// contact that no longer holds cancels the patient's pending reminders. kNotFound if the
// patient has no such consent; see clinic::withdraw for the rest.
Result<clinic::Consent> withdraw_consent(store::Transaction& tx, const clinic::Patient& patient,
                                         const std::string& consent_id,
                                         const clinic::Withdrawal& withdrawal, Instant now);

// Whether the patient may be contacted (a reminder composed) at `at`.
Result<bool> may_contact(store::Consents& consents, const std::string& patient_id, Instant at);

}  // namespace mesoclinic::practice
