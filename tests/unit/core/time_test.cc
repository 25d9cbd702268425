#include "core/time.h"

#include <gtest/gtest.h>

namespace mesoclinic {
namespace {

using namespace std::chrono;

TEST(IsoDate, ParsesRealDaysOnly) {
  ASSERT_TRUE(parse_iso_date("1984-02-29").has_value());
  EXPECT_EQ(*parse_iso_date("1984-02-29"), CalendarDate{year{1984} / February / 29});
  EXPECT_FALSE(parse_iso_date("1985-02-29").has_value());
  EXPECT_FALSE(parse_iso_date("1985-13-01").has_value());
  EXPECT_FALSE(parse_iso_date("1985-1-01").has_value());
  EXPECT_FALSE(parse_iso_date("85-01-01").has_value());
  EXPECT_FALSE(parse_iso_date("1985-01-01T00:00").has_value());
  EXPECT_FALSE(parse_iso_date("").has_value());
  EXPECT_EQ(parse_iso_date("x").error().code, ErrorCode::kInvalidInput);
}

TEST(IsoDate, RoundTrips) {
  EXPECT_EQ(format_iso_date(year{2026} / November / 4), "2026-11-04");
  EXPECT_EQ(format_iso_date(*parse_iso_date("0999-01-31")), "0999-01-31");
}

TEST(Rfc3339, FormatsUtcWithMilliseconds) {
  const Instant at =
      sys_days{year{2026} / November / 24} + hours{9} + minutes{30} + microseconds{1'500'250};
  EXPECT_EQ(format_rfc3339(at), "2026-11-24T09:30:01.500Z");
}

TEST(Rfc3339, ParsesOffsets) {
  const auto utc = parse_rfc3339("2026-03-29T01:30:00Z");
  const auto plus = parse_rfc3339("2026-03-29T03:30:00+02:00");
  const auto minus = parse_rfc3339("2026-03-28T21:30:00.000-04:00");
  ASSERT_TRUE(utc && plus && minus);
  EXPECT_EQ(*utc, *plus);
  EXPECT_EQ(*utc, *minus);
  EXPECT_FALSE(parse_rfc3339("2026-03-29 01:30:00Z").has_value());
  EXPECT_FALSE(parse_rfc3339("2026-03-29T01:30:00").has_value());
  EXPECT_FALSE(parse_rfc3339("2026-03-29T25:30:00Z").has_value());
}

TEST(UnixMicros, RoundTrips) {
  const Instant at = now();
  EXPECT_EQ(from_unix_micros(to_unix_micros(at)), at);
}

}  // namespace
}  // namespace mesoclinic
