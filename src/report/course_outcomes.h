// What a course's outcomes show the patient: the measurements table (each measure in each zone
// against its baseline) and the progress charts (pain per session, and density, mean diameter
// and shedding over the course). The course report prints both; the API can serve a chart on
// its own through render_chart_svg and render_chart_png.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "report/course_report.h"
#include "report/progress_chart.h"

namespace mesoclinic::report {

// One line of the measurements table: a measure in a zone (none: the whole scalp), its
// baseline, its latest value after baseline, and the change between them.
struct MeasurementRow {
  clinic::Measure measure = clinic::Measure::kHairDensity;
  std::optional<clinic::ScalpZone> zone;
  std::optional<double> baseline;  // the mean where it was taken more than once
  std::optional<double> latest;
  std::optional<clinic::TimePoint> latest_at;
  std::optional<clinic::Change> change;  // when both are there
  friend bool operator==(const MeasurementRow&, const MeasurementRow&) = default;
};

// The table's rows, in the order of the Measure and ScalpZone enumerations (whole scalp last).
// The latest is the last time point measured after baseline, by the mean of its readings,
// compared by clinic::change_from.
std::vector<MeasurementRow> measurement_rows(const std::vector<DatedMeasurement>& measurements);

// Pain per session on a 0..10 axis; a session without a score (missed, not yet charted) is a
// gap in the line. Columns are the sessions not cancelled, labelled with their numbers.
ProgressChart pain_chart(const std::string& language, const std::vector<ReportSession>& sessions);

// One measure in one zone (none: the whole scalp) over the course, against its baseline: a
// column per time point measured, labelled with the number of the session held that day, or
// the time point's short name after the course.
ProgressChart measure_chart(const std::string& language, clinic::Measure measure,
                            std::optional<clinic::ScalpZone> zone,
                            const std::vector<ReportSession>& sessions,
                            const std::vector<DatedMeasurement>& measurements);

// The measures the report charts, as the issue names them: density, mean diameter, shedding.
const std::vector<clinic::Measure>& charted_measures();

// The measure charts of a course: each charted measure in each zone measured at baseline and
// again later, in the order of measurement_rows.
std::vector<ProgressChart> measure_charts(const CourseReport& report);

}  // namespace mesoclinic::report
