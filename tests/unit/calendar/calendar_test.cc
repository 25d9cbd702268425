// Calendar files: the zone definition a calendar app caches by TZID is the same in every file,
// complete with its rules, and read by an independent parser (python3-icalendar) it puts
// events on the right instant; the calendar's name is escaped as RFC 5545 text.
#include "calendar/calendar.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "command_output.h"

namespace mesoclinic::calendar {
namespace {

using std::chrono::hours;

const ClinicZone& berlin() {
  static const ClinicZone zone = ClinicZone::find("Europe/Berlin").value();
  return zone;
}

Instant at(int y, unsigned m, unsigned d, int hour) {
  return berlin()
      .to_instant({CalendarDate{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}},
                   std::chrono::hours{hour}})
      .value();
}

Event event(std::string uid, Instant start) {
  return {std::move(uid), "Session", "", start, start + hours{1}};
}

std::string vtimezone(const std::string& ics) {
  const std::size_t begin = ics.find("BEGIN:VTIMEZONE");
  const std::size_t end = ics.find("END:VTIMEZONE");
  EXPECT_NE(begin, std::string::npos) << ics;
  EXPECT_NE(end, std::string::npos) << ics;
  return ics.substr(begin, end - begin);
}

TEST(CalendarFile, TheZoneDefinitionIsTheSameInEveryFileAndHasItsRules) {
  const auto few =
      write_ics("Ayşe", berlin(), {event("a", at(2026, 12, 3, 10))}, at(2026, 12, 1, 9));
  const auto other =
      write_ics("Ayşe", berlin(), {event("b", at(2027, 7, 6, 10)), event("c", at(2031, 3, 4, 16))},
                at(2027, 6, 1, 9));
  const auto none = write_ics("Ayşe", berlin(), {}, at(2030, 1, 1, 9));
  ASSERT_TRUE(few && other && none);
  EXPECT_EQ(vtimezone(*few), vtimezone(*other));
  EXPECT_EQ(vtimezone(*few), vtimezone(*none));
  // Today's EU rules, as rules: the last Sunday of March and of October.
  const std::string zone = vtimezone(*few);
  EXPECT_NE(zone.find("RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3"), std::string::npos) << zone;
  EXPECT_NE(zone.find("RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10"), std::string::npos) << zone;
  EXPECT_NE(zone.find("DTSTART:19700101T010000"), std::string::npos) << "from 1970: " << zone;
}

TEST(CalendarFile, AnIndependentParserPutsEventsOnTheRightInstant) {
  const auto ics =
      write_ics("Ayşe", berlin(),
                {event("summer", at(2031, 7, 1, 10)), event("winter", at(2032, 1, 13, 10)),
                 event("history", at(1996, 10, 30, 10))},
                at(2026, 12, 1, 9));
  ASSERT_TRUE(ics);
  const auto path = std::filesystem::temp_directory_path() /
                    ("mesoclinic-calendar-" + std::to_string(::getpid()) + ".ics");
  std::ofstream(path, std::ios::binary) << *ics;
  const auto read = nlohmann::json::parse(testing::command_output(
      "/usr/bin/python3 " MESOCLINIC_SOURCE_DIR "/tests/integration/tools/read_ics.py " +
      path.string()));
  std::filesystem::remove(path);
  ASSERT_EQ(read["events"].size(), 3u) << read;
  EXPECT_EQ(read["events"][0]["dtstart"]["utc"], "2031-07-01T08:00") << "summer time, +02:00";
  EXPECT_EQ(read["events"][1]["dtstart"]["utc"], "2032-01-13T09:00") << "winter time, +01:00";
  EXPECT_EQ(read["events"][2]["dtstart"]["utc"], "1996-10-30T09:00") << "after 1996's change";
}

TEST(CalendarFile, TheCalendarNameIsEscapedAsText) {
  const auto ics = write_ics("Yılmaz, Ayşe; course\\1", berlin(), {}, at(2026, 12, 1, 9));
  ASSERT_TRUE(ics);
  EXPECT_NE(ics->find("X-WR-CALNAME:Yılmaz\\, Ayşe\\; course\\\\1\r\n"), std::string::npos) << *ics;
}

// Found by fuzz_calendar_file (tests/fuzz/corpus/calendar_file/control-characters): text with
// control characters once went into the file as it was, breaking its lines for any reader.
TEST(CalendarFile, ControlCharactersInTextBecomeReplacementCharactersNotBrokenLines) {
  Event session = event("a", at(2026, 12, 3, 10));
  session.summary = std::string("Session\x01 3", 10);
  session.description = std::string("No washing\x00 for 3 days\x1b[31m\r\nNo sun", 35);
  const auto ics =
      write_ics(std::string("Clinic\x7f\x0b", 8), berlin(), {session}, at(2026, 12, 1, 9));
  ASSERT_TRUE(ics);
  for (std::size_t i = 0; i < ics->size(); ++i) {
    const auto byte = static_cast<unsigned char>((*ics)[i]);
    const bool line_end = (*ics)[i] == '\r' && i + 1 < ics->size() && (*ics)[i + 1] == '\n';
    if (line_end) {
      ++i;
      continue;
    }
    EXPECT_TRUE((byte >= 0x20 && byte != 0x7f) || byte == '\t')
        << "control character " << int{byte} << " at " << i << " in\n"
        << *ics;
  }
  EXPECT_NE(ics->find("X-WR-CALNAME:Clinic\xEF\xBF\xBD\xEF\xBF\xBD\r\n"), std::string::npos)
      << *ics;
  EXPECT_NE(ics->find("SUMMARY:Session\xEF\xBF\xBD 3\r\n"), std::string::npos) << *ics;
  EXPECT_NE(ics->find("for 3 days"), std::string::npos) << "the text after a NUL is kept: " << *ics;
}

// Found by fuzz_calendar_file (corpus/calendar_file/fold-at-a-multibyte-end and
// stray-continuation-bytes): a two- or three-byte character at the fold point once made a line
// of 76 or 77 octets, and libical's own folds could leave a stray carriage return.
TEST(CalendarFile, EveryLineIsFoldedWithinSeventyFiveOctetsBetweenCharacters) {
  Event session = event("a", at(2026, 12, 3, 10));
  for (int i = 0; i < 60; ++i) session.summary += "ç";
  session.summary += "x";
  for (int i = 0; i < 90; ++i) session.description += "€";
  const auto ics =
      write_ics(std::string(70, 'x') + "Ağrı", berlin(), {session}, at(2026, 12, 1, 9));
  ASSERT_TRUE(ics);
  std::string unfolded;
  for (std::size_t start = 0; start < ics->size();) {
    const std::size_t end = ics->find("\r\n", start);
    ASSERT_NE(end, std::string::npos) << "a line without CRLF";
    const std::string line = ics->substr(start, end - start);
    EXPECT_LE(line.size(), 75u) << line;
    EXPECT_EQ(line.find('\r'), std::string::npos) << "a stray carriage return: " << line;
    unfolded += line.starts_with(" ") ? line.substr(1) : "\n" + line;
    start = end + 2;
  }
  EXPECT_NE(unfolded.find("SUMMARY:" + session.summary + "\n"), std::string::npos) << unfolded;
  EXPECT_NE(unfolded.find("DESCRIPTION:" + session.description + "\n"), std::string::npos);
  EXPECT_NE(unfolded.find("X-WR-CALNAME:" + std::string(70, 'x') + "Ağrı\n"), std::string::npos);
}

}  // namespace
}  // namespace mesoclinic::calendar
