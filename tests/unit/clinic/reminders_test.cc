// When reminders go out, which ones are still worth sending, and how failures are retried.
#include "clinic/reminders.h"

#include <gtest/gtest.h>

namespace mesoclinic::clinic {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

CalendarDate date(int y, unsigned m, unsigned d) {
  return CalendarDate{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

TEST(Reminders, AppointmentReminderKeepsTheWallClockTheDayBeforeAClockChange) {
  // London's clocks go forward in the night to Sunday 29 March 2026: an appointment at 10:00 on
  // Monday 30 March is announced at 10:00 on Sunday, 24 hours before; one on Sunday at 10:00 is
  // announced at 10:00 on Saturday, only 23 hours before.
  const ClinicZone london = ClinicZone::find("Europe/London").value();
  const Instant monday = london.to_instant({date(2026, 3, 30), hours{10}}).value();
  EXPECT_EQ(london.to_local(appointment_reminder_due(monday, london)),
            (LocalDateTime{date(2026, 3, 29), hours{10}}));
  const Instant sunday = london.to_instant({date(2026, 3, 29), hours{10}}).value();
  const Instant due = appointment_reminder_due(sunday, london);
  EXPECT_EQ(london.to_local(due), (LocalDateTime{date(2026, 3, 28), hours{10}}));
  EXPECT_EQ(sunday - due, hours{23});
}

TEST(Reminders, GoToTheAddressOfThePatientsChannel) {
  PatientDetails patient;
  patient.email = "ayse@example.org";
  patient.phone = "+905321234567";
  EXPECT_FALSE(reminder_address(patient)) << "no channel chosen";
  patient.reminder_channel = ReminderChannel::kSms;
  EXPECT_EQ(reminder_address(patient), "+905321234567");
  patient.reminder_channel = ReminderChannel::kEmail;
  EXPECT_EQ(reminder_address(patient), "ayse@example.org");
  patient.email.reset();
  EXPECT_FALSE(reminder_address(patient));
  EXPECT_NE(appointment_reminder_topic("a1", Instant{} + hours{1}),
            appointment_reminder_topic("a1", Instant{} + hours{2}))
      << "a moved appointment is announced again";
}

TEST(Reminders, MilestonesGoOutOnTheMorningARestrictionEnds) {
  const ClinicZone istanbul = ClinicZone::find("Europe/Istanbul").value();
  const Instant end = istanbul.to_instant({date(2026, 11, 24), hours{15} + minutes{30}}).value();
  const AftercarePlan plan = issue_aftercare(default_aftercare_rules(), end, istanbul, 4);
  const auto milestones = aftercare_milestones(plan, end + minutes{5}, istanbul);
  ASSERT_EQ(milestones.size(), plan.restrictions.size());
  EXPECT_EQ(milestones[0].rule_id, "no_washing");
  EXPECT_EQ(istanbul.to_local(milestones[0].ends_at),
            (LocalDateTime{date(2026, 11, 27), hours{15} + minutes{30}}));
  EXPECT_EQ(istanbul.to_local(milestones[0].due_at), (LocalDateTime{date(2026, 11, 27), hours{9}}));
}

TEST(Reminders, AnEarlyMorningEndIsAnnouncedAtTheEndAndAPastOneNotAtAll) {
  const ClinicZone istanbul = ClinicZone::find("Europe/Istanbul").value();
  const Instant end = istanbul.to_instant({date(2026, 11, 24), hours{7}}).value();
  std::vector<AftercareRule> rules = {{"no_washing", 3, std::nullopt, false},
                                      {"no_alcohol", 0, std::nullopt, false}};
  const AftercarePlan plan = issue_aftercare(rules, end, istanbul, 4);
  const auto milestones = aftercare_milestones(plan, end + hours{1}, istanbul);
  ASSERT_EQ(milestones.size(), 1u) << "a restriction over before signing needs no reminder";
  EXPECT_EQ(milestones[0].due_at, milestones[0].ends_at) << "07:00 is before the 09:00 morning";
}

TEST(Reminders, AnAppointmentReminderIsSentOnlyWhileItIsTrue) {
  const Instant start = Instant{} + hours{1000};
  EXPECT_TRUE(appointment_reminder_still_true(true, start, start, start - hours{20}));
  EXPECT_FALSE(appointment_reminder_still_true(false, start, start, start - hours{20}))
      << "cancelled";
  EXPECT_FALSE(appointment_reminder_still_true(true, start, start + hours{2}, start - hours{20}))
      << "moved: the moved appointment gets its own reminder";
  EXPECT_FALSE(appointment_reminder_still_true(true, start, start, start)) << "already begun";
}

TEST(Reminders, FailuresAreRetriedWithGrowingDelaysUntilTheLastAttempt) {
  const RetryPolicy policy{4, seconds{60}, seconds{600}};
  const Instant failed = Instant{} + hours{5};
  EXPECT_EQ(next_attempt(policy, 1, DeliveryFailure::kTemporary, failed), failed + seconds{60});
  EXPECT_EQ(next_attempt(policy, 2, DeliveryFailure::kTemporary, failed), failed + seconds{240});
  EXPECT_EQ(next_attempt(policy, 3, DeliveryFailure::kTemporary, failed), failed + seconds{600})
      << "capped at the longest delay";
  EXPECT_FALSE(next_attempt(policy, 4, DeliveryFailure::kTemporary, failed)) << "last attempt";
  EXPECT_FALSE(next_attempt(policy, 1, DeliveryFailure::kPermanent, failed));
}

TEST(Reminders, StatusAndKindNamesRoundTrip) {
  for (auto status : {ReminderStatus::kPending, ReminderStatus::kSending,
                      ReminderStatus::kHandedOver, ReminderStatus::kSent, ReminderStatus::kFailed,
                      ReminderStatus::kUnconfirmed, ReminderStatus::kCancelled}) {
    EXPECT_EQ(parse_reminder_status(to_string(status)), status);
  }
  EXPECT_EQ(parse_reminder_kind("aftercare"), ReminderKind::kAftercare);
  EXPECT_FALSE(parse_reminder_status("delivered"));
}

}  // namespace
}  // namespace mesoclinic::clinic
