// Follow-ups that happen (src/practice/worklist.h) on both engines: each kind of worklist item is
// opened by the workflow where its cause happens, once, and closed once with a note; a recall
// invites the patient only through the reminders' consent gate.
#include <gtest/gtest.h>

#include "core/ids.h"
#include "practice/consents.h"
#include "practice_fixture.h"

namespace mesoclinic::testing {
namespace {

using clinic::WorklistItem;
using clinic::WorklistKind;
using std::chrono::hours;
using std::chrono::minutes;

class WorklistTest : public PracticeTest {
 protected:
  std::vector<WorklistItem> items(WorklistKind kind) {
    auto listed =
        read([&](store::Transaction& tx) { return tx.list_patient_worklist(patient_.id); });
    EXPECT_TRUE(listed) << listed.error().message;
    std::vector<WorklistItem> of_kind;
    for (const auto& item : listed.value_or(std::vector<WorklistItem>{})) {
      if (item.kind == kind) of_kind.push_back(item);
    }
    return of_kind;
  }
  std::vector<store::Reminder> reminders(clinic::ReminderKind kind) {
    store::ReminderFilter filter;
    filter.patient_id = patient_.id;
    auto listed = read([&](store::Transaction& tx) { return tx.list_reminders(filter, 1000); });
    EXPECT_TRUE(listed) << listed.error().message;
    std::vector<store::Reminder> of_kind;
    for (const auto& reminder : listed.value_or(std::vector<store::Reminder>{})) {
      if (reminder.kind == kind) of_kind.push_back(reminder);
    }
    return of_kind;
  }
  std::size_t audited(const std::string& action) {
    store::AuditQuery query;
    query.limit = 1000;
    auto entries = read([&](store::Transaction& tx) { return tx.list_audit(query); });
    EXPECT_TRUE(entries);
    return static_cast<std::size_t>(
        std::count_if(entries->begin(), entries->end(),
                      [&](const audit::Entry& entry) { return entry.action == action; }));
  }

  // Charts `session` (with `chart`, as it is stored now) and signs it 20 minutes after it began.
  void sign(const store::Appointment& session, const clinic::SessionChart& chart) {
    const Instant chair = session.starts_at + minutes{20};
    auto signed_session = write([&](store::Transaction& tx) -> Result<practice::Signature> {
      auto stored = tx.find_appointment(session.id);
      if (!stored) return std::unexpected(stored.error());
      auto draft =
          practice::save_draft_chart(tx, **stored, patient_, chart, practitioner_id_, chair);
      if (!draft) return std::unexpected(draft.error());
      return practice::sign_chart(tx, **stored, patient_, std::nullopt, practitioner_id_, chair);
    });
    ASSERT_TRUE(signed_session) << signed_session.error().message;
    ASSERT_TRUE(std::holds_alternative<practice::SignedSession>(*signed_session));
  }
  void record(const store::Appointment& session, planning::Attendance what) {
    auto recorded = write([&](store::Transaction& tx) {
      auto stored = tx.find_appointment(session.id);
      if (!stored) return Result<practice::Recorded>(std::unexpected(stored.error()));
      return practice::record_attendance(tx, **stored, what, "", session.starts_at + hours{1});
    });
    ASSERT_TRUE(recorded) << recorded.error().message;
  }
  std::vector<store::Appointment> start_course() {
    auto started = write([&](store::Transaction& tx) {
      return practice::start_course(tx, patient_, course_request(), practitioner_id_, today_);
    });
    EXPECT_TRUE(started) << started.error().message;
    return started ? started->sessions : std::vector<store::Appointment>{};
  }
  static clinic::AdverseEvent event(const std::string& kind, std::optional<CalendarDate> day) {
    return {kind, clinic::Severity::kMild, "cold compress", day};
  }
};

TEST_P(WorklistTest, ANotNowDecisionOpensItsReassessmentOnce) {
  clinic::DecisionOnRecord waiting;
  waiting.outcome = clinic::Outcome::kNotNow;
  waiting.reassess_on = add_days(monday_, 90);
  for (int time = 0; time < 2; ++time) {
    ASSERT_TRUE(write([&](store::Transaction& tx) {
      return practice::plan_reassessment(tx, patient_, "decision-1", waiting, monday_, today_);
    }));
  }
  const auto opened = items(WorklistKind::kReassess);
  ASSERT_EQ(opened.size(), 1u);
  EXPECT_EQ(opened[0].due_by, add_days(monday_, 90));
  EXPECT_EQ(opened[0].source_id, "decision-1");
  EXPECT_EQ(opened[0].clinic_id, clinic_.id);
  EXPECT_EQ(opened[0].course_id, std::nullopt);
  EXPECT_NE(opened[0].detail.find(format_iso_date(add_days(monday_, 90))), std::string::npos);
  EXPECT_EQ(audited("worklist.open"), 1u);

  clinic::DecisionOnRecord suitable;
  suitable.reassess_on = add_days(monday_, 30);
  ASSERT_TRUE(write([&](store::Transaction& tx) {
    return practice::plan_reassessment(tx, patient_, "decision-2", suitable, monday_, today_);
  }));
  EXPECT_EQ(items(WorklistKind::kReassess).size(), 1u) << "only not_now asks to re-assess";
}

TEST_P(WorklistTest, ASignedChartOpensAFollowUpPerDayAndACorrectionAddsItsNewDay) {
  const store::Appointment session = book_at(monday_at());
  clinic::SessionChart chart = chart_with(1);
  const CalendarDate week_on = add_days(monday_, 7);
  chart.adverse_events = {event("haematoma", week_on), event("erythema", week_on),
                          event("mild pain", std::nullopt)};
  sign(session, chart);
  auto opened = items(WorklistKind::kAdverseFollowUp);
  ASSERT_EQ(opened.size(), 1u) << "two events on one day share a follow-up";
  EXPECT_EQ(opened[0].due_by, week_on);
  EXPECT_EQ(opened[0].source_id, session.id);
  EXPECT_EQ(opened[0].detail.find("haematoma"), std::string::npos)
      << "reception reads the worklist: no clinical finding in it";
  EXPECT_NE(opened[0].detail.find(format_iso_date(monday_)), std::string::npos);

  clinic::SessionChart corrected = chart;
  const CalendarDate fortnight_on = add_days(monday_, 14);
  corrected.adverse_events.push_back(event("infection", fortnight_on));
  auto version = write([&](store::Transaction& tx) {
    return practice::correct_chart(tx, session, patient_, corrected, "infection reported",
                                   practitioner_id_, session.starts_at + hours{48});
  });
  ASSERT_TRUE(version) << version.error().message;
  opened = items(WorklistKind::kAdverseFollowUp);
  ASSERT_EQ(opened.size(), 2u);
  EXPECT_EQ(opened[1].due_by, fortnight_on);
  EXPECT_EQ(items(WorklistKind::kRecall).size(), 0u) << "a single appointment has no recall";
}

// The course finishes when its last booked session is over: signed here. The recall falls due
// when the window opens after the last session, and the patient, who consents to be contacted,
// is invited by e-mail on the protocol's recall day. Nothing signed later opens a second.
TEST_P(WorklistTest, TheLastSessionSignedOpensTheRecallAndInvitesThePatient) {
  const auto sessions = start_course();
  ASSERT_EQ(sessions.size(), 6u);
  for (std::size_t i = 0; i + 1 < sessions.size(); ++i) {
    record(sessions[i], planning::Attendance::kAttended);
  }
  EXPECT_TRUE(items(WorklistKind::kRecall).empty()) << "session 6 is still to come";
  sign(sessions.back(), chart_with(1));

  const auto recalls = items(WorklistKind::kRecall);
  ASSERT_EQ(recalls.size(), 1u);
  const CalendarDate last_day = monday_at(35).date;
  const auto window = planning::recall_window(protocol_, last_day);
  EXPECT_EQ(recalls[0].due_by, window.opens);
  EXPECT_EQ(recalls[0].course_id, sessions.back().course_id);
  EXPECT_EQ(recalls[0].source_id, *sessions.back().course_id);
  EXPECT_NE(
      recalls[0].detail.find("An invitation goes to the patient on " + format_iso_date(window.due)),
      std::string::npos)
      << recalls[0].detail;

  const auto invitations = reminders(clinic::ReminderKind::kRecall);
  ASSERT_EQ(invitations.size(), 1u);
  EXPECT_EQ(invitations[0].status, clinic::ReminderStatus::kPending);
  EXPECT_EQ(invitations[0].recipient, "zeynep@example.org");
  EXPECT_EQ(invitations[0].due_at, instant_of({window.due, hours{9}}));
  EXPECT_EQ(invitations[0].appointment_id, sessions.back().id);
  EXPECT_NE(invitations[0].subject.find("maintenance"), std::string::npos)
      << "in the patient's language, English";
  EXPECT_NE(invitations[0].body.find("Dear Zeynep Öztürk"), std::string::npos);

  // Session 5 was recorded attended without a chart; its chart signed now changes nothing.
  sign(sessions[4], chart_with(1));
  EXPECT_EQ(items(WorklistKind::kRecall).size(), 1u);
  EXPECT_EQ(reminders(clinic::ReminderKind::kRecall).size(), 1u);
}

// Without consent to contact the recall is still on the worklist, but no invitation is queued:
// the item says to invite the patient by hand. A course finished by cancelling its last booked
// sessions is recalled from the last session given.
TEST_P(WorklistTest, WithoutConsentToContactTheRecallInvitesNoOne) {
  const auto sessions = start_course();
  ASSERT_EQ(sessions.size(), 6u);
  auto consents = read([&](store::Transaction& tx) { return tx.list_consents(patient_.id); });
  ASSERT_TRUE(consents);
  for (const auto& consent : *consents) {
    if (consent.kind != clinic::ConsentKind::kContact) continue;
    const Instant at = std::max(today_, consent.given_at);
    auto withdrawn = write([&](store::Transaction& tx) {
      return practice::withdraw_consent(tx, patient_, consent.id,
                                        {at, at, practitioner_id_, "no more messages"}, at);
    });
    ASSERT_TRUE(withdrawn) << withdrawn.error().message;
  }
  record(sessions[0], planning::Attendance::kAttended);
  record(sessions[1], planning::Attendance::kMissed);
  for (std::size_t i = 2; i + 1 < sessions.size(); ++i) {
    record(sessions[i], planning::Attendance::kCancelled);
  }
  EXPECT_TRUE(items(WorklistKind::kRecall).empty());
  record(sessions.back(), planning::Attendance::kCancelled);

  const auto recalls = items(WorklistKind::kRecall);
  ASSERT_EQ(recalls.size(), 1u);
  EXPECT_EQ(recalls[0].due_by, planning::recall_window(protocol_, monday_).opens)
      << "from session 1, the last one given";
  EXPECT_NE(recalls[0].detail.find("invite them yourselves"), std::string::npos)
      << recalls[0].detail;
  EXPECT_TRUE(reminders(clinic::ReminderKind::kRecall).empty());
}

TEST_P(WorklistTest, AFailedReminderIsReportedOnceUntilClosed) {
  const store::Appointment session = book_at(monday_at());
  store::Reminder reminder;
  reminder.id = new_id();
  reminder.topic = "appointment:" + session.id + ":1";
  reminder.patient_id = patient_.id;
  reminder.clinic_id = clinic_.id;
  reminder.appointment_id = session.id;
  reminder.event_at = session.starts_at;
  reminder.recipient = "zeynep@example.org";
  reminder.subject = "Reminder";
  reminder.body = "Dear Zeynep";
  reminder.due_at = reminder.next_attempt_at = reminder.created_at = today_;
  reminder.status = clinic::ReminderStatus::kFailed;
  reminder.last_error = "550 no such user";
  ASSERT_TRUE(write([&](store::Transaction& tx) { return tx.queue_reminder(reminder); }));

  for (const Instant at : {today_, today_ + hours{1}}) {
    ASSERT_TRUE(write([&](store::Transaction& tx) {
      return practice::report_failed_reminder(tx, reminder, at);
    }));
  }
  auto failed = items(WorklistKind::kReminderFailed);
  ASSERT_EQ(failed.size(), 1u) << "one open item per reminder";
  EXPECT_EQ(failed[0].due_by, zone_.to_local(today_).date);
  EXPECT_EQ(failed[0].source_id, reminder.id);
  EXPECT_NE(failed[0].detail.find("550 no such user"), std::string::npos);

  auto closed = write([&](store::Transaction& tx) {
    return practice::close_worklist_item(tx, clinic_.id, failed[0].id, "Fixed the address.",
                                         practitioner_id_, today_ + hours{2});
  });
  ASSERT_TRUE(closed) << closed.error().message;
  ASSERT_TRUE(write([&](store::Transaction& tx) {
    return practice::report_failed_reminder(tx, reminder, today_ + hours{3});
  }));
  EXPECT_EQ(items(WorklistKind::kReminderFailed).size(), 2u)
      << "failing again after a retry is news once the first was dealt with";
}

TEST_P(WorklistTest, AnItemClosesOnceWithANoteAtItsOwnClinic) {
  clinic::DecisionOnRecord waiting;
  waiting.outcome = clinic::Outcome::kNotNow;
  waiting.reassess_on = add_days(monday_, 90);
  ASSERT_TRUE(write([&](store::Transaction& tx) {
    return practice::plan_reassessment(tx, patient_, "decision-1", waiting, monday_, today_);
  }));
  const std::string id = items(WorklistKind::kReassess).at(0).id;
  const auto close = [&](const std::string& clinic_id, const std::string& note) {
    return write([&](store::Transaction& tx) {
      return practice::close_worklist_item(tx, clinic_id, id, note, practitioner_id_, today_);
    });
  };
  auto blank = close(clinic_.id, "  ");
  ASSERT_FALSE(blank);
  EXPECT_EQ(blank.error().code, ErrorCode::kInvalidInput);
  auto elsewhere = close(new_id(), "Booked.");
  ASSERT_FALSE(elsewhere);
  EXPECT_EQ(elsewhere.error().code, ErrorCode::kNotFound);
  auto closed = close(clinic_.id, "Booked for the re-assessment.");
  ASSERT_TRUE(closed) << closed.error().message;
  EXPECT_EQ(clinic::status_of(*closed), clinic::WorklistStatus::kClosed);
  EXPECT_EQ(closed->closure->closed_by, practitioner_id_);
  auto again = close(clinic_.id, "Booked again.");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_EQ(items(WorklistKind::kReassess).at(0).closure->note, "Booked for the re-assessment.");
}

INSTANTIATE_TEST_SUITE_P(BothEngines, WorklistTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         engine_name);

}  // namespace
}  // namespace mesoclinic::testing
