#include "planning/planner.h"

#include <algorithm>
#include <utility>

#include "planning/internal.h"

namespace mesoclinic::planning {
namespace {

using internal::days_between;
using internal::in_any;
using std::chrono::minutes;

// How far beyond a session's window the planner looks for alternatives.
constexpr int kAlternativeSearchDays = 21;
constexpr std::size_t kAlternatives = 3;

// The window a session may land in, given the session before it.
struct Window {
  CalendarDate target;
  CalendarDate earliest;
  CalendarDate latest;
};

// The window of session `number` after session `previous_number` on `previous`: the intervals
// between them added up (more than one when sessions in between were missed or cancelled).
Window window_after(const Protocol& protocol, const Calendar& calendar, CalendarDate previous,
                    int previous_number, int number) {
  int interval = 0;
  for (int gap = previous_number; gap < number; ++gap) {
    interval += protocol.interval_days.at(static_cast<std::size_t>(gap - 1));
  }
  const int earliest = std::max(interval - protocol.tolerance_days, calendar.healing_days() + 1);
  return {.target = add_days(previous, interval),
          .earliest = add_days(previous, earliest),
          .latest = add_days(previous, std::max(earliest, interval + protocol.tolerance_days))};
}

// Dates of a window, nearest the target first (later before earlier on a tie: a session a day
// late keeps the healing period; a day early shortens the rest).
std::vector<CalendarDate> dates_by_nearness(const Window& window) {
  std::vector<CalendarDate> dates;
  for (CalendarDate day = window.earliest; day <= window.latest; day = add_days(day, 1)) {
    dates.push_back(day);
  }
  std::stable_sort(dates.begin(), dates.end(), [&](CalendarDate a, CalendarDate b) {
    const int da = std::abs(days_between(window.target, a));
    const int db = std::abs(days_between(window.target, b));
    if (da != db) return da < db;
    return a > b;
  });
  return dates;
}

class SessionSearch {
 public:
  SessionSearch(const Protocol& protocol, const Calendar& calendar, const std::string& patient_id,
                const Preferences& preferences)
      : protocol_(protocol),
        calendar_(calendar),
        patient_id_(patient_id),
        preferences_(preferences) {}

  bool is_preferred_day(CalendarDate date) const {
    return preferences_.weekdays.empty() ||
           std::find(preferences_.weekdays.begin(), preferences_.weekdays.end(),
                     weekday_index(date)) != preferences_.weekdays.end();
  }

  bool is_preferred_time(minutes start) const {
    return preferences_.times.empty() ||
           in_any(preferences_.times, start, protocol_.appointment_length);
  }

  // The first bookable slot on one of `dates` (in that order): on a preferred day and time
  // first, then at any opening time. Records the furthest-reaching refusal in `refusal`.
  std::optional<PlannedSession> first_slot(const std::vector<CalendarDate>& dates, int number,
                                           const std::optional<std::string>& practitioner,
                                           Refusal& refusal, bool& refused) const {
    for (const bool preferred_only : {true, false}) {
      for (const CalendarDate date : dates) {
        if (preferred_only && !is_preferred_day(date)) continue;
        const auto starts = calendar_.opening_starts(date, protocol_.appointment_length);
        if (starts.empty()) {
          if (!refused || Refusal::kClinicClosed > refusal) refusal = Refusal::kClinicClosed;
          refused = true;
        }
        for (const minutes start : starts) {
          if (preferred_only && !is_preferred_time(start)) continue;
          auto found = calendar_.find_slot({date, start}, protocol_.appointment_length, patient_id_,
                                           practitioner);
          if (auto* slot = std::get_if<Slot>(&found)) {
            PlannedSession session{.number = number, .slot = *slot, .on_preferred_slot = false};
            session.on_preferred_slot = is_preferred_day(date) && is_preferred_time(start) &&
                                        (!preferences_.practitioner_id ||
                                         slot->practitioner_id == *preferences_.practitioner_id);
            return session;
          }
          const Refusal why = std::get<Refusal>(found);
          if (!refused || why > refusal) refusal = why;
          refused = true;
        }
      }
    }
    return std::nullopt;
  }

  // Up to three slots nearest `window` outside it (never before the healing period ends).
  std::vector<PlannedSession> alternatives(const Window& window, CalendarDate never_before,
                                           int number,
                                           const std::optional<std::string>& practitioner) const {
    std::vector<PlannedSession> found;
    Refusal ignored{};
    bool refused = false;
    for (int distance = 1; distance <= kAlternativeSearchDays && found.size() < kAlternatives;
         ++distance) {
      for (const CalendarDate date :
           {add_days(window.latest, distance), add_days(window.earliest, -distance)}) {
        if (date < never_before || found.size() >= kAlternatives) continue;
        if (auto slot = first_slot({date}, number, practitioner, ignored, refused)) {
          found.push_back(std::move(*slot));
        }
      }
    }
    return found;
  }

  // Session `number` placed in `window`, or an Unplaced describing why not.
  std::variant<PlannedSession, Unplaced> place(
      const Window& window, CalendarDate never_before, int number,
      const std::optional<std::string>& practitioner) const {
    Refusal refusal{};
    bool refused = false;
    if (auto slot = first_slot(dates_by_nearness(window), number, practitioner, refusal, refused)) {
      return std::move(*slot);
    }
    Unplaced unplaced{.number = number,
                      .target = window.target,
                      .reason = "no slot between " + format_iso_date(window.earliest) + " and " +
                                format_iso_date(window.latest) + ": " +
                                std::string(describe(refused ? refusal : Refusal::kClinicClosed)),
                      .alternatives = alternatives(window, never_before, number, practitioner)};
    return unplaced;
  }

 private:
  const Protocol& protocol_;
  const Calendar& calendar_;
  const std::string& patient_id_;
  const Preferences& preferences_;
};

}  // namespace

int course_horizon_days(const Protocol& protocol, int healing_days) {
  int days = protocol.tolerance_days;
  for (const int interval : protocol.interval_days) {
    days += std::max(interval + protocol.tolerance_days, healing_days + 1);
  }
  return days + kAlternativeSearchDays + 1;
}

CoursePlan plan_course(const Protocol& protocol, const Calendar& calendar,
                       const std::string& patient_id, CalendarDate start,
                       const Preferences& preferences) {
  const SessionSearch search(protocol, calendar, patient_id, preferences);
  CoursePlan plan;
  std::optional<std::string> practitioner = preferences.practitioner_id;
  // Session 1 on the start day or within the tolerance after it.
  Window window{
      .target = start, .earliest = start, .latest = add_days(start, protocol.tolerance_days)};
  CalendarDate never_before = start;
  for (int number = 1; number <= protocol.sessions; ++number) {
    if (number > 1) {
      const CalendarDate previous =
          plan.sessions.empty() || plan.sessions.back().number != number - 1
              ? window.target
              : plan.sessions.back().slot.local_start.date;
      window = window_after(protocol, calendar, previous, number - 1, number);
      never_before = add_days(previous, calendar.healing_days() + 1);
    }
    auto placed = search.place(window, never_before, number, practitioner);
    if (auto* session = std::get_if<PlannedSession>(&placed)) {
      // The same practitioner for the whole course where possible.
      if (!practitioner) practitioner = session->slot.practitioner_id;
      plan.sessions.push_back(std::move(*session));
    } else {
      plan.unplaced.push_back(std::move(std::get<Unplaced>(placed)));
    }
  }
  return plan;
}

Result<std::vector<PlannedSession>> reschedule(const Protocol& protocol, const Calendar& calendar,
                                               const std::vector<PlannedSession>& sessions,
                                               int number, const LocalDateTime& new_start,
                                               const std::string& patient_id,
                                               const Preferences& preferences,
                                               RepeatedHour repeated) {
  const auto moved_at = std::find_if(sessions.begin(), sessions.end(),
                                     [&](const PlannedSession& s) { return s.number == number; });
  if (moved_at == sessions.end()) {
    return fail(ErrorCode::kNotFound, "the course has no session " + std::to_string(number));
  }
  std::vector<PlannedSession> result(sessions.begin(), moved_at);
  if (!result.empty()) {
    const CalendarDate earliest =
        add_days(result.back().slot.local_start.date, calendar.healing_days() + 1);
    if (new_start.date < earliest) {
      return fail(ErrorCode::kConflict, "session " + std::to_string(number) +
                                            " would fall inside the healing period of session " +
                                            std::to_string(result.back().number) + " (until " +
                                            format_iso_date(add_days(earliest, -1)) + ")");
    }
  }
  auto slot = calendar.find_slot(new_start, protocol.appointment_length, patient_id,
                                 moved_at->slot.practitioner_id, repeated);
  if (auto* why = std::get_if<Refusal>(&slot)) {
    return fail(ErrorCode::kConflict,
                format_local(new_start) + " cannot be booked: " + std::string(describe(*why)));
  }
  result.push_back({.number = number, .slot = std::get<Slot>(slot), .on_preferred_slot = false});

  const SessionSearch search(protocol, calendar, patient_id, preferences);
  for (auto later = moved_at + 1; later != sessions.end(); ++later) {
    const PlannedSession& previous = result.back();
    const Window window = window_after(protocol, calendar, previous.slot.local_start.date,
                                       previous.number, later->number);
    const CalendarDate current = later->slot.local_start.date;
    if (current >= window.earliest && current <= window.latest) {
      result.push_back(*later);  // still within its interval: it stays
      continue;
    }
    // Move only as far as needed: from the window's edge nearest the current date inwards.
    std::vector<CalendarDate> dates;
    if (current < window.earliest) {
      for (CalendarDate d = window.earliest; d <= window.latest; d = add_days(d, 1)) {
        dates.push_back(d);
      }
    } else {
      for (CalendarDate d = window.latest; d >= window.earliest; d = add_days(d, -1)) {
        dates.push_back(d);
      }
    }
    Refusal refusal{};
    bool refused = false;
    auto placed =
        search.first_slot(dates, later->number, later->slot.practitioner_id, refusal, refused);
    if (placed) {
      result.push_back(std::move(*placed));
    } else if (current > window.latest) {
      // Further than the interval asks, but not too close: the window is full (or the session
      // sits on an alternative chosen for that reason), so it keeps its slot.
      result.push_back(*later);
    } else {
      return fail(ErrorCode::kConflict,
                  "session " + std::to_string(later->number) + " cannot follow: " +
                      std::string(describe(refused ? refusal : Refusal::kClinicClosed)) +
                      " between " + format_iso_date(window.earliest) + " and " +
                      format_iso_date(window.latest));
    }
  }
  return result;
}

}  // namespace mesoclinic::planning
