// The handout as PDF: cairo's PDF surface writing into a string, pango laying out the text
// (DejaVu Sans for Latin scripts with Noto fallbacks for the rest), pages broken between blocks.
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include <memory>

#include "report/handout.h"
#include "report/words.h"

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

namespace mesoclinic::report {
namespace {

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
struct FontDeleter {
  void operator()(PangoFontDescription* font) const { pango_font_description_free(font); }
};
using Layout = std::unique_ptr<PangoLayout, LayoutDeleter>;

// cairo hands the document over in pieces; a failed append (out of memory) fails the surface
// rather than letting an exception unwind through C code.
cairo_status_t append_to_string(void* closure, const unsigned char* data, unsigned int length) {
  try {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
  } catch (...) {
    return CAIRO_STATUS_WRITE_ERROR;
  }
}

enum class Style { kClinic, kTitle, kHeading, kBody, kStrong, kSmall };

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
  }
  return families + " 11";
}

// Writes blocks of text down the page, starting a new page when the next block does not fit
// above the footer, and draws the footer on every page.
class PageWriter {
 public:
  PageWriter(cairo_t* cr, double width, double height, const HandoutWords& words)
      : cr_(cr), width_(width), height_(height), words_(words), y_(kMargin) {
    draw_footer();
  }

  double text_width() const { return width_ - 2 * kMargin; }

  // A paragraph across the text width (or `width` from `x`), in `style`.
  void paragraph(const std::string& text, Style style, double space_after = 6) {
    Layout layout = make_layout(text, style, text_width());
    const double height = layout_height(layout.get());
    make_room(height);
    draw(layout.get(), kMargin, y_);
    y_ += height + space_after;
  }

  // One row of two columns: the first `split` of the width and the rest; a thin rule below.
  void row(const std::string& left, const std::string& right, Style style, double split) {
    const double left_width = text_width() * split - kColumnGap / 2;
    const double right_width = text_width() * (1 - split) - kColumnGap / 2;
    Layout left_layout = make_layout(left, style, left_width);
    Layout right_layout = make_layout(right, style, right_width);
    const double height =
        std::max(layout_height(left_layout.get()), layout_height(right_layout.get()));
    make_room(height + 8);
    draw(left_layout.get(), kMargin, y_ + 4);
    draw(right_layout.get(), kMargin + left_width + kColumnGap, y_ + 4);
    y_ += height + 8;
    rule(0.75);
  }

  void space(double points) { y_ += points; }

  void rule(double grey) {
    cairo_set_source_rgb(cr_, grey, grey, grey);
    cairo_set_line_width(cr_, 0.6);
    cairo_move_to(cr_, kMargin, y_);
    cairo_line_to(cr_, width_ - kMargin, y_);
    cairo_stroke(cr_);
    cairo_set_source_rgb(cr_, 0, 0, 0);
  }

  // Keeps a heading with the first lines after it.
  void keep_with_next(double points) { make_room(points); }

 private:
  Layout make_layout(const std::string& text, Style style, double width) {
    Layout layout(pango_cairo_create_layout(cr_));
    std::unique_ptr<PangoFontDescription, FontDeleter> font(
        pango_font_description_from_string(font_of(style).c_str()));
    pango_layout_set_font_description(layout.get(), font.get());
    pango_layout_set_width(layout.get(), static_cast<int>(width * PANGO_SCALE));
    pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
    // The paragraph runs in the handout language's direction (left to right for every
    // catalogue language), never in that of its first letter, which may be a patient's name.
    pango_layout_set_auto_dir(layout.get(), FALSE);
    // Plain text, never markup: names and addresses are shown exactly as typed.
    pango_layout_set_text(layout.get(), text.c_str(), static_cast<int>(text.size()));
    return layout;
  }

  static double layout_height(PangoLayout* layout) {
    int width = 0;
    int height = 0;
    pango_layout_get_size(layout, &width, &height);
    return static_cast<double>(height) / PANGO_SCALE;
  }

  void draw(PangoLayout* layout, double x, double y) {
    cairo_move_to(cr_, x, y);
    pango_cairo_show_layout(cr_, layout);
  }

  void make_room(double height) {
    if (y_ + height <= height_ - kMargin - kFooterHeight || y_ <= kMargin) return;
    cairo_show_page(cr_);
    y_ = kMargin;
    draw_footer();
  }

  void draw_footer() {
    const double top = height_ - kMargin - kFooterHeight + 12;
    const double saved = y_;
    y_ = top;
    rule(0.5);
    std::string footer = words_.contact_heading;
    footer.append(": \u2068").append(words_.clinic_name).append("\u2069");
    for (const auto& line : words_.contact) footer.append("\n").append(line);
    Layout layout = make_layout(footer, Style::kSmall, text_width());
    draw(layout.get(), kMargin, top + 6);
    y_ = saved;
  }

  cairo_t* cr_;
  double width_;
  double height_;
  const HandoutWords& words_;
  double y_;
};

}  // namespace

Result<std::string> render_handout_pdf(const Handout& handout, PaperSize paper) {
  const double width = paper == PaperSize::kA4 ? 595 : 612;
  const double height = paper == PaperSize::kA4 ? 842 : 792;
  const HandoutWords words = handout_words(handout);
  std::string pdf;
  std::unique_ptr<cairo_surface_t, SurfaceDeleter> surface(
      cairo_pdf_surface_create_for_stream(append_to_string, &pdf, width, height));
  if (const auto status = cairo_surface_status(surface.get()); status != CAIRO_STATUS_SUCCESS) {
    return fail(
        ErrorCode::kInternal,
        std::string("cannot start the handout PDF: ").append(cairo_status_to_string(status)));
  }
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, words.title.c_str());
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_AUTHOR,
                                 words.clinic_name.c_str());
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "mesoclinic");
  {
    std::unique_ptr<cairo_t, ContextDeleter> cr(cairo_create(surface.get()));
    PageWriter page(cr.get(), width, height, words);
    page.paragraph(words.clinic_name, Style::kClinic, 4);
    page.paragraph(words.title, Style::kTitle, 10);
    page.paragraph(words.patient, Style::kBody, 2);
    page.paragraph(words.session, Style::kBody, 18);

    page.keep_with_next(80);
    page.paragraph(words.restrictions_heading, Style::kHeading, 6);
    page.row(words.rule_heading, words.until_heading, Style::kStrong, 0.45);
    for (const auto& [rule, until] : words.rows) page.row(rule, until, Style::kBody, 0.45);
    page.space(10);
    page.paragraph(words.healed, Style::kBody, 18);

    page.keep_with_next(60);
    page.paragraph(words.next_heading, Style::kHeading, 6);
    page.paragraph(words.next, Style::kBody, 6);
    if (words.conflict) page.paragraph(*words.conflict, Style::kStrong, 6);
    page.space(12);
    page.paragraph(words.worries, Style::kBody, 6);

    if (const auto status = cairo_status(cr.get()); status != CAIRO_STATUS_SUCCESS) {
      return fail(
          ErrorCode::kInternal,
          std::string("cannot draw the handout PDF: ").append(cairo_status_to_string(status)));
    }
  }
  cairo_surface_finish(surface.get());
  if (const auto status = cairo_surface_status(surface.get()); status != CAIRO_STATUS_SUCCESS) {
    return fail(
        ErrorCode::kInternal,
        std::string("cannot write the handout PDF: ").append(cairo_status_to_string(status)));
  }
  return pdf;
}

}  // namespace mesoclinic::report
