// Renders the aftercare handout of one signed session over and over, as PDF (A4 and Letter)
// and as HTML, in English and Turkish, and prints the time per document. A clinic prints one
// per session, so this bounds what a handout costs the server, not a throughput target.
// Usage: render_handouts [documents per kind]
#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "report/handout.h"
#include "timing.h"

using namespace std::chrono;
namespace clinic = mesoclinic::clinic;
namespace planning = mesoclinic::planning;
namespace report = mesoclinic::report;

namespace {

report::Handout session_handout(const std::string& language) {
  const auto zone = mesoclinic::ClinicZone::find("Europe/Istanbul").value();
  const mesoclinic::CalendarDate day{year{2026}, month{11}, std::chrono::day{24}};
  const auto start = zone.to_instant({day, hours{15}}).value();
  clinic::Patient patient;
  patient.id = "patient";
  patient.details.given_name = "Ayşe";
  patient.details.family_name = "Yılmaz";
  const planning::PatientAppointment session{"session", start, planning::Attendance::kAttended};
  const planning::PatientAppointment next{"next", start + days{14}, planning::Attendance::kBooked};
  const auto plan =
      clinic::issue_aftercare(clinic::default_aftercare_rules(), start + minutes{30}, zone, 4);
  return report::make_handout({"clinic", "Moda Saç Kliniği", "Europe/Istanbul", {}}, zone,
                              {"+902165550123", "desk@moda.example.org", "Moda Cad. 1\nKadıköy"},
                              patient, session, plan, {session, next}, language);
}

}  // namespace

int main(int argc, char** argv) {
  const int documents = argc > 1 ? std::atoi(argv[1]) : 200;
  for (const char* language : {"en", "tr"}) {
    const report::Handout handout = session_handout(language);
    for (const auto& [paper, name] : {std::pair{report::PaperSize::kA4, "A4"},
                                      std::pair{report::PaperSize::kLetter, "Letter"}}) {
      const std::string label = std::string("PDF ").append(name).append(" ").append(language);
      mesoclinic::bench::time_documents(label.c_str(), documents, [&] {
        auto pdf = report::render_handout_pdf(handout, paper);
        if (!pdf) {
          std::fprintf(stderr, "rendering failed: %s\n", pdf.error().message.c_str());
          std::exit(1);
        }
        return pdf->size();
      });
    }
    const std::string label = std::string("HTML ").append(language);
    mesoclinic::bench::time_documents(label.c_str(), documents * 10,
                                      [&] { return report::render_handout_html(handout).size(); });
  }
  return 0;
}
