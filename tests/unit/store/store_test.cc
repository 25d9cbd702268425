// The store's contract, run against SQLite and PostgreSQL alike.
#include "store/store.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "core/ids.h"
#include "core/text.h"
#include "store_fixture.h"

namespace mesoclinic::testing {
namespace {

using store::Engine;
using store::Store;
using store::TransactionMode;

clinic::Clinic make_clinic(const std::string& name) {
  return {new_id(), name, "Europe/Istanbul", now()};
}

clinic::Patient make_patient(const std::string& clinic_id, const std::string& family,
                             const std::string& given) {
  clinic::Patient patient;
  patient.id = new_id();
  patient.clinic_id = clinic_id;
  patient.details.family_name = family;
  patient.details.given_name = given;
  patient.details.date_of_birth = *parse_iso_date("1985-06-01");
  patient.details.sex = clinic::Sex::kFemale;
  patient.details.phone = "+905321234567";
  patient.details.preferred_language = "tr";
  patient.details.reminder_channel = clinic::ReminderChannel::kSms;
  // Stored instants have microsecond resolution; round so equality survives the trip.
  patient.created_at = patient.updated_at = from_unix_micros(to_unix_micros(now()));
  return patient;
}

class StoreTest : public ::testing::TestWithParam<Engine> {
 protected:
  std::unique_ptr<Store> open_store(
      store::MigrationPolicy policy = store::MigrationPolicy::kMigrate, std::size_t pool_size = 2) {
    auto opened = Store::open({database_->url(), pool_size, policy});
    EXPECT_TRUE(opened) << opened.error().message;
    return opened ? std::move(*opened) : nullptr;
  }

  template <class Work>
  auto write(Work&& work) {
    return store::in_transaction(*store_, TransactionMode::kWrite, std::forward<Work>(work));
  }
  template <class Work>
  auto read(Work&& work) {
    return store::in_transaction(*store_, TransactionMode::kRead, std::forward<Work>(work));
  }

  void SetUp() override {
    database_ = std::make_unique<TestDatabase>(GetParam());
    store_ = open_store();
    clinic_ = make_clinic("Moda Saç Kliniği");
    ASSERT_TRUE(write([&](store::Transaction& tx) { return tx.insert_clinic(clinic_); }));
  }

  void insert(const clinic::Patient& patient) {
    auto inserted = write([&](store::Transaction& tx) { return tx.insert_patient(patient); });
    ASSERT_TRUE(inserted) << inserted.error().message;
  }

  std::vector<std::string> family_names(store::PatientQuery query) {
    auto rows = read([&](store::Transaction& tx) { return tx.list_patients(query); });
    EXPECT_TRUE(rows) << rows.error().message;
    std::vector<std::string> names;
    if (rows) {
      for (const auto& row : *rows) names.push_back(row.patient.details.family_name);
    }
    return names;
  }

  std::unique_ptr<TestDatabase> database_;
  std::unique_ptr<Store> store_;
  clinic::Clinic clinic_;
};

// The highest migration number in the source tree: what a fresh database must reach.
int newest_migration() {
  int newest = 0;
  for (const auto& folder : std::filesystem::directory_iterator(MESOCLINIC_MIGRATIONS_DIR)) {
    for (const auto& file : std::filesystem::directory_iterator(folder.path())) {
      newest = std::max(newest, std::atoi(file.path().filename().c_str()));
    }
  }
  return newest;
}

TEST_P(StoreTest, MigrationsRunOnceAndReopeningKeepsData) {
  const auto patient = make_patient(clinic_.id, "Yılmaz", "Ayşe");
  insert(patient);
  ASSERT_GE(newest_migration(), 6);
  EXPECT_EQ(store_->schema_version().value(), newest_migration());
  store_.reset();
  store_ = open_store();
  EXPECT_EQ(store_->schema_version().value(), newest_migration());
  auto found = read([&](store::Transaction& tx) { return tx.find_patient(patient.id); });
  ASSERT_TRUE(found && *found);
  EXPECT_EQ(**found, patient);
}

TEST_P(StoreTest, ToolsRefuseADatabaseThatWasNeverMigrated) {
  TestDatabase empty(GetParam());
  auto opened = Store::open({empty.url(), 1, store::MigrationPolicy::kRequireCurrent});
  ASSERT_FALSE(opened);
  EXPECT_NE(opened.error().message.find("mesoclinic migrate"), std::string::npos)
      << opened.error().message;
}

TEST_P(StoreTest, ClinicsAreListedByName) {
  const auto second = make_clinic("Marylebone Hair Studio");
  ASSERT_TRUE(write([&](store::Transaction& tx) { return tx.insert_clinic(second); }));
  auto clinics = read([&](store::Transaction& tx) { return tx.list_clinics(); });
  ASSERT_TRUE(clinics);
  ASSERT_EQ(clinics->size(), 2u);
  EXPECT_EQ((*clinics)[0].name, "Marylebone Hair Studio");
  EXPECT_EQ((*clinics)[1], clinic_);
  auto missing = read([&](store::Transaction& tx) { return tx.find_clinic(new_id()); });
  ASSERT_TRUE(missing);
  EXPECT_FALSE(missing->has_value());
}

TEST_P(StoreTest, APatientNeedsAnExistingClinicAndAFreshId) {
  auto orphan = make_patient(new_id(), "Doe", "Jane");
  auto refused = write([&](store::Transaction& tx) { return tx.insert_patient(orphan); });
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidInput);
  ASSERT_EQ(refused.error().fields.size(), 1u);
  EXPECT_EQ(refused.error().fields[0].field, "/clinic_id");

  const auto patient = make_patient(clinic_.id, "Doe", "Jane");
  insert(patient);
  auto duplicate = write([&](store::Transaction& tx) { return tx.insert_patient(patient); });
  ASSERT_FALSE(duplicate);
  EXPECT_EQ(duplicate.error().code, ErrorCode::kConflict);
}

TEST_P(StoreTest, UncommittedWritesRollBack) {
  const auto patient = make_patient(clinic_.id, "Doe", "Jane");
  {
    auto tx = store_->begin(TransactionMode::kWrite);
    ASSERT_TRUE(tx);
    ASSERT_TRUE((*tx)->insert_patient(patient));
  }
  auto found = read([&](store::Transaction& tx) { return tx.find_patient(patient.id); });
  ASSERT_TRUE(found);
  EXPECT_FALSE(found->has_value());
}

TEST_P(StoreTest, UpdatesNeedTheCurrentVersion) {
  auto patient = make_patient(clinic_.id, "Doe", "Jane");
  insert(patient);
  auto changed = patient;
  changed.details.given_name = "Janet";
  changed.details.phone.reset();
  changed.version = 2;
  ASSERT_TRUE(write([&](store::Transaction& tx) { return tx.update_patient(changed, 1); }));

  auto stale = patient;
  stale.details.given_name = "Joan";
  stale.version = 2;
  auto refused = write([&](store::Transaction& tx) { return tx.update_patient(stale, 1); });
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kPreconditionFailed);

  auto found = read([&](store::Transaction& tx) { return tx.find_patient(patient.id); });
  ASSERT_TRUE(found && *found);
  EXPECT_EQ(**found, changed);

  auto unknown = make_patient(clinic_.id, "Nobody", "Here");
  auto missing = write([&](store::Transaction& tx) { return tx.update_patient(unknown, 1); });
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST_P(StoreTest, SoftDeletedPatientsDisappearFromReadsAndLists) {
  const auto patient = make_patient(clinic_.id, "Doe", "Jane");
  insert(patient);
  auto stale =
      write([&](store::Transaction& tx) { return tx.soft_delete_patient(patient.id, 7, now()); });
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, ErrorCode::kPreconditionFailed);
  ASSERT_TRUE(
      write([&](store::Transaction& tx) { return tx.soft_delete_patient(patient.id, 1, now()); }));
  auto found = read([&](store::Transaction& tx) { return tx.find_patient(patient.id); });
  ASSERT_TRUE(found);
  EXPECT_FALSE(found->has_value());
  EXPECT_TRUE(family_names({}).empty());
  auto count = read([&](store::Transaction& tx) { return tx.count_patients(); });
  EXPECT_EQ(count.value(), 0);
  auto again =
      write([&](store::Transaction& tx) { return tx.soft_delete_patient(patient.id, 2, now()); });
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kNotFound);
}

TEST_P(StoreTest, NameSearchIsAPrefixOfFoldedFamilyOrGivenName) {
  insert(make_patient(clinic_.id, "Yılmaz", "Ayşe"));
  insert(make_patient(clinic_.id, "Yılmazer", "Mehmet"));
  insert(make_patient(clinic_.id, "Öztürk", "Zeynep"));
  insert(make_patient(clinic_.id, "Smith", "Ayla"));
  store::PatientQuery query;
  query.name_prefix = fold_for_search("YILMAZ");
  EXPECT_EQ(family_names(query), (std::vector<std::string>{"Yılmaz", "Yılmazer"}));
  query.name_prefix = fold_for_search("oz");
  EXPECT_EQ(family_names(query), (std::vector<std::string>{"Öztürk"}));
  query.name_prefix = fold_for_search("ay");  // given names match too
  EXPECT_EQ(family_names(query), (std::vector<std::string>{"Smith", "Yılmaz"}));
  query.name_prefix = fold_for_search("yilmaz ay");  // "family given" as typed at the desk
  EXPECT_EQ(family_names(query), (std::vector<std::string>{"Yılmaz"}));
  query.name_prefix = fold_for_search("zz");
  EXPECT_TRUE(family_names(query).empty());
}

TEST_P(StoreTest, FiltersByClinicPhoneAndDateOfBirth) {
  const auto other = make_clinic("Marylebone Hair Studio");
  ASSERT_TRUE(write([&](store::Transaction& tx) { return tx.insert_clinic(other); }));
  auto a = make_patient(clinic_.id, "Aydın", "Ali");
  auto b = make_patient(other.id, "Brown", "Beth");
  b.details.phone = "+447700900123";
  b.details.date_of_birth = *parse_iso_date("1990-01-31");
  insert(a);
  insert(b);
  store::PatientQuery query;
  query.clinic_id = other.id;
  EXPECT_EQ(family_names(query), (std::vector<std::string>{"Brown"}));
  query = {};
  query.phone = "+905321234567";
  EXPECT_EQ(family_names(query), (std::vector<std::string>{"Aydın"}));
  query = {};
  query.date_of_birth = *parse_iso_date("1990-01-31");
  EXPECT_EQ(family_names(query), (std::vector<std::string>{"Brown"}));
}

TEST_P(StoreTest, KeysetPagesVisitEveryPatientOnceInNameOrder) {
  // Same names on purpose: ties on the sort key are broken by id.
  for (int i = 0; i < 7; ++i) insert(make_patient(clinic_.id, i % 2 ? "Kaya" : "Demir", "Can"));
  std::vector<std::string> seen;
  store::PatientQuery query;
  query.limit = 3;
  for (;;) {
    auto rows = read([&](store::Transaction& tx) { return tx.list_patients(query); });
    ASSERT_TRUE(rows) << rows.error().message;
    for (const auto& row : *rows) seen.push_back(row.patient.details.family_name + row.patient.id);
    if (rows->size() < query.limit) break;
    query.after_sort_key = rows->back().sort_key;
    query.after_id = rows->back().patient.id;
  }
  ASSERT_EQ(seen.size(), 7u);
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
  EXPECT_EQ(std::adjacent_find(seen.begin(), seen.end()), seen.end());
}

TEST_P(StoreTest, IdempotentRepliesAreKeptOncePerScopeAndKey) {
  store::IdempotentReply reply{"POST /api/v1/patients", "key-1", "abc", 201, "/x", "{}", now()};
  ASSERT_TRUE(write([&](store::Transaction& tx) { return tx.save_idempotent_reply(reply); }));
  auto duplicate = write([&](store::Transaction& tx) { return tx.save_idempotent_reply(reply); });
  ASSERT_FALSE(duplicate);
  EXPECT_EQ(duplicate.error().code, ErrorCode::kConflict);
  auto found = read([&](store::Transaction& tx) {
    return tx.find_idempotent_reply("POST /api/v1/patients", "key-1");
  });
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->status, 201);
  EXPECT_EQ((*found)->location, "/x");
  auto other_scope = read([&](store::Transaction& tx) {
    return tx.find_idempotent_reply("POST /api/v1/other", "key-1");
  });
  ASSERT_TRUE(other_scope);
  EXPECT_FALSE(other_scope->has_value());
}

TEST_P(StoreTest, ConcurrentWritersAllSucceed) {
  constexpr int kThreads = 4, kEach = 25;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kEach; ++i) {
        const auto patient = make_patient(clinic_.id, "Paralel", "Test");
        if (!write([&](store::Transaction& tx) { return tx.insert_patient(patient); })) {
          ++failures;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  auto count = read([&](store::Transaction& tx) { return tx.count_patients(); });
  EXPECT_EQ(count.value(), kThreads * kEach);
}

TEST_P(StoreTest, PoolReportsConnectionsInUse) {
  EXPECT_EQ(store_->pool_stats().size, 2u);
  EXPECT_EQ(store_->pool_stats().in_use, 0u);
  auto tx = store_->begin(TransactionMode::kRead);
  ASSERT_TRUE(tx);
  EXPECT_EQ(store_->pool_stats().in_use, 1u);
  EXPECT_TRUE(store_->ping());
}

TEST_P(StoreTest, UsersHaveUniqueNamesAndTheirOwnClinics) {
  const auto other = make_clinic("Marylebone Hair Studio");
  ASSERT_TRUE(write([&](store::Transaction& tx) { return tx.insert_clinic(other); }));
  auth::User user{new_id(), "dr.kaya", auth::Role::kPractitioner, "$argon2id$stub",
                  from_unix_micros(to_unix_micros(now()))};
  ASSERT_TRUE(write([&](store::Transaction& tx) { return tx.insert_user(user, {other.id}); }));
  auto twin = user;
  twin.id = new_id();
  auto taken = write([&](store::Transaction& tx) { return tx.insert_user(twin, {}); });
  ASSERT_FALSE(taken);
  EXPECT_EQ(taken.error().code, ErrorCode::kConflict);
  auto found = read([&](store::Transaction& tx) { return tx.find_user_by_username("dr.kaya"); });
  ASSERT_TRUE(found && *found);
  EXPECT_EQ(**found, user);
  auto clinics = read([&](store::Transaction& tx) { return tx.user_clinic_ids(user.id); });
  EXPECT_EQ(clinics.value(), std::vector<std::string>{other.id});

  insert(make_patient(clinic_.id, "Aydın", "Ali"));
  insert(make_patient(other.id, "Brown", "Beth"));
  store::PatientQuery query;
  query.visible_clinic_ids = {other.id};
  EXPECT_EQ(family_names(query), (std::vector<std::string>{"Brown"}));
}

TEST_P(StoreTest, SessionsAreFoundByTokenHashAndEnd) {
  auth::User user{new_id(), "front.desk", auth::Role::kReception, "$argon2id$stub", now()};
  ASSERT_TRUE(write([&](store::Transaction& tx) { return tx.insert_user(user, {clinic_.id}); }));
  const Instant at = from_unix_micros(to_unix_micros(now()));
  for (const char* hash : {"h1", "h2"}) {
    auth::Session session{hash, user.id, "csrf", at, at, "127.0.0.1"};
    ASSERT_TRUE(write([&](store::Transaction& tx) { return tx.insert_session(session); }));
  }
  auto found = read([&](store::Transaction& tx) { return tx.find_session("h1"); });
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->user_id, user.id);
  EXPECT_EQ((*found)->created_at, at);
  ASSERT_TRUE(write([&](store::Transaction& tx) { return tx.delete_session("h1"); }));
  EXPECT_FALSE(read([&](store::Transaction& tx) { return tx.find_session("h1"); }).value());
  auto ended = write([&](store::Transaction& tx) { return tx.delete_sessions_of_user(user.id); });
  EXPECT_EQ(ended.value(), 1);
  EXPECT_FALSE(read([&](store::Transaction& tx) { return tx.find_session("h2"); }).value());
}

INSTANTIATE_TEST_SUITE_P(BothEngines, StoreTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgres), engine_name);

TEST(StoreOpen, RefusesUnknownUrlSchemes) {
  auto opened = Store::open({"mysql://root@localhost/clinic"});
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, ErrorCode::kInvalidInput);
}

TEST(StoreOpen, AnUnreachableServerIsUnavailableAndThePasswordIsNotShown) {
  // Port 1 on loopback: nothing listens there.
  auto opened = Store::open({"postgresql://clinic:s3cret@127.0.0.1:1/clinic"});
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(opened.error().message.find("s3cret"), std::string::npos) << opened.error().message;
}

TEST(StoreOpen, RedactsPasswords) {
  EXPECT_EQ(store::redact_url("postgresql://u:pw@h:5432/db"), "postgresql://u:***@h:5432/db");
  EXPECT_EQ(store::redact_url("postgresql://h/db?password=pw&x=1"),
            "postgresql://h/db?password=***&x=1");
  EXPECT_EQ(store::redact_url("sqlite:var/a.db"), "sqlite:var/a.db");
}

}  // namespace
}  // namespace mesoclinic::testing

namespace mesoclinic::testing {
namespace {

using store::Appointment;
using store::AppointmentStatus;
using store::Room;
using store::Transaction;

// The database itself refuses a double booking: fifty bookings of one practitioner's slot at
// once (each with its own patient and room, on as many connections as the pool has) leave
// exactly one; the rest fail with kConflict. Touching appointments and other resources pass.
class AppointmentTest : public StoreTest {};

TEST_P(AppointmentTest, FiftyConcurrentBookingsOfOneSlotLeaveExactlyOne) {
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
      auto done = write([&](Transaction& tx) { return tx.insert_appointment(attempt); });
      if (done) {
        ++booked;
      } else if (done.error().code == ErrorCode::kConflict) {
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

TEST_P(AppointmentTest, RoomsAndPatientsAreGuardedTooButTouchingSlotsAndCancellationsAreFine) {
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
            ErrorCode::kConflict);
  EXPECT_EQ(book(ayse, second, two, ten - std::chrono::minutes(30), AppointmentStatus::kBooked)
                .error()
                .code,
            ErrorCode::kConflict);
  // Back to back is fine; a cancelled appointment occupies nothing.
  EXPECT_TRUE(book(ali, first, one, ten + std::chrono::minutes(45), AppointmentStatus::kBooked));
  EXPECT_TRUE(book(ali, second, two, ten, AppointmentStatus::kCancelled));
  EXPECT_TRUE(book(ali, second, two, ten - std::chrono::minutes(45), AppointmentStatus::kBooked));
}

TEST_P(AppointmentTest, MovingOrReinstatingAnAppointmentIsGuardedLikeBookingIt) {
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
            ErrorCode::kConflict);
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
  EXPECT_EQ(update(onto_first, second).error().code, ErrorCode::kConflict);
  // Cancelled, it may sit anywhere; reinstated over the first, it is refused again.
  onto_first.status = AppointmentStatus::kCancelled;
  onto_first.note = "patient ill";
  ASSERT_TRUE(update(onto_first, second));
  Appointment reinstated = onto_first;
  reinstated.status = AppointmentStatus::kBooked;
  EXPECT_EQ(update(reinstated, onto_first).error().code, ErrorCode::kConflict);
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

TEST_P(AppointmentTest, StockIsReceivedIntoOneLotPerNumberAndRecallsStick) {
  const clinic::Formulation formulation{new_id(), "Biotin mix", {}, now()};
  ASSERT_TRUE(write([&](Transaction& tx) { return tx.insert_formulation(formulation); }));
  const clinic::Product vial{new_id(), "Biotin mix 5 ml", formulation.id, 5.0};
  ASSERT_TRUE(write([&](Transaction& tx) { return tx.insert_product(vial, now()); }));
  const CalendarDate expiry = parse_iso_date("2027-06-30").value();
  const clinic::Lot lot{new_id(), vial.id, clinic_.id, "BX-1", expiry, 10, false};
  auto first = write([&](Transaction& tx) { return tx.receive_lot(lot, now()); });
  ASSERT_TRUE(first);
  clinic::Lot more = lot;
  more.id = new_id();
  more.quantity = 5;
  auto second = write([&](Transaction& tx) { return tx.receive_lot(more, now()); });
  ASSERT_TRUE(second);
  EXPECT_EQ(second->id, lot.id) << "the same lot number is the same lot";
  EXPECT_EQ(second->quantity, 15);
  more.expires_on = parse_iso_date("2027-07-31").value();
  EXPECT_EQ(write([&](Transaction& tx) { return tx.receive_lot(more, now()); }).error().code,
            ErrorCode::kConflict);
  ASSERT_TRUE(write([&](Transaction& tx) { return tx.recall_lot(lot.id, now()); }));
  auto held = read([&](Transaction& tx) { return tx.list_lots(clinic_.id); });
  ASSERT_TRUE(held);
  ASSERT_EQ(held->size(), 1u);
  EXPECT_TRUE(held->front().recalled);
  EXPECT_EQ(held->front().quantity, 15);
  EXPECT_EQ(read([&](Transaction& tx) { return tx.list_products(); })->size(), 1u);
  // The database itself refuses a negative count.
  EXPECT_FALSE(write([&](Transaction& tx) -> Result<void> {
    auto received =
        tx.receive_lot({new_id(), vial.id, clinic_.id, "BX-2", expiry, -1, false}, now());
    if (!received) return std::unexpected(received.error());
    return {};
  }));
}

TEST_P(AppointmentTest, ClinicSettingsAreReplacedWholeAndListedByPrefix) {
  for (const auto& [name, body] : std::vector<std::pair<std::string, std::string>>{
           {"calendar", "{\"v\":1}"}, {"schedule:a_1", "{}"}, {"schedule:b%2", "{}"}}) {
    ASSERT_TRUE(write([&](Transaction& tx) {
      return tx.save_clinic_setting({clinic_.id, name, body, now()});
    }));
  }
  ASSERT_TRUE(write([&](Transaction& tx) {
    return tx.save_clinic_setting({clinic_.id, "calendar", "{\"v\":2}", now()});
  }));
  auto calendar =
      read([&](Transaction& tx) { return tx.find_clinic_setting(clinic_.id, "calendar"); });
  ASSERT_TRUE(calendar && *calendar);
  EXPECT_EQ((*calendar)->body, "{\"v\":2}");
  auto schedules =
      read([&](Transaction& tx) { return tx.list_clinic_settings(clinic_.id, "schedule:"); });
  ASSERT_TRUE(schedules);
  ASSERT_EQ(schedules->size(), 2u);
  EXPECT_EQ((*schedules)[0].name, "schedule:a_1");
}

// The outbox keeps one reminder per topic, hands out what is due, and lets only one sender
// claim a reminder: the second claim of the same row finds it no longer pending.
TEST_P(AppointmentTest, TheReminderOutboxQueuesOncePerTopicAndLetsOneSenderClaim) {
  const auto patient = make_patient(clinic_.id, "Kaya", "Elif");
  insert(patient);
  const Instant at = from_unix_micros(to_unix_micros(now()));
  store::Reminder reminder;
  reminder.id = new_id();
  reminder.topic = "appointment:a1:100";
  reminder.patient_id = patient.id;
  reminder.clinic_id = clinic_.id;
  reminder.appointment_id = "a1";
  reminder.event_at = at + std::chrono::hours{24};
  reminder.recipient = "elif@example.org";
  reminder.subject = "Yarınki randevunuz";
  reminder.body = "Sayın Elif Kaya, ...";
  reminder.due_at = at;
  reminder.next_attempt_at = at;
  reminder.created_at = at;
  EXPECT_EQ(write([&](Transaction& tx) { return tx.queue_reminder(reminder); }).value(), true);
  store::Reminder again = reminder;
  again.id = new_id();
  EXPECT_EQ(write([&](Transaction& tx) { return tx.queue_reminder(again); }).value(), false)
      << "the same topic is not queued twice";
  store::Reminder later = reminder;
  later.id = new_id();
  later.topic = "appointment:a2:200";
  later.next_attempt_at = at + std::chrono::hours{1};
  ASSERT_TRUE(write([&](Transaction& tx) { return tx.queue_reminder(later); }));

  auto due = read([&](Transaction& tx) { return tx.list_due_reminders(at, 10); });
  ASSERT_TRUE(due) << due.error().message;
  ASSERT_EQ(due->size(), 1u);
  EXPECT_EQ((*due)[0], reminder);

  store::Reminder claimed = reminder;
  claimed.status = clinic::ReminderStatus::kSending;
  claimed.attempts = 1;
  claimed.claimed_at = at;
  EXPECT_TRUE(write([&](Transaction& tx) {
                return tx.update_reminder(claimed, clinic::ReminderStatus::kPending, 0);
              }).value());
  EXPECT_FALSE(write([&](Transaction& tx) {
                 return tx.update_reminder(claimed, clinic::ReminderStatus::kPending, 0);
               }).value())
      << "a second sender cannot claim it";
  store::Reminder overtaken = claimed;
  overtaken.status = clinic::ReminderStatus::kSent;
  EXPECT_FALSE(write([&](Transaction& tx) {
                 return tx.update_reminder(overtaken, clinic::ReminderStatus::kSending, 0);
               }).value())
      << "a sender holding an older claim (fewer attempts) cannot write";
  auto stale = read([&](Transaction& tx) {
    return tx.list_stale_reminders(clinic::ReminderStatus::kSending, at + std::chrono::seconds{1});
  });
  ASSERT_TRUE(stale);
  ASSERT_EQ(stale->size(), 1u);
  EXPECT_EQ((*stale)[0], claimed);

  store::ReminderFilter filter;
  filter.patient_id = patient.id;
  filter.status = clinic::ReminderStatus::kPending;
  auto pending = read([&](Transaction& tx) { return tx.list_reminders(filter, 50); });
  ASSERT_TRUE(pending);
  ASSERT_EQ(pending->size(), 1u);
  EXPECT_EQ((*pending)[0].id, later.id);

  ASSERT_TRUE(write([&](Transaction& tx) { return tx.erase_patient(patient.id, now()); }));
  filter.status.reset();
  EXPECT_TRUE(read([&](Transaction& tx) { return tx.list_reminders(filter, 50); })->empty())
      << "erasure removes the patient's reminders";
}

INSTANTIATE_TEST_SUITE_P(BothEngines, AppointmentTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgres), engine_name);

}  // namespace
}  // namespace mesoclinic::testing
