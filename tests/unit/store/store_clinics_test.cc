// The Clinics door (store/clinics.h), run against SQLite and PostgreSQL alike.
#include <gtest/gtest.h>

#include "core/ids.h"
#include "store/store.h"
#include "store_fixture.h"

namespace mesoclinic::testing {
namespace {

using store::Room;
using store::Transaction;

class StoreClinicsTest : public StoreTest {};

TEST_P(StoreClinicsTest, ClinicsAreListedByName) {
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

TEST_P(StoreClinicsTest, ClinicSettingsAreReplacedWholeAndListedByPrefix) {
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

TEST_P(StoreClinicsTest, AClinicIsFoundByIdAsStored) {
  auto found = read([&](Transaction& tx) { return tx.find_clinic(clinic_.id); });
  ASSERT_TRUE(found && *found);
  EXPECT_EQ(**found, clinic_);
}

TEST_P(StoreClinicsTest, SettingsAreTheClinicsOwnAndPrefixesHaveNoWildcards) {
  const auto other = make_clinic("Marylebone Hair Studio");
  ASSERT_TRUE(write([&](Transaction& tx) { return tx.insert_clinic(other); }));
  const Instant at = at_minutes(0);
  for (const std::string name : {"schedule:b%2", "calendar", "schedule:a_1", "schedule:ab"}) {
    ASSERT_TRUE(write([&](Transaction& tx) {
      return tx.save_clinic_setting({clinic_.id, name, "{}", at});
    }));
  }
  ASSERT_TRUE(write([&](Transaction& tx) {
    return tx.save_clinic_setting({other.id, "calendar", "{\"other\":true}", at});
  }));
  const auto names = [&](const std::string& prefix) {
    std::vector<std::string> found;
    auto settings =
        read([&](Transaction& tx) { return tx.list_clinic_settings(clinic_.id, prefix); });
    EXPECT_TRUE(settings) << settings.error().message;
    if (settings) {
      for (const auto& setting : *settings) found.push_back(setting.name);
    }
    return found;
  };
  EXPECT_EQ(names(""),
            (std::vector<std::string>{"calendar", "schedule:a_1", "schedule:ab", "schedule:b%2"}));
  EXPECT_EQ(names("schedule:a_"), (std::vector<std::string>{"schedule:a_1"}));
  EXPECT_TRUE(names("schedule:%").empty());
  auto calendar =
      read([&](Transaction& tx) { return tx.find_clinic_setting(clinic_.id, "calendar"); });
  ASSERT_TRUE(calendar && *calendar);
  EXPECT_EQ((*calendar)->clinic_id, clinic_.id);
  EXPECT_EQ((*calendar)->body, "{}");
  EXPECT_EQ((*calendar)->updated_at, at);
  auto missing =
      read([&](Transaction& tx) { return tx.find_clinic_setting(other.id, "schedule:ab"); });
  ASSERT_TRUE(missing);
  EXPECT_FALSE(missing->has_value());
}

TEST_P(StoreClinicsTest, RoomNamesAreUniquePerClinicAndListedInOrder) {
  const auto other = make_clinic("Marylebone Hair Studio");
  ASSERT_TRUE(write([&](Transaction& tx) { return tx.insert_clinic(other); }));
  const auto b = add_room("Room B");
  const auto a = add_room("Room A");
  EXPECT_EQ(write([&](Transaction& tx) {
              return tx.insert_room({new_id(), clinic_.id, "Room A"});
            })
                .error()
                .code,
            ErrorCode::kNameTaken);
  const Room elsewhere{new_id(), other.id, "Room A"};
  ASSERT_TRUE(write([&](Transaction& tx) { return tx.insert_room(elsewhere); }));
  auto rooms =
      read([&](Transaction& tx) { return tx.list_rooms(clinic_.id, clinic::Retired::kIncluded); });
  ASSERT_TRUE(rooms);
  ASSERT_EQ(rooms->size(), 2u);
  EXPECT_EQ((*rooms)[0].id, a.id);
  EXPECT_EQ((*rooms)[1].id, b.id);
  EXPECT_EQ((*rooms)[1].name, "Room B");
  EXPECT_EQ(read([&](Transaction& tx) {
              return tx.list_rooms(other.id, clinic::Retired::kIncluded);
            })->size(),
            1u);
}

// A room is renamed and retired within its clinic; lists leave it out once retired.
TEST_P(StoreClinicsTest, RoomsAreRenamedAndRetiredAtTheVersionTheCallerRead) {
  const auto a = add_room("Room A");
  const auto b = add_room("Room B");
  auto found = read([&](Transaction& tx) { return tx.find_room(a.id); });
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->clinic_id, clinic_.id);
  EXPECT_EQ((*found)->lifecycle.version, 1);
  Room retired = **found;
  retired.name = "Room A (closed)";
  retired.lifecycle = {.version = 2, .retired_at = at_minutes(1)};
  ASSERT_TRUE(write([&](Transaction& tx) { return tx.update_room(retired, 1); }));
  auto in_service =
      read([&](Transaction& tx) { return tx.list_rooms(clinic_.id, clinic::Retired::kLeftOut); });
  ASSERT_TRUE(in_service);
  ASSERT_EQ(in_service->size(), 1u);
  EXPECT_EQ(in_service->front().id, b.id);
  auto all =
      read([&](Transaction& tx) { return tx.list_rooms(clinic_.id, clinic::Retired::kIncluded); });
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].name, "Room A (closed)");
  EXPECT_EQ((*all)[0].lifecycle.retired_at, at_minutes(1));

  Room clash = b;
  clash.name = "Room A (closed)";
  clash.lifecycle.version = 2;
  auto taken = write([&](Transaction& tx) { return tx.update_room(clash, 1); });
  ASSERT_FALSE(taken);
  EXPECT_EQ(taken.error().code, ErrorCode::kNameTaken);
  auto stale = write([&](Transaction& tx) { return tx.update_room(retired, 1); });
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, ErrorCode::kPreconditionFailed);
  EXPECT_FALSE(read([&](Transaction& tx) { return tx.find_room(new_id()); }).value());
}

TEST_P(StoreClinicsTest, AClinicChangesOnlyAtTheVersionItWasReadAt) {
  clinic::Clinic changed = clinic_;
  changed.name = "Moda Hair Clinic";
  changed.time_zone = "Pacific/Auckland";
  changed.currency = "NZD";
  changed.default_language = "en";
  changed.version = 2;
  changed.updated_at = at_minutes(5);
  ASSERT_TRUE(write([&](Transaction& tx) { return tx.update_clinic(changed, 1); }));
  auto found = read([&](Transaction& tx) { return tx.find_clinic(clinic_.id); });
  ASSERT_TRUE(found && *found);
  EXPECT_EQ(**found, changed);
  // A second writer that read version 1 is refused rather than overwriting.
  clinic::Clinic stale = clinic_;
  stale.version = 2;
  EXPECT_EQ(write([&](Transaction& tx) { return tx.update_clinic(stale, 1); }).error().code,
            ErrorCode::kPreconditionFailed);
  clinic::Clinic unknown = make_clinic("Nowhere");
  EXPECT_EQ(write([&](Transaction& tx) { return tx.update_clinic(unknown, 1); }).error().code,
            ErrorCode::kNotFound);
}

TEST_P(StoreClinicsTest, OnlyBookedAppointmentsStillToComeAreCounted) {
  const auto patient = add_patient("Yılmaz", "Ayşe");
  const Instant now_at = at_minutes(60 * 24 * 10);
  add_appointment(patient, now_at - std::chrono::hours(24));  // past
  add_appointment(patient, now_at + std::chrono::hours(24));
  add_appointment(patient, now_at + std::chrono::hours(48));
  auto cancelled = add_appointment(patient, now_at + std::chrono::hours(72));
  auto seen = cancelled;
  cancelled.status = store::AppointmentStatus::kCancelled;
  ASSERT_TRUE(write([&](Transaction& tx) { return tx.update_appointment(cancelled, seen); }));
  const auto other = make_clinic("Marylebone Hair Studio");
  ASSERT_TRUE(write([&](Transaction& tx) { return tx.insert_clinic(other); }));
  EXPECT_EQ(
      *read([&](Transaction& tx) { return tx.count_future_appointments(clinic_.id, now_at); }), 2);
  EXPECT_EQ(*read([&](Transaction& tx) { return tx.count_future_appointments(other.id, now_at); }),
            0);
}

TEST_P(StoreClinicsTest, APriceIsSetOnceAndThenReplacedAtItsVersion) {
  const auto protocol = add_protocol("Weekly six");
  store::StoredPrice price{clinic_.id, protocol.id, "{\"v\":1}", 1, at_minutes(1)};
  ASSERT_TRUE(write([&](Transaction& tx) { return tx.save_protocol_price(price, std::nullopt); }));
  // A second "first" price (two admins at once) does not overwrite the first.
  EXPECT_EQ(write([&](Transaction& tx) { return tx.save_protocol_price(price, std::nullopt); })
                .error()
                .code,
            ErrorCode::kPreconditionFailed);
  store::StoredPrice changed{clinic_.id, protocol.id, "{\"v\":2}", 2, at_minutes(2)};
  ASSERT_TRUE(write([&](Transaction& tx) { return tx.save_protocol_price(changed, 1); }));
  EXPECT_EQ(write([&](Transaction& tx) { return tx.save_protocol_price(changed, 1); }).error().code,
            ErrorCode::kPreconditionFailed);
  auto found =
      read([&](Transaction& tx) { return tx.find_protocol_price(clinic_.id, protocol.id); });
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->body, "{\"v\":2}");
  EXPECT_EQ((*found)->version, 2);
  EXPECT_EQ((*found)->updated_at, at_minutes(2));
  const auto other = make_clinic("Marylebone Hair Studio");
  ASSERT_TRUE(write([&](Transaction& tx) { return tx.insert_clinic(other); }));
  auto elsewhere =
      read([&](Transaction& tx) { return tx.find_protocol_price(other.id, protocol.id); });
  ASSERT_TRUE(elsewhere);
  EXPECT_FALSE(elsewhere->has_value());
}

TEST_P(StoreClinicsTest, AUserIsAddedToAClinicOnce) {
  const auto user = add_user("admin.two");
  const auto other = make_clinic("Auckland Hair Clinic");
  ASSERT_TRUE(write([&](Transaction& tx) { return tx.insert_clinic(other); }));
  ASSERT_TRUE(write([&](Transaction& tx) { return tx.add_user_clinic(user.id, other.id); }));
  ASSERT_TRUE(write([&](Transaction& tx) { return tx.add_user_clinic(user.id, other.id); }));
  auto clinics = read([&](Transaction& tx) { return tx.user_clinic_ids(user.id); });
  ASSERT_TRUE(clinics);
  EXPECT_EQ(clinics->size(), 2u);
  EXPECT_EQ(
      write([&](Transaction& tx) { return tx.add_user_clinic(user.id, new_id()); }).error().code,
      ErrorCode::kInvalidInput);
}

MESOCLINIC_ON_BOTH_ENGINES(StoreClinicsTest);

}  // namespace
}  // namespace mesoclinic::testing
