// The patient handout (DOMAIN.md step 6): what to avoid after a session and until when, when
// the marks count as healed, the next appointment and how to reach the clinic, as a printable
// PDF (A4 or US Letter) or an HTML page. Every word comes from the translation catalogue; the
// typesetting (cairo, pango) stays behind this header.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "clinic/aftercare.h"
#include "clinic/clinic.h"
#include "core/clinic_time.h"
#include "core/result.h"
#include "planning/planning.h"

namespace mesoclinic::report {

// One restriction of the aftercare plan on the clinic's wall clock.
struct HandoutRestriction {
  std::string rule_id;  // the catalogue has words for the default ids, generic ones otherwise
  LocalDateTime until{};
  std::optional<LocalDateTime> better_until;
  friend bool operator==(const HandoutRestriction&, const HandoutRestriction&) = default;
};

struct HandoutAppointment {
  LocalDateTime starts_at{};  // the clinic's wall clock
  std::string clinic_name;
  friend bool operator==(const HandoutAppointment&, const HandoutAppointment&) = default;
};

// Everything the handout prints, already decided; rendering adds only words and layout.
struct Handout {
  std::string language = "en";  // a catalogue language
  std::string clinic_name;
  clinic::ClinicContact contact;
  std::string patient_name;
  LocalDateTime session_end{};
  std::vector<HandoutRestriction> restrictions;
  CalendarDate healed_from{};
  std::optional<HandoutAppointment> next_appointment;
  bool next_inside_healing = false;  // the next session starts before the marks have healed
  friend bool operator==(const Handout&, const Handout&) = default;
};

using planning::PatientAppointment;

// What to print for the session `session` (one of `appointments`, the patient's, all at
// `clinic`) whose aftercare plan is `plan`: its times on the clinic's wall clock, and the
// patient's next appointment (the earliest one starting later that still holds its time,
// i.e. not cancelled or missed) flagged when it starts inside the healing period. `language`
// is taken as given (a catalogue language).
Handout make_handout(const clinic::Clinic& clinic, const ClinicZone& zone,
                     clinic::ClinicContact contact, const clinic::Patient& patient,
                     const PatientAppointment& session, const clinic::AftercarePlan& plan,
                     const std::vector<PatientAppointment>& appointments, std::string language);

enum class PaperSize { kA4, kLetter };  // 595 x 842 pt and 612 x 792 pt

// The handout as a PDF document of one page or more, with the clinic's contact in each page's
// footer. Fails with kInternal (and cairo's reason) if the PDF cannot be produced.
Result<std::string> render_handout_pdf(const Handout& handout, PaperSize paper);

// The handout as a complete, self-contained HTML5 page (no scripts, no outside resources) in
// the handout's language, with every inserted value HTML-escaped.
std::string render_handout_html(const Handout& handout);

}  // namespace mesoclinic::report
