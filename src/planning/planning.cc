#include "planning/planning.h"

#include <algorithm>

namespace mesoclinic::planning {
namespace {

using std::chrono::minutes;

constexpr minutes kStep{15};
// How far beyond a session's window the planner looks for alternatives.
constexpr int kAlternativeSearchDays = 21;
constexpr std::size_t kAlternatives = 3;

bool in_any(const std::vector<TimeRange>& ranges, minutes start, minutes length) {
  return std::any_of(ranges.begin(), ranges.end(),
                     [&](const TimeRange& range) { return range.contains(start, length); });
}

int days_between(CalendarDate from, CalendarDate to) {
  return static_cast<int>((std::chrono::sys_days{to} - std::chrono::sys_days{from}).count());
}

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
  return {add_days(previous, interval), add_days(previous, earliest),
          add_days(previous, std::max(earliest, interval + protocol.tolerance_days))};
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
            PlannedSession session{number, *slot, false};
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
    Unplaced unplaced{number, window.target,
                      "no slot between " + format_iso_date(window.earliest) + " and " +
                          format_iso_date(window.latest) + ": " +
                          std::string(describe(refused ? refusal : Refusal::kClinicClosed)),
                      alternatives(window, never_before, number, practitioner)};
    return unplaced;
  }

 private:
  const Protocol& protocol_;
  const Calendar& calendar_;
  const std::string& patient_id_;
  const Preferences& preferences_;
};

}  // namespace

std::string_view describe(Refusal refusal) {
  switch (refusal) {
    case Refusal::kTimeDoesNotExist:
      return "the clocks skip that time";
    case Refusal::kClinicClosed:
      return "the clinic is closed";
    case Refusal::kOutsideOpeningHours:
      return "outside opening hours";
    case Refusal::kNoPractitioner:
      return "no practitioner is at work and free";
    case Refusal::kNoRoom:
      return "no room is free";
    case Refusal::kPatientBusy:
      return "the patient has another appointment then";
  }
  return "unavailable";
}

Result<void> validate_protocol(const Protocol& protocol) {
  std::vector<FieldError> errors;
  if (protocol.name.empty() || protocol.name.size() > 200) {
    errors.push_back({"/name", "must be 1 to 200 characters"});
  }
  if (protocol.technique.size() > 1000) {
    errors.push_back({"/technique", "must be at most 1000 characters"});
  }
  if (protocol.sessions_override_reason.size() > 2000) {
    errors.push_back({"/sessions_override_reason", "must be at most 2000 characters"});
  }
  const bool usual = protocol.sessions >= kMinSessions && protocol.sessions <= kMaxSessions;
  if (protocol.sessions < 1 || protocol.sessions > 20) {
    errors.push_back({"/sessions", "must be between 1 and 20"});
  } else if (!usual && protocol.sessions_override_reason.empty()) {
    errors.push_back(
        {"/sessions_override_reason", "is required for a course outside 6 to 10 sessions"});
  }
  if (protocol.sessions >= 1 && protocol.sessions <= 20 &&
      protocol.interval_days.size() != static_cast<std::size_t>(protocol.sessions - 1)) {
    errors.push_back(
        {"/interval_days", "must give one interval for each session after the first (" +
                               std::to_string(protocol.sessions - 1) + ")"});
  }
  for (std::size_t i = 0; i < protocol.interval_days.size(); ++i) {
    if (protocol.interval_days[i] < 1 || protocol.interval_days[i] > 120) {
      errors.push_back({"/interval_days/" + std::to_string(i), "must be 1 to 120 days"});
    }
  }
  if (protocol.tolerance_days < 0 || protocol.tolerance_days > 14) {
    errors.push_back({"/tolerance_days", "must be 0 to 14 days"});
  }
  if (protocol.appointment_length < minutes{10} || protocol.appointment_length > minutes{240}) {
    errors.push_back({"/appointment_minutes", "must be 10 to 240 minutes"});
  }
  if (!protocol.price_per_session && !protocol.package_price) {
    errors.push_back({"/price_per_session", "a price per session or a package price is needed"});
  }
  for (const auto& [pointer, price] : {std::pair{"/price_per_session", protocol.price_per_session},
                                       std::pair{"/package_price", protocol.package_price}}) {
    if (!price) continue;
    if (price->minor_units < 0 || price->minor_units > 100'000'000) {
      errors.push_back({std::string(pointer) + "/minor_units", "must be 0 to 100000000"});
    }
    if (price->currency.size() != 3 || !std::all_of(price->currency.begin(), price->currency.end(),
                                                    [](char c) { return c >= 'A' && c <= 'Z'; })) {
      errors.push_back(
          {std::string(pointer) + "/currency", "must be an ISO 4217 code such as EUR"});
    }
  }
  if (protocol.price_per_session && protocol.package_price &&
      protocol.price_per_session->currency != protocol.package_price->currency) {
    errors.push_back({"/package_price/currency", "must be the per-session price's currency"});
  }
  if (protocol.recall_after_months < 12 || protocol.recall_after_months > 18) {
    errors.push_back({"/recall_after_months", "must be 12 to 18 months"});
  }
  if (errors.empty()) return {};
  return invalid(std::move(errors));
}

Money estimate_cost(const Protocol& protocol) {
  if (protocol.package_price) return *protocol.package_price;
  const Money per_session = protocol.price_per_session.value_or(Money{});
  return {per_session.minor_units * protocol.sessions, per_session.currency};
}

namespace {

CalendarDate add_months(CalendarDate date, int months) {
  const auto month =
      std::chrono::year_month{date.year(), date.month()} + std::chrono::months{months};
  const auto last_day =
      std::chrono::year_month_day_last{month.year(), std::chrono::month_day_last{month.month()}};
  return CalendarDate{month.year(), month.month(), std::min(date.day(), last_day.day())};
}

constexpr int kRecallEarliestMonths = 12;
constexpr int kRecallLatestMonths = 18;

// Ranges of one day must lie inside it, be non-empty and not overlap; `at` names the weekday.
void check_week(const WeeklyHours& week, const std::string& at, std::vector<FieldError>& errors) {
  static constexpr std::array<std::string_view, 7> kDays = {
      "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
  for (std::size_t day = 0; day < week.size(); ++day) {
    std::vector<TimeRange> ranges = week[day];
    const std::string pointer = at + "/" + std::string(kDays[day]);
    if (ranges.size() > 8) errors.push_back({pointer, "must have at most 8 ranges"});
    for (std::size_t i = 0; i < ranges.size(); ++i) {
      if (ranges[i].from < minutes{0} || ranges[i].to > minutes{24 * 60} ||
          ranges[i].from >= ranges[i].to) {
        errors.push_back({pointer + "/" + std::to_string(i),
                          "must start before it ends, within the day (00:00 to 24:00)"});
      }
    }
    std::sort(ranges.begin(), ranges.end(),
              [](const TimeRange& a, const TimeRange& b) { return a.from < b.from; });
    for (std::size_t i = 1; i < ranges.size(); ++i) {
      if (ranges[i].from < ranges[i - 1].to) {
        errors.push_back({pointer, "has overlapping ranges"});
        break;
      }
    }
  }
}

bool valid_text(const std::string& text, std::size_t max) { return text.size() <= max; }

// The instant a clinic-local day begins. Where clocks skip midnight (some zones change there)
// the day begins at the first minute that exists.
Instant start_of_day(const ClinicZone& zone, CalendarDate date) {
  for (int minute = 0; minute <= 180; minute += 15) {
    if (auto begins = zone.to_instant({date, minutes{minute}}, RepeatedHour::kEarlier)) {
      return *begins;
    }
  }
  // No zone skips three hours; a date the database cannot place falls back to UTC midnight.
  return Instant{std::chrono::sys_days{date}};
}

}  // namespace

CalendarDate recall_date(const Protocol& protocol, CalendarDate last_session) {
  return add_months(last_session, protocol.recall_after_months);
}

RecallWindow recall_window(const Protocol& protocol, CalendarDate last_session) {
  return {recall_date(protocol, last_session), add_months(last_session, kRecallEarliestMonths),
          add_months(last_session, kRecallLatestMonths)};
}

Result<void> validate_discount(const Discount& discount) {
  std::vector<FieldError> errors;
  if (discount.percent < 1 || discount.percent > 100) {
    errors.push_back({"/discount/percent", "must be 1 to 100"});
  }
  if (discount.reason.empty() || !valid_text(discount.reason, 500)) {
    errors.push_back({"/discount/reason", "must be 1 to 500 characters: why it is granted"});
  }
  if (errors.empty()) return {};
  return invalid(std::move(errors));
}

Money estimate_cost(const Protocol& protocol, const std::optional<Discount>& discount) {
  Money cost = estimate_cost(protocol);
  if (discount) {
    const std::int64_t off = (cost.minor_units * discount->percent + 50) / 100;
    cost.minor_units -= off;
  }
  return cost;
}

Result<void> validate_calendar_settings(const CalendarSettings& settings) {
  std::vector<FieldError> errors;
  check_week(settings.opening, "/opening_hours", errors);
  if (settings.healing_days < 1 || settings.healing_days > 14) {
    errors.push_back({"/healing_days", "must be 1 to 14 days"});
  }
  if (settings.closures.size() > 1000) errors.push_back({"/closures", "must be at most 1000"});
  std::vector<CalendarDate> dates;
  for (std::size_t i = 0; i < settings.closures.size(); ++i) {
    if (!valid_text(settings.closures[i].reason, 200)) {
      errors.push_back({"/closures/" + std::to_string(i) + "/reason", "must be at most 200 bytes"});
    }
    dates.push_back(settings.closures[i].date);
  }
  std::sort(dates.begin(), dates.end());
  if (std::adjacent_find(dates.begin(), dates.end()) != dates.end()) {
    errors.push_back({"/closures", "names a day twice"});
  }
  if (errors.empty()) return {};
  return invalid(std::move(errors));
}

Result<void> validate_work_schedule(const WorkSchedule& schedule) {
  std::vector<FieldError> errors;
  check_week(schedule.hours, "/working_hours", errors);
  if (schedule.absences.size() > 1000) errors.push_back({"/absences", "must be at most 1000"});
  for (std::size_t i = 0; i < schedule.absences.size(); ++i) {
    const Absence& absence = schedule.absences[i];
    const std::string at = "/absences/" + std::to_string(i);
    if (absence.last_day < absence.first_day) {
      errors.push_back({at + "/last_day", "must not be before first_day"});
    } else if (days_between(absence.first_day, absence.last_day) > 366) {
      errors.push_back({at + "/last_day", "must be within a year of first_day"});
    }
    if (!valid_text(absence.reason, 200)) {
      errors.push_back({at + "/reason", "must be at most 200 bytes"});
    }
  }
  if (errors.empty()) return {};
  return invalid(std::move(errors));
}

Practitioner practitioner_from(std::string id, const WorkSchedule& schedule,
                               const ClinicZone& zone) {
  Practitioner practitioner{std::move(id), schedule.hours, {}};
  for (const Absence& absence : schedule.absences) {
    practitioner.absences.push_back(
        {start_of_day(zone, absence.first_day), start_of_day(zone, add_days(absence.last_day, 1))});
  }
  return practitioner;
}

Result<void> check_agreed_sessions(const Protocol& protocol, int healing_days,
                                   const std::vector<LocalDateTime>& starts) {
  if (starts.size() != static_cast<std::size_t>(protocol.sessions)) {
    return invalid({{"/sessions", "must list all " + std::to_string(protocol.sessions) +
                                      " sessions of the protocol, numbered 1.." +
                                      std::to_string(protocol.sessions)}});
  }
  std::vector<FieldError> errors;
  for (std::size_t i = 1; i < starts.size(); ++i) {
    const CalendarDate healed = add_days(starts[i - 1].date, healing_days);
    if (starts[i].date <= healed) {
      errors.push_back({"/sessions/" + std::to_string(i) + "/starts_at",
                        "falls inside the healing period of session " + std::to_string(i) +
                            " (until " + format_iso_date(healed) + "); choose a later day"});
    }
  }
  if (errors.empty()) return {};
  return invalid(std::move(errors));
}

int course_horizon_days(const Protocol& protocol, int healing_days) {
  int days = protocol.tolerance_days;
  for (const int interval : protocol.interval_days) {
    days += std::max(interval + protocol.tolerance_days, healing_days + 1);
  }
  return days + kAlternativeSearchDays + 1;
}

namespace {

constexpr std::array<std::pair<Attendance, std::string_view>, 4> kAttendance = {{
    {Attendance::kBooked, "booked"},
    {Attendance::kAttended, "attended"},
    {Attendance::kMissed, "missed"},
    {Attendance::kCancelled, "cancelled"},
}};

}  // namespace

std::string_view to_string(Attendance attendance) {
  for (const auto& [value, name] : kAttendance) {
    if (value == attendance) return name;
  }
  return "booked";
}

std::optional<Attendance> parse_attendance(std::string_view text) {
  for (const auto& [value, name] : kAttendance) {
    if (name == text) return value;
  }
  return std::nullopt;
}

bool occupies(Attendance attendance) {
  return attendance == Attendance::kBooked || attendance == Attendance::kAttended;
}

const PatientAppointment* next_session(const std::vector<PatientAppointment>& appointments,
                                       const PatientAppointment& session) {
  const PatientAppointment* next = nullptr;
  for (const auto& appointment : appointments) {
    if (appointment.id == session.id || appointment.starts_at <= session.starts_at ||
        !occupies(appointment.status)) {
      continue;
    }
    if (!next || appointment.starts_at < next->starts_at) next = &appointment;
  }
  return next;
}

Result<void> check_attendance_change(Attendance current, Attendance next, Instant starts_at,
                                     Instant now) {
  if (current != Attendance::kBooked) {
    return fail(ErrorCode::kConflict,
                std::string("the appointment is already ").append(to_string(current)));
  }
  if (next == Attendance::kBooked)
    return invalid({{"/status", "must be attended, missed or cancelled"}});
  if (next != Attendance::kCancelled && starts_at > now) {
    return fail(ErrorCode::kConflict,
                "an appointment can be marked attended or missed only once it has begun");
  }
  return {};
}

Result<void> check_move(Attendance current, CalendarDate new_date, CalendarDate today) {
  if (current != Attendance::kBooked) {
    return fail(ErrorCode::kConflict,
                std::string("only a booked appointment can be moved; this one is ")
                    .append(to_string(current)));
  }
  return check_not_past(new_date, today, "/starts_at");
}

Result<void> check_charting(Attendance attendance, Instant starts_at, Instant now) {
  if (!occupies(attendance)) {
    return fail(ErrorCode::kConflict, std::string("the appointment is ")
                                          .append(to_string(attendance))
                                          .append("; there is no session to chart"));
  }
  if (starts_at > now) return fail(ErrorCode::kConflict, "a session is charted once it has begun");
  return {};
}

Result<void> check_not_past(CalendarDate date, CalendarDate today, const std::string& field) {
  if (date < today) return invalid({{field, "is in the past"}});
  return {};
}

Result<void> check_booking(CalendarDate date, minutes length, CalendarDate today) {
  std::vector<FieldError> errors;
  if (date < today) errors.push_back({"/starts_at", "is in the past"});
  if (length < minutes{10} || length > minutes{240}) {
    errors.push_back({"/minutes", "must be 10 to 240 minutes"});
  }
  if (errors.empty()) return {};
  return invalid(std::move(errors));
}

Result<void> check_agreed_cost(const Money& estimate, const Money& shown) {
  if (estimate == shown) return {};
  return fail(ErrorCode::kConflict,
              "the estimate is now " + std::to_string(estimate.minor_units) + " " +
                  estimate.currency +
                  " (minor units), not what the patient was shown; show the new estimate and "
                  "record the agreement again");
}

bool has_too_many_gaps(int missed_or_cancelled, int allowed_gaps) {
  return missed_or_cancelled > allowed_gaps;
}

Calendar::Calendar(ClinicZone zone, WeeklyHours opening, std::vector<CalendarDate> closures,
                   std::vector<Practitioner> practitioners, std::vector<std::string> rooms,
                   int healing_days)
    : zone_(std::move(zone)),
      opening_(std::move(opening)),
      closures_(std::move(closures)),
      practitioners_(std::move(practitioners)),
      rooms_(std::move(rooms)),
      healing_days_(healing_days),
      practitioner_busy_(practitioners_.size()),
      room_busy_(rooms_.size()) {
  std::sort(closures_.begin(), closures_.end());
}

void Calendar::book(const Booking& booking) {
  // Bookings of people or rooms this calendar does not plan with (another clinic's) still
  // keep the patient busy.
  for (std::size_t i = 0; i < practitioners_.size(); ++i) {
    if (practitioners_[i].id == booking.practitioner_id) {
      practitioner_busy_[i][booking.when.start] = booking.when.end;
    }
  }
  for (std::size_t i = 0; i < rooms_.size(); ++i) {
    if (rooms_[i] == booking.room_id) room_busy_[i][booking.when.start] = booking.when.end;
  }
  patient_busy_[booking.patient_id][booking.when.start] = booking.when.end;
}

bool Calendar::is_free(const BusyTimes& intervals, const Interval& when) {
  // The interval starting at or after `when.start`, and the one before it, are the only ones
  // that can overlap (intervals of one resource never overlap each other).
  auto next = intervals.lower_bound(when.start);
  if (next != intervals.end() && next->first < when.end) return false;
  if (next == intervals.begin()) return true;
  --next;
  return next->second <= when.start;
}

bool Calendar::practitioner_at_work(const Practitioner& practitioner, const LocalDateTime& start,
                                    minutes length, const Interval& when) const {
  if (!in_any(practitioner.hours[static_cast<std::size_t>(weekday_index(start.date))],
              start.time_of_day, length)) {
    return false;
  }
  return std::none_of(practitioner.absences.begin(), practitioner.absences.end(),
                      [&](const Interval& absence) { return absence.overlaps(when); });
}

std::vector<minutes> Calendar::opening_starts(CalendarDate date, minutes length) const {
  std::vector<minutes> starts;
  if (std::binary_search(closures_.begin(), closures_.end(), date)) return starts;
  for (const TimeRange& range : opening_[static_cast<std::size_t>(weekday_index(date))]) {
    for (minutes start = range.from; start + length <= range.to; start += kStep) {
      starts.push_back(start);
    }
  }
  return starts;
}

std::variant<Slot, Refusal> Calendar::find_slot(const LocalDateTime& start, minutes length,
                                                const std::string& patient_id,
                                                const std::optional<std::string>& preferred,
                                                RepeatedHour repeated) const {
  if (std::binary_search(closures_.begin(), closures_.end(), start.date)) {
    return Refusal::kClinicClosed;
  }
  if (!in_any(opening_[static_cast<std::size_t>(weekday_index(start.date))], start.time_of_day,
              length)) {
    return Refusal::kOutsideOpeningHours;
  }
  // Opening hours never include a skipped hour in practice; if they do, that slot is not one.
  const auto begins = zone_.to_instant(start, repeated);
  if (!begins) return Refusal::kTimeDoesNotExist;
  const Interval when{*begins, *begins + length};
  if (const auto patient = patient_busy_.find(patient_id);
      patient != patient_busy_.end() && !is_free(patient->second, when)) {
    return Refusal::kPatientBusy;
  }

  std::optional<std::size_t> chosen;
  const auto usable = [&](std::size_t i) {
    return practitioner_at_work(practitioners_[i], start, length, when) &&
           is_free(practitioner_busy_[i], when);
  };
  if (preferred) {
    for (std::size_t i = 0; i < practitioners_.size() && !chosen; ++i) {
      if (practitioners_[i].id == *preferred && usable(i)) chosen = i;
    }
  }
  for (std::size_t i = 0; !chosen && i < practitioners_.size(); ++i) {
    if (usable(i)) chosen = i;
  }
  if (!chosen) return Refusal::kNoPractitioner;
  for (std::size_t i = 0; i < rooms_.size(); ++i) {
    if (is_free(room_busy_[i], when)) {
      return Slot{start, when, practitioners_[*chosen].id, rooms_[i]};
    }
  }
  return Refusal::kNoRoom;
}

CoursePlan plan_course(const Protocol& protocol, const Calendar& calendar,
                       const std::string& patient_id, CalendarDate start,
                       const Preferences& preferences) {
  const SessionSearch search(protocol, calendar, patient_id, preferences);
  CoursePlan plan;
  std::optional<std::string> practitioner = preferences.practitioner_id;
  // Session 1 on the start day or within the tolerance after it.
  Window window{start, start, add_days(start, protocol.tolerance_days)};
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
  result.push_back({number, std::get<Slot>(slot), false});

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
