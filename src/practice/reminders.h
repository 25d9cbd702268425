// Putting reminders into the outbox (DOMAIN.md steps 6 and 8), composed in the patient's language
// and channel when queued: the day-before reminder of each appointment, one for the end of each
// aftercare restriction, and the invitation to maintenance when a course's recall falls due.
// Sending them is src/notify's job. Every one passes the same gate: the patient chose a channel
// with an address and consents to be contacted.
#pragma once

#include "clinic/aftercare.h"
#include "clinic/patient.h"
#include "store/store.h"

namespace mesoclinic::practice {

// Queues a reminder for each restriction of `plan` that ends after `issued_at`, in the
// patient's language and channel (nothing if they want no reminders or have not consented to
// be contacted); part of signing.
Result<void> queue_aftercare_reminders(store::Transaction& tx,
                                       const store::Appointment& appointment,
                                       const clinic::Patient& patient,
                                       const clinic::AftercarePlan& plan, Instant issued_at);

// Queues the invitation to maintenance after a finished course (DOMAIN.md step 8), due at 09:00
// clinic time on `recall_day`, following `last_session` (the course's last session given), in the
// patient's language and channel. Returns whether it was queued: not if the patient wants no
// reminders or does not consent to be contacted at `at`, nor if the course's invitation was
// queued before. Withdrawing the consent later cancels it with the others.
Result<bool> queue_recall_invitation(store::Transaction& tx, const clinic::Patient& patient,
                                     const std::string& course_id,
                                     const store::Appointment& last_session,
                                     CalendarDate recall_day, Instant at);

// Queues the day-before reminder of every booked appointment whose reminder is due at `now`
// and not yet queued, for patients who want reminders and consent to contact (run by the reminder
// sender before each pass). Each appointment's reminder is queued in a transaction of its own; the
// first failure is returned after the others were tried, and the next pass tries it again.
Result<void> queue_due_reminders(store::Store& store, Instant now);

}  // namespace mesoclinic::practice
