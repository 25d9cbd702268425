// A progress chart drawn with cairo: the title, a legend, the y axis on round ticks with the
// unit above it, the baseline as a dashed reference line, each series as a line through its
// values with the value beside each point, and each column's label and date under the axis.
#include "report/progress_chart.h"

#include <cairo-svg.h>

#include <algorithm>
#include <array>
#include <cmath>

#include "catalogue/catalogue.h"
#include "report/chart_scale.h"
#include "report/typeset.h"

namespace mesoclinic::report {
namespace {

using typeset::Align;
using typeset::Layout;
using typeset::Style;

struct Colour {
  double r, g, b;
};
// Told apart in colour and, printed in grey, by dash and marker: blue solid with circles,
// orange dashed with squares, green dotted with diamonds.
struct Look {
  Colour colour;
  std::vector<double> dashes;
  int marker;  // 0 circle, 1 square, 2 diamond
};
const std::array<Look, 3> kLooks = {{{{0.12, 0.31, 0.55}, {}, 0},
                                     {{0.78, 0.36, 0.0}, {5, 3}, 1},
                                     {{0.16, 0.5, 0.25}, {1.5, 2}, 2}}};
constexpr Colour kBaseline = {0.45, 0.45, 0.45};
constexpr Colour kInk = {0.1, 0.1, 0.1};
constexpr Colour kGrid = {0.88, 0.88, 0.88};

void set_colour(cairo_t* cr, Colour colour) {
  cairo_set_source_rgb(cr, colour.r, colour.g, colour.b);
}

const Look& look_of(std::size_t series) { return kLooks[series % kLooks.size()]; }

void marker(cairo_t* cr, int shape, double x, double y) {
  const double r = 2.8;
  cairo_new_path(cr);  // an arc would otherwise join the current point, left by the last text
  if (shape == 0) {
    cairo_arc(cr, x, y, r, 0, 2 * M_PI);
  } else if (shape == 1) {
    cairo_rectangle(cr, x - r, y - r, 2 * r, 2 * r);
  } else {
    cairo_move_to(cr, x, y - r * 1.3);
    cairo_line_to(cr, x + r * 1.3, y);
    cairo_line_to(cr, x, y + r * 1.3);
    cairo_line_to(cr, x - r * 1.3, y);
    cairo_close_path(cr);
  }
  cairo_fill(cr);
}

void line_sample(cairo_t* cr, const Look& look, double x, double y, double length) {
  set_colour(cr, look.colour);
  cairo_set_line_width(cr, 1.6);
  cairo_set_dash(cr, look.dashes.data(), static_cast<int>(look.dashes.size()), 0);
  cairo_move_to(cr, x, y);
  cairo_line_to(cr, x + length, y);
  cairo_stroke(cr);
  cairo_set_dash(cr, nullptr, 0, 0);
  marker(cr, look.marker, x + length / 2, y);
}

// Text of `style` placed with its `align` edge at x and its top at y; returns its height.
double label(cairo_t* cr, const std::string& text, Style style, double x, double y,
             Align align = Align::kStart, double width = 1000) {
  Layout layout = typeset::make_layout(cr, text, style, width, Align::kStart);
  const double w = typeset::width_of(layout.get());
  const double left = align == Align::kStart ? x : align == Align::kCentre ? x - w / 2 : x - w;
  typeset::draw(cr, layout.get(), left, y);
  return typeset::height_of(layout.get());
}

double text_width(cairo_t* cr, const std::string& text, Style style) {
  return typeset::width_of(typeset::make_layout(cr, text, style, 1000).get());
}

// Every how many columns a text `width` wide fits at `spacing` between columns (1: all).
std::size_t every_nth(double width, double spacing) {
  if (spacing <= 0) return 1;
  return std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(width / spacing)));
}

// The legend, wrapping onto further lines; returns its height.
double draw_legend(cairo_t* cr, const ProgressChart& chart, double x, double y, double width) {
  struct Entry {
    const Look* look;
    std::string name;
  };
  static const Look kBaselineLook = {kBaseline, {6, 3}, -1};
  std::vector<Entry> entries;
  for (std::size_t i = 0; i < chart.series.size(); ++i) {
    entries.push_back({&look_of(i), chart.series[i].name});
  }
  if (chart.baseline) entries.push_back({&kBaselineLook, chart.baseline_label});
  double left = x;
  double top = y;
  const double line_height = 11;
  for (const auto& entry : entries) {
    const double entry_width = 22 + text_width(cr, entry.name, Style::kChartLabel) + 12;
    if (left > x && left + entry_width > x + width) {
      left = x;
      top += line_height;
    }
    if (entry.look->marker < 0) {
      set_colour(cr, kBaseline);
      cairo_set_line_width(cr, 1.2);
      cairo_set_dash(cr, entry.look->dashes.data(), 2, 0);
      cairo_move_to(cr, left, top + 5);
      cairo_line_to(cr, left + 18, top + 5);
      cairo_stroke(cr);
      cairo_set_dash(cr, nullptr, 0, 0);
    } else {
      line_sample(cr, *entry.look, left, top + 5, 18);
    }
    set_colour(cr, kInk);
    label(cr, entry.name, Style::kChartLabel, left + 22, top);
    left += entry_width;
  }
  return entries.empty() ? 0 : top - y + line_height;
}

}  // namespace

void draw_progress_chart(cairo_t* cr, const ProgressChart& chart, double x, double y, double width,
                         double height) {
  cairo_save(cr);
  set_colour(cr, kInk);
  // The title takes at most two lines; a longer one ends in an ellipsis rather than pushing
  // the plot off its rectangle.
  Layout title = typeset::make_layout(cr, chart.title, Style::kChartTitle, width);
  pango_layout_set_height(title.get(), -2);
  pango_layout_set_ellipsize(title.get(), PANGO_ELLIPSIZE_END);
  typeset::draw(cr, title.get(), x, y);
  double top = y + typeset::height_of(title.get()) + 3;
  top += draw_legend(cr, chart, x, top, width) + 4;

  std::vector<double> values;
  for (const auto& series : chart.series) {
    for (const auto& value : series.values) {
      if (value && std::isfinite(*value)) values.push_back(*value);
    }
  }
  const bool empty = values.empty();
  if (chart.baseline && std::isfinite(*chart.baseline)) values.push_back(*chart.baseline);
  ChartScale scale = scale_for(values, chart.y_from, chart.y_to);
  const auto tick_text = [&](double value) {
    return catalogue::format_number(chart.language, value, scale.decimals);
  };
  double tick_width = text_width(cr, chart.unit, Style::kChartLabel) - 8;
  for (const double tick : scale.ticks()) {
    tick_width = std::max(tick_width, text_width(cr, tick_text(tick), Style::kChartLabel));
  }
  // The unit above the axis, then the plot; under it two lines per column and the axis' name.
  const double unit_height = label(cr, chart.unit, Style::kChartLabel, x, top);
  const double left = x + tick_width + 6;
  const double right = x + width - 2;
  const double plot_top = top + unit_height + 6;
  const double plot_bottom = y + height - 34;
  if (plot_bottom - plot_top < 20 || right - left < 20) {
    cairo_restore(cr);
    return;  // too small a rectangle to say anything true; the title says what it was
  }

  // Fewer, wider steps when a short plot would crowd its tick labels.
  const auto fitting = static_cast<std::size_t>((plot_bottom - plot_top) / 13) + 1;
  for (int wanted = 4; scale.ticks().size() > fitting && wanted >= 2; --wanted) {
    scale = scale_for(values, chart.y_from, chart.y_to, wanted);
  }
  cairo_set_line_width(cr, 0.5);
  for (const double tick : scale.ticks()) {
    const double ty = scale.place(tick, plot_bottom, plot_top);
    set_colour(cr, kGrid);
    cairo_move_to(cr, left, ty);
    cairo_line_to(cr, right, ty);
    cairo_stroke(cr);
    set_colour(cr, kInk);
    label(cr, tick_text(tick), Style::kChartLabel, left - 4, ty - 5, Align::kEnd);
  }
  set_colour(cr, kInk);
  cairo_set_line_width(cr, 0.8);
  cairo_move_to(cr, left, plot_top);
  cairo_line_to(cr, left, plot_bottom);
  cairo_line_to(cr, right, plot_bottom);
  cairo_stroke(cr);

  // Columns evenly spaced, kept off the frame so labels and values centred on them fit.
  const std::size_t columns = chart.columns.size();
  const double inset = 16;
  const auto column_x = [&](std::size_t i) {
    if (columns <= 1) return (left + right) / 2;
    return left + inset +
           (right - left - 2 * inset) * static_cast<double>(i) / static_cast<double>(columns - 1);
  };
  // Labels and dates where they fit: every column's, or every second or third when a long
  // course crowds them, counted back from the latest (the one that matters most); dates only
  // under labelled columns.
  double widest_label = 0;
  double widest_date = 0;
  for (const auto& column : chart.columns) {
    widest_label = std::max(widest_label, text_width(cr, column.label, Style::kChartLabel));
    widest_date = std::max(widest_date,
                           text_width(cr, catalogue::format_short_day(chart.language, column.day),
                                      Style::kChartLabel));
  }
  const double spacing = columns > 1 ? column_x(1) - column_x(0) : right - left;
  const std::size_t label_every = every_nth(widest_label + 3, spacing);
  const std::size_t date_every =
      (every_nth(widest_date + 4, spacing) + label_every - 1) / label_every * label_every;
  for (std::size_t i = 0; i < columns; ++i) {
    const double cx = column_x(i);
    cairo_move_to(cr, cx, plot_bottom);
    cairo_line_to(cr, cx, plot_bottom + 3);
    cairo_stroke(cr);
    const std::size_t from_last = columns - 1 - i;
    if (from_last % label_every == 0) {
      label(cr, chart.columns[i].label, Style::kChartLabel, cx, plot_bottom + 4, Align::kCentre);
    }
    if (from_last % date_every == 0) {
      label(cr, catalogue::format_short_day(chart.language, chart.columns[i].day),
            Style::kChartLabel, cx, plot_bottom + 13, Align::kCentre);
    }
  }
  label(cr, chart.axis_label, Style::kChartLabel, (left + right) / 2, plot_bottom + 23,
        Align::kCentre);

  if (chart.baseline && std::isfinite(*chart.baseline)) {
    const double by = scale.place(*chart.baseline, plot_bottom, plot_top);
    const std::array<double, 2> dashes = {6, 3};
    set_colour(cr, kBaseline);
    cairo_set_line_width(cr, 1.2);
    cairo_set_dash(cr, dashes.data(), 2, 0);
    cairo_move_to(cr, left, by);
    cairo_line_to(cr, right, by);
    cairo_stroke(cr);
    cairo_set_dash(cr, nullptr, 0, 0);
    const std::string text =
        chart.baseline_label + " " +
        catalogue::format_number(chart.language, *chart.baseline, chart.decimals);
    // At the right end, where the course has moved away from its baseline (the first point
    // sits on the line at the left): on the side the last value is not, inside the plot.
    std::optional<double> last;
    if (!chart.series.empty()) {
      for (const auto& value : chart.series.front().values) {
        if (value && std::isfinite(*value)) last = *value;
      }
    }
    const bool below = (!last || *last >= *chart.baseline) && by + 14 < plot_bottom;
    const double text_y = below || by - plot_top < 14 ? by + 2 : by - 13;
    label(cr, text, Style::kChartLabel, right - 3, text_y, Align::kEnd);
  }

  for (std::size_t s = 0; s < chart.series.size(); ++s) {
    const ChartSeries& series = chart.series[s];
    const Look& look = look_of(s);
    std::vector<std::pair<double, double>> points;  // x, y of each value present
    std::vector<std::size_t> at;
    for (std::size_t i = 0; i < columns && i < series.values.size(); ++i) {
      if (!series.values[i] || !std::isfinite(*series.values[i])) continue;
      points.emplace_back(column_x(i), scale.place(*series.values[i], plot_bottom, plot_top));
      at.push_back(i);
    }
    set_colour(cr, look.colour);
    for (std::size_t p = 1; p < points.size(); ++p) {
      // Across a column without a value the line is thin and dotted: no value was taken there.
      const bool gap = at[p] - at[p - 1] > 1;
      static const std::array<double, 2> kGapDashes = {1, 3};
      cairo_set_line_width(cr, gap ? 0.9 : 1.6);
      if (gap) {
        cairo_set_dash(cr, kGapDashes.data(), 2, 0);
      } else {
        cairo_set_dash(cr, look.dashes.data(), static_cast<int>(look.dashes.size()), 0);
      }
      cairo_move_to(cr, points[p - 1].first, points[p - 1].second);
      cairo_line_to(cr, points[p].first, points[p].second);
      cairo_stroke(cr);
    }
    cairo_set_dash(cr, nullptr, 0, 0);
    const auto value_text = [&](std::size_t p) {
      return catalogue::format_number(chart.language, *series.values[at[p]], chart.decimals);
    };
    double widest_value = 0;
    for (std::size_t p = 0; p < points.size(); ++p) {
      widest_value = std::max(widest_value, text_width(cr, value_text(p), Style::kChartValue));
    }
    const std::size_t value_every = every_nth(widest_value + 2, spacing);
    for (std::size_t p = 0; p < points.size(); ++p) {
      set_colour(cr, look.colour);
      marker(cr, look.marker, points[p].first, points[p].second);
      if ((at.back() - at[p]) % value_every != 0) continue;
      // The first series' values above its points, the others' below, so two lines close
      // together keep their numbers apart.
      const double value_y = s == 0 ? points[p].second - 13 : points[p].second + 4;
      label(cr, value_text(p), Style::kChartValue, points[p].first, value_y, Align::kCentre);
    }
  }
  if (empty) {
    set_colour(cr, kBaseline);
    label(cr, chart.no_values, Style::kChartLabel, (left + right) / 2,
          (plot_top + plot_bottom) / 2 - 5, Align::kCentre);
  }
  cairo_restore(cr);
}

Result<std::string> render_chart_svg(const ProgressChart& chart, double width, double height) {
  std::string svg;
  typeset::Surface surface(
      cairo_svg_surface_create_for_stream(typeset::append_to_string, &svg, width, height));
  if (auto started = typeset::check(cairo_surface_status(surface.get()), "cannot start the SVG");
      !started) {
    return std::unexpected(started.error());
  }
  {
    typeset::Context cr(cairo_create(surface.get()));
    draw_progress_chart(cr.get(), chart, 8, 8, width - 16, height - 16);
    if (auto drawn = typeset::check(cairo_status(cr.get()), "cannot draw the SVG"); !drawn) {
      return std::unexpected(drawn.error());
    }
  }
  cairo_surface_finish(surface.get());
  if (auto done = typeset::check(cairo_surface_status(surface.get()), "cannot write the SVG");
      !done) {
    return std::unexpected(done.error());
  }
  return svg;
}

Result<std::string> render_chart_png(const ProgressChart& chart, double width, double height,
                                     double scale) {
  const int pixels_wide = static_cast<int>(std::lround(width * scale));
  const int pixels_high = static_cast<int>(std::lround(height * scale));
  typeset::Surface surface(
      cairo_image_surface_create(CAIRO_FORMAT_RGB24, pixels_wide, pixels_high));
  if (auto started = typeset::check(cairo_surface_status(surface.get()), "cannot start the PNG");
      !started) {
    return std::unexpected(started.error());
  }
  {
    typeset::Context cr(cairo_create(surface.get()));
    cairo_set_source_rgb(cr.get(), 1, 1, 1);  // opaque white: the PNG is pasted anywhere
    cairo_paint(cr.get());
    cairo_scale(cr.get(), scale, scale);
    draw_progress_chart(cr.get(), chart, 8, 8, width - 16, height - 16);
    if (auto drawn = typeset::check(cairo_status(cr.get()), "cannot draw the PNG"); !drawn) {
      return std::unexpected(drawn.error());
    }
  }
  std::string png;
  if (auto written = typeset::check(
          cairo_surface_write_to_png_stream(surface.get(), typeset::append_to_string, &png),
          "cannot write the PNG");
      !written) {
    return std::unexpected(written.error());
  }
  return png;
}

}  // namespace mesoclinic::report
