// Putting reminders into the outbox (DOMAIN.md step 6), composed in the patient's language and
// channel when queued: the day-before reminder of each appointment, and one for the end of each
// aftercare restriction. Sending them is src/notify's job.
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

// Queues the day-before reminder of every booked appointment whose reminder is due at `now`
// and not yet queued, for patients who want reminders and consent to contact (run by the reminder
// sender before each pass). Each appointment's reminder is queued in a transaction of its own; the
// first failure is returned after the others were tried, and the next pass tries it again.
Result<void> queue_due_reminders(store::Store& store, Instant now);

}  // namespace mesoclinic::practice
