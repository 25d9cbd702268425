// The clinic's calendar as planning sees it: opening hours, closures, practitioners' working
// weeks and absences, rooms and what is already booked, and whether an appointment fits at a
// given wall-clock time (and if not, why not).
#pragma once

#include <array>
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
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
// Working hours as for opening hours, absences ending on or after they start and within a
// year, reasons of at most 200 bytes; a field error for each rule broken.
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
// The refusal in words a receptionist reads, e.g. "no room is free".
std::string_view describe(Refusal refusal);

// The instant a clinic-local day begins. Where clocks skip midnight (some zones change there)
// the day begins at the first minute that exists.
Instant start_of_day(const ClinicZone& zone, CalendarDate date);

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

}  // namespace mesoclinic::planning
