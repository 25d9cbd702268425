// The Worklist door (store/worklist.h), run against SQLite and PostgreSQL alike: an item is opened
// once per kind, source and key, listed due first a page at a time with its filters, closed once,
// and gone with its patient's erasure. And the outbox takes recall invitations.
#include <gtest/gtest.h>

#include "core/ids.h"
#include "store/store.h"
#include "store_fixture.h"

namespace mesoclinic::testing {
namespace {

using clinic::WorklistItem;
using clinic::WorklistKind;
using clinic::WorklistStatus;
using store::Transaction;

class StoreWorklistTest : public StoreTest {
 protected:
  WorklistItem item(const clinic::Patient& patient, WorklistKind kind, const std::string& source,
                    const std::string& due, const std::string& key = "") {
    WorklistItem made;
    made.id = new_id();
    made.clinic_id = patient.clinic_id;
    made.patient_id = patient.id;
    made.kind = kind;
    made.source_id = source;
    made.source_key = key;
    made.due_by = parse_iso_date(due).value();
    made.detail = "Call the patient.";
    made.created_at = at_minutes(0);
    return made;
  }
  bool open(const WorklistItem& item) {
    auto opened = write([&](Transaction& tx) { return tx.open_worklist_item(item); });
    EXPECT_TRUE(opened) << opened.error().message;
    return opened.value_or(false);
  }
  std::vector<std::string> listed(store::WorklistQuery query) {
    query.clinic_id = clinic_.id;
    auto items = read([&](Transaction& tx) { return tx.list_worklist(query); });
    EXPECT_TRUE(items) << items.error().message;
    std::vector<std::string> details;
    for (const auto& found : items.value_or(std::vector<WorklistItem>{})) {
      details.push_back(found.detail);
    }
    return details;
  }
};

TEST_P(StoreWorklistTest, AnItemIsOpenedOncePerSourceAndReadBackWhole) {
  const auto patient = add_patient("Kaya", "Elif");
  const auto course = add_course(patient, at_minutes(0));
  WorklistItem recall = item(patient, WorklistKind::kRecall, course.id, "2027-12-01");
  recall.course_id = course.id;
  ASSERT_TRUE(open(recall));
  WorklistItem again = item(patient, WorklistKind::kRecall, course.id, "2027-12-02");
  EXPECT_FALSE(open(again)) << "the course's recall is opened once";
  // Another key of the same source is another item (a second follow-up day of one chart).
  EXPECT_TRUE(
      open(item(patient, WorklistKind::kAdverseFollowUp, "a1", "2026-12-08", "2026-12-08")));
  EXPECT_TRUE(
      open(item(patient, WorklistKind::kAdverseFollowUp, "a1", "2026-12-15", "2026-12-15")));
  EXPECT_FALSE(
      open(item(patient, WorklistKind::kAdverseFollowUp, "a1", "2026-12-15", "2026-12-15")));

  auto found = read([&](Transaction& tx) { return tx.find_worklist_item(recall.id); });
  ASSERT_TRUE(found && *found);
  EXPECT_EQ(**found, recall);
  auto of_source = read([&](Transaction& tx) {
    return tx.list_source_worklist(WorklistKind::kAdverseFollowUp, "a1");
  });
  ASSERT_TRUE(of_source);
  EXPECT_EQ(of_source->size(), 2u);
  EXPECT_EQ(read([&](Transaction& tx) { return tx.list_patient_worklist(patient.id); })->size(),
            3u);
}

TEST_P(StoreWorklistTest, TheListIsDueFirstFilteredAndPagedAfterItsCursor) {
  const auto patient = add_patient("Kaya", "Elif");
  const auto other = add_patient("Demir", "Can");
  WorklistItem late = item(patient, WorklistKind::kReassess, "d1", "2027-03-01");
  late.detail = "late";
  WorklistItem soon = item(other, WorklistKind::kReassess, "d2", "2026-12-10");
  soon.detail = "soon";
  WorklistItem failed = item(patient, WorklistKind::kReminderFailed, "r1", "2026-12-10", "1");
  failed.detail = "failed";
  for (const auto& each : {late, soon, failed}) ASSERT_TRUE(open(each));
  // Same day: by id.
  const std::string first_of_day = soon.id < failed.id ? "soon" : "failed";
  const std::string second_of_day = soon.id < failed.id ? "failed" : "soon";
  EXPECT_EQ(listed({}), (std::vector<std::string>{first_of_day, second_of_day, "late"}));
  store::WorklistQuery reassess;
  reassess.kind = WorklistKind::kReassess;
  EXPECT_EQ(listed(reassess), (std::vector<std::string>{"soon", "late"}));
  store::WorklistQuery due;
  due.due_by = parse_iso_date("2026-12-10").value();
  EXPECT_EQ(listed(due).size(), 2u) << "due on or before the day";

  store::WorklistQuery page;
  page.limit = 1;
  ASSERT_EQ(listed(page), std::vector<std::string>{first_of_day});
  page.after_due_by = parse_iso_date("2026-12-10").value();
  page.after_id = soon.id < failed.id ? soon.id : failed.id;
  EXPECT_EQ(listed(page), std::vector<std::string>{second_of_day});
  page.after_id = soon.id < failed.id ? failed.id : soon.id;
  EXPECT_EQ(listed(page), std::vector<std::string>{"late"});

  // Another clinic's items stay out of this one's list.
  const auto elsewhere_clinic = make_clinic("Kadıköy");
  ASSERT_TRUE(write([&](Transaction& tx) { return tx.insert_clinic(elsewhere_clinic); }));
  const auto elsewhere = make_patient(elsewhere_clinic.id, "Aksoy", "Selin");
  insert(elsewhere);
  ASSERT_TRUE(open(item(elsewhere, WorklistKind::kReassess, "d3", "2026-12-01")));
  EXPECT_EQ(listed({}).size(), 3u);

  // A deleted patient's items are listed no more.
  ASSERT_TRUE(write([&](Transaction& tx) { return tx.soft_delete_patient(other.id, 1, now()); }));
  EXPECT_EQ(listed(reassess), std::vector<std::string>{"late"});
}

TEST_P(StoreWorklistTest, AnItemIsClosedOnceAndListedAsClosed) {
  const auto patient = add_patient("Kaya", "Elif");
  WorklistItem reassess = item(patient, WorklistKind::kReassess, "d1", "2027-03-01");
  ASSERT_TRUE(open(reassess));
  WorklistItem closed = reassess;
  closed.closure = clinic::WorklistClosure{at_minutes(5), "u1", "Booked for March."};
  ASSERT_TRUE(write([&](Transaction& tx) { return tx.close_worklist_item(closed); }));
  auto found = read([&](Transaction& tx) { return tx.find_worklist_item(reassess.id); });
  ASSERT_TRUE(found && *found);
  EXPECT_EQ(**found, closed);
  WorklistItem second = reassess;
  second.closure = clinic::WorklistClosure{at_minutes(6), "u2", "Called."};
  auto refused = write([&](Transaction& tx) { return tx.close_worklist_item(second); });
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kConflict);

  store::WorklistQuery open_items;
  open_items.status = WorklistStatus::kOpen;
  EXPECT_TRUE(listed(open_items).empty());
  store::WorklistQuery closed_items;
  closed_items.status = WorklistStatus::kClosed;
  EXPECT_EQ(listed(closed_items).size(), 1u);
}

TEST_P(StoreWorklistTest, ErasureTakesThePatientsItemsAndTheOutboxTakesRecalls) {
  const auto patient = add_patient("Kaya", "Elif");
  const auto course = add_course(patient, at_minutes(0));
  WorklistItem recall = item(patient, WorklistKind::kRecall, course.id, "2027-12-01");
  recall.course_id = course.id;
  ASSERT_TRUE(open(recall));

  store::Reminder invitation;
  invitation.id = new_id();
  invitation.topic = "recall:" + course.id;
  invitation.kind = clinic::ReminderKind::kRecall;
  invitation.patient_id = patient.id;
  invitation.clinic_id = clinic_.id;
  invitation.appointment_id = "a1";
  invitation.event_at = invitation.due_at = invitation.next_attempt_at = at_minutes(60);
  invitation.recipient = "elif@example.org";
  invitation.subject = "Time for your maintenance session";
  invitation.body = "Dear Elif Kaya, ...";
  invitation.created_at = at_minutes(0);
  ASSERT_EQ(write([&](Transaction& tx) { return tx.queue_reminder(invitation); }).value(), true);
  auto queued = read([&](Transaction& tx) { return tx.find_reminder(invitation.id); });
  ASSERT_TRUE(queued && *queued);
  EXPECT_EQ((*queued)->kind, clinic::ReminderKind::kRecall);

  ASSERT_TRUE(write([&](Transaction& tx) { return tx.erase_patient(patient.id, now()); }));
  EXPECT_TRUE(read([&](Transaction& tx) { return tx.list_patient_worklist(patient.id); })->empty());
  EXPECT_FALSE(read([&](Transaction& tx) { return tx.find_worklist_item(recall.id); }).value());
}

MESOCLINIC_ON_BOTH_ENGINES(StoreWorklistTest);

}  // namespace
}  // namespace mesoclinic::testing
