// The worklist's rules (clinic/worklist.h): names as the API and database spell them, how an
// item is closed (once, with a note that says something) and what each kind's detail tells staff.
#include "clinic/worklist.h"

#include <gtest/gtest.h>

#include "core/text.h"

namespace mesoclinic::clinic {
namespace {

using namespace std::chrono;

const Instant kOpened = sys_days{year{2026} / December / 1} + hours{9};
const Instant kClosed = sys_days{year{2026} / December / 3} + hours{16};

CalendarDate day(int y, unsigned m, unsigned d) { return year{y} / month{m} / std::chrono::day{d}; }

WorklistItem reassessment() {
  WorklistItem item;
  item.id = "w1";
  item.clinic_id = "c1";
  item.patient_id = "p1";
  item.kind = WorklistKind::kReassess;
  item.source_id = "d1";
  item.due_by = day(2027, 3, 1);
  item.detail = reassess_detail(day(2026, 12, 1), day(2027, 3, 1));
  item.created_at = kOpened;
  return item;
}

TEST(Worklist, KindsAndStatusesReadAsTheyAreWritten) {
  for (const auto kind : {WorklistKind::kRecall, WorklistKind::kReassess,
                          WorklistKind::kAdverseFollowUp, WorklistKind::kReminderFailed}) {
    EXPECT_EQ(parse_worklist_kind(to_string(kind)), kind);
  }
  EXPECT_EQ(to_string(WorklistKind::kAdverseFollowUp), "adverse_follow_up");
  EXPECT_EQ(parse_worklist_kind("Recall"), std::nullopt);
  EXPECT_EQ(parse_worklist_status("closed"), WorklistStatus::kClosed);
  EXPECT_EQ(parse_worklist_status("done"), std::nullopt);
  EXPECT_EQ(source_type(WorklistKind::kRecall), "course");
  EXPECT_EQ(source_type(WorklistKind::kReassess), "decision");
  EXPECT_EQ(source_type(WorklistKind::kAdverseFollowUp), "appointment");
  EXPECT_EQ(source_type(WorklistKind::kReminderFailed), "reminder");
}

TEST(Worklist, AnItemClosesOnceWithItsNote) {
  const WorklistItem item = reassessment();
  EXPECT_EQ(status_of(item), WorklistStatus::kOpen);
  auto closed = close(item, {kClosed, "u1", "Booked for 3 March."});
  ASSERT_TRUE(closed);
  EXPECT_EQ(status_of(*closed), WorklistStatus::kClosed);
  EXPECT_EQ(closed->closure->note, "Booked for 3 March.");
  EXPECT_EQ(closed->closure->closed_by, "u1");
  auto again = close(*closed, {kClosed + hours{1}, "u2", "Called her."});
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_NE(again.error().message.find("2026-12-03"), std::string::npos) << "says since when";
}

TEST(Worklist, AClosingNoteSaysWhatWasDone) {
  EXPECT_TRUE(validate_closing_note("Called; booked for 3 March.\nShe asked for a morning."));
  EXPECT_TRUE(validate_closing_note("Aradım, 3 Mart'a randevu verildi."));
  for (const std::string& refused :
       {std::string(), std::string("   "), std::string("\n\t"), std::string("a\x01z"),
        std::string("bad \xff utf-8"), std::string("\u202eevil"), std::string(2001, 'x')}) {
    const auto checked = validate_closing_note(refused);
    ASSERT_FALSE(checked) << refused;
    EXPECT_EQ(checked.error().fields.at(0).field, "/note");
  }
  EXPECT_TRUE(validate_closing_note(std::string(2000, 'x')));
}

TEST(Worklist, DetailsTellStaffWhatToDoWithoutAClinicalFinding) {
  EXPECT_EQ(reassess_detail(day(2026, 12, 1), day(2027, 3, 1)),
            "Decided \"not now\" on 2026-12-01: book a re-assessment on or after 2027-03-01.");
  const std::string follow_up = adverse_follow_up_detail(day(2026, 12, 1), day(2026, 12, 8));
  EXPECT_NE(follow_up.find("2026-12-01"), std::string::npos);
  EXPECT_NE(follow_up.find("2026-12-08"), std::string::npos);

  const std::string invited =
      recall_detail(day(2026, 12, 1), day(2027, 12, 1), day(2028, 6, 1), day(2027, 12, 1), true);
  EXPECT_NE(invited.find("between 2027-12-01 and 2028-06-01"), std::string::npos) << invited;
  EXPECT_NE(invited.find("An invitation goes to the patient on 2027-12-01"), std::string::npos);
  const std::string not_invited =
      recall_detail(day(2026, 12, 1), day(2027, 12, 1), day(2028, 6, 1), day(2027, 12, 1), false);
  EXPECT_NE(not_invited.find("invite them yourselves"), std::string::npos) << not_invited;

  const std::string failed = reminder_failed_detail("aftercare", "email", "elif@example.org",
                                                    "550 5.1.1 <elif@example.org>: no such user");
  EXPECT_NE(failed.find("aftercare reminder by e-mail to elif@example.org"), std::string::npos)
      << failed;
  EXPECT_NE(failed.find("550 5.1.1"), std::string::npos);
}

// A server's reply may be long, span lines or end in the middle of a character: the item quotes
// one line of it, cut between characters.
TEST(Worklist, AFailedReminderQuotesTheServerOnOneShortLine) {
  std::string reply = "451 temporary\r\nlocal error";
  for (int i = 0; i < 200; ++i) reply += " ğ";
  const std::string detail = reminder_failed_detail("appointment", "sms", "+905321234567", reply);
  EXPECT_EQ(detail.find('\r'), std::string::npos);
  EXPECT_EQ(detail.find('\n'), std::string::npos);
  EXPECT_NE(detail.find("451 temporary  local error"), std::string::npos);
  EXPECT_NE(detail.find("...)"), std::string::npos) << "shortened";
  EXPECT_LT(detail.size(), 600u);
  EXPECT_TRUE(is_valid_utf8(detail));
  EXPECT_NE(detail.find("by SMS to +905321234567"), std::string::npos);
}

}  // namespace
}  // namespace mesoclinic::clinic
