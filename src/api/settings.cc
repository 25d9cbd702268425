#include "api/settings.h"

#include <cstdint>
#include <optional>

#include "api/idempotency.h"
#include "core/time.h"

namespace mesoclinic::api {
namespace {

// Where a change of a setting starts from: the stored version (0: none saved yet), or the
// problem to answer instead when the request's If-Match does not allow the change.
struct SettingBase {
  std::int64_t version = 0;
  std::optional<http::Response> refused;
};

Result<SettingBase> setting_base(store::Transaction& tx, const http::Request& request,
                                 const std::string& clinic_id, const std::string& name) {
  auto stored = tx.find_clinic_setting(clinic_id, name);
  if (!stored) return std::unexpected(stored.error());
  SettingBase base;
  base.version = *stored ? (*stored)->version : 0;
  if (*stored || request.header("if-match")) base.refused = check_if_match(request, base.version);
  return base;
}

Result<std::string> save_setting(store::Transaction& tx, const std::string& clinic_id,
                                 const std::string& name, std::string document,
                                 const SettingBase& base) {
  auto version = tx.replace_clinic_setting(
      {.clinic_id = clinic_id, .name = name, .body = std::move(document), .updated_at = now()},
      base.version);
  if (!version) return std::unexpected(version.error());
  return etag_for(*version);
}

}  // namespace

Result<http::Response> replace_setting(store::Transaction& tx, const http::Request& request,
                                       const std::string& clinic_id, const std::string& name,
                                       const SettingReader& read) {
  auto base = setting_base(tx, request, clinic_id, name);
  if (!base) return std::unexpected(base.error());
  if (base->refused) return *base->refused;
  auto body = parse_json_object(request);
  if (!body) return body.error();
  auto edit = read(*body);
  if (!edit) return std::unexpected(edit.error());
  auto etag = save_setting(tx, clinic_id, name, std::move(edit->document), *base);
  if (!etag) return std::unexpected(etag.error());
  return json_reply(200, edit->reply).with_header("ETag", *etag);
}

Result<http::Response> setting_reply(store::Transaction& tx, const std::string& clinic_id,
                                     const std::string& name, http::Response reply) {
  auto stored = tx.find_clinic_setting(clinic_id, name);
  if (!stored) return std::unexpected(stored.error());
  if (*stored) reply.with_header("ETag", etag_for((*stored)->version));
  return reply;
}

}  // namespace mesoclinic::api
