#include "report/typeset.h"

#include <cairo-pdf.h>

#include <algorithm>

#if defined(__SANITIZE_ADDRESS__)
// Fontconfig keeps its font cache for the life of the process and loses track of a few blocks
// of it by design (it has no teardown that pango would call); LeakSanitizer reports them at
// exit in every sanitized binary that typesets. Only fontconfig's own allocations are exempt.
// cairo 1.16 likewise keeps one buffer of its font subsetting when a page embeds an OpenType
// CJK font (Noto Sans CJK, for names in Chinese, Japanese or Korean).
extern "C" const char* __lsan_default_suppressions() {
  return "leak:libfontconfig.so\nleak:libcairo.so\n";
}
#endif

namespace mesoclinic::report::typeset {
namespace {

struct FontDeleter {
  void operator()(PangoFontDescription* font) const { pango_font_description_free(font); }
};

// DejaVu Sans first (Latin, Greek, Cyrillic, Turkish), then Debian's Noto fonts for the other
// scripts a name may be written in; for anything else (Indic scripts, emoji) fontconfig falls
// back to any installed font that has it, so any name a clinic registers prints
// (scripts/setup installs the Noto fonts). The emoji font is not named: listed, it would
// lend its keycap glyphs to plain digits and spaces, which then read back as nothing.
constexpr const char* kFamilies =
    "DejaVu Sans, Noto Sans, Noto Sans Arabic, Noto Sans Hebrew, Noto Sans CJK JP";

std::string font_of(Style style) {
  const std::string families = kFamilies;
  switch (style) {
    case Style::kClinic:
      return families + " Bold 12";
    case Style::kTitle:
      return families + " Bold 18";
    case Style::kHeading:
      return families + " Bold 13";
    case Style::kBody:
      return families + " 11";
    case Style::kStrong:
      return families + " Bold 11";
    case Style::kSmall:
      return families + " 8.5";
    case Style::kTable:
      return families + " 9.5";
    case Style::kTableHeading:
      return families + " Bold 9.5";
    case Style::kChartTitle:
      return families + " Bold 10";
    case Style::kChartLabel:
      return families + " 7.5";
    case Style::kChartValue:
      return families + " Bold 7";
  }
  return families + " 11";
}

}  // namespace

cairo_status_t append_to_string(void* closure, const unsigned char* data, unsigned int length) {
  try {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
  } catch (...) {
    return CAIRO_STATUS_WRITE_ERROR;
  }
}

Result<void> check(cairo_status_t status, std::string_view what) {
  if (status == CAIRO_STATUS_SUCCESS) return {};
  return fail(ErrorCode::kInternal,
              std::string(what).append(": ").append(cairo_status_to_string(status)));
}

Layout make_layout(cairo_t* cr, std::string_view text, Style style, double width, Align align) {
  Layout layout(pango_cairo_create_layout(cr));
  std::unique_ptr<PangoFontDescription, FontDeleter> font(
      pango_font_description_from_string(font_of(style).c_str()));
  pango_layout_set_font_description(layout.get(), font.get());
  pango_layout_set_width(layout.get(), static_cast<int>(width * PANGO_SCALE));
  pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment(layout.get(), align == Align::kStart    ? PANGO_ALIGN_LEFT
                                           : align == Align::kCentre ? PANGO_ALIGN_CENTER
                                                                     : PANGO_ALIGN_RIGHT);
  pango_layout_set_auto_dir(layout.get(), FALSE);
  pango_layout_set_text(layout.get(), text.data(), static_cast<int>(text.size()));
  return layout;
}

double height_of(PangoLayout* layout) {
  int width = 0;
  int height = 0;
  pango_layout_get_size(layout, &width, &height);
  return static_cast<double>(height) / PANGO_SCALE;
}

double width_of(PangoLayout* layout) {
  PangoRectangle logical{};
  pango_layout_get_pixel_extents(layout, nullptr, &logical);
  return logical.width;
}

void draw(cairo_t* cr, PangoLayout* layout, double x, double y) {
  cairo_move_to(cr, x, y);
  pango_cairo_show_layout(cr, layout);
}

PageWriter::PageWriter(cairo_t* cr, double width, double height, std::string footer,
                       std::function<std::string(int page)> page_label, bool drawing)
    : cr_(cr),
      width_(width),
      height_(height),
      footer_(std::move(footer)),
      page_label_(std::move(page_label)),
      drawing_(drawing) {
  draw_footer();
}

void PageWriter::paragraph(const std::string& text, Style style, double space_after) {
  Layout layout = make_layout(cr_, text, style, text_width());
  const double height = height_of(layout.get());
  make_room(height);
  if (drawing_) draw(cr_, layout.get(), kMargin, y_);
  y_ += height + space_after;
}

void PageWriter::row(const std::vector<std::string>& cells, const std::vector<Column>& columns,
                     Style style) {
  const double available =
      text_width() - kColumnGap * static_cast<double>(std::max<std::size_t>(cells.size(), 1) - 1);
  std::vector<Layout> layouts;
  double height = 0;
  for (std::size_t i = 0; i < cells.size() && i < columns.size(); ++i) {
    layouts.push_back(
        make_layout(cr_, cells[i], style, available * columns[i].share, columns[i].align));
    height = std::max(height, height_of(layouts.back().get()));
  }
  make_room(height + 8);
  double x = kMargin;
  for (std::size_t i = 0; i < layouts.size(); ++i) {
    if (drawing_) draw(cr_, layouts[i].get(), x, y_ + 4);
    x += available * columns[i].share + kColumnGap;
  }
  y_ += height + 8;
  rule(0.75);
}

void PageWriter::table_header(const std::vector<std::string>& cells,
                              const std::vector<Column>& columns, Style style) {
  header_.clear();  // not repeated by its own page break
  row(cells, columns, style);
  header_ = cells;
  header_columns_ = columns;
  header_style_ = style;
}

void PageWriter::block(double height,
                       const std::function<void(cairo_t*, double, double, double)>& paint) {
  make_room(height);
  if (drawing_) {
    cairo_save(cr_);
    paint(cr_, kMargin, y_, text_width());
    cairo_restore(cr_);
  }
  y_ += height;
}

void PageWriter::rule(double grey) {
  if (!drawing_) return;
  cairo_set_source_rgb(cr_, grey, grey, grey);
  cairo_set_line_width(cr_, 0.6);
  cairo_move_to(cr_, kMargin, y_);
  cairo_line_to(cr_, width_ - kMargin, y_);
  cairo_stroke(cr_);
  cairo_set_source_rgb(cr_, 0, 0, 0);
}

void PageWriter::make_room(double height) {
  if (y_ + height <= height_ - kMargin - kFooterHeight || y_ <= kMargin) return;
  if (drawing_) cairo_show_page(cr_);
  ++page_;
  y_ = kMargin;
  draw_footer();
  if (!header_.empty()) {
    const std::vector<std::string> header = header_;
    const std::vector<Column> columns = header_columns_;
    table_header(header, columns, header_style_);
  }
}

void PageWriter::draw_footer() {
  if (!drawing_) return;
  const double top = height_ - kMargin - kFooterHeight + 12;
  const double saved = y_;
  y_ = top;
  rule(0.5);
  y_ = saved;
  double label_width = 0;
  if (page_label_) {
    Layout label = make_layout(cr_, page_label_(page_), Style::kSmall, text_width(), Align::kEnd);
    draw(cr_, label.get(), kMargin, top + 6);
    label_width = width_of(label.get()) + kColumnGap;
  }
  Layout layout = make_layout(cr_, footer_, Style::kSmall, text_width() - label_width);
  draw(cr_, layout.get(), kMargin, top + 6);
}

Result<std::string> write_pdf(double width, double height, const std::string& title,
                              const std::string& author,
                              const std::function<Result<void>(cairo_t*)>& write) {
  std::string pdf;
  Surface surface(cairo_pdf_surface_create_for_stream(append_to_string, &pdf, width, height));
  if (auto started = check(cairo_surface_status(surface.get()), "cannot start the PDF"); !started) {
    return std::unexpected(started.error());
  }
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, title.c_str());
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_AUTHOR, author.c_str());
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "mesoclinic");
  {
    Context cr(cairo_create(surface.get()));
    if (auto written = write(cr.get()); !written) return std::unexpected(written.error());
    if (auto drawn = check(cairo_status(cr.get()), "cannot draw the PDF"); !drawn) {
      return std::unexpected(drawn.error());
    }
  }
  cairo_surface_finish(surface.get());
  if (auto finished = check(cairo_surface_status(surface.get()), "cannot write the PDF");
      !finished) {
    return std::unexpected(finished.error());
  }
  return pdf;
}

}  // namespace mesoclinic::report::typeset
