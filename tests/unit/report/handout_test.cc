// The patient handout: what it decides to print, the PDF as poppler reads it (page size, pages,
// text), and the HTML page with hostile input escaped.
#include "report/handout.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "command_output.h"

namespace mesoclinic::report {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

CalendarDate date(int y, unsigned m, unsigned d) {
  return CalendarDate{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

const ClinicZone& istanbul() {
  static const ClinicZone zone = ClinicZone::find("Europe/Istanbul").value();
  return zone;
}

Instant at(CalendarDate day, minutes time) { return istanbul().to_instant({day, time}).value(); }

clinic::Patient patient(std::string given, std::string family) {
  clinic::Patient p;
  p.id = "patient-1";
  p.clinic_id = "clinic-1";
  p.details.given_name = std::move(given);
  p.details.family_name = std::move(family);
  return p;
}

const clinic::Clinic kClinic{.id = "clinic-1",
                             .name = "Moda Saç Kliniği",
                             .time_zone = "Europe/Istanbul",
                             .created_at = {},
                             .currency = "TRY",
                             .default_language = "tr",
                             .version = 1,
                             .updated_at = {}};
const clinic::ClinicContact kContact{"+902125550123", "desk@moda.example.org",
                                     "Moda Cad. 1\nKadıköy, İstanbul"};

// A session on Tuesday 25 November 2025, 15:00-15:30 Istanbul time, with DOMAIN's rules.
struct Session {
  PatientAppointment appointment{"session", at(date(2025, 11, 25), hours{15}),
                                 planning::Attendance::kAttended};
  clinic::AftercarePlan plan =
      clinic::issue_aftercare(clinic::default_aftercare_rules(),
                              at(date(2025, 11, 25), hours{15} + minutes{30}), istanbul(), 4);
};

Handout demo_handout(const std::string& language, std::vector<PatientAppointment> later = {}) {
  const Session session;
  later.push_back(session.appointment);
  return make_handout(kClinic, istanbul(), kContact, patient("Ayşe", "Yılmaz"), session.appointment,
                      session.plan, later, language);
}

using mesoclinic::testing::command_output;
using mesoclinic::testing::words_only;

// What poppler's pdfinfo and pdftotext read in a PDF.
struct PdfRead {
  std::string info;
  std::string text;
};
PdfRead read_pdf(const std::string& pdf) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("mesoclinic-report-" + std::to_string(::getpid()) + ".pdf");
  std::ofstream(path, std::ios::binary) << pdf;
  PdfRead read{command_output("pdfinfo " + path.string()),
               words_only(command_output("pdftotext " + path.string() + " -"))};
  std::filesystem::remove(path);
  return read;
}

TEST(Handout, PrintsThePlanOnTheClinicWallClockAndTheNextBookedSession) {
  const Session session;
  const std::vector<PatientAppointment> appointments = {
      {"earlier", at(date(2025, 11, 18), hours{15}), planning::Attendance::kAttended},
      session.appointment,
      {"cancelled", at(date(2025, 11, 27), hours{10}), planning::Attendance::kCancelled},
      {"later", at(date(2025, 12, 9), hours{11}), planning::Attendance::kBooked},
      {"next", at(date(2025, 12, 2), hours{14}), planning::Attendance::kBooked},
  };
  const Handout handout = make_handout(kClinic, istanbul(), kContact, patient("Ayşe", "Yılmaz"),
                                       session.appointment, session.plan, appointments, "tr");
  EXPECT_EQ(handout.language, "tr");
  EXPECT_EQ(handout.patient_name, "Ayşe Yılmaz");
  EXPECT_EQ(handout.clinic_name, "Moda Saç Kliniği");
  EXPECT_EQ(handout.contact, kContact);
  EXPECT_EQ(handout.session_end, (LocalDateTime{date(2025, 11, 25), hours{15} + minutes{30}}));
  ASSERT_EQ(handout.restrictions.size(), 5u);
  EXPECT_EQ(handout.restrictions[0],
            (HandoutRestriction{"no_washing",
                                {date(2025, 11, 28), hours{15} + minutes{30}},
                                LocalDateTime{date(2025, 11, 29), hours{15} + minutes{30}}}));
  EXPECT_EQ(handout.restrictions[2].rule_id, "no_swimming_or_sauna");
  EXPECT_FALSE(handout.restrictions[2].better_until);
  EXPECT_EQ(handout.healed_from, date(2025, 11, 29));
  ASSERT_TRUE(handout.next_appointment);
  EXPECT_EQ(handout.next_appointment->starts_at, (LocalDateTime{date(2025, 12, 2), hours{14}}))
      << "the earliest later one still booked, not the cancelled one";
  EXPECT_EQ(handout.next_appointment->clinic_name, "Moda Saç Kliniği");
  EXPECT_FALSE(handout.next_inside_healing);

  const Handout too_soon = demo_handout(
      "en", {{"soon", at(date(2025, 11, 27), hours{10}), planning::Attendance::kBooked}});
  EXPECT_TRUE(too_soon.next_inside_healing);
  EXPECT_FALSE(demo_handout("en").next_appointment);
}

TEST(Handout, PdfHasTheRightPageSizeAndReadsBackInTurkish) {
  const auto a4 = render_handout_pdf(demo_handout("tr"), PaperSize::kA4);
  ASSERT_TRUE(a4) << a4.error().message;
  EXPECT_TRUE(a4->starts_with("%PDF-"));
  const PdfRead read = read_pdf(*a4);
  EXPECT_NE(read.info.find("595 x 842 pts"), std::string::npos) << read.info;
  EXPECT_NE(read.info.find("Pages:           1"), std::string::npos) << read.info;
  EXPECT_NE(read.text.find("Moda Saç Kliniği"), std::string::npos) << read.text;
  EXPECT_NE(read.text.find("Saçınızı ve saç derinizi yıkamayın"), std::string::npos) << read.text;
  EXPECT_NE(read.text.find("28 Kasım Cuma, 15:30"), std::string::npos) << read.text;
  EXPECT_NE(read.text.find("+902125550123"), std::string::npos) << "the contact in the footer";

  const auto letter = render_handout_pdf(demo_handout("en"), PaperSize::kLetter);
  ASSERT_TRUE(letter) << letter.error().message;
  const PdfRead english = read_pdf(*letter);
  EXPECT_NE(english.info.find("612 x 792 pts"), std::string::npos) << english.info;
  EXPECT_NE(english.text.find("Friday 28 November, 15:30"), std::string::npos) << english.text;
  EXPECT_NE(english.text.find("(better until Saturday 29 November, 15:30)"), std::string::npos)
      << english.text;
}

TEST(Handout, ALongPlanFlowsOntoASecondPageWithTheFooterOnEach) {
  Handout handout = demo_handout("en");
  for (int i = 0; i < 20; ++i) {
    handout.restrictions.push_back({"no_" + std::string(static_cast<std::size_t>(i + 1), 'x') +
                                        "_clinic_defined_rule_with_a_long_name",
                                    handout.session_end, std::nullopt});
  }
  const auto pdf = render_handout_pdf(handout, PaperSize::kLetter);
  ASSERT_TRUE(pdf) << pdf.error().message;
  const PdfRead read = read_pdf(*pdf);
  EXPECT_EQ(read.info.find("Pages:           1\n"), std::string::npos) << read.info;
  EXPECT_NE(read.text.find("Follow the clinic's instruction \"no x clinic defined rule"),
            std::string::npos)
      << "a clinic's own rule gets the generic words";
  std::size_t footers = 0;
  for (auto at = read.text.find("+902125550123"); at != std::string::npos;
       at = read.text.find("+902125550123", at + 1)) {
    ++footers;
  }
  EXPECT_GE(footers, 2u);
}

TEST(Handout, HtmlIsACompletePageWithEveryValueEscaped) {
  const Session session;
  clinic::ClinicContact contact = kContact;
  contact.address = "<b>Moda</b> & \"Sons\"\nKadıköy";
  const Handout handout =
      make_handout(kClinic, istanbul(), contact, patient("<script>alert(1)</script>", "O'Brien"),
                   session.appointment, session.plan, {session.appointment}, "tr");
  const std::string html = render_handout_html(handout);
  EXPECT_TRUE(html.starts_with("<!DOCTYPE html>\n<html lang=\"tr\">")) << html;
  EXPECT_NE(html.find("<meta charset=\"utf-8\">"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos) << html;
  // Typed values sit in first-strong isolates (U+2068 .. U+2069).
  EXPECT_NE(html.find("\u2068&lt;script&gt;alert(1)&lt;/script&gt; O&#39;Brien\u2069 için"),
            std::string::npos)
      << html;
  EXPECT_NE(
      html.find("Adres: \u2068&lt;b&gt;Moda&lt;/b&gt; &amp; &quot;Sons&quot;<br>Kadıköy\u2069"),
      std::string::npos)
      << html;
  EXPECT_NE(html.find("28 Kasım Cuma, 15:30 tarihine kadar (mümkünse 29 Kasım Cumartesi, 15:30 "
                      "tarihine kadar)"),
            std::string::npos)
      << html;
  EXPECT_TRUE(html.ends_with("</html>\n"));
  EXPECT_EQ(html.find("src="), std::string::npos) << "nothing loaded from elsewhere";
}

// Names in any script print (Noto fallbacks behind DejaVu Sans), and a right-to-left name
// stays inside its isolate: the Turkish sentence "<name> için" keeps its order around it.
TEST(Handout, NamesInAnyScriptPrintInTheirPlaceInTheSentence) {
  const Session session;
  for (const auto& [given, family] : {std::pair{"小明", "王"}, std::pair{"محمد", "حسن"}}) {
    SCOPED_TRACE(given);
    const Handout handout =
        make_handout(kClinic, istanbul(), kContact, patient(given, family), session.appointment,
                     session.plan, {session.appointment}, "tr");
    const auto pdf = render_handout_pdf(handout, PaperSize::kA4);
    ASSERT_TRUE(pdf) << pdf.error().message;
    const PdfRead read = read_pdf(*pdf);
    // pdftotext marks a right-to-left run with U+202B .. U+202C; the words are what count.
    std::string text;
    for (std::size_t i = 0; i < read.text.size(); ++i) {
      if (read.text.compare(i, 3, "\u202b") == 0 || read.text.compare(i, 3, "\u202c") == 0) {
        text += ' ';
        i += 2;
      } else {
        text += read.text[i];
      }
    }
    text = words_only(text);
    const std::string name = std::string(given) + " " + family;
    const std::size_t at = text.find(name + " için");
    EXPECT_NE(at, std::string::npos) << text;
    EXPECT_LT(at, text.find("Saçınızı ve saç derinizi yıkamayın"))
        << "the patient line comes before the restrictions: " << text;
  }
}

}  // namespace
}  // namespace mesoclinic::report
