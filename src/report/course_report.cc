// The course report as PDF. What the patient most wants to know comes first: whether the course
// worked (the responder statement, the measurements against baseline and their charts, the
// photos), then how it went (the sessions with the pain chart, reactions after sessions), then
// what comes next (the maintenance window). The pages are laid out twice, once to count them
// for "page n of N" and once to print.
#include "report/course_report.h"

#include <algorithm>

#include "catalogue/catalogue.h"
#include "report/course_outcomes.h"
#include "report/course_words.h"
#include "report/photo.h"
#include "report/typeset.h"

namespace mesoclinic::report {
namespace {

using typeset::Align;
using typeset::Column;
using typeset::PageWriter;
using typeset::Style;

constexpr double kChartHeight = 180;
constexpr double kPhotoHeight = 210;     // at most, for the taller of a pair
constexpr const char* kNone = "\u2014";  // an em dash where there is no value

class CourseReportWriter {
 public:
  explicit CourseReportWriter(const CourseReport& report)
      : report_(report), language_(report.language) {
    for (const auto& pair : report.photos) {
      photos_.push_back({decode_png(pair.first.png),
                         pair.latest ? decode_png(pair.latest->png) : typeset::Surface()});
    }
    pain_ = pain_chart(language_, report.sessions);
    charts_ = measure_charts(report);
  }

  std::string text(std::string_view key, const std::map<std::string, std::string>& values = {}) {
    return catalogue::text(language_, key, values);
  }

  std::string footer() {
    std::string footer = text("handout.contact");
    footer.append(": ").append(isolated(report_.clinic_name));
    const auto& contact = report_.contact;
    if (contact.phone)
      footer.append("\n").append(text("handout.phone", {{"phone", isolated(*contact.phone)}}));
    if (contact.email)
      footer.append("\n").append(text("handout.email", {{"email", isolated(*contact.email)}}));
    if (contact.address) {
      footer.append("\n").append(
          text("handout.address", {{"address", isolated(*contact.address)}}));
    }
    return footer;
  }

  void write(PageWriter& page) {
    page.paragraph(report_.clinic_name, Style::kClinic, 4);
    page.paragraph(text("report.title"), Style::kTitle, 10);
    page.paragraph(text("report.patient", {{"patient", isolated(report_.patient_name)}}),
                   Style::kBody, 2);
    page.paragraph(text("report.protocol", {{"protocol", isolated(report_.protocol_name)}}),
                   Style::kBody, 2);
    page.paragraph(
        text("report.issued", {{"date", catalogue::format_date(language_, report_.issued_on)}}),
        Style::kBody, 14);
    if (report_.responder) responder(page, *report_.responder);
    measurements(page);
    photos(page);
    sessions(page);
    adverse_events(page);
    page.keep_with_next(70);
    page.paragraph(text("report.recall"), Style::kHeading, 6);
    if (const auto& recall = report_.recall) {
      page.paragraph(text("report.recall_window",
                          {{"opens", catalogue::format_date(language_, recall->opens)},
                           {"closes", catalogue::format_date(language_, recall->closes)},
                           {"due", catalogue::format_date(language_, recall->due)}}),
                     Style::kBody);
    } else {
      page.paragraph(text("report.recall_none"), Style::kBody);
    }
  }

 private:
  std::string number(double value, int decimals, bool sign = false) {
    return catalogue::format_number(language_, value, decimals, sign);
  }

  void responder(PageWriter& page, const ResponderStatement& statement) {
    const auto& rule = statement.rule;
    const std::map<std::string, std::string> values = {
        {"measure", measure_name(language_, rule.measure)},
        {"percent", catalogue::format_percent(language_, rule.min_percent, 1)},
        {"time_point", time_point_name(language_, rule.at)}};
    page.paragraph(statement.responded ? text("report.responder_yes", values)
                                       : text("report.responder_no", values),
                   Style::kStrong, 14);
  }

  void heading(PageWriter& page, std::string_view key, double keep = 90) {
    page.keep_with_next(keep);
    page.paragraph(text(key), Style::kHeading, 6);
  }

  void measurements(PageWriter& page) {
    heading(page, "report.measurements");
    const auto rows = measurement_rows(report_.measurements);
    if (rows.empty()) {
      page.paragraph(text("report.measurements_none"), Style::kBody, 14);
      return;
    }
    page.paragraph(text("report.measurements_intro"), Style::kBody, 8);
    const std::vector<Column> columns = {{0.21, Align::kStart},
                                         {0.18, Align::kEnd},
                                         {0.14, Align::kEnd},
                                         {0.24, Align::kEnd},
                                         {0.23, Align::kStart}};
    page.table_header({text("report.zone_heading"), text("report.baseline_heading"),
                       text("report.latest_heading"), text("report.change_heading"),
                       text("report.latest_at_heading")},
                      columns, Style::kTableHeading);
    std::optional<clinic::Measure> previous;
    for (const auto& row : rows) {
      const int decimals = decimals_of(row.measure);
      // Each measure heads its zones' rows, kept with the first of them.
      if (previous != row.measure) {
        page.keep_with_next(44);
        page.row({measure_name(language_, row.measure) + " (" +
                  measure_unit(language_, row.measure) + ")"},
                 {{1, Align::kStart}}, Style::kStrong);
      }
      previous = row.measure;
      std::string change = kNone;
      if (row.change) {
        change = number(row.change->absolute, decimals, true);
        if (row.change->percent) {
          change = text(
              "report.change",
              {{"absolute", change},
               {"percent", catalogue::format_percent(language_, *row.change->percent, 1, true)}});
        }
      }
      page.row(
          {zone_name(language_, row.zone), row.baseline ? number(*row.baseline, decimals) : kNone,
           row.latest ? number(*row.latest, decimals) : kNone, change,
           row.latest_at ? time_point_name(language_, *row.latest_at) : std::string()},
          columns, Style::kTable);
    }
    page.end_table();
    page.space(14);
    if (charts_.empty()) return;
    heading(page, "report.charts", 30 + kChartHeight);
    // Two charts side by side, each with its title, so a page holds six.
    for (std::size_t i = 0; i < charts_.size(); i += 2) {
      page.block(kChartHeight + 10, [&](cairo_t* cr, double x, double y, double width) {
        const double half = (width - typeset::kColumnGap) / 2;
        draw_progress_chart(cr, charts_[i], x, y, half, kChartHeight);
        if (i + 1 < charts_.size()) {
          draw_progress_chart(cr, charts_[i + 1], x + half + typeset::kColumnGap, y, half,
                              kChartHeight);
        }
      });
    }
    page.space(8);
  }

  void photos(PageWriter& page) {
    heading(page, "report.photos", 60 + kPhotoHeight);
    if (report_.photos.empty()) {
      page.paragraph(text("report.photos_none"), Style::kBody, 14);
      return;
    }
    for (std::size_t i = 0; i < report_.photos.size(); ++i) {
      const PhotoPair& pair = report_.photos[i];
      const double half = (page.text_width() - typeset::kColumnGap) / 2;
      const double height = std::min(
          kPhotoHeight, std::max(photo_height(photos_[i].first.get(), half, half * 0.75),
                                 photo_height(photos_[i].latest.get(), half, half * 0.75)));
      page.keep_with_next(height + 40);
      page.paragraph(view_name(language_, pair.view), Style::kStrong, 4);
      page.block(height + 20, [&](cairo_t* cr, double x, double y, double width) {
        const double right = x + (width + typeset::kColumnGap) / 2;
        draw_photo(cr, photos_[i].first.get(), text("report.photo_unreadable"), x, y, half, height);
        caption(cr,
                text("report.photo_first",
                     {{"date", catalogue::format_date(language_, pair.first.taken_on)}}),
                x, y + height + 3, half);
        if (pair.latest) {
          draw_photo(cr, photos_[i].latest.get(), text("report.photo_unreadable"), right, y, half,
                     height);
          caption(cr,
                  text("report.photo_latest",
                       {{"date", catalogue::format_date(language_, pair.latest->taken_on)}}),
                  right, y + height + 3, half);
        } else {
          draw_photo(cr, nullptr, text("report.photo_no_later"), right, y, half, height);
        }
      });
      page.space(8);
    }
    page.space(6);
  }

  static void caption(cairo_t* cr, const std::string& words, double x, double y, double width) {
    typeset::Layout layout = typeset::make_layout(cr, words, Style::kSmall, width, Align::kCentre);
    cairo_set_source_rgb(cr, 0, 0, 0);
    typeset::draw(cr, layout.get(), x, y);
  }

  void sessions(PageWriter& page) {
    heading(page, "report.sessions");
    int done = 0;
    int missed = 0;
    int total = 0;
    for (const auto& session : report_.sessions) {
      if (session.attendance == planning::Attendance::kCancelled) continue;
      ++total;
      done += session.attendance == planning::Attendance::kAttended;
      missed += session.attendance == planning::Attendance::kMissed;
    }
    page.paragraph(text("report.sessions_summary", {{"done", std::to_string(done)},
                                                    {"total", std::to_string(total)},
                                                    {"missed", std::to_string(missed)}}),
                   Style::kBody, 8);
    const std::vector<Column> columns = {
        {0.16, Align::kStart}, {0.36, Align::kStart}, {0.26, Align::kStart}, {0.22, Align::kEnd}};
    page.table_header({text("report.session_heading"), text("report.date_heading"),
                       text("report.state_heading"), text("report.pain_heading")},
                      columns, Style::kTableHeading);
    for (const auto& session : report_.sessions) {
      page.row(
          {std::to_string(session.number),
           catalogue::format_date(language_, session.starts_at.date),
           attendance_name(language_, session.attendance),
           session.pain                                            ? std::to_string(*session.pain)
           : session.attendance == planning::Attendance::kAttended ? text("report.not_recorded")
                                                                   : std::string(kNone)},
          columns, Style::kTable);
    }
    page.end_table();
    page.space(10);
    page.block(kChartHeight + 14, [&](cairo_t* cr, double x, double y, double width) {
      draw_progress_chart(cr, pain_, x, y, width, kChartHeight);
    });
  }

  void adverse_events(PageWriter& page) {
    heading(page, "report.adverse_events", 50);
    if (report_.adverse_events.empty()) {
      page.paragraph(text("report.adverse_none"), Style::kBody, 14);
      return;
    }
    for (const auto& event : report_.adverse_events) {
      page.paragraph(
          text("report.adverse_event", {{"number", std::to_string(event.session_number)},
                                        {"date", catalogue::format_date(language_, event.day)},
                                        {"kind", isolated(event.kind)},
                                        {"severity", severity_name(language_, event.severity)},
                                        {"action", isolated(event.action_taken)}}),
          Style::kBody, 6);
    }
    page.space(10);
  }

  struct DecodedPair {
    typeset::Surface first;
    typeset::Surface latest;
  };

  const CourseReport& report_;
  const std::string& language_;
  std::vector<DecodedPair> photos_;
  ProgressChart pain_;
  std::vector<ProgressChart> charts_;
};

}  // namespace

Result<std::string> render_course_report_pdf(const CourseReport& report, PaperSize paper) {
  const double width = paper == PaperSize::kA4 ? 595 : 612;
  const double height = paper == PaperSize::kA4 ? 842 : 792;
  CourseReportWriter writer(report);
  const std::string footer = writer.footer();
  const std::string title = writer.text("report.title");
  return typeset::write_pdf(width, height, title, report.clinic_name, [&](cairo_t* cr) {
    PageWriter counting(cr, width, height, footer, {}, false);
    writer.write(counting);
    const int pages = counting.pages();
    PageWriter page(cr, width, height, footer, [&](int number) {
      return writer.text("report.page",
                         {{"page", std::to_string(number)}, {"pages", std::to_string(pages)}});
    });
    writer.write(page);
    return Result<void>{};
  });
}

}  // namespace mesoclinic::report
