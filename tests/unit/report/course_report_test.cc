// The course report as poppler reads it: pages of the right size, each numbered and none
// blank; the words in the patient's language with their name, protocol, dates and the
// changes in percent; the charts drawn (the series' blue on the pages) and the four photos
// embedded (pdfimages) and visible (their colour on the pages). Set MESOCLINIC_REPORT_SAMPLES
// to a folder to keep the PDFs and page images for a look.
#include "report/course_report.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include "command_output.h"
#include "report/course_outcomes.h"
#include "sample_course.h"

namespace mesoclinic::report {
namespace {

using mesoclinic::testing::command_output;
using mesoclinic::testing::words_only;
using sample::day;

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// What one page shows at 72 dpi: how much is inked, how much in the charts' first-series blue
// and how much in the sample photos' brown.
struct Page {
  std::size_t pixels = 0;
  std::size_t inked = 0;
  std::size_t chart_blue = 0;
  std::size_t photo_brown = 0;
};

struct ReadBack {
  std::string info;
  std::string text;
  std::string images;  // pdfimages -list
  std::vector<Page> pages;
};

ReadBack read_back(const std::string& pdf, const std::string& name) {
  const char* keep = std::getenv("MESOCLINIC_REPORT_SAMPLES");
  const auto dir = keep ? std::filesystem::path(keep)
                        : std::filesystem::temp_directory_path() /
                              ("mesoclinic-course-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string file = (dir / (name + ".pdf")).string();
  std::ofstream(file, std::ios::binary) << pdf;
  ReadBack read;
  read.info = command_output("pdfinfo " + file);
  read.text = words_only(command_output("pdftotext " + file + " -"));
  read.images = command_output("pdfimages -list " + file);
  command_output("pdftoppm -r 72 " + file + " " + (dir / name).string());
  for (int number = 1;; ++number) {
    // pdftoppm numbers pages with as many digits as the last page needs; reports stay under 10.
    const auto path = dir / (name + "-" + std::to_string(number) + ".ppm");
    if (!std::filesystem::exists(path)) break;
    const std::string ppm = read_file(path);
    std::istringstream header(ppm);
    std::string magic;
    int width = 0, height = 0, max_value = 0;
    header >> magic >> width >> height >> max_value;
    EXPECT_EQ(magic, "P6");
    Page page;
    page.pixels = static_cast<std::size_t>(width) * height;
    const auto start = static_cast<std::size_t>(header.tellg()) + 1;
    for (std::size_t i = start; i + 2 < ppm.size(); i += 3) {
      const int r = static_cast<unsigned char>(ppm[i]);
      const int g = static_cast<unsigned char>(ppm[i + 1]);
      const int b = static_cast<unsigned char>(ppm[i + 2]);
      if (r < 240 || g < 240 || b < 240) ++page.inked;
      if (b > 100 && b - r > 50 && b - g > 25) ++page.chart_blue;
      if (r > 170 && r - b > 50 && g > 120 && g < 190) ++page.photo_brown;
    }
    read.pages.push_back(page);
    if (!keep) std::filesystem::remove(path);
  }
  if (keep) {
    command_output("pdftoppm -png -r 80 " + file + " " + (dir / name).string());
  } else {
    std::filesystem::remove_all(dir);
  }
  return read;
}

// The images pdfimages lists: its rows after the two lines of heading.
std::size_t images_in(const std::string& list) {
  std::size_t lines = 0;
  for (const char c : list) lines += c == '\n';
  return lines < 2 ? 0 : lines - 2;
}

// The text without its spaces: pdftotext splits "+%9,9" into "+ %9,9" where pango ran the
// sign and the rest as two pieces, so numbers are compared without them.
std::string without_spaces(std::string text) {
  std::erase(text, ' ');
  return text;
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t found = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++found;
  return found;
}

TEST(MeasurementRows, BaselineLatestAndChangePerMeasureAndZone) {
  const auto rows = measurement_rows(sample::course_report("en").measurements);
  ASSERT_EQ(rows.size(), 7u);
  EXPECT_EQ(rows[0].measure, clinic::Measure::kHairDensity);
  EXPECT_EQ(rows[0].zone, clinic::ScalpZone::kFrontal);
  EXPECT_EQ(rows[0].baseline, 152);
  EXPECT_EQ(rows[0].latest, 167);
  EXPECT_EQ(rows[0].latest_at, clinic::TimePoint::kEndOfCourse);
  EXPECT_EQ(rows[0].change, clinic::change_from(152, 167));
  EXPECT_EQ(rows[2].zone, clinic::ScalpZone::kVertex);
  EXPECT_EQ(rows[6].measure, clinic::Measure::kSheddingCount);
  EXPECT_FALSE(rows[6].zone) << "the whole scalp comes after the zones";

  // Twice at baseline counts once, by the mean; no later value, no change; a zero baseline
  // has a change without a percent.
  const clinic::OutcomeMeasurement base{
      clinic::TimePoint::kBaseline, clinic::Measure::kPullTest, 4, "hairs", std::nullopt,
      clinic::Method::kManual};
  auto again = base;
  again.value = 6;
  auto zero = base;
  zero.measure = clinic::Measure::kSheddingCount;
  zero.unit = "hairs";
  zero.value = 0;
  zero.method = clinic::Method::kCombTest;
  auto later = zero;
  later.time_point = clinic::TimePoint::kMidCourse;
  later.value = 12;
  const auto odd = measurement_rows({{base, day(2026, 1, 12)},
                                     {again, day(2026, 1, 12)},
                                     {zero, day(2026, 1, 12)},
                                     {later, day(2026, 2, 2)}});
  ASSERT_EQ(odd.size(), 2u);
  EXPECT_EQ(odd[0].baseline, 5);
  EXPECT_FALSE(odd[0].latest);
  EXPECT_FALSE(odd[0].change);
  ASSERT_TRUE(odd[1].change);
  EXPECT_EQ(odd[1].change->absolute, 12);
  EXPECT_FALSE(odd[1].change->percent);
}

TEST(CourseReport, EnglishOnA4ReadsBackWithChartsAndPhotos) {
  const auto pdf = render_course_report_pdf(sample::course_report("en"), PaperSize::kA4);
  ASSERT_TRUE(pdf) << pdf.error().message;
  const ReadBack read = read_back(*pdf, "course-report-en-a4");
  EXPECT_NE(read.info.find("595 x 842 pts"), std::string::npos) << read.info;
  const std::size_t pages = read.pages.size();
  ASSERT_GE(pages, 2u);
  EXPECT_NE(read.info.find("Pages:           " + std::to_string(pages)), std::string::npos);
  for (const std::string words : {"Moda Saç Kliniği",
                                  "Your mesotherapy course report",
                                  "For Ayşe Yılmaz",
                                  "Treatment: Biotin Boost 8",
                                  "Issued on 30 March 2026",
                                  "Hair density, end of course: up at least 10% on baseline",
                                  "Hair density (hairs/cm²)",
                                  "Crown 118 136 +18 (+15.3%) end of course",
                                  "Hair density, Front",
                                  "Hairs shed, Whole scalp",
                                  "Pain during each session",
                                  "Session and date",
                                  "Your photos",
                                  "First: 12 January 2026",
                                  "Latest: 30 March 2026",
                                  "7 of 8 sessions done, 1 missed.",
                                  "12 January 2026 Done 4",
                                  "2 March 2026 Missed",
                                  "Haematoma (mild). What was done: Cold compress",
                                  "Headache (moderate)",
                                  "Your maintenance session",
                                  "between 30 March 2027 and 30 September 2027",
                                  "+902125550123"}) {
    EXPECT_NE(read.text.find(words), std::string::npos) << words << "\n" << read.text;
  }
  for (const std::string number :
       {"+15(+9.9%)", "+11(+7.9%)", "+3.2(+5.5%)", "\u221250(\u221245.5%)"}) {
    EXPECT_NE(without_spaces(read.text).find(number), std::string::npos) << number;
  }
  EXPECT_EQ(read.text.find("report."), std::string::npos) << "a key without words: " << read.text;
  for (std::size_t page = 1; page <= pages; ++page) {
    SCOPED_TRACE(page);
    EXPECT_NE(read.text.find("Page " + std::to_string(page) + " of " + std::to_string(pages)),
              std::string::npos);
    EXPECT_GT(read.pages[page - 1].inked, read.pages[page - 1].pixels / 100) << "blank page";
  }
  // The four photos are embedded as images and show; the charts' lines show in their blue.
  EXPECT_EQ(images_in(read.images), 4u) << read.images;
  std::size_t blue = 0, brown = 0;
  for (const Page& page : read.pages) {
    blue += page.chart_blue;
    brown += page.photo_brown;
  }
  EXPECT_GT(blue, 8 * 150u) << "eight charts, each with its line and points";
  EXPECT_GT(brown, 4 * 10'000u) << "four photos, each a quarter of a page wide";
}

TEST(CourseReport, TurkishOnLetterSpeaksTurkish) {
  const auto pdf = render_course_report_pdf(sample::course_report("tr"), PaperSize::kLetter);
  ASSERT_TRUE(pdf) << pdf.error().message;
  const ReadBack read = read_back(*pdf, "course-report-tr-letter");
  EXPECT_NE(read.info.find("612 x 792 pts"), std::string::npos) << read.info;
  for (const std::string words :
       {"Mezoterapi kür raporunuz", "Ayşe Yılmaz için", "Tedavi: Biotin Boost 8",
        "Saç yoğunluğu (kür sonunda): başlangıca göre en az %10 arttı", "Saç yoğunluğu (saç/cm²)",
        "Saç yoğunluğu, Tepe", "Her seansta ağrı", "İlk: 12 Ocak 2026", "Son: 30 Mart 2026",
        "8 seansın 7 tanesi yapıldı, 1 tanesi kaçırıldı.", "Kaçırıldı", "Haematoma (hafif)",
        "Bakım seansınız", "30 Mart 2027 ile 30 Eylül 2027 arasında", "Sayfa 1 / "}) {
    EXPECT_NE(read.text.find(words), std::string::npos) << words << "\n" << read.text;
  }
  for (const std::string number : {"+15(+%9,9)", "+3,2(+%5,5)", "\u221250(\u2212%45,5)"}) {
    EXPECT_NE(without_spaces(read.text).find(number), std::string::npos) << number;
  }
  EXPECT_EQ(read.text.find("Your "), std::string::npos) << "no English words: " << read.text;
  EXPECT_EQ(read.text.find("report."), std::string::npos) << read.text;
  EXPECT_EQ(images_in(read.images), 4u) << read.images;
}

TEST(CourseReport, LongCoursesFlowOntoFurtherPagesWithTheTableHeaderRepeated) {
  CourseReport report = sample::course_report("en");
  report.sessions.clear();
  for (int i = 0; i < 60; ++i) {
    report.sessions.push_back({i + 1,
                               {add_days(day(2026, 1, 5), 7 * i), std::chrono::hours{9}},
                               planning::Attendance::kAttended,
                               i % 11});
  }
  report.adverse_events.clear();
  report.photos.clear();
  report.responder.reset();
  report.recall.reset();
  const auto pdf = render_course_report_pdf(report, PaperSize::kLetter);
  ASSERT_TRUE(pdf) << pdf.error().message;
  const ReadBack read = read_back(*pdf, "course-report-long");
  const std::size_t pages = read.pages.size();
  ASSERT_GE(pages, 4u);
  EXPECT_NE(read.text.find("Page " + std::to_string(pages) + " of " + std::to_string(pages)),
            std::string::npos);
  EXPECT_GE(count(read.text, "Session Date State Pain (0-10)"), 2u) << read.text;
  EXPECT_NE(read.text.find("60 of 60 sessions done, 0 missed."), std::string::npos);
  EXPECT_NE(read.text.find("None recorded."), std::string::npos);
  EXPECT_NE(read.text.find("No photos taken yet."), std::string::npos);
  EXPECT_NE(read.text.find("when your course is finished"), std::string::npos);
  EXPECT_EQ(read.text.find("counts as a good response"), std::string::npos)
      << "no responder statement until it is known";
  EXPECT_EQ(images_in(read.images), 0u);
}

TEST(CourseReport, AnUnreadablePhotoOrNoLaterOneIsSaidNotFailed) {
  CourseReport report = sample::course_report("en");
  report.photos = {{"front", {day(2026, 1, 12), "not a png"}, std::nullopt},
                   {"left", {day(2026, 1, 12), sample::photo_png(20, 5000, 10)}, std::nullopt}};
  report.measurements.clear();
  const auto pdf = render_course_report_pdf(report, PaperSize::kA4);
  ASSERT_TRUE(pdf) << pdf.error().message;
  const ReadBack read = read_back(*pdf, "course-report-odd-photos");
  EXPECT_EQ(count(read.text, "This photo cannot be shown"), 2u)
      << "not a PNG, and one wider than 4096 pixels: " << read.text;
  EXPECT_EQ(count(read.text, "No later photo yet"), 2u);
  EXPECT_NE(read.text.find("No measurements recorded yet."), std::string::npos);
  EXPECT_EQ(images_in(read.images), 0u);
}

}  // namespace
}  // namespace mesoclinic::report
