#include "practice_fixture.h"

#include "auth/auth.h"
#include "core/ids.h"
#include "documents/clinical_json.h"
#include "documents/settings.h"

namespace mesoclinic::testing {

using std::chrono::hours;
using std::chrono::minutes;

namespace {

// Stored instants have microsecond resolution; round so equality survives the trip.
Instant stored_now() { return from_unix_micros(to_unix_micros(now())); }

template <class Stored>
void expect_stored(const Result<Stored>& stored) {
  ASSERT_TRUE(stored) << stored.error().message;
}

}  // namespace

void PracticeTest::SetUp() {
  database_ = std::make_unique<TestDatabase>(GetParam());
  auto opened = store::Store::open(
      {database_->url(), 2, store::MigrationPolicy::kMigrate, /*accept_unsynced_postgres=*/true});
  ASSERT_TRUE(opened) << opened.error().message;
  store_ = std::move(*opened);
  ASSERT_TRUE(practice::install_default_rule_set(*store_));

  CalendarDate day = add_days(zone_.to_local(now()).date, 7);
  while (std::chrono::weekday(std::chrono::sys_days{day}).iso_encoding() != 1)
    day = add_days(day, 1);
  monday_ = day;
  today_ = instant_of({add_days(monday_, -7), minutes{9 * 60}});

  const Instant created = stored_now();
  clinic_ = {.id = new_id(),
             .name = "Nişantaşı",
             .time_zone = "Europe/Istanbul",
             .created_at = created,
             .currency = "EUR",
             .default_language = "tr",
             .version = 1,
             .updated_at = created};
  practitioner_id_ = new_id();
  const clinic::Formulation formulation{
      new_id(), "Biotin and peptides", {{"biotin", 1.0, "mg"}}, created};
  protocol_.id = new_id();
  protocol_.name = "Weekly six";
  protocol_.formulation_id = formulation.id;
  protocol_.technique = "nappage";
  protocol_.sessions = 6;
  protocol_.interval_days = {7, 7, 7, 7, 7};
  protocol_.appointment_length = minutes{30};
  protocol_.price_per_session = planning::Money{10000, "EUR"};
  const clinic::Product product{new_id(), "Biotin vial 5 ml", formulation.id, 5.0};
  patient_.id = new_id();
  patient_.clinic_id = clinic_.id;
  patient_.details.family_name = "Öztürk";
  patient_.details.given_name = "Zeynep";
  patient_.details.date_of_birth = parse_iso_date("1990-05-17").value();
  patient_.details.sex = clinic::Sex::kFemale;
  patient_.details.email = "zeynep@example.org";
  patient_.details.preferred_language = "en";
  patient_.details.reminder_channel = clinic::ReminderChannel::kEmail;
  patient_.created_at = patient_.updated_at = created;

  planning::CalendarSettings calendar;
  planning::WorkSchedule schedule;
  for (int weekday = 0; weekday < 6; ++weekday) {
    calendar.opening[weekday] = {{hours{9}, hours{19}}};
    schedule.hours[weekday] = {{hours{9}, hours{19}}};
  }
  auto built = write([&](store::Transaction& tx) -> Result<void> {
    std::vector<Result<void>> steps;
    steps.push_back(tx.insert_clinic(clinic_));
    steps.push_back(tx.insert_user(
        {practitioner_id_, "dr.test", auth::Role::kPractitioner, "not-a-hash", created},
        {clinic_.id}));
    steps.push_back(
        tx.save_clinic_setting({clinic_.id, std::string(documents::kCalendarSettingName),
                                documents::calendar_document(calendar), created}));
    steps.push_back(
        tx.save_clinic_setting({clinic_.id, documents::schedule_setting_name(practitioner_id_),
                                documents::schedule_document(schedule), created}));
    steps.push_back(tx.insert_room({new_id(), clinic_.id, "Room 1"}));
    steps.push_back(tx.insert_room({new_id(), clinic_.id, "Room 2"}));
    steps.push_back(tx.insert_formulation(formulation));
    steps.push_back(tx.insert_protocol({.id = protocol_.id,
                                        .name = protocol_.name,
                                        .formulation_id = formulation.id,
                                        .created_at = created,
                                        .body = documents::protocol_document(protocol_),
                                        .version = 1,
                                        .updated_at = created,
                                        .retired_at = std::nullopt}));
    steps.push_back(tx.insert_product(product, created));
    steps.push_back(tx.insert_patient(patient_));
    // The patient consented to be contacted when registered: reminders may be queued.
    steps.push_back(tx.insert_consent({.id = new_id(),
                                       .patient_id = patient_.id,
                                       .kind = clinic::ConsentKind::kContact,
                                       .course_id = std::nullopt,
                                       .method = clinic::ConsentMethod::kSignedForm,
                                       .given_at = created,
                                       .recorded_at = created,
                                       .recorded_by = practitioner_id_,
                                       .guardian = std::nullopt,
                                       .withdrawal = std::nullopt}));
    const std::string decision = R"({"outcome": "suitable", "formulation_id": ")" + formulation.id +
                                 R"(", "medical_history_version": 0, "hair_assessment_version": 0,
                                    "rule_set": {"version": 1}})";
    steps.push_back(
        tx.insert_decision({new_id(), patient_.id, created, practitioner_id_, 1, decision}));
    for (auto& step : steps) {
      if (!step) return step;
    }
    auto lot = tx.receive_lot(
        {new_id(), product.id, clinic_.id, "L240017", add_days(monday_, 365), 20, false}, created);
    if (!lot) return std::unexpected(lot.error());
    lot_ = *lot;
    return {};
  });
  ASSERT_TRUE(built) << built.error().message;
}

LocalDateTime PracticeTest::monday_at(int days, int minutes_after) const {
  return {add_days(monday_, days), minutes{10 * 60 + minutes_after}};
}

Instant PracticeTest::instant_of(const LocalDateTime& local) const {
  return zone_.to_instant(local).value();
}

store::Appointment PracticeTest::book_at(const LocalDateTime& local) {
  auto booked = write([&](store::Transaction& tx) {
    return practice::book(tx, patient_, {practitioner_id_, start_at(local), minutes{30}}, today_);
  });
  EXPECT_TRUE(booked) << booked.error().message;
  EXPECT_TRUE(booked && std::holds_alternative<practice::Booked>(*booked));
  return booked && std::holds_alternative<practice::Booked>(*booked)
             ? std::get<practice::Booked>(*booked).appointment
             : store::Appointment{};
}

clinic::SessionChart PracticeTest::chart_with(int vials) const {
  clinic::SessionChart chart;
  chart.zones = {{clinic::ScalpZone::kVertex, 2.0, 40}};
  chart.technique = clinic::Technique::kNappage;
  chart.needle_gauge = 30;
  chart.needle_length_mm = 4;
  chart.depth_mm = 1.5;
  chart.lots = {{lot_.id, vials}};
  chart.pain_score = 3;
  return chart;
}

std::int64_t PracticeTest::lot_quantity() {
  auto lot = read([&](store::Transaction& tx) { return tx.find_lot(lot_.id); });
  EXPECT_TRUE(lot && *lot);
  return lot && *lot ? (*lot)->quantity : -1;
}

practice::CourseRequest PracticeTest::course_request() const {
  practice::CourseRequest request;
  request.protocol = protocol_;
  request.agreement_method = clinic::ConsentMethod::kSignedForm;
  request.cost_shown = planning::Money{60000, "EUR"};
  for (int i = 0; i < protocol_.sessions; ++i) {
    request.sessions.push_back({start_at(monday_at(7 * i)), practitioner_id_});
  }
  return request;
}

}  // namespace mesoclinic::testing
