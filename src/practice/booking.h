// The clinic calendar worked by reception and practitioners: a single appointment booked, a
// course started with all its agreed sessions booked at once, an appointment moved (a course's
// later sessions follow only as far as their intervals require), and what happened recorded.
// The calendar is checked here (opening hours, the practitioner at work, a free room); the
// database refuses any double booking all the same.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "clinic/chair_safety.h"
#include "clinic/consent.h"
#include "clinic/patient.h"
#include "documents/course.h"
#include "practice/clinic_context.h"
#include "store/store.h"

namespace mesoclinic::practice {

struct SingleBooking {
  std::string practitioner_id;
  RequestedStart start;
  std::chrono::minutes length{};
};

struct Booked {
  store::Appointment appointment;
  ClinicZone zone;
};

// A single booking refused: the patient's decision does not allow treatment now. Nothing was
// booked.
struct DecisionMissing {
  clinic::MissingDecision missing;
};

using Booking = std::variant<Booked, DecisionMissing>;

// Books one appointment with exactly that practitioner, or refuses: DecisionMissing unless the
// patient's latest decision allows treatment now (clinic::missing_decision, as for a course);
// kConflict naming why (closed, not at work, no free room, double booking), kInvalidInput for a
// start in the past, a time the clock skips, or an unreasonable length.
Result<Booking> book(store::Transaction& tx, const clinic::Patient& patient,
                     const SingleBooking& booking, Instant now);

struct CourseProposal {
  planning::CoursePlan plan;
  ClinicZone zone;
};

// The planner's proposal for a course of `protocol` from `start` in the patient's clinic: each
// session placed, or why not with the nearest alternatives. Books nothing. kInvalidInput for a
// start in the past, kConflict if the clinic has nothing to plan with yet.
Result<CourseProposal> propose_course(store::Transaction& tx, const clinic::Patient& patient,
                                      const planning::Protocol& protocol, CalendarDate start,
                                      const planning::Preferences& preferences, Instant now);

// A session the patient agreed to, with the practitioner they agreed to see.
struct AgreedSession {
  RequestedStart start;
  std::string practitioner_id;
};

struct CourseRequest {
  planning::Protocol protocol;
  planning::Preferences preferences;
  std::optional<planning::Discount> discount;
  std::vector<AgreedSession> sessions;  // in order, numbered from 1
  clinic::ConsentMethod agreement_method = clinic::ConsentMethod::kSignedForm;
  planning::Money cost_shown;
  std::optional<clinic::Guardian> guardian;  // who consented for a minor
};

struct StartedCourse {
  store::StoredCourse course;
  clinic::Consent consent;  // to the treatment, recorded with the agreement
  std::vector<store::Appointment> sessions;
  ClinicZone zone;
};

// Starts a course with every agreed session booked, and its treatment consent recorded (by a
// guardian exactly when the decision or the patient's age asks for one), or none. kConflict if the
// patient's latest decision does not allow this formulation now, the cost shown is not the
// estimate, the sessions break the protocol's intervals or healing period, or a session cannot be
// booked.
Result<StartedCourse> start_course(store::Transaction& tx, const clinic::Patient& patient,
                                   const CourseRequest& request, const std::string& user_id,
                                   Instant now);

struct Moved {
  std::vector<store::Appointment> changed;  // the appointment and any later sessions that moved
  ClinicZone zone;
};

// Moves the appointment to `start` with its practitioner (a course session through the
// planner, its later sessions following as far as their intervals require). kConflict if it
// cannot move there or a later session was attended already.
Result<Moved> move(store::Transaction& tx, const store::Appointment& appointment,
                   const clinic::Patient& patient, const RequestedStart& start, Instant now);

struct Recorded {
  store::Appointment appointment;
  ClinicZone zone;
};

// Records what happened to a booked appointment: attended, missed (the course goes on; too
// many gaps flag it) or cancelled (which frees the slot), with staff's note. The last booked
// session of a course ending so finishes the course and plans its recall (practice::plan_recall).
// kConflict for a change the calendar's rules refuse (e.g. attended before it began).
Result<Recorded> record_attendance(store::Transaction& tx, const store::Appointment& appointment,
                                   planning::Attendance next, const std::string& note, Instant now);

}  // namespace mesoclinic::practice
