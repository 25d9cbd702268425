// Retired catalogue items (src/practice/retirement.h, clinic/retirement.h) on both engines: a
// retired room, product or formulation is refused for new work, and the appointments, charts,
// courses and decisions that used it keep exactly what they had.
#include <gtest/gtest.h>

#include "core/ids.h"
#include "practice_fixture.h"

namespace mesoclinic::testing {
namespace {

using std::chrono::minutes;

class RetirementTest : public PracticeTest {
 protected:
  // Retires the room named `name` at the test's clinic.
  void retire_room(const std::string& name) {
    auto done = write([&](store::Transaction& tx) -> Result<void> {
      auto rooms = tx.list_rooms(clinic_.id, clinic::Retired::kIncluded);
      if (!rooms) return std::unexpected(rooms.error());
      for (auto room : *rooms) {
        if (room.name != name) continue;
        const std::int64_t seen = room.lifecycle.version;
        clinic::apply_change(room, {.name = std::nullopt, .retired = true}, today_);
        return tx.update_room(room, seen);
      }
      return fail(ErrorCode::kNotFound, "no room " + name);
    });
    ASSERT_TRUE(done) << done.error().message;
  }
  void retire_product() {
    auto done = write([&](store::Transaction& tx) -> Result<void> {
      auto product = tx.find_product(lot_.product_id);
      if (!product) return std::unexpected(product.error());
      clinic::Product retired = **product;
      clinic::apply_change(retired, {.name = std::nullopt, .retired = true}, today_);
      return tx.update_product(retired, (*product)->lifecycle.version);
    });
    ASSERT_TRUE(done) << done.error().message;
  }
  void retire_formulation() {
    auto done = write([&](store::Transaction& tx) -> Result<void> {
      auto formulation = tx.find_formulation(protocol_.formulation_id);
      if (!formulation) return std::unexpected(formulation.error());
      clinic::Formulation retired = **formulation;
      clinic::apply_change(retired, {.name = std::nullopt, .retired = true}, today_);
      return tx.update_formulation(retired, (*formulation)->lifecycle.version);
    });
    ASSERT_TRUE(done) << done.error().message;
  }
  std::string room_name(const std::string& room_id) {
    auto room = read([&](store::Transaction& tx) { return tx.find_room(room_id); });
    EXPECT_TRUE(room && *room);
    return room && *room ? (*room)->name : "";
  }
  store::Appointment stored(const std::string& appointment_id) {
    auto found = read([&](store::Transaction& tx) { return tx.find_appointment(appointment_id); });
    EXPECT_TRUE(found && *found);
    return found && *found ? **found : store::Appointment{};
  }
};

TEST_P(RetirementTest, ARetiredRoomIsNotBookedAndItsAppointmentsKeepIt) {
  const store::Appointment before = book_at(monday_at());
  ASSERT_EQ(room_name(before.room_id), "Room 1");
  retire_room("Room 1");

  const store::Appointment after = book_at(monday_at(1));
  EXPECT_EQ(room_name(after.room_id), "Room 2") << "new appointments go to rooms in service";
  EXPECT_EQ(stored(before.id), before) << "the booked appointment keeps its room";

  retire_room("Room 2");
  auto refused = write([&](store::Transaction& tx) {
    return practice::book(tx, patient_, {practitioner_id_, start_at(monday_at(2)), minutes{30}},
                          today_);
  });
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kConflict);
  EXPECT_NE(refused.error().message.find("no rooms"), std::string::npos) << refused.error().message;
}

TEST_P(RetirementTest, ARetiredProductsLotGoesIntoNoNewChartAndSignedChartsStay) {
  const store::Appointment first = book_at(monday_at());
  const store::Appointment second = book_at(monday_at(7));
  const auto sign = [&](const store::Appointment& appointment) {
    const Instant chair = appointment.starts_at + minutes{20};
    return write([&](store::Transaction& tx) -> Result<practice::SignedSession> {
      auto draft = practice::save_draft_chart(tx, appointment, patient_, chart_with(2),
                                              practitioner_id_, chair);
      if (!draft) return std::unexpected(draft.error());
      auto signature =
          practice::sign_chart(tx, appointment, patient_, std::nullopt, practitioner_id_, chair);
      if (!signature) return std::unexpected(signature.error());
      if (!std::holds_alternative<practice::SignedSession>(*signature)) {
        return fail(ErrorCode::kConflict, "refused at the chair");
      }
      return std::get<practice::SignedSession>(std::move(*signature));
    });
  };
  auto signed_first = sign(first);
  ASSERT_TRUE(signed_first) << signed_first.error().message;
  ASSERT_EQ(lot_quantity(), 18);
  retire_product();

  auto refused = sign(second);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kRetired);
  EXPECT_NE(refused.error().message.find("Biotin vial 5 ml"), std::string::npos)
      << refused.error().message;
  EXPECT_EQ(lot_quantity(), 18) << "no vial was taken";
  EXPECT_EQ(stored(second.id).status, planning::Attendance::kBooked);

  auto chart = read([&](store::Transaction& tx) { return tx.find_chart(first.id, {}); });
  ASSERT_TRUE(chart && *chart);
  EXPECT_EQ((*chart)->body, signed_first->chart.body) << "the signed chart is as it was";
  auto recipients = read([&](store::Transaction& tx) { return tx.list_lot_recipients(lot_.id); });
  ASSERT_TRUE(recipients);
  ASSERT_EQ(recipients->size(), 1u) << "a recall still finds the patient";

  // A retired product takes no delivery either.
  auto delivery = write([&](store::Transaction& tx) {
    return practice::product_for_new_work(tx, lot_.product_id, "/product_id");
  });
  ASSERT_FALSE(delivery);
  EXPECT_EQ(delivery.error().code, ErrorCode::kRetired);
  ASSERT_EQ(delivery.error().fields.size(), 1u);
  EXPECT_EQ(delivery.error().fields[0].field, "/product_id");
}

TEST_P(RetirementTest, ARetiredFormulationStartsNoCourseAndStartedCoursesAndDecisionsStay) {
  auto started = write([&](store::Transaction& tx) {
    return practice::start_course(tx, patient_, course_request(), practitioner_id_, today_);
  });
  ASSERT_TRUE(started) << started.error().message;
  auto decisions_before =
      read([&](store::Transaction& tx) { return tx.list_decisions(patient_.id); });
  ASSERT_TRUE(decisions_before);
  retire_formulation();

  clinic::Patient another = patient_;
  another.id = new_id();
  ASSERT_TRUE(write([&](store::Transaction& tx) { return tx.insert_patient(another); }));
  auto refused = write([&](store::Transaction& tx) {
    return practice::start_course(tx, another, course_request(), practitioner_id_, today_);
  });
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kRetired);
  EXPECT_NE(refused.error().message.find("Biotin and peptides"), std::string::npos)
      << refused.error().message;

  // New screenings, products and lots of it are refused; what exists is untouched.
  auto screening = write([&](store::Transaction& tx) {
    return practice::formulation_for_new_work(tx, protocol_.formulation_id, "/formulation_id");
  });
  ASSERT_FALSE(screening);
  EXPECT_EQ(screening.error().code, ErrorCode::kRetired);
  auto lot = write(
      [&](store::Transaction& tx) { return practice::check_lot_in_service(tx, lot_, "/lots"); });
  ASSERT_FALSE(lot);
  EXPECT_EQ(lot.error().code, ErrorCode::kRetired);

  auto course = read([&](store::Transaction& tx) { return tx.find_course(started->course.id); });
  ASSERT_TRUE(course && *course);
  EXPECT_EQ((*course)->body, started->course.body);
  auto sessions =
      read([&](store::Transaction& tx) { return tx.list_course_appointments(started->course.id); });
  ASSERT_TRUE(sessions);
  EXPECT_EQ(sessions->size(), 6u);
  auto decisions_after =
      read([&](store::Transaction& tx) { return tx.list_decisions(patient_.id); });
  ASSERT_TRUE(decisions_after);
  ASSERT_EQ(decisions_after->size(), decisions_before->size());
  EXPECT_EQ(decisions_after->front().body, decisions_before->front().body);
}

INSTANTIATE_TEST_SUITE_P(Engines, RetirementTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         engine_name);

}  // namespace
}  // namespace mesoclinic::testing
