// Follow-ups that happen (issue 13): the worklist items opened where things happen, and their
// closure. A "not now" decision opens a re-assessment due on its day; a signed chart (or a
// correction) with an adverse event to follow up opens an item for its date; a course whose last
// booked session is over opens the maintenance recall, due when the recall window opens, and
// invites the patient through the reminder outbox if they may be contacted; a reminder the sender
// gave up on opens an item for staff. Each source opens its item once (clinic/worklist.h), in the
// transaction of what caused it, with an audit entry in the system's name.
#pragma once

#include <string>

#include "clinic/chart.h"
#include "clinic/patient.h"
#include "clinic/suitability.h"
#include "clinic/worklist.h"
#include "store/store.h"

namespace mesoclinic::practice {

// After `decision` (stored as `decision_id`) was recorded on `decided_on` (clinic time): a not_now
// with a day to re-assess opens a reassess item due that day. Nothing for other outcomes.
Result<void> plan_reassessment(store::Transaction& tx, const clinic::Patient& patient,
                               const std::string& decision_id,
                               const clinic::DecisionOnRecord& decision, CalendarDate decided_on,
                               Instant at);

// After the chart of `session` was signed or corrected: an adverse_follow_up item for each day its
// adverse events ask to be followed up on (several events on one day share one). A correction
// that adds a day adds an item; one that drops a day leaves its item for staff to close.
Result<void> plan_adverse_follow_ups(store::Transaction& tx, const store::Appointment& session,
                                     const clinic::SessionChart& chart, Instant at);

// After a session of a course was signed or its attendance recorded: once the course is finished
// (planning::last_session_of_finished_course), a recall item due when the recall window opens
// after the last session given, and the invitation to the patient queued for the protocol's
// recall day where the consent gate of the reminders lets it go (practice/reminders.h). Once per
// course; nothing for a single appointment or a course still under way.
Result<void> plan_recall(store::Transaction& tx, const store::Appointment& session, Instant at);

// After a session of a course was signed or its attendance recorded: a measurement_due item for
// each outcome time point (practice/outcomes.h) that has come by the clinic's today without a
// measurement, and, once the course is finished, for the 3, 6 and 12 months after it, due on
// their days. One item per course and time point, closed by recording the time point.
Result<void> plan_measurement_follow_ups(store::Transaction& tx, const store::Appointment& session,
                                         Instant at);

// A reminder the sender gave up on at `at` (failed for good): a reminder_failed item due that
// day, unless an item for that reminder is still open. Called by the reminder sender in the
// transaction that records the failure.
Result<void> report_failed_reminder(store::Transaction& tx, const store::Reminder& reminder,
                                    Instant at);

// Closes `item_id` of the clinic `clinic_id` with `note`, as `user_id` at `at`. kNotFound if the
// clinic has no such item (or its patient was deleted), kInvalidInput at /note for a note
// clinic::validate_closing_note refuses, kConflict if the item is closed already.
Result<clinic::WorklistItem> close_worklist_item(store::Transaction& tx,
                                                 const std::string& clinic_id,
                                                 const std::string& item_id,
                                                 const std::string& note,
                                                 const std::string& user_id, Instant at);

}  // namespace mesoclinic::practice
