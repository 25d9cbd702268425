// Private to report/: how the course report and its charts name the clinic's things in the
// reader's language, all from the catalogue.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "clinic/chart.h"
#include "clinic/outcomes.h"
#include "planning/planning.h"

namespace mesoclinic::report {

// A typed value (a name, a protocol, an adverse event's kind) in a first-strong isolate
// (U+2068 .. U+2069), so a right-to-left name keeps its direction without turning the sentence.
std::string isolated(std::string_view typed);

std::string measure_name(const std::string& language, clinic::Measure measure);
std::string measure_unit(const std::string& language, clinic::Measure measure);
// A zone's name; none is the whole scalp.
std::string zone_name(const std::string& language, std::optional<clinic::ScalpZone> zone);
std::string time_point_name(const std::string& language, clinic::TimePoint point);
std::string time_point_short(const std::string& language, clinic::TimePoint point);
// One of DOMAIN.md's six views; another view prints as written.
std::string view_name(const std::string& language, const std::string& view);
std::string attendance_name(const std::string& language, planning::Attendance attendance);
std::string severity_name(const std::string& language, clinic::Severity severity);

// How many decimals a measure's values are written with: counts and densities none, a
// diameter or a share one.
int decimals_of(clinic::Measure measure);

}  // namespace mesoclinic::report
