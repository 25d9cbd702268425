// Renders the course report of a realistic finished course (eight sessions, three zones
// measured three times, seven charts, two photo views, two reactions) over and over as PDF, in
// English and Turkish on A4, and one progress chart as PNG and as SVG, and prints the time per
// document and documents per second. A clinic prints one report per course, so this bounds
// what a report costs the server rather than chasing a throughput target.
// Usage: render_course_reports [reports per kind]
#include <cstdio>
#include <cstdlib>

#include "report/course_outcomes.h"
#include "report/course_report.h"
#include "report/progress_chart.h"
#include "sample_course.h"
#include "timing.h"

namespace report = mesoclinic::report;
using mesoclinic::bench::time_documents;

namespace {

// The document's size; a failure ends the run, since its timing would mean nothing.
template <class Document>
std::size_t size_of(const mesoclinic::Result<Document>& document) {
  if (!document) {
    std::fprintf(stderr, "rendering failed: %s\n", document.error().message.c_str());
    std::exit(1);
  }
  return document->size();
}

}  // namespace

int main(int argc, char** argv) {
  const int documents = argc > 1 ? std::atoi(argv[1]) : 50;
  for (const char* language : {"en", "tr"}) {
    const report::CourseReport course = report::sample::course_report(language);
    const std::string label = std::string("course report PDF A4 ").append(language);
    time_documents(label.c_str(), documents, [&] {
      return size_of(report::render_course_report_pdf(course, report::PaperSize::kA4));
    });
  }
  const report::CourseReport course = report::sample::course_report("en");
  const report::ProgressChart chart = report::measure_charts(course).front();
  time_documents("chart PNG 1120x640 px", documents * 4,
                 [&] { return size_of(report::render_chart_png(chart)); });
  time_documents("chart SVG 560x320 pt", documents * 4,
                 [&] { return size_of(report::render_chart_svg(chart)); });
  return 0;
}
