// Calendar settings and working weeks as an admin enters them, and absences across a clock change.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "planning/planning.h"
#include "planning_fixtures.h"

namespace mesoclinic::planning {
namespace {

using std::chrono::hours;

TEST(CalendarSettings, RefuseOverlappingHoursRepeatedClosuresAndOddHealingPeriods) {
  CalendarSettings settings{.opening = weekdays(at(9), at(18)),
                            .closures = {{date(2026, 12, 25), "Christmas"}},
                            .healing_days = 4};
  EXPECT_TRUE(validate_calendar_settings(settings));
  settings.opening[2].push_back({at(17), at(19)});
  settings.closures.push_back({date(2026, 12, 25), "again"});
  settings.healing_days = 0;
  const auto refused = validate_calendar_settings(settings);
  ASSERT_FALSE(refused);
  std::set<std::string> fields;
  for (const auto& error : refused.error().fields) fields.insert(error.field);
  EXPECT_EQ(fields,
            (std::set<std::string>{"/opening_hours/wednesday", "/closures", "/healing_days"}));

  WorkSchedule schedule{
      .hours = weekdays(at(10), at(9)),
      .absences = {{.first_day = date(2026, 7, 10), .last_day = date(2026, 7, 1), .reason = ""}}};
  const auto bad = validate_work_schedule(schedule);
  ASSERT_FALSE(bad);
  fields.clear();
  for (const auto& error : bad.error().fields) fields.insert(error.field);
  EXPECT_TRUE(fields.contains("/working_hours/monday/0"));
  EXPECT_TRUE(fields.contains("/absences/0/last_day"));
}

TEST(CalendarSettings, AnAbsenceCoversWholeLocalDaysAcrossAClockChange) {
  // London goes to summer time on 29 March 2026: that day has 23 hours.
  const ClinicZone london = ClinicZone::find("Europe/London").value();
  const Practitioner away = practitioner_from("dr1",
                                              {.hours = weekdays(at(9), at(17)),
                                               .absences = {{.first_day = date(2026, 3, 29),
                                                             .last_day = date(2026, 3, 30),
                                                             .reason = "course"}}},
                                              london);
  ASSERT_EQ(away.absences.size(), 1u);
  EXPECT_EQ(london.to_local(away.absences[0].start), (LocalDateTime{date(2026, 3, 29), at(0)}));
  EXPECT_EQ(london.to_local(away.absences[0].end), (LocalDateTime{date(2026, 3, 31), at(0)}));
  EXPECT_EQ(away.absences[0].end - away.absences[0].start, hours{47});
}

}  // namespace
}  // namespace mesoclinic::planning
