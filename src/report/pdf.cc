// The handout as PDF: one page or more written by typeset's PageWriter, the clinic's contact
// in each page's footer.
#include "report/handout.h"
#include "report/typeset.h"
#include "report/words.h"

namespace mesoclinic::report {

Result<std::string> render_handout_pdf(const Handout& handout, PaperSize paper) {
  using typeset::Align;
  using typeset::Column;
  using typeset::Style;
  const double width = paper == PaperSize::kA4 ? 595 : 612;
  const double height = paper == PaperSize::kA4 ? 842 : 792;
  const HandoutWords words = handout_words(handout);
  std::string footer = words.contact_heading;
  footer.append(": \u2068").append(words.clinic_name).append("\u2069");
  for (const auto& line : words.contact) footer.append("\n").append(line);
  return typeset::write_pdf(width, height, words.title, words.clinic_name, [&](cairo_t* cr) {
    typeset::PageWriter page(cr, width, height, footer);
    page.paragraph(words.clinic_name, Style::kClinic, 4);
    page.paragraph(words.title, Style::kTitle, 10);
    page.paragraph(words.patient, Style::kBody, 2);
    page.paragraph(words.session, Style::kBody, 18);

    const std::vector<Column> columns = {{0.45, Align::kStart}, {0.55, Align::kStart}};
    page.keep_with_next(80);
    page.paragraph(words.restrictions_heading, Style::kHeading, 6);
    page.table_header({words.rule_heading, words.until_heading}, columns);
    for (const auto& [rule, until] : words.rows) page.row({rule, until}, columns, Style::kBody);
    page.end_table();
    page.space(10);
    page.paragraph(words.healed, Style::kBody, 18);

    page.keep_with_next(60);
    page.paragraph(words.next_heading, Style::kHeading, 6);
    page.paragraph(words.next, Style::kBody, 6);
    if (words.conflict) page.paragraph(*words.conflict, Style::kStrong, 6);
    page.space(12);
    page.paragraph(words.worries, Style::kBody, 6);
    return Result<void>{};
  });
}

}  // namespace mesoclinic::report
