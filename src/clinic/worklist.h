// The worklist (issue 13): follow-ups the clinic must act on, each an item that stays open until
// someone closes it with a note of what was done. Items come from what happened elsewhere: a
// "not now" decision (re-assess on its date), an adverse event with a follow-up date, a finished
// course (the maintenance recall window opens), a reminder that could not be delivered and a
// course's outcome time point that came without a measurement. What
// each kind means, what its detail says and how an item is closed is decided here. Pure values
// and rules; the detail is written for staff, never for the patient.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "core/time.h"

namespace mesoclinic::clinic {

enum class WorklistKind { kRecall, kReassess, kAdverseFollowUp, kReminderFailed, kMeasurementDue };
enum class WorklistStatus { kOpen, kClosed };

// Names as they appear in the API and the database ("recall", "adverse_follow_up", "open").
std::string_view to_string(WorklistKind kind);
std::string_view to_string(WorklistStatus status);
std::optional<WorklistKind> parse_worklist_kind(std::string_view text);
std::optional<WorklistStatus> parse_worklist_status(std::string_view text);

// What an item of `kind` came from, as the API names it: a suitability "decision", the
// "appointment" whose chart recorded the adverse event, the "course" whose recall or outcome
// measurement it is, or the "reminder" that failed.
std::string_view source_type(WorklistKind kind);

struct WorklistClosure {
  Instant closed_at{};
  std::string closed_by;  // user id
  std::string note;       // what was done
  friend bool operator==(const WorklistClosure&, const WorklistClosure&) = default;
};

struct WorklistItem {
  std::string id;
  std::string clinic_id;
  std::string patient_id;
  std::optional<std::string> course_id;  // the course it concerns, if any
  WorklistKind kind = WorklistKind::kReassess;
  std::string source_id;  // the decision, appointment, course or reminder (see source_type)
  // With kind and source, what makes the item one of a kind: the follow-up date of an adverse
  // event (a chart may ask for more than one), the moment a reminder failed (it may fail again
  // after a retry), the time point of a measurement due (clinic/outcomes.h names); empty for the
  // others, of which a source has one.
  std::string source_key;
  CalendarDate due_by{};  // act on or before this day
  std::string detail;     // what staff are asked to do, in words
  Instant created_at{};
  std::optional<WorklistClosure> closure;  // none while open
  friend bool operator==(const WorklistItem&, const WorklistItem&) = default;
};

WorklistStatus status_of(const WorklistItem& item);

inline constexpr std::size_t kMaxClosingNoteLength = 2000;  // code points

// The note an item is closed with says what was done: 1..2000 characters under the text policy
// of a note, not only spaces. A field error at "/note" otherwise.
Result<void> validate_closing_note(const std::string& note);

// `item` closed with `closure`: kConflict if it is closed already (someone acted on it first).
Result<WorklistItem> close(const WorklistItem& item, const WorklistClosure& closure);

// The detail of each kind of item, for staff. None names a clinical finding: reception works the
// list too and sees no clinical notes, so the item points at the record instead.
std::string reassess_detail(CalendarDate decided_on, CalendarDate reassess_on);
std::string adverse_follow_up_detail(CalendarDate session_day, CalendarDate follow_up_on);
// `invited`: whether an invitation to the patient is queued (they consented to contact and chose
// a channel); if not, the clinic invites them itself.
std::string recall_detail(CalendarDate last_session, CalendarDate window_opens,
                          CalendarDate window_closes, CalendarDate invitation_day, bool invited);
// `what`: the reminder's kind ("appointment", "aftercare", "recall"); `error`: why it failed,
// as the channel said (shortened to a few hundred characters).
// `point`: the time point's words ("end of course"); `due_on`: when it fell due.
std::string measurement_due_detail(std::string_view point, CalendarDate due_on);
std::string reminder_failed_detail(std::string_view what, std::string_view channel,
                                   std::string_view recipient, std::string_view error);

}  // namespace mesoclinic::clinic
