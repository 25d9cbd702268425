// Course planning (DOMAIN.md step 4 and "Planning rules"): a protocol's sessions turned into
// appointments that the clinic's calendar can hold - inside opening hours, with a practitioner
// at work and a room free, at the intervals the protocol sets, outside the healing period, on
// the patient's preferred days and times where possible. Pure logic: the caller loads the
// calendar and stores the result.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <variant>
#include <vector>

#include "core/clinic_time.h"
#include "core/result.h"

namespace mesoclinic::planning {

// A stretch of wall-clock time within one day, [from, to).
struct TimeRange {
  std::chrono::minutes from{0};
  std::chrono::minutes to{0};
  bool contains(std::chrono::minutes start, std::chrono::minutes length) const {
    return start >= from && start + length <= to;
  }
};
// Per weekday, Monday first.
using WeeklyHours = std::array<std::vector<TimeRange>, 7>;

// A stretch of real time, [start, end).
struct Interval {
  Instant start{};
  Instant end{};
  bool overlaps(const Interval& other) const { return start < other.end && other.start < end; }
};

struct Money {
  std::int64_t minor_units = 0;  // cents, kuruş, pence
  std::string currency;          // ISO 4217, e.g. "EUR"
  friend bool operator==(const Money&, const Money&) = default;
};

inline constexpr int kMinSessions = 6;
inline constexpr int kMaxSessions = 10;

struct Protocol {
  std::string id;
  std::string name;
  std::string formulation_id;
  std::string technique;  // the default for its sessions, e.g. "nappage, 30G 4 mm, 1.5 mm deep"
  int sessions = 8;
  // Days before sessions 2..N, e.g. {7, 7, 7, 14, 14, 14, 14}: sessions - 1 entries.
  std::vector<int> interval_days;
  int tolerance_days = 2;  // a session may land this many days either side of its interval
  std::chrono::minutes appointment_length{45};
  std::optional<Money> price_per_session;
  std::optional<Money> package_price;    // the whole course; wins over the per-session price
  int recall_after_months = 12;          // maintenance recall after the last session
  std::string sessions_override_reason;  // needed when sessions is outside 6..10
};

// Every broken rule as a field error: 6..10 sessions (outside only with an override reason,
// never below 1 or above 20), one interval per gap of 1..120 days, tolerance 0..14 days,
// appointments 10..240 minutes, a price, recall 12..18 months.
Result<void> validate_protocol(const Protocol& protocol);

// What the course costs if the patient agrees: the package price, or sessions x per session.
Money estimate_cost(const Protocol& protocol);

// The day the maintenance recall falls on: `recall_after_months` after the last session (the
// end of the month if that month is shorter).
CalendarDate recall_date(const Protocol& protocol, CalendarDate last_session);

// When the maintenance recall is due, and the window it must fall in (12..18 months after
// the last session, DOMAIN.md step 8).
struct RecallWindow {
  CalendarDate due{};
  CalendarDate opens{};
  CalendarDate closes{};
};
RecallWindow recall_window(const Protocol& protocol, CalendarDate last_session);

// A reduction the clinic grants on a course, with its reason kept alongside the estimate.
struct Discount {
  int percent = 0;  // 1..100
  std::string reason;
};
Result<void> validate_discount(const Discount& discount);
// The estimate less the discount, rounded to the nearest minor unit (halves up).
Money estimate_cost(const Protocol& protocol, const std::optional<Discount>& discount);

// A day the clinic is closed (a public holiday, a closure).
struct Closure {
  CalendarDate date{};
  std::string reason;
};

// A clinic's calendar settings, as its admin keeps them.
struct CalendarSettings {
  WeeklyHours opening;
  std::vector<Closure> closures;
  int healing_days = 4;  // DOMAIN.md: "until healed" defaults to 4 days
};
// Ranges inside a day and in order without overlap, closures unique, healing 1..14 days.
Result<void> validate_calendar_settings(const CalendarSettings& settings);

// Whole local days a practitioner is away (holiday, training, illness).
struct Absence {
  CalendarDate first_day{};
  CalendarDate last_day{};
  std::string reason;
};

// A practitioner's working week at one clinic, and their absences.
struct WorkSchedule {
  WeeklyHours hours;
  std::vector<Absence> absences;
};
Result<void> validate_work_schedule(const WorkSchedule& schedule);

struct Practitioner {
  std::string id;
  WeeklyHours hours;
  std::vector<Interval> absences;
};

// The practitioner as the calendar plans with them: absences become the instants from the
// start of their first day to the start of the day after their last, in the clinic's zone.
Practitioner practitioner_from(std::string id, const WorkSchedule& schedule,
                               const ClinicZone& zone);

// An appointment already in the calendar, and what it occupies.
struct Booking {
  std::string practitioner_id;
  std::string room_id;
  std::string patient_id;
  Interval when;
};

// Why a slot cannot hold an appointment, in the order the checks run.
enum class Refusal {
  kTimeDoesNotExist,  // the wall-clock time is skipped by a clock change
  kClinicClosed,      // a closure or public holiday
  kOutsideOpeningHours,
  kNoPractitioner,  // nobody at work and free
  kNoRoom,
  kPatientBusy,
};
std::string_view describe(Refusal refusal);

struct Slot {
  LocalDateTime local_start;
  Interval when;
  std::string practitioner_id;
  std::string room_id;
};

// The clinic's calendar as the planner sees it: zone, opening hours, closures, people, rooms
// and what is already booked.
class Calendar {
 public:
  Calendar(ClinicZone zone, WeeklyHours opening, std::vector<CalendarDate> closures,
           std::vector<Practitioner> practitioners, std::vector<std::string> rooms,
           int healing_days = 4);

  const ClinicZone& zone() const { return zone_; }
  int healing_days() const { return healing_days_; }

  // Marks the booking's practitioner, room and patient busy for its interval.
  void book(const Booking& booking);

  // A practitioner (`preferred` first, if given and free) and a room for an appointment of
  // `length` starting at `start`, or why there is none.
  // In the hour repeated when clocks go back, `repeated` says which of the two is meant.
  std::variant<Slot, Refusal> find_slot(const LocalDateTime& start, std::chrono::minutes length,
                                        const std::string& patient_id,
                                        const std::optional<std::string>& preferred,
                                        RepeatedHour repeated = RepeatedHour::kEarlier) const;

  // Candidate start times on `date` inside opening hours, every 15 minutes.
  std::vector<std::chrono::minutes> opening_starts(CalendarDate date,
                                                   std::chrono::minutes length) const;

 private:
  // Busy intervals of one resource, start -> end, never overlapping each other.
  using BusyTimes = std::map<Instant, Instant>;
  static bool is_free(const BusyTimes& busy, const Interval& when);
  bool practitioner_at_work(const Practitioner& practitioner, const LocalDateTime& start,
                            std::chrono::minutes length, const Interval& when) const;

  ClinicZone zone_;
  WeeklyHours opening_;
  std::vector<CalendarDate> closures_;  // sorted
  std::vector<Practitioner> practitioners_;
  std::vector<std::string> rooms_;
  int healing_days_;
  // By position in practitioners_ and rooms_ (looked up without building keys: the planner
  // asks these millions of times).
  std::vector<BusyTimes> practitioner_busy_;
  std::vector<BusyTimes> room_busy_;
  std::unordered_map<std::string, BusyTimes> patient_busy_;
};

struct Preferences {
  std::vector<int> weekdays;     // Monday = 0; empty: any day
  std::vector<TimeRange> times;  // empty: any time
  std::optional<std::string> practitioner_id;
};

struct PlannedSession {
  int number = 0;  // 1-based
  Slot slot;
  bool on_preferred_slot = false;
};

// A session the planner could not place inside its window, with why and the nearest slots
// it found outside the window instead (up to three, nearest first).
struct Unplaced {
  int number = 0;
  CalendarDate target{};
  std::string reason;
  std::vector<PlannedSession> alternatives;
};

struct CoursePlan {
  std::vector<PlannedSession> sessions;
  std::vector<Unplaced> unplaced;
};

// Plans every session of `protocol` for a patient starting on `start` (session 1 on that day
// or as close after it as the window allows). Later sessions follow the intervals from the
// session before, within the tolerance, never inside the previous session's healing period,
// with the same practitioner where possible. Does not book: the caller books what it keeps.
CoursePlan plan_course(const Protocol& protocol, const Calendar& calendar,
                       const std::string& patient_id, CalendarDate start,
                       const Preferences& preferences);

// Moves session `number` of `sessions` to `new_start` and later sessions only as far as the
// intervals require (a session still inside its window stays where it is). `calendar` must not
// hold this course's own bookings. Fails with kConflict naming the reason if `new_start`
// cannot be booked, or if a later session can no longer be placed.
Result<std::vector<PlannedSession>> reschedule(const Protocol& protocol, const Calendar& calendar,
                                               const std::vector<PlannedSession>& sessions,
                                               int number, const LocalDateTime& new_start,
                                               const std::string& patient_id,
                                               const Preferences& preferences,
                                               RepeatedHour repeated = RepeatedHour::kEarlier);

// How many days of calendar a course starting on one day can reach: every interval at its
// latest (or the healing period, if longer), and the search for alternatives past the last.
int course_horizon_days(const Protocol& protocol, int healing_days);

// What becomes of an appointment (DOMAIN.md: missed sessions are recorded, the course goes on).
enum class Attendance { kBooked, kAttended, kMissed, kCancelled };
std::string_view to_string(Attendance attendance);
std::optional<Attendance> parse_attendance(std::string_view text);
// Whether it holds its practitioner, room and patient.
bool occupies(Attendance attendance);

// A patient's appointment as the choice of the next session needs it.
struct PatientAppointment {
  std::string id;
  Instant starts_at{};
  Attendance status = Attendance::kBooked;
};

// The patient's next session after `session` (one of `appointments`): the earliest later
// appointment that still holds its slot (not cancelled or missed); nullptr if there is none.
const PatientAppointment* next_session(const std::vector<PatientAppointment>& appointments,
                                       const PatientAppointment& session);
// Only a booked appointment changes; attended or missed only once it has begun (cancelled at
// any time). Fails with kConflict saying why.
Result<void> check_attendance_change(Attendance current, Attendance next, Instant starts_at,
                                     Instant now);
// Only a booked appointment moves, and not to a day gone by. kConflict / kInvalidInput.
Result<void> check_move(Attendance current, CalendarDate new_date, CalendarDate today);
// A session is charted once it has begun, and only if it took place (booked or attended, not
// cancelled or missed). kConflict saying why.
Result<void> check_charting(Attendance attendance, Instant starts_at, Instant now);
// Courses and appointments start from today on: kInvalidInput at `field` otherwise.
Result<void> check_not_past(CalendarDate date, CalendarDate today, const std::string& field);
// Appointments are booked from today on, for 10..240 minutes.
Result<void> check_booking(CalendarDate date, std::chrono::minutes length, CalendarDate today);
// The patient agreed to the estimate as it stands: kConflict naming the current one if not.
Result<void> check_agreed_cost(const Money& estimate, const Money& shown);

// The sessions a patient agreed to (the planner's proposal, alternatives chosen where a session
// was not placed): one per protocol session, numbered 1..N in time order, each after the
// healing period of the one before. Fails with kInvalidInput saying which session breaks what.
Result<void> check_agreed_sessions(const Protocol& protocol, int healing_days,
                                   const std::vector<LocalDateTime>& starts);

// A course whose missed or cancelled sessions exceed `allowed_gaps` is flagged for review.
bool has_too_many_gaps(int missed_or_cancelled, int allowed_gaps = 2);

}  // namespace mesoclinic::planning
