// Progress charts (issue 15 part 3): one quantity over a course, session by session, against
// its baseline, so a patient sees whether the course works. Drawn with cairo as SVG or PNG for
// the API and the web app's downloads, and straight onto a page of the course report as
// vectors. The chart holds its words already in the reader's language (course_charts.h fills
// them from the catalogue); drawing adds only layout.
#pragma once

#include <cairo.h>

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/time.h"

namespace mesoclinic::report {

// A place along the x axis: a session (its number in the course) or a visit after the course,
// with its day. Columns are evenly spaced in the order given, so a course's weekly and
// fortnightly sessions read as steps rather than squeezed together.
struct ChartColumn {
  std::string label;  // the top line under the axis: "4" for session 4, "+3 mo" after the course
  CalendarDate day{};
  friend bool operator==(const ChartColumn&, const ChartColumn&) = default;
};

// One line of the chart: a value per column, none where nothing was measured (the line
// then jumps the gap with a dotted stretch, so a missed session is not read as a value).
struct ChartSeries {
  std::string name;                           // the legend's words
  std::vector<std::optional<double>> values;  // as many as the chart's columns
  friend bool operator==(const ChartSeries&, const ChartSeries&) = default;
};

struct ProgressChart {
  std::string language = "en";  // a catalogue language: dates and numbers are written in it
  std::string title;
  std::string unit;        // as printed: "hairs/cm²", "µm"
  std::string axis_label;  // under the x axis: "Session and date"
  std::vector<ChartColumn> columns;
  std::vector<ChartSeries> series;  // the first solid, a second dashed, further ones dotted
  std::optional<double> baseline;   // drawn as a labelled horizontal reference line
  std::string baseline_label;       // in the legend, and beside the line with its value
  std::string no_values;            // shown across the plot when no series has a value
  int decimals = 1;                 // at most, for the values beside the points
  // The y axis spans at least this (pain: 0 to 10); values outside it widen it.
  std::optional<double> y_from;
  std::optional<double> y_to;
  friend bool operator==(const ProgressChart&, const ProgressChart&) = default;
};

// Draws `chart` into the rectangle (x, y, width, height) of `cr`, in points; a rectangle of
// about 240 x 160 or more reads well. The context's state is saved and restored.
void draw_progress_chart(cairo_t* cr, const ProgressChart& chart, double x, double y, double width,
                         double height);

// The chart as a standalone SVG document of `width` x `height` points (text as outlines, so it
// looks the same without our fonts). Fails with kInternal if cairo cannot write it.
Result<std::string> render_chart_svg(const ProgressChart& chart, double width = 560,
                                     double height = 320);

// The chart as a PNG of `width` x `height` points drawn at `scale` pixels a point (the default
// 2 makes 1120 x 640 pixels, sharp on high-density screens and in print).
Result<std::string> render_chart_png(const ProgressChart& chart, double width = 560,
                                     double height = 320, double scale = 2);

}  // namespace mesoclinic::report
