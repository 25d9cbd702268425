// /api/v1/clinics: the sites of the clinic group - opened and changed by admins, listed so a
// client can offer a choice at intake - and each site's contact (phone, e-mail, address) that
// handouts and reminders print. An admin sees and changes only the clinics they work in; one
// who opens a clinic works in it from then on.
#include "practice/clinics.h"

#include "api/api.h"
#include "api/handler.h"
#include "api/idempotency.h"
#include "api/json_body.h"
#include "api/paging.h"
#include "api/refusals.h"
#include "api/routes.h"
#include "api/scheduling.h"
#include "api/settings.h"
#include "core/time.h"
#include "documents/settings.h"

namespace mesoclinic::api {
namespace {

using documents::contact_from_json;
using documents::contact_json;
using documents::Members;

Json clinic_json(const clinic::Clinic& clinic) {
  return Json{{"id", clinic.id},
              {"name", clinic.name},
              {"time_zone", clinic.time_zone},
              {"currency", clinic.currency},
              {"default_language", clinic.default_language},
              {"version", clinic.version},
              {"created_at", format_rfc3339(clinic.created_at)},
              {"updated_at", format_rfc3339(clinic.updated_at)}};
}

http::Response clinic_reply(int status, const clinic::Clinic& clinic) {
  return json_reply(status, clinic_json(clinic)).with_header("ETag", etag_for(clinic.version));
}

// The settings a request gives, over `clinic`: each member optional unless `all_required`.
void read_settings(Members& members, clinic::Clinic& clinic, bool all_required) {
  for (auto [name, out] :
       {std::pair{"name", &clinic.name}, std::pair{"time_zone", &clinic.time_zone},
        std::pair{"currency", &clinic.currency},
        std::pair{"default_language", &clinic.default_language}}) {
    members.name(name, *out, all_required ? members.required(name) : members.optional(name));
  }
}

// The clinic with `id` if the caller works there; kNotFound otherwise (ids of other clinics
// leak nothing).
Result<clinic::Clinic> find_visible_clinic(store::Transaction& tx, const std::string& id,
                                           const Caller& caller) {
  if (!caller.sees_clinic(id)) return fail(ErrorCode::kNotFound, "No clinic with this id.");
  auto clinic = tx.find_clinic(id);
  if (!clinic) return std::unexpected(clinic.error());
  if (!*clinic) return fail(ErrorCode::kNotFound, "No clinic with this id.");
  return **clinic;
}

http::Response list_clinics(store::Store& store, const http::Request& request,
                            const Caller& caller) {
  const auto page = read_page_request(request);
  if (!page) return http::problem_from(page.error());
  return handle(store, request, caller, store::TransactionMode::kRead,
                [&](Work& work) -> Result<http::Response> {
                  auto clinics = work.tx.list_clinics();
                  if (!clinics) return std::unexpected(clinics.error());
                  Json items = Json::array();
                  for (const auto& clinic : *clinics) {
                    if (caller.sees_clinic(clinic.id)) items.push_back(clinic_json(clinic));
                  }
                  return json_reply(200, page_of(std::move(items), *page));
                });
}

// POST: a new clinic, with its contact if given; the admin who opens it works in it.
http::Response create_clinic(store::Store& store, const http::Request& request,
                             const Caller& caller) {
  auto body = parse_json_object(request);
  if (!body) return body.error();
  std::vector<FieldError> errors;
  Members members(*body, "", errors);
  members.refuse_unknown({"name", "time_zone", "currency", "default_language", "contact"});
  clinic::Clinic wanted;
  read_settings(members, wanted, true);
  std::optional<clinic::ClinicContact> contact;
  if (const Json* given = members.optional("contact")) {
    auto read = given->is_object()
                    ? contact_from_json(*given)
                    : Result<clinic::ClinicContact>(invalid({{"", "must be an object"}}));
    if (read) {
      contact = *read;
    } else {
      for (const auto& field : read.error().fields)
        errors.push_back({"/contact" + field.field, field.message});
    }
  }
  if (!errors.empty()) return http::problem_from(invalid(std::move(errors)).error());
  return create_idempotently(
      store, request, caller, "POST /api/v1/clinics", [&](Work& work) -> Result<http::Response> {
        // An API token belongs to no user account, so it gains no clinic; its issuer does.
        const std::optional<std::string> creator =
            caller.by_api_token ? std::nullopt : std::optional(caller.user->id);
        auto opened = practice::open_clinic(work.tx, wanted, creator, now());
        if (!opened) return std::unexpected(opened.error());
        if (contact) {
          if (auto saved = work.tx.save_clinic_setting(
                  {opened->id, std::string(documents::kContactSettingName),
                   documents::contact_document(*contact), now()});
              !saved) {
            return std::unexpected(saved.error());
          }
        }
        work.audit("clinic.create", "clinic", opened->id);
        return clinic_reply(201, *opened).with_header("Location", "/api/v1/clinics/" + opened->id);
      });
}

http::Response read_clinic(store::Store& store, const http::Request& request,
                           const Caller& caller) {
  return handle(store, request, caller, store::TransactionMode::kRead,
                [&](Work& work) -> Result<http::Response> {
                  auto clinic = find_visible_clinic(work.tx, request.path_params.at("id"), caller);
                  if (!clinic) return std::unexpected(clinic.error());
                  return clinic_reply(200, *clinic);
                });
}

// PATCH with If-Match: the members given replace the clinic's; a new zone is refused while
// appointments are booked ahead (time-zone-in-use, with how many).
http::Response update_clinic(store::Store& store, const http::Request& request,
                             const Caller& caller) {
  auto body = parse_json_object(request);
  if (!body) return body.error();
  std::vector<FieldError> errors;
  Members members(*body, "", errors);
  members.refuse_unknown({"name", "time_zone", "currency", "default_language"});
  clinic::Clinic given;
  read_settings(members, given, false);
  if (!errors.empty()) return http::problem_from(invalid(std::move(errors)).error());
  return handle(store, request, caller, store::TransactionMode::kWrite,
                [&](Work& work) -> Result<http::Response> {
                  auto current = find_visible_clinic(work.tx, request.path_params.at("id"), caller);
                  if (!current) return std::unexpected(current.error());
                  if (auto refused = check_if_match(request, current->version)) return *refused;
                  clinic::Clinic changed = *current;
                  if (members.has("name")) changed.name = given.name;
                  if (members.has("time_zone")) changed.time_zone = given.time_zone;
                  if (members.has("currency")) changed.currency = given.currency;
                  if (members.has("default_language"))
                    changed.default_language = given.default_language;
                  auto decided = practice::change_clinic(work.tx, *current, changed, now());
                  if (!decided) return std::unexpected(decided.error());
                  if (const auto* refusal = std::get_if<practice::Refusal>(&*decided)) {
                    return refusal_problem(*refusal);
                  }
                  work.audit("clinic.update", "clinic", current->id);
                  return clinic_reply(200, std::get<clinic::Clinic>(*decided));
                });
}

http::Response read_contact(store::Store& store, const http::Request& request,
                            const Caller& caller) {
  const std::string& clinic_id = request.path_params.at("id");
  if (!caller.sees_clinic(clinic_id)) {
    return http::problem(404, "Not found", "No clinic with this id.");
  }
  return handle(store, request, caller, store::TransactionMode::kRead,
                [&](Work& work) -> Result<http::Response> {
                  auto contact = load_clinic_contact(work.tx, clinic_id);
                  if (!contact) return std::unexpected(contact.error());
                  return setting_reply(work.tx, clinic_id,
                                       std::string(documents::kContactSettingName),
                                       json_reply(200, contact_json(*contact)));
                });
}

// PUT: the contact replaced whole; a part left out is removed.
http::Response replace_contact(store::Store& store, const http::Request& request,
                               const Caller& caller) {
  const std::string& clinic_id = request.path_params.at("id");
  if (!caller.sees_clinic(clinic_id)) {
    return http::problem(404, "Not found", "No clinic with this id.");
  }
  const std::string name(documents::kContactSettingName);
  return handle(
      store, request, caller, store::TransactionMode::kWrite,
      [&](Work& work) -> Result<http::Response> {
        auto replaced = replace_setting(
            work.tx, request, clinic_id, name, [](const Json& body) -> Result<SettingEdit> {
              auto contact = contact_from_json(body);
              if (!contact) return std::unexpected(contact.error());
              return SettingEdit{documents::contact_document(*contact), contact_json(*contact)};
            });
        if (replaced && replaced->status == 200) {
          work.audit("clinic_contact.replace", "clinic", clinic_id);
        }
        return replaced;
      });
}

}  // namespace

void add_clinic_routes(http::Router& router, const Gate& gate, const http::RouteOptions& limits) {
  store::Store& store = gate.store();
  gate.add(router, "GET", "/api/v1/clinics", with_store(store, list_clinics), limits);
  gate.add(router, "POST", "/api/v1/clinics", with_store(store, create_clinic), limits);
  gate.add(router, "GET", "/api/v1/clinics/{id}", with_store(store, read_clinic), limits);
  gate.add(router, "PATCH", "/api/v1/clinics/{id}", with_store(store, update_clinic), limits);
  const std::string contact = "/api/v1/clinics/{id}/contact";
  gate.add(router, "GET", contact, with_store(store, read_contact), limits);
  gate.add(router, "PUT", contact, with_store(store, replace_contact), limits);
}

}  // namespace mesoclinic::api
