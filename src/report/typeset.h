// Private to report/: the typesetting every printed document and chart shares. cairo draws,
// pango lays out text in DejaVu Sans with Noto fallbacks, and PageWriter fills pages from top
// to bottom with a footer on each, so the handout and the course report look alike.
#pragma once

#include <cairo.h>
#include <pango/pangocairo.h>

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace mesoclinic::report::typeset {

constexpr double kMargin = 56;  // points: about 2 cm
constexpr double kFooterHeight = 64;
constexpr double kColumnGap = 16;

struct SurfaceDeleter {
  void operator()(cairo_surface_t* surface) const { cairo_surface_destroy(surface); }
};
struct ContextDeleter {
  void operator()(cairo_t* cr) const { cairo_destroy(cr); }
};
struct LayoutDeleter {
  void operator()(PangoLayout* layout) const { g_object_unref(layout); }
};
using Surface = std::unique_ptr<cairo_surface_t, SurfaceDeleter>;
using Context = std::unique_ptr<cairo_t, ContextDeleter>;
using Layout = std::unique_ptr<PangoLayout, LayoutDeleter>;

// A cairo write function appending to the std::string behind `closure`. A failed append (out
// of memory) fails the surface rather than letting an exception unwind through C code.
cairo_status_t append_to_string(void* closure, const unsigned char* data, unsigned int length);

// kInternal naming `what` and cairo's reason unless `status` is success.
Result<void> check(cairo_status_t status, std::string_view what);

enum class Style {
  kClinic,
  kTitle,
  kHeading,
  kBody,
  kStrong,
  kSmall,
  kTable,  // a table's cells and headings, a size below the body so five columns fit
  kTableHeading,
  kChartTitle,  // the charts' sizes, chosen to read at half a page's width
  kChartLabel,
  kChartValue,
};

enum class Align { kStart, kCentre, kEnd };

// A paragraph of plain text (never markup: names are shown exactly as typed) wrapped at
// `width` points, running left to right whatever its first letter (every catalogue language
// is written left to right; a right-to-left name sits in its own isolate).
Layout make_layout(cairo_t* cr, std::string_view text, Style style, double width,
                   Align align = Align::kStart);
double height_of(PangoLayout* layout);
double width_of(PangoLayout* layout);  // of the ink-free logical extent
// Draws `layout` with its top left corner at (x, y) in the current colour.
void draw(cairo_t* cr, PangoLayout* layout, double x, double y);

// A column of a table: its share of the text width and where its text sits.
struct Column {
  double share = 1;
  Align align = Align::kStart;
};

// Writes blocks down the page, starting a new page when the next block does not fit above
// the footer, and draws the footer on every page. Without `drawing` it only measures, which
// is how a document learns its page count before printing "page 1 of N".
class PageWriter {
 public:
  PageWriter(cairo_t* cr, double width, double height, std::string footer,
             std::function<std::string(int page)> page_label = {}, bool drawing = true);

  double text_width() const { return width_ - 2 * kMargin; }
  int pages() const { return page_; }

  // A paragraph across the text width, in `style`.
  void paragraph(const std::string& text, Style style, double space_after = 6);

  // A table row with a thin rule below; `columns` as many as `cells`.
  void row(const std::vector<std::string>& cells, const std::vector<Column>& columns, Style style);
  // A row of headings, repeated at the top of each further page until end_table().
  void table_header(const std::vector<std::string>& cells, const std::vector<Column>& columns,
                    Style style = Style::kStrong);
  void end_table() { header_.clear(); }

  // A block of `height` points across the text width, drawn by `paint` at (x, y) with the
  // width, on this page if it fits and on the next otherwise.
  void block(double height,
             const std::function<void(cairo_t*, double x, double y, double width)>& paint);

  void space(double points) { y_ += points; }
  void rule(double grey);
  // Keeps a heading with the first lines after it.
  void keep_with_next(double points) { make_room(points); }

 private:
  void make_room(double height);
  void draw_footer();

  cairo_t* cr_;
  double width_;
  double height_;
  std::string footer_;
  std::function<std::string(int)> page_label_;
  bool drawing_;
  double y_ = kMargin;
  int page_ = 1;
  std::vector<std::string> header_;
  std::vector<Column> header_columns_;
  Style header_style_ = Style::kStrong;
};

// A PDF of `width` x `height` points written into a string, with its title and author set;
// `write` fills it through a context. Fails with kInternal (and cairo's reason).
Result<std::string> write_pdf(double width, double height, const std::string& title,
                              const std::string& author,
                              const std::function<Result<void>(cairo_t*)>& write);

}  // namespace mesoclinic::report::typeset
