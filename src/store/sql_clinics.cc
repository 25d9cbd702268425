// Clinics, their settings documents and their rooms (store/clinics.h) over SQL.
#include "store/sql_transaction.h"

namespace mesoclinic::store::internal {
namespace {

struct ClinicRow {
  static constexpr std::string_view kSelect = "SELECT id, name, time_zone, created_at FROM clinics";
  clinic::Clinic value;
  void into(Query& query) { query.into(value.id, value.name, value.time_zone, value.created_at); }
};

struct ClinicSettingRow {
  static constexpr std::string_view kSelect =
      "SELECT clinic_id, name, body, updated_at FROM clinic_settings";
  ClinicSetting value;
  void into(Query& query) { query.into(value.clinic_id, value.name, value.body, value.updated_at); }
};

struct RoomRow {
  static constexpr std::string_view kSelect =
      "SELECT id, clinic_id, name, version, retired_at FROM rooms";
  Room value;
  long long version = 0;
  void into(Query& query) {
    query.into(value.id, value.clinic_id, value.name, version, value.lifecycle.retired_at);
  }
  Result<void> finish() {
    value.lifecycle.version = version;
    return {};
  }
};

}  // namespace

Result<void> SqlTransaction::insert_clinic(const clinic::Clinic& clinic) {
  return write("saving a clinic",
               "INSERT INTO clinics (id, name, time_zone, created_at) "
               "VALUES (:id, :name, :time_zone, :created_at)",
               {{"id", clinic.id},
                {"name", clinic.name},
                {"time_zone", clinic.time_zone},
                {"created_at", clinic.created_at}});
}

Result<std::optional<clinic::Clinic>> SqlTransaction::find_clinic(const std::string& id) {
  return one<ClinicRow>("reading a clinic", "id = :id", {{"id", id}});
}

Result<std::vector<clinic::Clinic>> SqlTransaction::list_clinics() {
  return rows<ClinicRow>("listing clinics", "1 = 1 ORDER BY name, id");
}

Result<void> SqlTransaction::save_clinic_setting(const ClinicSetting& setting) {
  // Both engines take the same upsert.
  return write("saving a clinic setting",
               "INSERT INTO clinic_settings (clinic_id, name, body, updated_at) VALUES "
               "(:clinic_id, :name, :body, :updated_at) ON CONFLICT (clinic_id, name) DO UPDATE "
               "SET body = excluded.body, updated_at = excluded.updated_at",
               {{"clinic_id", setting.clinic_id},
                {"name", setting.name},
                {"body", setting.body},
                {"updated_at", setting.updated_at}});
}

Result<std::optional<ClinicSetting>> SqlTransaction::find_clinic_setting(
    const std::string& clinic_id, const std::string& name) {
  return one<ClinicSettingRow>("reading a clinic setting",
                               "clinic_id = :clinic_id AND name = :name",
                               {{"clinic_id", clinic_id}, {"name", name}});
}

Result<std::vector<ClinicSetting>> SqlTransaction::list_clinic_settings(
    const std::string& clinic_id, const std::string& name_prefix) {
  if (name_prefix.empty()) {
    return rows<ClinicSettingRow>("listing clinic settings", "clinic_id = :clinic_id ORDER BY name",
                                  {{"clinic_id", clinic_id}});
  }
  // A range on the primary key instead of LIKE, which would treat _ and % as wildcards.
  return rows<ClinicSettingRow>(
      "listing clinic settings",
      "clinic_id = :clinic_id AND name >= :name AND name < :bound ORDER BY name",
      {{"clinic_id", clinic_id},
       {"name", name_prefix},
       {"bound", prefix_upper_bound(name_prefix)}});
}

Result<void> SqlTransaction::insert_room(const Room& room) {
  return guarded("saving a room", [&]() -> Result<void> {
    auto taken = select<RoomRow>(session_, "clinic_id = :clinic_id AND name = :name",
                                 {{"clinic_id", room.clinic_id}, {"name", room.name}});
    if (!taken) return std::unexpected(taken.error());
    if (!taken->empty())
      return fail(ErrorCode::kConflict, "the clinic has a room named " + room.name);
    run("INSERT INTO rooms (id, clinic_id, name) VALUES (:id, :clinic_id, :name)",
        {{"id", room.id}, {"clinic_id", room.clinic_id}, {"name", room.name}});
    return {};
  });
}

Result<std::optional<Room>> SqlTransaction::find_room(const std::string& id) {
  return one<RoomRow>("reading a room", "id = :id", {{"id", id}});
}

Result<std::vector<Room>> SqlTransaction::list_rooms(const std::string& clinic_id,
                                                     clinic::Retired retired) {
  return rows<RoomRow>("listing rooms",
                       retired == clinic::Retired::kIncluded
                           ? "clinic_id = :clinic_id ORDER BY name, id"
                           : "clinic_id = :clinic_id AND retired_at IS NULL ORDER BY name, id",
                       {{"clinic_id", clinic_id}});
}

Result<void> SqlTransaction::update_room(const Room& room, std::int64_t expected_version) {
  return update_catalogue_item({.table = "rooms",
                                .kind = "room",
                                .id = room.id,
                                .name = room.name,
                                .lifecycle = room.lifecycle,
                                .scope_column = "clinic_id",
                                .scope = room.clinic_id},
                               expected_version);
}

}  // namespace mesoclinic::store::internal
