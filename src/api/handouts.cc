// GET /api/v1/appointments/{id}/handout: what the patient takes home after a signed session
// (DOMAIN.md step 6) as a printable PDF or an HTML page, in the patient's language unless the
// request names another. What it says is decided in report::make_handout; this file only
// gathers the facts and picks the form.

#include "api/documents.h"
#include "api/handler.h"
#include "api/print_options.h"
#include "api/routes.h"
#include "api/scheduling.h"
#include "report/handout.h"

namespace mesoclinic::api {
namespace {

enum class HandoutFormat { kPdf, kHtml };

struct HandoutRequest {
  HandoutFormat format = HandoutFormat::kPdf;
  PrintOptions print;
};

// The query parameters, each checked against its few allowed values.
Result<HandoutRequest> read_handout_request(const http::Request& request) {
  HandoutRequest read;
  std::vector<FieldError> errors;
  if (const auto format = request.query_param("format")) {
    if (*format == "pdf") {
      read.format = HandoutFormat::kPdf;
    } else if (*format == "html") {
      read.format = HandoutFormat::kHtml;
    } else {
      errors.push_back({"format", "must be pdf or html"});
    }
  }
  read.print = read_print_options(request, errors);
  if (!errors.empty()) return invalid(std::move(errors), "The query has invalid parameters.");
  return read;
}

// The handout for a signed session, in the language asked for or the patient's own.
Result<report::Handout> load_handout(store::Transaction& tx, const store::Appointment& appointment,
                                     const clinic::Patient& patient, const HandoutRequest& wanted) {
  auto body = tx.find_aftercare_plan(appointment.id);
  if (!body) return std::unexpected(body.error());
  if (!*body) {
    return fail(ErrorCode::kNotFound,
                "No handout: the session is not signed yet, so it has no aftercare plan.");
  }
  auto plan = aftercare_plan_from_json(Json::parse(**body));
  if (!plan) return std::unexpected(plan.error());
  auto clinic = find_clinic_in_zone(tx, appointment.clinic_id);
  if (!clinic) return std::unexpected(clinic.error());
  auto contact = load_clinic_contact(tx, appointment.clinic_id);
  if (!contact) return std::unexpected(contact.error());
  auto listed = tx.list_patient_appointments(patient.id);
  if (!listed) return std::unexpected(listed.error());
  std::vector<report::PatientAppointment> appointments;
  for (const auto& each : *listed) appointments.push_back({each.id, each.starts_at, each.status});
  return report::make_handout(clinic->clinic, clinic->zone, std::move(*contact), patient,
                              {appointment.id, appointment.starts_at, appointment.status}, *plan,
                              appointments,
                              print_language(wanted.print, patient.details.preferred_language));
}

// The handout rendered as PDF or as a self-contained HTML page.
Result<http::Response> handout_reply(const report::Handout& handout, const HandoutRequest& wanted) {
  http::Response response;
  response.status = 200;
  if (wanted.format == HandoutFormat::kPdf) {
    auto pdf = report::render_handout_pdf(handout, wanted.print.paper);
    if (!pdf) return std::unexpected(pdf.error());
    response.content_type = "application/pdf";
    response.body = std::move(*pdf);
    response.with_header("Content-Disposition", "inline; filename=\"aftercare.pdf\"");
  } else {
    response.content_type = "text/html; charset=utf-8";
    response.body = report::render_handout_html(handout);
    // The page needs nothing but its own inline styles; anything else is refused outright.
    response.with_header("Content-Security-Policy",
                         "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; "
                         "form-action 'none'; frame-ancestors 'none'");
  }
  return response;
}

http::Response download_handout(store::Store& store, const http::Request& request,
                                const Caller& caller) {
  auto wanted = read_handout_request(request);
  if (!wanted) return http::problem_from(wanted.error());
  return handle(store, request, caller, store::TransactionMode::kRead,
                [&](Work& work) -> Result<http::Response> {
                  auto found =
                      find_visible_appointment(work.tx, request.path_params.at("id"), caller);
                  if (!found) return std::unexpected(found.error());
                  const auto& [appointment, patient] = *found;
                  auto handout = load_handout(work.tx, appointment, patient, *wanted);
                  if (!handout) return std::unexpected(handout.error());
                  auto reply = handout_reply(*handout, *wanted);
                  if (!reply) return std::unexpected(reply.error());
                  work.audit("handout.read", "appointment", appointment.id, patient.id);
                  return reply;
                });
}

}  // namespace

void add_handout_routes(http::Router& router, const Gate& gate, const http::RouteOptions& limits) {
  gate.add(router, "GET", "/api/v1/appointments/{id}/handout",
           with_store(gate.store(), download_handout), limits);
}

}  // namespace mesoclinic::api
