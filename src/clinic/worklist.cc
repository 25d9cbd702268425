#include "clinic/worklist.h"

#include <utility>

#include "clinic/names.h"
#include "core/text.h"

namespace mesoclinic::clinic {
namespace {

constexpr NameTable<WorklistKind, 5> kKindNames{{
    {WorklistKind::kRecall, "recall"},
    {WorklistKind::kReassess, "reassess"},
    {WorklistKind::kAdverseFollowUp, "adverse_follow_up"},
    {WorklistKind::kReminderFailed, "reminder_failed"},
    {WorklistKind::kMeasurementDue, "measurement_due"},
}};

constexpr NameTable<WorklistStatus, 2> kStatusNames{{
    {WorklistStatus::kOpen, "open"},
    {WorklistStatus::kClosed, "closed"},
}};

// How much of a channel's error an item quotes: enough to tell a wrong address from a full
// mailbox, not a whole server transcript.
constexpr std::size_t kQuotedErrorBytes = 300;

// The channel's words as one line of at most kQuotedErrorBytes, cut at a character boundary:
// a server reply may span lines or hold control characters.
std::string quoted(std::string_view error) {
  std::string line;
  for (const char c : error) {
    line.push_back(static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? ' ' : c);
  }
  if (line.size() <= kQuotedErrorBytes) return line;
  std::size_t cut = kQuotedErrorBytes;
  while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
  line.resize(cut);
  return line.append("...");
}

}  // namespace

std::string_view to_string(WorklistKind kind) { return name_in(kKindNames, kind); }
std::string_view to_string(WorklistStatus status) { return name_in(kStatusNames, status); }
std::optional<WorklistKind> parse_worklist_kind(std::string_view text) {
  return parse_in(kKindNames, text);
}
std::optional<WorklistStatus> parse_worklist_status(std::string_view text) {
  return parse_in(kStatusNames, text);
}

std::string_view source_type(WorklistKind kind) {
  switch (kind) {
    case WorklistKind::kRecall:
    case WorklistKind::kMeasurementDue:
      return "course";
    case WorklistKind::kReassess:
      return "decision";
    case WorklistKind::kAdverseFollowUp:
      return "appointment";
    case WorklistKind::kReminderFailed:
      return "reminder";
  }
  return "unknown";
}

WorklistStatus status_of(const WorklistItem& item) {
  return item.closure ? WorklistStatus::kClosed : WorklistStatus::kOpen;
}

Result<void> validate_closing_note(const std::string& note) {
  if (auto problem = text_policy_problem(note, TextKind::kNote, kMaxClosingNoteLength)) {
    return invalid({{"/note", std::move(*problem)}});
  }
  if (note.find_first_not_of(" \t\r\n") == std::string::npos) {
    return invalid({{"/note", "must say what was done (1 to 2000 characters)"}});
  }
  return {};
}

Result<WorklistItem> close(const WorklistItem& item, const WorklistClosure& closure) {
  if (item.closure) {
    return fail(ErrorCode::kConflict, "This item was closed already, on " +
                                          format_rfc3339(item.closure->closed_at) + ".");
  }
  WorklistItem closed = item;
  closed.closure = closure;
  return closed;
}

std::string reassess_detail(CalendarDate decided_on, CalendarDate reassess_on) {
  return "Decided \"not now\" on " + format_iso_date(decided_on) +
         ": book a re-assessment on or after " + format_iso_date(reassess_on) + ".";
}

std::string adverse_follow_up_detail(CalendarDate session_day, CalendarDate follow_up_on) {
  return "The chart of the session on " + format_iso_date(session_day) +
         " records an adverse event to follow up on " + format_iso_date(follow_up_on) +
         ": see the chart and arrange the follow-up.";
}

std::string recall_detail(CalendarDate last_session, CalendarDate window_opens,
                          CalendarDate window_closes, CalendarDate invitation_day, bool invited) {
  std::string detail = "Maintenance recall: the course's last session was on " +
                       format_iso_date(last_session) + "; book maintenance between " +
                       format_iso_date(window_opens) + " and " + format_iso_date(window_closes) +
                       ". ";
  if (invited) {
    return detail + "An invitation goes to the patient on " + format_iso_date(invitation_day) + ".";
  }
  return detail +
         "No invitation is sent (the patient has not consented to contact or wants no "
         "reminders): invite them yourselves.";
}

std::string measurement_due_detail(std::string_view point, CalendarDate due_on) {
  return "The course's " + std::string(point) + " measurements were due on " +
         format_iso_date(due_on) +
         ": measure the patient at their next visit (or book one) and record the outcome.";
}

std::string reminder_failed_detail(std::string_view what, std::string_view channel,
                                   std::string_view recipient, std::string_view error) {
  return "The " + std::string(what) + " reminder by " +
         std::string(channel == "sms" ? "SMS" : "e-mail") + " to " + std::string(recipient) +
         " could not be delivered (" + quoted(error) +
         "). Check the patient's contact details, then send it again or tell the patient "
         "yourselves.";
}

}  // namespace mesoclinic::clinic
