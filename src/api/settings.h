// Private to api/: a clinic's settings documents (its calendar, each practitioner's schedule,
// its contact, its aftercare rules) as versioned resources. A GET answers the stored version's
// ETag; a PUT that changes a stored setting needs If-Match naming it (428 without, 412 when
// stale), checked before the body, as for every other versioned resource. The first save of a
// setting has nothing to match and needs none; two first saves at once leave one and 412.
#pragma once

#include <functional>
#include <string>

#include "api/json_body.h"
#include "core/result.h"
#include "http/http.h"
#include "store/store.h"

namespace mesoclinic::api {

// A setting as a PUT's body asks for it: the document to store and the reply to answer with.
struct SettingEdit {
  std::string document;
  Json reply;
};
using SettingReader = std::function<Result<SettingEdit>(const Json& body)>;

// The PUT of setting `name` of `clinic_id`: If-Match is checked against the stored version
// first, then the body is read with `read` and saved as the next version. Answers 200 with the
// reply and the new ETag, or the problem (428, 412, 400, 415, 422) with nothing saved.
Result<http::Response> replace_setting(store::Transaction& tx, const http::Request& request,
                                       const std::string& clinic_id, const std::string& name,
                                       const SettingReader& read);

// The reply to a GET of a setting: `reply` with the stored version's ETag (none before the first
// save, when the clinic's defaults are shown).
Result<http::Response> setting_reply(store::Transaction& tx, const std::string& clinic_id,
                                     const std::string& name, http::Response reply);

}  // namespace mesoclinic::api
