// A realistic finished course for the course report's tests and benchmark: eight sessions (one
// missed), density, diameter and shedding at baseline, mid-course and end for three zones, two
// reactions, two photo views, the recall window. The photos are drawn with cairo, so the test
// needs no image files.
#pragma once

#include <cairo.h>

#include <cmath>
#include <string>

#include "report/course_report.h"

namespace mesoclinic::report::sample {

inline CalendarDate day(int y, unsigned m, unsigned d) {
  return CalendarDate{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

inline cairo_status_t append_png(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

// A 480 x 360 stand-in for a scalp photo: a warm brown field with darker strands, denser when
// `density` is higher, so the first and latest photos differ.
inline std::string photo_png(double density, int width = 480, int height = 360) {
  cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height);
  cairo_t* cr = cairo_create(surface);
  cairo_set_source_rgb(cr, 0.82, 0.64, 0.52);
  cairo_paint(cr);
  cairo_set_source_rgb(cr, 0.25, 0.16, 0.1);
  cairo_set_line_width(cr, 1.5);
  const int strands = static_cast<int>(density * 3);
  for (int i = 0; i < strands; ++i) {
    const double x = std::fmod(i * 37.0, width);
    const double y = std::fmod(i * 53.0, height);
    cairo_move_to(cr, x, y);
    cairo_curve_to(cr, x + 10, y + 20, x - 8, y + 35, x + 4, y + 50);
  }
  cairo_stroke(cr);
  cairo_destroy(cr);
  std::string png;
  cairo_surface_write_to_png_stream(surface, append_png, &png);
  cairo_surface_destroy(surface);
  return png;
}

inline CourseReport course_report(const std::string& language) {
  using clinic::Measure;
  using clinic::Method;
  using clinic::ScalpZone;
  using clinic::TimePoint;
  using std::chrono::hours;
  CourseReport report;
  report.language = language;
  report.clinic_name = "Moda Saç Kliniği";
  report.contact = {"+902125550123", "desk@moda.example.org", "Moda Cad. 1\nKadıköy, İstanbul"};
  report.patient_name = "Ayşe Yılmaz";
  report.protocol_name = "Biotin Boost 8";
  report.issued_on = day(2026, 3, 30);
  // Four weekly sessions, then four fortnightly; the sixth missed.
  const CalendarDate days[] = {day(2026, 1, 12), day(2026, 1, 19), day(2026, 1, 26),
                               day(2026, 2, 2),  day(2026, 2, 16), day(2026, 3, 2),
                               day(2026, 3, 16), day(2026, 3, 30)};
  const int pains[] = {4, 3, 3, 2, 2, 0, 2, 1};
  for (int i = 0; i < 8; ++i) {
    const bool missed = i == 5;
    report.sessions.push_back(
        {i + 1,
         {days[i], hours{10}},
         missed ? planning::Attendance::kMissed : planning::Attendance::kAttended,
         missed ? std::nullopt : std::optional<int>(pains[i])});
  }
  report.adverse_events = {
      {2, days[1], "Haematoma", clinic::Severity::kMild, "Cold compress for ten minutes"},
      {5, days[4], "Headache", clinic::Severity::kModerate, "Paracetamol; rested before leaving"}};
  struct Zone {
    ScalpZone zone;
    double density[3];
    double diameter[3];
  };
  const Zone zones[] = {{ScalpZone::kFrontal, {152, 158, 167}, {58.0, 59.5, 61.2}},
                        {ScalpZone::kMidScalp, {140, 146, 151}, {55.5, 56.0, 57.9}},
                        {ScalpZone::kVertex, {118, 126, 136}, {52.0, 53.4, 55.0}}};
  const TimePoint points[] = {TimePoint::kBaseline, TimePoint::kMidCourse, TimePoint::kEndOfCourse};
  const CalendarDate measured[] = {days[0], days[3], days[7]};
  for (const Zone& zone : zones) {
    for (int p = 0; p < 3; ++p) {
      report.measurements.push_back({{points[p], Measure::kHairDensity, zone.density[p],
                                      "hairs/cm2", zone.zone, Method::kTrichoscopy},
                                     measured[p]});
      report.measurements.push_back({{points[p], Measure::kMeanShaftDiameter, zone.diameter[p],
                                      "um", zone.zone, Method::kTrichoscopy},
                                     measured[p]});
    }
  }
  const double shedding[] = {110, 85, 60};
  for (int p = 0; p < 3; ++p) {
    report.measurements.push_back({{points[p], Measure::kSheddingCount, shedding[p], "hairs",
                                    std::nullopt, Method::kCombTest},
                                   measured[p]});
  }
  report.responder = ResponderStatement{clinic::ResponderRule{}, true};
  report.photos = {{"top", {days[0], photo_png(40)}, ReportPhoto{days[7], photo_png(70)}},
                   {"vertex", {days[0], photo_png(30)}, ReportPhoto{days[7], photo_png(60)}}};
  report.recall = planning::RecallWindow{day(2027, 3, 30), day(2027, 3, 30), day(2027, 9, 30)};
  return report;
}

}  // namespace mesoclinic::report::sample
