// Progress charts: round ticks on the y axis, the SVG is XML, the PNG has its size, and the
// awkward cases (one point, equal values, gaps, values at or below zero, a long or non-Latin
// title) draw a line of the series' colour rather than nothing.
#include "report/progress_chart.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "command_output.h"
#include "report/chart_scale.h"
#include "report/course_outcomes.h"
#include "sample_course.h"

namespace mesoclinic::report {
namespace {

using mesoclinic::testing::command_output;
using sample::day;

ProgressChart density_chart(std::vector<std::optional<double>> values,
                            std::optional<double> baseline = 152) {
  ProgressChart chart;
  chart.title = "Hair density, Crown";
  chart.unit = "hairs/cm²";
  chart.axis_label = "Session and date";
  chart.baseline = baseline;
  chart.baseline_label = "Baseline";
  chart.no_values = "No values yet";
  chart.decimals = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    chart.columns.push_back(
        {std::to_string(i + 1), day(2026, 1, static_cast<unsigned>(5 + i * 7))});
  }
  chart.series.push_back({"Crown", std::move(values)});
  return chart;
}

struct Pixels {
  int width = 0;
  int height = 0;
  std::size_t inked = 0;  // not white
  std::size_t blue = 0;   // the first series' colour, not grey or black text
};

Pixels pixels_of(const std::string& png) {
  struct Reader {
    const std::string& bytes;
    std::size_t at = 0;
  } reader{png};
  cairo_surface_t* surface = cairo_image_surface_create_from_png_stream(
      [](void* closure, unsigned char* data, unsigned int length) {
        auto* r = static_cast<Reader*>(closure);
        if (r->bytes.size() - r->at < length) return CAIRO_STATUS_READ_ERROR;
        std::memcpy(data, r->bytes.data() + r->at, length);
        r->at += length;
        return CAIRO_STATUS_SUCCESS;
      },
      &reader);
  Pixels pixels;
  EXPECT_EQ(cairo_surface_status(surface), CAIRO_STATUS_SUCCESS);
  cairo_surface_flush(surface);
  pixels.width = cairo_image_surface_get_width(surface);
  pixels.height = cairo_image_surface_get_height(surface);
  const int stride = cairo_image_surface_get_stride(surface);
  const unsigned char* data = cairo_image_surface_get_data(surface);
  for (int y = 0; y < pixels.height; ++y) {
    for (int x = 0; x < pixels.width; ++x) {
      std::uint32_t pixel;
      std::memcpy(&pixel, data + y * stride + x * 4, 4);
      const int r = (pixel >> 16) & 0xff, g = (pixel >> 8) & 0xff, b = pixel & 0xff;
      if (r < 245 || g < 245 || b < 245) ++pixels.inked;
      if (b > 100 && b - r > 50 && b - g > 25) ++pixels.blue;
    }
  }
  cairo_surface_destroy(surface);
  return pixels;
}

TEST(ChartScale, TicksFallOnRoundNumbersAroundTheValues) {
  const ChartScale density = scale_for({152, 158, 167}, std::nullopt, std::nullopt);
  EXPECT_LE(density.low, 152);
  EXPECT_GE(density.high, 167);
  EXPECT_EQ(density.step, 5);
  EXPECT_EQ(density.decimals, 0);
  EXPECT_EQ(density.ticks().front(), density.low);
  EXPECT_EQ(density.ticks().back(), density.high);

  const ChartScale diameter = scale_for({55.5, 56.0, 56.4}, std::nullopt, std::nullopt);
  EXPECT_LT(diameter.step, 1);
  EXPECT_EQ(diameter.decimals, 1);

  const ChartScale pain = scale_for({2, 4}, 0.0, 10.0);
  EXPECT_EQ(pain.low, 0);
  EXPECT_EQ(pain.high, 10);
  EXPECT_EQ(pain.ticks(), (std::vector<double>{0, 2, 4, 6, 8, 10}));

  const ChartScale one = scale_for({150}, std::nullopt, std::nullopt);
  EXPECT_LT(one.low, 150);
  EXPECT_GT(one.high, 150) << "a single value sits inside the axis, not on its edge";

  const ChartScale zero = scale_for({0, 0}, std::nullopt, std::nullopt);
  EXPECT_EQ(zero.low, 0) << "equal zeros stay on the axis' foot, nothing below zero invented";
  EXPECT_GT(zero.high, 0);

  const ChartScale change = scale_for({-3, -1, 2}, std::nullopt, std::nullopt);
  EXPECT_LE(change.low, -3);
  EXPECT_GE(change.high, 2);

  const ChartScale none = scale_for({}, std::nullopt, std::nullopt);
  EXPECT_EQ(none.low, 0);
  EXPECT_EQ(none.high, 1);
}

TEST(ProgressChart, SvgIsAnXmlDocumentOfTheAskedSize) {
  const auto svg = render_chart_svg(density_chart({152, 158, 167}), 560, 320);
  ASSERT_TRUE(svg) << svg.error().message;
  const auto path = std::filesystem::temp_directory_path() /
                    ("mesoclinic-chart-" + std::to_string(::getpid()) + ".svg");
  std::ofstream(path, std::ios::binary) << *svg;
  const std::string parsed = command_output(
      "python3 -c 'import sys, xml.dom.minidom; d = "
      "xml.dom.minidom.parse(sys.argv[1]).documentElement; "
      "print(d.tagName, d.getAttribute(\"width\"), d.getAttribute(\"height\"))' " +
      path.string());
  std::filesystem::remove(path);
  EXPECT_EQ(parsed, "svg 560pt 320pt\n");
}

TEST(ProgressChart, PngHasItsSignatureSizeAndTheSeriesDrawn) {
  const auto png = render_chart_png(density_chart({152, 158, 167}), 560, 320, 2);
  ASSERT_TRUE(png) << png.error().message;
  EXPECT_TRUE(png->starts_with("\x89PNG\r\n\x1a\n"));
  const Pixels pixels = pixels_of(*png);
  EXPECT_EQ(pixels.width, 1120);
  EXPECT_EQ(pixels.height, 640);
  EXPECT_GT(pixels.blue, 300u) << "the series line and its points";
  EXPECT_LT(pixels.inked, static_cast<std::size_t>(pixels.width * pixels.height / 3));
  if (const char* keep = std::getenv("MESOCLINIC_REPORT_SAMPLES")) {
    std::filesystem::create_directories(keep);
    std::ofstream(std::filesystem::path(keep) / "chart-density.png", std::ios::binary) << *png;
    ProgressChart pain = pain_chart("tr", sample::course_report("tr").sessions);
    std::ofstream(std::filesystem::path(keep) / "chart-pain-tr.png", std::ios::binary)
        << render_chart_png(pain).value();
  }
}

TEST(ProgressChart, AwkwardInputStillDrawsTheSeries) {
  struct Case {
    std::string name;
    ProgressChart chart;
  };
  ProgressChart long_title = density_chart({152, 158, 167});
  long_title.title = std::string(300, 'W') + " a title far longer than the chart is wide";
  ProgressChart foreign = density_chart({152, 158, 167});
  foreign.title = "كثافة الشعر، 头顶 — Saç yoğunluğu";
  foreign.language = "tr";
  ProgressChart second = density_chart({152, std::nullopt, 167, 170});
  second.series.push_back({"Front", {140, 146, std::nullopt, 151}});
  for (const Case& each : {Case{"one point", density_chart({152})},
                           Case{"all equal", density_chart({150, 150, 150, 150})},
                           Case{"a gap", density_chart({152, std::nullopt, std::nullopt, 167})},
                           Case{"at or below zero", density_chart({-3, 0, -1, 2}, 0)},
                           Case{"ten sessions", density_chart({4, 3, 3, 2, 2, 1, 2, 1, 0, 1})},
                           Case{"a long title", long_title}, Case{"non-Latin text", foreign},
                           Case{"two series", second}}) {
    SCOPED_TRACE(each.name);
    const auto png = render_chart_png(each.chart, 480, 300, 1);
    ASSERT_TRUE(png) << png.error().message;
    const Pixels pixels = pixels_of(*png);
    EXPECT_GT(pixels.blue, 20u);
    const auto svg = render_chart_svg(each.chart, 480, 300);
    ASSERT_TRUE(svg) << svg.error().message;
    EXPECT_TRUE(svg->starts_with("<?xml")) << svg->substr(0, 40);
  }
  const auto empty = render_chart_png(density_chart({std::nullopt, std::nullopt}), 480, 300, 1);
  const auto full = render_chart_png(density_chart({152, 158, 167}), 480, 300, 1);
  ASSERT_TRUE(empty && full);
  EXPECT_LT(pixels_of(*empty).blue * 3, pixels_of(*full).blue)
      << "no values, no line (only the legend's sample); the chart says so in words";
}

TEST(CourseCharts, PainPerSessionAndMeasuresAgainstTheirBaseline) {
  const CourseReport report = sample::course_report("en");
  const ProgressChart pain = pain_chart("en", report.sessions);
  EXPECT_EQ(pain.title, "Pain during each session");
  ASSERT_EQ(pain.columns.size(), 8u);
  EXPECT_EQ(pain.columns[0], (ChartColumn{"1", day(2026, 1, 12)}));
  ASSERT_EQ(pain.series.size(), 1u);
  EXPECT_EQ(pain.series[0].values[0], 4);
  EXPECT_FALSE(pain.series[0].values[5]) << "the missed session is a gap";
  EXPECT_EQ(pain.y_from, 0);
  EXPECT_EQ(pain.y_to, 10);

  const ProgressChart crown =
      measure_chart("tr", clinic::Measure::kHairDensity, clinic::ScalpZone::kVertex,
                    report.sessions, report.measurements);
  EXPECT_EQ(crown.title, "Saç yoğunluğu, Tepe");
  EXPECT_EQ(crown.unit, "saç/cm²");
  EXPECT_EQ(crown.baseline, 118);
  EXPECT_EQ(crown.columns,
            (std::vector<ChartColumn>{
                {"1", day(2026, 1, 12)}, {"4", day(2026, 2, 2)}, {"8", day(2026, 3, 30)}}))
      << "measured on session days: labelled with the session's number";
  EXPECT_EQ(crown.series[0].values, (std::vector<std::optional<double>>{118, 126, 136}));

  const auto charts = measure_charts(report);
  ASSERT_EQ(charts.size(), 7u) << "density and diameter in three zones, shedding for the scalp";
  EXPECT_EQ(charts[0].title, "Hair density, Front");
  EXPECT_EQ(charts[6].title, "Hairs shed, Whole scalp");
}

TEST(CourseCharts, AFollowUpAfterTheCourseIsLabelledByItsTimePoint) {
  CourseReport report = sample::course_report("en");
  report.measurements.push_back(
      {{clinic::TimePoint::kMonth3, clinic::Measure::kHairDensity, 171, "hairs/cm2",
        clinic::ScalpZone::kVertex, clinic::Method::kTrichoscopy},
       day(2026, 6, 30)});
  const ProgressChart crown =
      measure_chart("en", clinic::Measure::kHairDensity, clinic::ScalpZone::kVertex,
                    report.sessions, report.measurements);
  ASSERT_EQ(crown.columns.size(), 4u);
  EXPECT_EQ(crown.columns[3], (ChartColumn{"+3 mo", day(2026, 6, 30)}));
}

}  // namespace
}  // namespace mesoclinic::report
