#include "store_fixture.h"

#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <stdexcept>

#include "core/ids.h"
#include "core/text.h"

namespace mesoclinic::testing {
namespace {

std::string admin_url() {
  const char* url = std::getenv("MESOCLINIC_TEST_PG");
  if (url == nullptr || *url == '\0') {
    throw std::runtime_error(
        "MESOCLINIC_TEST_PG is not set: run the tests with scripts/test (or under "
        "scripts/with-postgres), which starts a throwaway PostgreSQL cluster");
  }
  return url;
}

std::string unique_suffix() {
  static std::atomic<int> counter{0};
  return std::to_string(getpid()) + "_" + std::to_string(counter++);
}

}  // namespace

void run_admin_sql(const std::string& sql) {
  PGconn* connection = PQconnectdb(admin_url().c_str());
  if (PQstatus(connection) != CONNECTION_OK) {
    const std::string message = PQerrorMessage(connection);
    PQfinish(connection);
    throw std::runtime_error("cannot reach the test PostgreSQL cluster: " + message);
  }
  PQsetNoticeProcessor(
      connection, [](void*, const char*) {}, nullptr);  // "does not exist, skipping"
  PGresult* result = PQexec(connection, sql.c_str());
  const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
  const std::string message = PQerrorMessage(connection);
  PQclear(result);
  PQfinish(connection);
  if (!ok) throw std::runtime_error(sql + ": " + message);
}

TestDatabase::TestDatabase(store::Engine engine) : engine_(engine) {
  if (engine == store::Engine::kSqlite) {
    directory_ = std::filesystem::temp_directory_path() / ("mesoclinic_test_" + unique_suffix());
    std::filesystem::remove_all(directory_);
    std::filesystem::create_directories(directory_);
    file_ = directory_ / "clinic.db";
    url_ = "sqlite:" + file_.string();
    return;
  }
  const std::string admin = admin_url();
  name_ = "mesoclinic_test_" + unique_suffix();
  run_admin_sql("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
  run_admin_sql("CREATE DATABASE " + name_);
  const auto slash = admin.rfind('/');
  const auto query = admin.find('?', slash);
  url_ = admin.substr(0, slash + 1) + name_ +
         (query == std::string::npos ? std::string() : admin.substr(query));
}

TestDatabase::~TestDatabase() {
  try {
    if (engine_ == store::Engine::kSqlite) {
      std::filesystem::remove_all(directory_);
    } else {
      run_admin_sql("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    }
  } catch (const std::exception& error) {
    ADD_FAILURE() << "could not remove the test database: " << error.what();
  }
}

clinic::Clinic make_clinic(const std::string& name) {
  const Instant created = now();
  return {.id = new_id(),
          .name = name,
          .time_zone = "Europe/Istanbul",
          .created_at = created,
          .currency = "TRY",
          .default_language = "tr",
          .version = 1,
          .updated_at = created};
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
  patient.created_at = patient.updated_at = now();
  return patient;
}

auth::User make_user(const std::string& username, auth::Role role) {
  return {new_id(), username, role, "$argon2id$stub", now()};
}

std::unique_ptr<store::Store> StoreTest::open_store(store::MigrationPolicy policy,
                                                    std::size_t pool_size) {
  auto opened =
      store::Store::open({database_->url(), pool_size, policy, /*accept_unsynced_postgres=*/true});
  EXPECT_TRUE(opened) << opened.error().message;
  return opened ? std::move(*opened) : nullptr;
}

void StoreTest::SetUp() {
  database_ = std::make_unique<TestDatabase>(GetParam());
  store_ = open_store();
  ASSERT_TRUE(store_);
  clinic_ = make_clinic("Moda Saç Kliniği");
  ASSERT_TRUE(write([&](store::Transaction& tx) { return tx.insert_clinic(clinic_); }));
}

void StoreTest::insert(const clinic::Patient& patient) {
  auto inserted = write([&](store::Transaction& tx) { return tx.insert_patient(patient); });
  ASSERT_TRUE(inserted) << inserted.error().message;
}

clinic::Patient StoreTest::add_patient(const std::string& family, const std::string& given) {
  auto patient = make_patient(clinic_.id, family, given);
  insert(patient);
  return patient;
}

auth::User StoreTest::add_user(const std::string& username) {
  const auto user = make_user(username);
  auto done = write([&](store::Transaction& tx) { return tx.insert_user(user, {clinic_.id}); });
  EXPECT_TRUE(done) << done.error().message;
  return user;
}

store::Room StoreTest::add_room(const std::string& name) {
  const store::Room room{new_id(), clinic_.id, name};
  auto done = write([&](store::Transaction& tx) { return tx.insert_room(room); });
  EXPECT_TRUE(done) << done.error().message;
  return room;
}

clinic::Formulation StoreTest::add_formulation(const std::string& name) {
  const clinic::Formulation formulation{
      new_id(), name, {{"biotin", 5, "mg"}, {"dexpanthenol", 20, "mg"}}, now()};
  auto done = write([&](store::Transaction& tx) { return tx.insert_formulation(formulation); });
  EXPECT_TRUE(done) << done.error().message;
  return formulation;
}

store::StoredProtocol StoreTest::add_protocol(const std::string& name) {
  const Instant created = now();
  const store::StoredProtocol protocol{.id = new_id(),
                                       .name = name,
                                       .formulation_id = add_formulation(name + " mix").id,
                                       .created_at = created,
                                       .body = "{\"sessions\":6}",
                                       .version = 1,
                                       .updated_at = created,
                                       .retired_at = std::nullopt};
  auto done = write([&](store::Transaction& tx) { return tx.insert_protocol(protocol); });
  EXPECT_TRUE(done) << done.error().message;
  return protocol;
}

store::StoredCourse StoreTest::add_course(const clinic::Patient& patient, Instant created_at) {
  const store::StoredCourse course{
      new_id(),   clinic_.id, patient.id, add_protocol("Protocol " + new_id()).id,
      created_at, "dr",       "{}",       std::nullopt};
  auto done = write([&](store::Transaction& tx) { return tx.insert_course(course); });
  EXPECT_TRUE(done) << done.error().message;
  return course;
}

store::Appointment StoreTest::add_appointment(const clinic::Patient& patient, Instant start,
                                              std::optional<std::string> course_id,
                                              int session_number) {
  const std::string suffix = new_id();
  const store::Appointment appointment{new_id(),
                                       clinic_.id,
                                       patient.id,
                                       add_user("dr." + suffix).id,
                                       add_room("Room " + suffix).id,
                                       start,
                                       start + std::chrono::minutes(45),
                                       store::AppointmentStatus::kBooked,
                                       std::move(course_id),
                                       session_number,
                                       ""};
  auto done = write([&](store::Transaction& tx) { return tx.insert_appointment(appointment); });
  EXPECT_TRUE(done) << done.error().message;
  return appointment;
}

std::vector<std::string> StoreTest::family_names(store::PatientQuery query) {
  auto rows = read([&](store::Transaction& tx) { return tx.list_patients(query); });
  EXPECT_TRUE(rows) << rows.error().message;
  std::vector<std::string> names;
  if (rows) {
    for (const auto& row : *rows) names.push_back(row.patient.details.family_name);
  }
  return names;
}

}  // namespace mesoclinic::testing
