// Clinics, their settings documents and their rooms (store/clinics.h) over SQL.
#include "store/sql_transaction.h"

namespace mesoclinic::store::internal {
namespace {

struct ClinicRow {
  static constexpr std::string_view kSelect =
      "SELECT id, name, time_zone, created_at, currency, default_language, version, updated_at "
      "FROM clinics";
  clinic::Clinic value;
  long long version = 0;
  void into(Query& query) {
    query.into(value.id, value.name, value.time_zone, value.created_at, value.currency,
               value.default_language, version, value.updated_at);
  }
  Result<void> finish() {
    value.version = version;
    return {};
  }
};

struct PriceRow {
  static constexpr std::string_view kSelect =
      "SELECT clinic_id, protocol_id, body, version, updated_at FROM protocol_prices";
  StoredPrice value;
  long long version = 0;
  void into(Query& query) {
    query.into(value.clinic_id, value.protocol_id, value.body, version, value.updated_at);
  }
  Result<void> finish() {
    value.version = version;
    return {};
  }
};

Params clinic_params(const clinic::Clinic& clinic) {
  return {{"id", clinic.id},
          {"name", clinic.name},
          {"time_zone", clinic.time_zone},
          {"created_at", clinic.created_at},
          {"currency", clinic.currency},
          {"default_language", clinic.default_language},
          {"version", static_cast<long long>(clinic.version)},
          {"updated_at", clinic.updated_at}};
}

struct ClinicSettingRow {
  static constexpr std::string_view kSelect =
      "SELECT clinic_id, name, body, updated_at, version FROM clinic_settings";
  ClinicSetting value;
  long long version = 0;
  void into(Query& query) {
    query.into(value.clinic_id, value.name, value.body, value.updated_at, version);
  }
  Result<void> finish() {
    value.version = version;
    return {};
  }
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
               "INSERT INTO clinics (id, name, time_zone, created_at, currency, default_language, "
               "version, updated_at) VALUES (:id, :name, :time_zone, :created_at, :currency, "
               ":default_language, :version, :updated_at)",
               clinic_params(clinic));
}

Result<void> SqlTransaction::update_clinic(const clinic::Clinic& clinic,
                                           std::int64_t expected_version) {
  return guarded("updating a clinic", [&]() -> Result<void> {
    Params params = clinic_params(clinic);
    params.emplace_back("expected_version", static_cast<long long>(expected_version));
    // Every column is bound, so the one that never changes (created_at) is compared.
    const long long changed =
        run("UPDATE clinics SET name = :name, time_zone = :time_zone, currency = :currency, "
            "default_language = :default_language, version = :version, updated_at = :updated_at "
            "WHERE id = :id AND created_at = :created_at AND version = :expected_version",
            params);
    if (changed == 1) return {};
    if (!exists("clinics", clinic.id)) return fail(ErrorCode::kNotFound, "No clinic with this id.");
    return fail(ErrorCode::kPreconditionFailed,
                "The clinic was changed by someone else; read it again and retry.");
  });
}

Result<std::int64_t> SqlTransaction::count_future_appointments(const std::string& clinic_id,
                                                               Instant now) {
  return guarded("counting a clinic's coming appointments", [&]() -> Result<std::int64_t> {
    Query query(session_);
    long long count = 0;
    query.into(count);
    query.bind({{"clinic_id", clinic_id}, {"now", now}});
    query.run(
        "SELECT COUNT(*) FROM appointments WHERE clinic_id = :clinic_id AND status = 'booked' "
        "AND starts_at > :now");
    query.fetch();
    return count;
  });
}

Result<std::optional<StoredPrice>> SqlTransaction::find_protocol_price(
    const std::string& clinic_id, const std::string& protocol_id) {
  return one<PriceRow>("reading a price", "clinic_id = :clinic_id AND protocol_id = :protocol_id",
                       {{"clinic_id", clinic_id}, {"protocol_id", protocol_id}});
}

Result<void> SqlTransaction::save_protocol_price(const StoredPrice& price,
                                                 std::optional<std::int64_t> expected_version) {
  return guarded("saving a price", [&]() -> Result<void> {
    Params params{{"clinic_id", price.clinic_id},
                  {"protocol_id", price.protocol_id},
                  {"body", price.body},
                  {"version", static_cast<long long>(price.version)},
                  {"updated_at", price.updated_at}};
    const auto changed_elsewhere =
        fail(ErrorCode::kPreconditionFailed,
             "The price was changed by someone else; read it again and retry with its ETag.");
    if (!expected_version) {
      auto present =
          select<PriceRow>(session_, "clinic_id = :clinic_id AND protocol_id = :protocol_id",
                           {{"clinic_id", price.clinic_id}, {"protocol_id", price.protocol_id}});
      if (!present) return std::unexpected(present.error());
      if (!present->empty()) return changed_elsewhere;
      run("INSERT INTO protocol_prices (clinic_id, protocol_id, body, version, updated_at) VALUES "
          "(:clinic_id, :protocol_id, :body, :version, :updated_at)",
          params);
      return {};
    }
    params.emplace_back("expected_version", static_cast<long long>(*expected_version));
    const long long changed =
        run("UPDATE protocol_prices SET body = :body, version = :version, updated_at = "
            ":updated_at WHERE clinic_id = :clinic_id AND protocol_id = :protocol_id AND version "
            "= :expected_version",
            params);
    if (changed != 1) return changed_elsewhere;
    return {};
  });
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
               "SET body = excluded.body, updated_at = excluded.updated_at, version = "
               "clinic_settings.version + 1",
               {{"clinic_id", setting.clinic_id},
                {"name", setting.name},
                {"body", setting.body},
                {"updated_at", setting.updated_at}});
}

Result<std::int64_t> SqlTransaction::replace_clinic_setting(const ClinicSetting& setting,
                                                            std::int64_t expected_version) {
  return guarded("saving a clinic setting", [&]() -> Result<std::int64_t> {
    Params params{{"clinic_id", setting.clinic_id},
                  {"name", setting.name},
                  {"body", setting.body},
                  {"updated_at", setting.updated_at},
                  {"version", static_cast<long long>(expected_version + 1)}};
    const auto changed_elsewhere =
        fail(ErrorCode::kPreconditionFailed,
             "The setting was changed by someone else; read it again and retry with its ETag.");
    if (expected_version == 0) {
      auto present =
          select<ClinicSettingRow>(session_, "clinic_id = :clinic_id AND name = :name",
                                   {{"clinic_id", setting.clinic_id}, {"name", setting.name}});
      if (!present) return std::unexpected(present.error());
      if (!present->empty()) return changed_elsewhere;
      run("INSERT INTO clinic_settings (clinic_id, name, body, updated_at, version) VALUES "
          "(:clinic_id, :name, :body, :updated_at, :version)",
          params);
      return expected_version + 1;
    }
    params.emplace_back("expected_version", static_cast<long long>(expected_version));
    const long long changed =
        run("UPDATE clinic_settings SET body = :body, updated_at = :updated_at, version = "
            ":version WHERE clinic_id = :clinic_id AND name = :name AND version = "
            ":expected_version",
            params);
    if (changed != 1) return changed_elsewhere;
    return expected_version + 1;
  });
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
      return fail(ErrorCode::kNameTaken, "the clinic has a room named " + room.name);
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
