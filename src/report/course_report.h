// The course report (issue 15 part 4): one PDF per course for the patient, in their language:
// the clinic, the protocol, the sessions with their dates and pain, reactions after sessions,
// the measurements against baseline with their charts, the first and latest photo of each
// view, and when the maintenance session falls. Everything here is already decided by the
// domain (changes by clinic::change_from, the responder by clinic::is_responder, the recall
// by planning::recall_window); rendering adds only words and layout.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "clinic/chart.h"
#include "clinic/clinic.h"
#include "clinic/outcomes.h"
#include "core/clinic_time.h"
#include "core/result.h"
#include "planning/planning.h"
#include "report/handout.h"

namespace mesoclinic::report {

// A session of the course, as planned or as it went.
struct ReportSession {
  int number = 0;             // 1.. in the course
  LocalDateTime starts_at{};  // the clinic's wall clock
  planning::Attendance attendance = planning::Attendance::kBooked;
  std::optional<int> pain;  // 0..10 from the signed chart
  friend bool operator==(const ReportSession&, const ReportSession&) = default;
};

// An adverse event of a signed chart, with the session it followed.
struct ReportAdverseEvent {
  int session_number = 0;
  CalendarDate day{};
  std::string kind;  // as the practitioner typed it
  clinic::Severity severity = clinic::Severity::kMild;
  std::string action_taken;
  friend bool operator==(const ReportAdverseEvent&, const ReportAdverseEvent&) = default;
};

// A measurement of the course as stored, with the day it was taken.
struct DatedMeasurement {
  clinic::OutcomeMeasurement measurement;
  CalendarDate taken_on{};
  friend bool operator==(const DatedMeasurement&, const DatedMeasurement&) = default;
};

// A standard photo as PNG bytes. The photos module stores JPEG; the caller converts (libvips'
// pngsave of a rendition about 600 pixels wide keeps the PDF small), because cairo reads only
// PNG and the report takes no image decoder of its own. A PNG cairo cannot read, or one larger
// than 4096 pixels a side, prints as a framed note instead of failing the report.
struct ReportPhoto {
  CalendarDate taken_on{};
  std::string png;
  friend bool operator==(const ReportPhoto&, const ReportPhoto&) = default;
};

// The first and latest photo of one view; `latest` is none while there is only one.
struct PhotoPair {
  std::string view;  // DOMAIN.md's views: front, top, vertex, left, right, back
  ReportPhoto first;
  std::optional<ReportPhoto> latest;
  friend bool operator==(const PhotoPair&, const PhotoPair&) = default;
};

// The responder statement: the clinic's rule and whether the course met it.
struct ResponderStatement {
  clinic::ResponderRule rule;
  bool responded = false;
  friend bool operator==(const ResponderStatement&, const ResponderStatement&) = default;
};

struct CourseReport {
  std::string language = "en";  // a catalogue language
  std::string clinic_name;
  clinic::ClinicContact contact;
  std::string patient_name;
  std::string protocol_name;
  CalendarDate issued_on{};
  std::vector<ReportSession> sessions;  // in order
  std::vector<ReportAdverseEvent> adverse_events;
  std::vector<DatedMeasurement> measurements;   // the course's, any order
  std::optional<ResponderStatement> responder;  // none until is_responder knows
  std::vector<PhotoPair> photos;
  std::optional<planning::RecallWindow> recall;  // none until the course is finished
};

// The report as a PDF of as many pages as it needs, each with the clinic's contact and "page
// n of N" in its footer. Fails with kInternal (and cairo's reason) if the PDF cannot be made.
Result<std::string> render_course_report_pdf(const CourseReport& report, PaperSize paper);

}  // namespace mesoclinic::report
