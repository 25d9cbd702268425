// The Appointments door (store/appointments.h), run against SQLite and PostgreSQL alike.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "core/ids.h"
#include "store/store.h"
#include "store_fixture.h"

namespace mesoclinic::testing {
namespace {

using store::Appointment;
using store::AppointmentStatus;
using store::Room;
using store::Transaction;

// The database itself refuses a double booking: fifty bookings of one practitioner's slot at
// once (each with its own patient and room, on as many connections as the pool has) leave
// exactly one; the rest fail with kSlotUnavailable. Touching appointments and other resources pass.
class StoreAppointmentsTest : public StoreTest {};

TEST_P(StoreAppointmentsTest, FiftyConcurrentBookingsOfOneSlotLeaveExactlyOne) {
  store_ = open_store(store::MigrationPolicy::kMigrate, 8);
  const auth::User practitioner{new_id(), "dr.busy", auth::Role::kPractitioner, "$argon2id$stub",
                                now()};
  ASSERT_TRUE(write([&](Transaction& tx) { return tx.insert_user(practitioner, {clinic_.id}); }));
  constexpr int kAttempts = 50;
  std::vector<Appointment> attempts;
  for (int i = 0; i < kAttempts; ++i) {
    const auto patient =
        make_patient(clinic_.id, "Hasta", std::string("N").append(std::to_string(i)));
    insert(patient);
    const Room room{new_id(), clinic_.id, std::string("Room ").append(std::to_string(i))};
    ASSERT_TRUE(write([&](Transaction& tx) { return tx.insert_room(room); }));
    const Instant start = from_unix_micros(1'795'000'000'000'000);  // one fixed slot
    attempts.push_back({new_id(), clinic_.id, patient.id, practitioner.id, room.id, start,
                        start + std::chrono::minutes(45), AppointmentStatus::kBooked, std::nullopt,
                        0, ""});
  }
  std::atomic<int> booked{0}, refused{0}, other{0};
  std::vector<std::thread> threads;
  for (const auto& attempt : attempts) {
    threads.emplace_back([&, attempt] {
      // Written as the server writes (Store::write_together): on PostgreSQL two inserts checking
      // the exclusion constraint at once can deadlock, and the one rolled back is run again.
      auto done = store_->write_together([&](Transaction& tx) -> Result<bool> {
        if (auto inserted = tx.insert_appointment(attempt); !inserted) {
          return std::unexpected(inserted.error());
        }
        return true;
      });
      if (done) {
        ++booked;
      } else if (done.error().code == ErrorCode::kSlotUnavailable) {
        ++refused;
      } else {
        ++other;
        ADD_FAILURE() << done.error().message;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(booked, 1);
  EXPECT_EQ(refused, kAttempts - 1);
  EXPECT_EQ(other, 0);
  auto stored = read([&](Transaction& tx) {
    return tx.list_appointments(clinic_.id, attempts[0].starts_at - std::chrono::hours(1),
                                attempts[0].ends_at + std::chrono::hours(1));
  });
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->size(), 1u);
}

TEST_P(StoreAppointmentsTest,
       RoomsAndPatientsAreGuardedTooButTouchingSlotsAndCancellationsAreFine) {
  const auth::User first{new_id(), "dr.one", auth::Role::kPractitioner, "$argon2id$stub", now()};
  const auth::User second{new_id(), "dr.two", auth::Role::kPractitioner, "$argon2id$stub", now()};
  ASSERT_TRUE(write([&](Transaction& tx) { return tx.insert_user(first, {clinic_.id}); }));
  ASSERT_TRUE(write([&](Transaction& tx) { return tx.insert_user(second, {clinic_.id}); }));
  const auto ayse = make_patient(clinic_.id, "Yılmaz", "Ayşe");
  const auto ali = make_patient(clinic_.id, "Kaya", "Ali");
  insert(ayse);
  insert(ali);
  const Room one{new_id(), clinic_.id, "Room 1"}, two{new_id(), clinic_.id, "Room 2"};
  ASSERT_TRUE(write([&](Transaction& tx) { return tx.insert_room(one); }));
  ASSERT_TRUE(write([&](Transaction& tx) { return tx.insert_room(two); }));
  const Instant ten = from_unix_micros(1'795'000'000'000'000);
  const auto book = [&](const clinic::Patient& patient, const auth::User& practitioner,
                        const Room& room, Instant start, AppointmentStatus status) {
    const Appointment appointment{new_id(),
                                  clinic_.id,
                                  patient.id,
                                  practitioner.id,
                                  room.id,
                                  start,
                                  start + std::chrono::minutes(45),
                                  status,
                                  std::nullopt,
                                  0,
                                  ""};
    return write([&](Transaction& tx) { return tx.insert_appointment(appointment); });
  };
  ASSERT_TRUE(book(ayse, first, one, ten, AppointmentStatus::kBooked));
  // Same room, other practitioner and patient: refused. Same patient elsewhere: refused.
  EXPECT_EQ(book(ali, second, one, ten + std::chrono::minutes(30), AppointmentStatus::kBooked)
                .error()
                .code,
            ErrorCode::kSlotUnavailable);
  EXPECT_EQ(book(ayse, second, two, ten - std::chrono::minutes(30), AppointmentStatus::kBooked)
                .error()
                .code,
            ErrorCode::kSlotUnavailable);
  // Back to back is fine; a cancelled appointment occupies nothing.
  EXPECT_TRUE(book(ali, first, one, ten + std::chrono::minutes(45), AppointmentStatus::kBooked));
  EXPECT_TRUE(book(ali, second, two, ten, AppointmentStatus::kCancelled));
  EXPECT_TRUE(book(ali, second, two, ten - std::chrono::minutes(45), AppointmentStatus::kBooked));
}

TEST_P(StoreAppointmentsTest, MovingOrReinstatingAnAppointmentIsGuardedLikeBookingIt) {
  const auth::User dr{new_id(), "dr.move", auth::Role::kPractitioner, "$argon2id$stub", now()};
  ASSERT_TRUE(write([&](Transaction& tx) { return tx.insert_user(dr, {clinic_.id}); }));
  const auto ayse = make_patient(clinic_.id, "Yılmaz", "Ayşe");
  const auto ali = make_patient(clinic_.id, "Kaya", "Ali");
  insert(ayse);
  insert(ali);
  const Room one{new_id(), clinic_.id, "Room 1"}, two{new_id(), clinic_.id, "Room 2"};
  ASSERT_TRUE(write([&](Transaction& tx) { return tx.insert_room(one); }));
  ASSERT_TRUE(write([&](Transaction& tx) { return tx.insert_room(two); }));
  EXPECT_EQ(write([&](Transaction& tx) {
              return tx.insert_room({new_id(), clinic_.id, "Room 1"});
            })
                .error()
                .code,
            ErrorCode::kNameTaken);
  const Instant ten = from_unix_micros(1'795'000'000'000'000);
  const Appointment first{new_id(),
                          clinic_.id,
                          ayse.id,
                          dr.id,
                          one.id,
                          ten,
                          ten + std::chrono::minutes(45),
                          AppointmentStatus::kBooked,
                          std::nullopt,
                          0,
                          ""};
  Appointment second{new_id(),
                     clinic_.id,
                     ali.id,
                     dr.id,
                     two.id,
                     ten + std::chrono::hours(2),
                     ten + std::chrono::hours(3),
                     AppointmentStatus::kBooked,
                     std::nullopt,
                     0,
                     ""};
  ASSERT_TRUE(write([&](Transaction& tx) { return tx.insert_appointment(first); }));
  ASSERT_TRUE(write([&](Transaction& tx) { return tx.insert_appointment(second); }));

  Appointment onto_first = second;
  onto_first.starts_at = ten + std::chrono::minutes(30);
  const auto update = [&](const Appointment& changed, const Appointment& seen) {
    return write([&](Transaction& tx) { return tx.update_appointment(changed, seen); });
  };
  EXPECT_EQ(update(onto_first, second).error().code, ErrorCode::kSlotUnavailable);
  // Cancelled, it may sit anywhere; reinstated over the first, it is refused again.
  onto_first.status = AppointmentStatus::kCancelled;
  onto_first.note = "patient ill";
  ASSERT_TRUE(update(onto_first, second));
  Appointment reinstated = onto_first;
  reinstated.status = AppointmentStatus::kBooked;
  EXPECT_EQ(update(reinstated, onto_first).error().code, ErrorCode::kSlotUnavailable);
  // A change made from a stale read (still "booked" at the old time) is refused, not applied.
  Appointment stale = second;
  stale.status = AppointmentStatus::kAttended;
  EXPECT_EQ(update(stale, second).error().code, ErrorCode::kConflict);
  auto stored = read([&](Transaction& tx) { return tx.find_appointment(second.id); });
  ASSERT_TRUE(stored && *stored);
  EXPECT_EQ((*stored)->status, AppointmentStatus::kCancelled);
  EXPECT_EQ((*stored)->note, "patient ill");
  auto mine = read([&](Transaction& tx) { return tx.list_patient_appointments(ayse.id); });
  ASSERT_TRUE(mine);
  ASSERT_EQ(mine->size(), 1u);
  EXPECT_EQ(mine->front(), first);
}

TEST_P(StoreAppointmentsTest, ACoursesSessionsComeInSessionOrderAndListsSpanClinics) {
  const auto patient = add_patient("Doe", "Jane");
  const auto course = add_course(patient, at_minutes(0));
  const auto third = add_appointment(patient, at_minutes(60 * 24 * 14), course.id, 3);
  const auto first = add_appointment(patient, at_minutes(60 * 24), course.id, 1);
  const auto single = add_appointment(patient, at_minutes(60 * 24 * 7));
  auto sessions = read([&](Transaction& tx) { return tx.list_course_appointments(course.id); });
  ASSERT_TRUE(sessions);
  ASSERT_EQ(sessions->size(), 2u);
  EXPECT_EQ((*sessions)[0], first);
  EXPECT_EQ((*sessions)[1], third);
  EXPECT_EQ((*sessions)[1].course_id, std::optional(course.id));
  auto found = read([&](Transaction& tx) { return tx.find_appointment(single.id); });
  ASSERT_TRUE(found && *found);
  EXPECT_EQ(**found, single);
  EXPECT_EQ((*found)->session_number, 0);
  EXPECT_FALSE((*found)->course_id.has_value());

  // Every clinic's appointments overlapping [from, to): one that ends at `from` is not in it.
  auto window = read([&](Transaction& tx) {
    return tx.list_appointments("", first.ends_at, third.starts_at + std::chrono::minutes(1));
  });
  ASSERT_TRUE(window);
  ASSERT_EQ(window->size(), 2u);
  EXPECT_EQ((*window)[0].id, single.id);
  EXPECT_EQ((*window)[1].id, third.id);
  const auto other = make_clinic("Marylebone Hair Studio");
  ASSERT_TRUE(write([&](Transaction& tx) { return tx.insert_clinic(other); }));
  EXPECT_TRUE(read([&](Transaction& tx) {
                return tx.list_appointments(other.id, at_minutes(0), at_minutes(60 * 24 * 30));
              })->empty());
  EXPECT_FALSE(read([&](Transaction& tx) { return tx.find_appointment(new_id()); }).value());
}

MESOCLINIC_ON_BOTH_ENGINES(StoreAppointmentsTest);

}  // namespace
}  // namespace mesoclinic::testing
