// The course report through the API (issue 15): the demo clinic's patient, measured at baseline
// by the demo and mid-course here, gets a PDF in their language (or the one asked for) whose
// pages poppler reads back: the measurements against baseline, the charts drawn on the pages and
// the first and latest photo of a view;
// practitioners print it, reception cannot; a bad paper size is named.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "api_fixture.h"
#include "command_output.h"
#include "direct_sql.h"
#include "http_client.h"
#include "photo_samples.h"
#include "server_process.h"

namespace mesoclinic::testing {
namespace {

namespace fs = std::filesystem;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// What poppler makes of a PDF: its text, its page count, and how many of its pages hold a
// chart (pixels of the charts' blue series line, which no text or rule on a page uses).
struct ReadBack {
  std::string text;
  std::string info;  // pdfinfo's lines: the page size among them
  int pages = 0;
  int pages_with_charts = 0;
  int images = 0;  // pictures placed on the pages (pdfimages), the photos among them
};

ReadBack read_back(const std::string& pdf, const fs::path& dir) {
  const std::string file = (dir / "report.pdf").string();
  std::ofstream(file, std::ios::binary) << pdf;
  ReadBack read;
  read.text = words_only(command_output("pdftotext " + file + " -"));
  read.info = command_output("pdfinfo " + file);
  const auto at = read.info.find("Pages:");
  if (at != std::string::npos) read.pages = std::stoi(read.info.substr(at + 6));
  // pdfimages lists one line per picture after its two header lines.
  const std::string listed = command_output("pdfimages -list " + file);
  read.images = std::max(0, static_cast<int>(std::count(listed.begin(), listed.end(), '\n')) - 2);
  for (int page = 1; page <= read.pages; ++page) {
    const std::string stem = (dir / ("page-" + std::to_string(page))).string();
    command_output("pdftoppm -r 40 -f " + std::to_string(page) + " -l " + std::to_string(page) +
                   " -singlefile " + file + " " + stem);  // PPM: "P6 w h 255" then RGB
    const std::string ppm = read_file(stem + ".ppm");
    std::size_t blue = 0;
    const std::size_t start = ppm.find("255\n") + 4;
    for (std::size_t i = start; i + 2 < ppm.size(); i += 3) {
      const int r = static_cast<unsigned char>(ppm[i]);
      const int g = static_cast<unsigned char>(ppm[i + 1]);
      const int b = static_cast<unsigned char>(ppm[i + 2]);
      if (b > 150 && b > r + 60 && b > g + 30) ++blue;
    }
    if (blue > 20) ++read.pages_with_charts;
  }
  return read;
}

class CourseReportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("mesoclinic-course-report-" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    url_ = "sqlite:" + (dir_ / "demo.db").string();
    const CommandResult loaded =
        run_mesoclinic({"demo", "--db", url_, "--patients", "20", "--staff"},
                       std::string(ApiTest::kPassword) + "\n");
    ASSERT_EQ(loaded.exit_code, 0) << loaded.err;
    server_ = std::make_unique<ServerProcess>(url_);
  }
  void TearDown() override {
    server_.reset();
    fs::remove_all(dir_);
  }

  fs::path dir_;
  std::string url_;
  std::unique_ptr<ServerProcess> server_;
};

TEST_F(CourseReportTest, TheDemoPatientsReportShowsTheirProgressInTheirLanguage) {
  // A demo course measured at baseline; its patient reads English.
  const std::string course = query_value(
      url_,
      "SELECT course_id FROM outcome_measurements WHERE time_point = 'baseline' ORDER BY "
      "course_id LIMIT 1");
  ASSERT_FALSE(course.empty()) << "the demo measures its courses";
  const std::string family_name = query_value(
      url_,
      "SELECT p.family_name FROM courses c JOIN patients p ON p.id = c.patient_id WHERE "
      "c.id = '" +
          course + "' AND p.preferred_language = 'en'");
  ASSERT_FALSE(family_name.empty());
  HttpClient practitioner(server_->port());
  ASSERT_EQ(ApiTest::sign_in(practitioner, "dr.demir").status, 201);
  const std::string path = "/api/v1/courses/" + course + "/report";
  // Mid-course, the practitioner measures the vertex again: 9% denser than at baseline.
  const std::string baseline =
      query_value(url_, "SELECT value FROM outcome_measurements WHERE course_id = '" + course +
                            "' AND measure = 'hair_density' AND zone = 'vertex'");
  ASSERT_FALSE(baseline.empty());
  const HttpReply measured =
      practitioner.send_json("POST", "/api/v1/courses/" + course + "/measurements",
                             {{"time_point", "mid_course"},
                              {"measurements",
                               {{{"measure", "hair_density"},
                                 {"value", std::round(std::stod(baseline) * 1.09)},
                                 {"unit", "hairs/cm2"},
                                 {"zone", "vertex"},
                                 {"method", "trichoscopy"}}}}});
  ASSERT_EQ(measured.status, 201) << measured.body;

  // The patient agreed to photos a year ago; the front view was taken at baseline and again now.
  const std::string patient =
      query_value(url_, "SELECT patient_id FROM courses WHERE id = '" + course + "'");
  const HttpReply consent = practitioner.send_json(
      "POST", "/api/v1/patients/" + patient + "/consents",
      {{"kind", "photos"}, {"method", "signed_form"}, {"given_at", "2025-11-01T09:00:00Z"}});
  ASSERT_EQ(consent.status, 201) << consent.body;
  const std::string photos =
      "/api/v1/patients/" + patient + "/photos?view=front&course_id=" + course + "&time_point=";
  for (const std::string point : {"baseline&taken_at=2026-01-15T10:00:00Z", "mid_course"}) {
    const HttpReply uploaded =
        practitioner.request("POST", photos + point, jpeg_from_camera(1200, 900, /*orientation=*/1),
                             {{"Content-Type", "image/jpeg"}});
    ASSERT_EQ(uploaded.status, 201) << uploaded.body;
  }

  const HttpReply english = practitioner.get(path);
  ASSERT_EQ(english.status, 200) << english.body;
  EXPECT_EQ(english.header("content-type"), "application/pdf");
  const ReadBack read = read_back(english.body, dir_);
  EXPECT_GE(read.pages, 2);
  EXPECT_NE(read.info.find("595 x 842 pts"), std::string::npos) << "A4 unless asked";
  EXPECT_NE(read.text.find(family_name), std::string::npos) << read.text;
  EXPECT_NE(read.text.find("Hair density"), std::string::npos) << "in the patient's language";
  EXPECT_NE(read.text.find("+9"), std::string::npos) << "the vertex's change: " << read.text;
  EXPECT_GE(read.pages_with_charts, 1) << "the progress charts are drawn on the pages";
  EXPECT_NE(read.text.find("Your photos"), std::string::npos);
  EXPECT_NE(read.text.find("Front"), std::string::npos) << "the view is named";
  EXPECT_NE(read.text.find("First: 15 January 2026"), std::string::npos) << read.text;
  EXPECT_EQ(read.text.find("No photos taken yet"), std::string::npos);
  EXPECT_EQ(read.text.find("cannot be shown"), std::string::npos) << "both photos decode";
  EXPECT_EQ(read.images, 2) << "the first and the latest front photo are on the page";

  const HttpReply turkish = practitioner.get(path + "?lang=tr&paper=letter");
  ASSERT_EQ(turkish.status, 200) << turkish.body;
  const ReadBack in_turkish = read_back(turkish.body, dir_);
  EXPECT_NE(in_turkish.info.find("612 x 792 pts"), std::string::npos) << in_turkish.info;
  EXPECT_NE(in_turkish.text.find("Saç yoğunluğu"), std::string::npos) << in_turkish.text;
  EXPECT_EQ(in_turkish.text.find("Hair density"), std::string::npos) << "no English left";

  const HttpReply bad = practitioner.get(path + "?paper=a3");
  ASSERT_EQ(bad.status, 422) << bad.body;
  EXPECT_NE(bad.body.find("\"paper\""), std::string::npos) << bad.body;
  HttpClient reception(server_->port());
  ASSERT_EQ(ApiTest::sign_in(reception, "front.desk").status, 201);
  EXPECT_EQ(reception.get(path).status, 403);
  EXPECT_EQ(query_value(url_,
                        "SELECT COUNT(*) FROM audit_entries WHERE action = "
                        "'course_report.read' AND resource_id = '" +
                            course + "'"),
            "2");
}

}  // namespace
}  // namespace mesoclinic::testing
