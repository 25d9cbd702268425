// Charting a session at the chair (DOMAIN.md steps 5 and 6): the draft, the signature and what
// it brings in the same transaction (stock taken from the lots used, lot use recorded for
// recalls, the appointment marked attended, the aftercare plan issued and its reminders
// queued, worklist items for its adverse events' follow-ups and, after a course's last session,
// its maintenance recall), and corrections as new signed versions. Nothing of a signature happens
// unless all of it does: the caller commits only a successful result.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "clinic/aftercare.h"
#include "clinic/chair_safety.h"
#include "clinic/chart.h"
#include "clinic/consent.h"
#include "clinic/patient.h"
#include "core/clinic_time.h"
#include "store/store.h"

namespace mesoclinic::practice {

// Creates or replaces the session's draft chart. kConflict if the appointment cannot be
// charted (not yet begun, missed or cancelled) or its chart is signed already.
Result<store::StoredChart> save_draft_chart(store::Transaction& tx,
                                            const store::Appointment& appointment,
                                            const clinic::Patient& patient,
                                            const clinic::SessionChart& chart,
                                            const std::string& user_id, Instant at);

struct SignedSession {
  store::StoredChart chart;  // as sealed
  std::string aftercare_document;
};

// A signature refused at the chair: what the lots conflict with. Nothing was changed.
struct RefusedAtChair {
  std::vector<clinic::ChairConflict> conflicts;
};

// A signature refused because the course's treatment consent was withdrawn before the session
// began; no override lifts it. Nothing was changed.
struct ConsentWithdrawn {
  clinic::Consent consent;
};

using Signature = std::variant<SignedSession, RefusedAtChair, ConsentWithdrawn>;

// Signs the draft as `user_id` at `at`, with everything that follows from it. First, a session of
// a course whose treatment consent was withdrawn before it began is refused (ConsentWithdrawn).
// Then, before
// anything changes, each lot's formulation is checked against the patient's allergies as now
// recorded and the standing decision for it (clinic::check_at_chair): a conflict refuses the
// signature (RefusedAtChair) unless `override_reason` is given, which the signed chart then keeps
// with the conflicts it overrode. kInvalidInput at /override_reason for a reason with no
// conflict to override; kConflict if there is no draft, it is signed already, the appointment
// cannot be charted, or a lot is not usable (expired, recalled, too few vials); kInvalidInput if
// a lot is not this clinic's.
Result<Signature> sign_chart(store::Transaction& tx, const store::Appointment& appointment,
                             const clinic::Patient& patient,
                             const std::optional<std::string>& override_reason,
                             const std::string& user_id, Instant at);

// A new signed version of a signed chart with its reason; stock follows the difference in lots,
// and a follow-up day of an adverse event it adds opens a worklist item.
// kConflict if the chart is not signed yet (the draft is changed and signed instead).
Result<store::StoredChart> correct_chart(store::Transaction& tx,
                                         const store::Appointment& appointment,
                                         const clinic::Patient& patient,
                                         const clinic::SessionChart& corrected,
                                         const std::string& reason, const std::string& user_id,
                                         Instant at);

// The patient's next session after `appointment`, and whether it starts inside the healing
// period of the session's aftercare `plan` (DOMAIN.md: no session until healed).
struct NextSession {
  store::Appointment appointment;
  bool before_healed = false;
};
Result<std::optional<NextSession>> next_session_after(store::Transaction& tx,
                                                      const store::Appointment& appointment,
                                                      const clinic::AftercarePlan& plan);

}  // namespace mesoclinic::practice
