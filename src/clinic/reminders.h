// Reminders (DOMAIN.md steps 6 and 8): when a patient is told about tomorrow's appointment, about
// the end of each aftercare restriction and that their maintenance recall is due, whether a
// queued reminder is still worth sending, and how a failed delivery is retried. Sending itself
// lives in src/notify.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clinic/aftercare.h"
#include "clinic/patient.h"
#include "core/clinic_time.h"

namespace mesoclinic::clinic {

// kRecall: the invitation to maintenance once a course's recall falls due (DOMAIN.md step 8).
enum class ReminderKind { kAppointment, kAftercare, kRecall };

// Where a reminder stands. kSending: claimed by a sender, nothing handed over yet, so sending
// it again cannot duplicate it. kHandedOver: the whole message is at the receiving server and
// only its reply is outstanding. kUnconfirmed: a handed-over message that was never confirmed
// (its sender died, or the server fell silent), so it is not sent again (at most once) and
// staff are asked to check.
enum class ReminderStatus {
  kPending,
  kSending,
  kHandedOver,
  kSent,
  kFailed,
  kUnconfirmed,
  kCancelled
};

std::string_view to_string(ReminderKind kind);
std::optional<ReminderKind> parse_reminder_kind(std::string_view text);
std::string_view to_string(ReminderStatus status);
std::optional<ReminderStatus> parse_reminder_status(std::string_view text);

// Where the patient wants reminders: the e-mail address or phone number of their channel;
// nothing when they want none (or the channel's address is missing).
std::optional<std::string> reminder_address(const PatientDetails& patient);

// What a reminder announces, unique in the outbox so nothing is queued twice: an appointment
// at its start (a moved appointment is announced again), or the end of one restriction after
// one session.
std::string appointment_reminder_topic(const std::string& appointment_id, Instant start);
std::string aftercare_reminder_topic(const std::string& appointment_id, const std::string& rule_id);
// A course's recall invitation: one per course.
std::string recall_invitation_topic(const std::string& course_id);

// When the reminder of an appointment starting at `start` is due: the same wall-clock time on
// the day before in the clinic's zone (a 09:30 appointment is announced at 09:30 the day before,
// across a clock change too).
Instant appointment_reminder_due(Instant start, const ClinicZone& zone);

// The hour of the morning a patient hears that a restriction ends that day.
inline constexpr std::chrono::hours kMilestoneMorning{9};

struct AftercareMilestone {
  std::string rule_id;
  Instant ends_at{};  // the restriction's minimum end: from then the patient may
  Instant due_at{};   // when the reminder goes out
};

// When the recall invitation for `recall_day` goes out: at kMilestoneMorning clinic time that day.
Instant recall_invitation_due(CalendarDate recall_day, const ClinicZone& zone);

// One reminder per restriction of `plan` that ends after `issued_at` (a restriction already
// over when the plan is issued needs no reminder): due at 09:00 clinic time on the day it ends,
// or at its end if that is earlier in the morning.
std::vector<AftercareMilestone> aftercare_milestones(const AftercarePlan& plan, Instant issued_at,
                                                     const ClinicZone& zone);

// An appointment reminder is sent only while the appointment is still booked at the start it
// announces and has not begun; otherwise it is cancelled.
bool appointment_reminder_still_true(bool still_booked, Instant announced_start,
                                     Instant current_start, Instant now);

enum class DeliveryFailure {
  kTemporary,  // the server or network may accept it later: try again
  kPermanent   // refused for good (unknown recipient, rejected request): tell staff
};

struct RetryPolicy {
  int max_attempts = 6;
  std::chrono::seconds first_delay{60};
  std::chrono::seconds longest_delay{6 * 3600};
};

// After attempt number `attempts` (1-based) failed: the time of the next attempt, or nothing
// when the reminder has failed for good (a permanent failure, or the last attempt). Delays
// grow fourfold from `first_delay`, up to `longest_delay`.
std::optional<Instant> next_attempt(const RetryPolicy& policy, int attempts,
                                    DeliveryFailure failure, Instant failed_at);

}  // namespace mesoclinic::clinic
