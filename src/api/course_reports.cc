// GET /api/v1/courses/{id}/report: the course report (issue 15) for the patient as a PDF, in
// their language unless the request names another: the protocol, the sessions with their pain,
// the adverse events, the measurements against baseline with their charts, and the maintenance
// window, and the first and latest photo of each view. What the outcomes mean is decided in
// practice::course_outcomes and clinic/outcomes.h; this file only gathers the facts, and
// report::render_course_report_pdf lays them out.
#include "api/handler.h"
#include "api/print_options.h"
#include "api/routes.h"
#include "documents/course.h"
#include "practice/clinic_context.h"
#include "practice/outcomes.h"
#include "practice/photos.h"
#include "report/course_report.h"

namespace mesoclinic::api {
namespace {

// The sessions in order, each with the pain of its signed chart, and the adverse events those
// charts record.
void add_sessions(const std::vector<practice::SessionOutcome>& sessions, const ClinicZone& zone,
                  report::CourseReport& into) {
  for (const auto& outcome : sessions) {
    const store::Appointment& session = outcome.session;
    report::ReportSession line{.number = session.session_number,
                               .starts_at = zone.to_local(session.starts_at),
                               .attendance = session.status,
                               .pain = std::nullopt};
    if (outcome.chart) {
      line.pain = outcome.chart->pain_score;
      for (const auto& event : outcome.chart->adverse_events) {
        into.adverse_events.push_back({.session_number = session.session_number,
                                       .day = outcome.starts_on,
                                       .kind = event.kind,
                                       .severity = event.severity,
                                       .action_taken = event.action_taken});
      }
    }
    into.sessions.push_back(line);
  }
}

// A printed photo's width in pixels: about 200 dpi at the report's half-page column, sharp on
// paper without making the PDF heavy.
constexpr int kPrintedPhotoWidth = 600;

// Each view's first and latest photo of the course, as PNGs (none where photos are not kept).
Result<void> add_photos(store::Transaction& tx, const media::PhotoFiles* files,
                        const store::StoredCourse& course, const ClinicZone& zone,
                        report::CourseReport& into) {
  if (!files) return {};
  auto pairs = practice::course_photo_pairs(tx, course.patient_id, course.id);
  if (!pairs) return std::unexpected(pairs.error());
  const auto printed = [&](const clinic::Photo& photo) {
    return report::ReportPhoto{.taken_on = zone.to_local(photo.taken_at).date,
                               .png = practice::photo_for_print(*files, photo, kPrintedPhotoWidth)};
  };
  for (const auto& pair : *pairs) {
    report::PhotoPair line{.view = std::string(clinic::to_string(pair.view)),
                           .first = printed(pair.first),
                           .latest = std::nullopt};
    if (pair.latest) line.latest = printed(*pair.latest);
    into.photos.push_back(std::move(line));
  }
  return {};
}

Result<report::CourseReport> gather(store::Transaction& tx, const media::PhotoFiles* files,
                                    const store::StoredCourse& course,
                                    const clinic::Patient& patient, const PrintOptions& wanted) {
  auto site = practice::find_clinic_in_zone(tx, course.clinic_id);
  if (!site) return std::unexpected(site.error());
  auto contact = practice::load_clinic_contact(tx, course.clinic_id);
  if (!contact) return std::unexpected(contact.error());
  auto terms = documents::agreed_course_from_document(course.id, course.protocol_id, course.body);
  if (!terms) return std::unexpected(terms.error());
  auto outcomes = practice::course_outcomes(tx, course);
  if (!outcomes) return std::unexpected(outcomes.error());

  report::CourseReport made;
  made.language = print_language(wanted, patient.details.preferred_language);
  made.clinic_name = site->clinic.name;
  made.contact = std::move(*contact);
  made.patient_name = patient.details.given_name + " " + patient.details.family_name;
  made.protocol_name = terms->protocol.name;
  made.issued_on = site->zone.to_local(now()).date;
  add_sessions(outcomes->sessions, site->zone, made);
  for (const auto& recorded : outcomes->measurements) {
    made.measurements.push_back(
        report::DatedMeasurement{.measurement = recorded.measurement,
                                 .taken_on = site->zone.to_local(recorded.measured_at).date});
  }
  if (outcomes->responder) {
    made.responder =
        report::ResponderStatement{.rule = outcomes->rule, .responded = *outcomes->responder};
  }
  if (auto added = add_photos(tx, files, course, site->zone, made); !added) {
    return std::unexpected(added.error());
  }
  std::vector<planning::PatientAppointment> held;
  for (const auto& outcome : outcomes->sessions) {
    const store::Appointment& session = outcome.session;
    held.push_back({session.id, session.starts_at, session.status});
  }
  if (const auto* last = planning::last_session_of_finished_course(held)) {
    made.recall =
        planning::recall_window(terms->protocol, site->zone.to_local(last->starts_at).date);
  }
  return made;
}

http::Response download_report(store::Store& store, const media::PhotoFiles* files,
                               const http::Request& request, const Caller& caller) {
  std::vector<FieldError> errors;
  const PrintOptions wanted = read_print_options(request, errors);
  if (!errors.empty()) {
    return http::problem_from(
        invalid(std::move(errors), "The query has invalid parameters.").error());
  }
  return handle(store, request, caller, store::TransactionMode::kRead,
                [&](Work& work) -> Result<http::Response> {
                  auto found = find_visible_course(work.tx, request.path_params.at("id"), caller);
                  if (!found) return std::unexpected(found.error());
                  const auto& [course, patient] = *found;
                  auto gathered = gather(work.tx, files, course, patient, wanted);
                  if (!gathered) return std::unexpected(gathered.error());
                  auto pdf = report::render_course_report_pdf(*gathered, wanted.paper);
                  if (!pdf) return std::unexpected(pdf.error());
                  work.audit("course_report.read", "course", course.id, patient.id);
                  http::Response response;
                  response.status = 200;
                  response.content_type = "application/pdf";
                  response.body = std::move(*pdf);
                  response.with_header("Content-Disposition",
                                       "inline; filename=\"course-report.pdf\"");
                  return response;
                });
}

}  // namespace

void add_course_report_routes(http::Router& router, const Gate& gate,
                              const http::RouteOptions& limits, const media::PhotoFiles* photos) {
  store::Store& store = gate.store();
  gate.add(
      router, "GET", "/api/v1/courses/{id}/report",
      [&store, photos](const http::Request& request, const Caller& caller) {
        return download_report(store, photos, request, caller);
      },
      limits);
}

}  // namespace mesoclinic::api
