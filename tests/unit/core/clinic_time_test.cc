// Wall-clock times in the clinics' own zones across the nights the clocks change, in three
// zones with different rules (and under whatever TZ the test process runs with).
#include "core/clinic_time.h"

#include <gtest/gtest.h>

namespace mesoclinic {
namespace {

using std::chrono::day;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::month;
using std::chrono::year;

LocalDateTime at(int y, unsigned m, unsigned d, int hour, int minute = 0) {
  return {CalendarDate{year{y}, month{m}, day{d}}, minutes{hour * 60 + minute}};
}

ClinicZone zone(std::string_view name) {
  auto found = ClinicZone::find(name);
  EXPECT_TRUE(found) << name;
  return *found;
}

struct ClockChange {
  std::string zone;
  LocalDateTime skipped;   // a time that does not exist
  LocalDateTime repeated;  // a time that happens twice
  minutes before, after;   // offsets around the repeated hour
};

TEST(ClinicTime, SkippedHoursAreRefusedAndRepeatedOnesMustBeChosen) {
  const std::vector<ClockChange> changes = {
      {"Europe/London", at(2026, 3, 29, 1, 30), at(2026, 10, 25, 1, 30), minutes{60}, minutes{0}},
      {"America/New_York", at(2026, 3, 8, 2, 30), at(2026, 11, 1, 1, 30), minutes{-240},
       minutes{-300}},
      {"Australia/Sydney", at(2026, 10, 4, 2, 30), at(2026, 4, 5, 2, 30), minutes{660},
       minutes{600}},
  };
  for (const auto& change : changes) {
    SCOPED_TRACE(change.zone);
    const ClinicZone clinic = zone(change.zone);
    const auto skipped = clinic.to_instant(change.skipped);
    ASSERT_FALSE(skipped);
    EXPECT_NE(skipped.error().message.find("does not exist"), std::string::npos);

    const auto refused = clinic.to_instant(change.repeated);
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.error().message.find("happens twice"), std::string::npos);
    const auto earlier = clinic.to_instant(change.repeated, RepeatedHour::kEarlier);
    const auto later = clinic.to_instant(change.repeated, RepeatedHour::kLater);
    ASSERT_TRUE(earlier && later);
    EXPECT_EQ(*later - *earlier, hours{1});
    EXPECT_EQ(clinic.utc_offset(*earlier), change.before);
    EXPECT_EQ(clinic.utc_offset(*later), change.after);
    EXPECT_EQ(clinic.to_instant(change.repeated, change.after).value(), *later);
    EXPECT_FALSE(clinic.to_instant(change.repeated, minutes{30}));
    EXPECT_EQ(clinic.to_local(*earlier), change.repeated);
    EXPECT_EQ(clinic.to_local(*later), change.repeated);
  }
}

TEST(ClinicTime, TenOClockStaysTenOClockAcrossTheChange) {
  const ClinicZone london = zone("Europe/London");
  const auto before = london.to_instant(at(2026, 3, 28, 10)).value();
  const auto after = london.to_instant(at(2026, 3, 29, 10)).value();
  EXPECT_EQ(after - before, hours{23});  // one calendar day, one hour less in between
  EXPECT_EQ(format_rfc3339(after), "2026-03-29T09:00:00.000Z");
  EXPECT_EQ(london.to_local(after), at(2026, 3, 29, 10));
}

TEST(ClinicTime, UnknownZonesAndMalformedTimesAreRefused) {
  EXPECT_FALSE(ClinicZone::find("Europe/Atlantis"));
  EXPECT_FALSE(ClinicZone::find(""));
  EXPECT_EQ(parse_local("2026-10-25T01:30").value(), at(2026, 10, 25, 1, 30));
  EXPECT_EQ(format_local(at(2026, 1, 2, 9, 5)), "2026-01-02T09:05");
  for (const auto bad : {"2026-10-25 01:30", "2026-10-25T24:00", "2026-02-30T10:00",
                         "2026-10-25T1:30", "2026-10-25T01:60"}) {
    EXPECT_FALSE(parse_local(bad)) << bad;
  }
}

TEST(ClinicTime, DaysAndWeekdays) {
  EXPECT_EQ(add_days(CalendarDate{year{2026}, month{12}, day{30}}, 3),
            (CalendarDate{year{2027}, month{1}, day{2}}));
  EXPECT_EQ(weekday_index(CalendarDate{year{2026}, month{11}, day{23}}), 0);  // a Monday
  EXPECT_EQ(weekday_index(CalendarDate{year{2026}, month{11}, day{29}}), 6);
}

TEST(ClinicTime, PeriodsListEachClockChangeWithItsOffsets) {
  const ClinicZone london = ClinicZone::find("Europe/London").value();
  const auto utc_midnight = [](int y, unsigned m, unsigned d) {
    return Instant{std::chrono::sys_days{CalendarDate{year{y}, month{m}, day{d}}}};
  };
  const auto periods = london.periods(utc_midnight(2026, 1, 10), utc_midnight(2026, 12, 10));
  ASSERT_EQ(periods.size(), 3u);
  EXPECT_FALSE(periods[0].summer_time);
  EXPECT_EQ(periods[0].utc_offset, minutes{0});
  // Clocks go forward at 01:00 UTC on 29 March and back at 01:00 UTC on 25 October 2026.
  EXPECT_EQ(periods[1].begins, utc_midnight(2026, 3, 29) + hours{1});
  EXPECT_TRUE(periods[1].summer_time);
  EXPECT_EQ(periods[1].utc_offset, minutes{60});
  EXPECT_EQ(periods[1].offset_before, minutes{0});
  EXPECT_EQ(periods[1].abbreviation, "BST");
  EXPECT_EQ(periods[2].begins, utc_midnight(2026, 10, 25) + hours{1});
  EXPECT_EQ(periods[2].offset_before, minutes{60});

  // Istanbul keeps +03:00 all year: one period.
  const auto istanbul = ClinicZone::find("Europe/Istanbul")
                            .value()
                            .periods(utc_midnight(2026, 1, 10), utc_midnight(2026, 12, 10));
  ASSERT_EQ(istanbul.size(), 1u);
  EXPECT_EQ(istanbul[0].utc_offset, minutes{180});
}

}  // namespace
}  // namespace mesoclinic
