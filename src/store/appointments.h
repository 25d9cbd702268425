// The store's door for a clinic's calendar: appointments, which the database itself keeps from
// double-booking a practitioner, a room or a patient. Part of store::Transaction (store.h); a
// caller that needs only this area can take an Appointments&.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/time.h"
#include "planning/planning.h"

namespace mesoclinic::store {

using AppointmentStatus = planning::Attendance;

// One appointment in a clinic's calendar. Booked and attended ones occupy their practitioner,
// room and patient; the database refuses any overlap among those.
struct Appointment {
  std::string id;
  std::string clinic_id;
  std::string patient_id;
  std::string practitioner_id;  // a user id
  std::string room_id;
  Instant starts_at{};
  Instant ends_at{};
  AppointmentStatus status = AppointmentStatus::kBooked;
  std::optional<std::string> course_id;  // a course's session, or a single appointment
  int session_number = 0;                // 1-based within the course; 0 for a single one
  std::string note;                      // why it was missed or cancelled
  friend bool operator==(const Appointment&, const Appointment&) = default;
};

// Every method fails with kUnavailable when the database cannot be reached and kInternal on an
// unexpected database error.
class Appointments {
 public:
  virtual ~Appointments() = default;

  // Fails with kConflict if the practitioner, the room or the patient already has an occupying
  // appointment overlapping this one (checked by the database itself, so concurrent bookings
  // cannot both win), kInvalidInput if a referenced row does not exist. An attended session
  // of a course (here and in update_appointment) is noted as the course's start if it began
  // earliest (store/analytics.h counts courses by their start).
  virtual Result<void> insert_appointment(const Appointment& appointment) = 0;
  // Holds the clinic's calendar until the transaction ends. A workflow that reads the calendar to
  // choose a free room takes it first, so two choosing at the same moment do not both take the
  // first free room and one be refused while another stands empty. SQLite's writers take turns
  // anyway; PostgreSQL waits on a lock for the clinic. (Practitioners work at several sites and
  // are not held: two sites booking one person at once still leave one refused, rightly.)
  virtual Result<void> hold_calendar(const std::string& clinic_id) = 0;
  virtual Result<std::optional<Appointment>> find_appointment(const std::string& id) = 0;
  // A clinic's appointments overlapping [from, to), by start; every clinic's if `clinic_id` is
  // empty.
  virtual Result<std::vector<Appointment>> list_appointments(const std::string& clinic_id,
                                                             Instant from, Instant to) = 0;
  // A patient's appointments, by start.
  virtual Result<std::vector<Appointment>> list_patient_appointments(
      const std::string& patient_id) = 0;
  // A course's appointments, by session number.
  virtual Result<std::vector<Appointment>> list_course_appointments(
      const std::string& course_id) = 0;
  // Writes a changed appointment (time, practitioner, room, status, note) if it is still as
  // `seen` (same status and start): a concurrent change makes this fail with kConflict rather
  // than be overwritten. Fails with kConflict too if the change would double-book (the database
  // checks, as on insert).
  virtual Result<void> update_appointment(const Appointment& appointment,
                                          const Appointment& seen) = 0;
};

}  // namespace mesoclinic::store
