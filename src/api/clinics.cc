// /api/v1/clinics: the sites of the clinic group, so a client can offer a choice at intake, and
// each site's contact (phone, e-mail, address) that handouts and reminders print.
#include "api/api.h"
#include "api/json_body.h"
#include "api/routes.h"
#include "api/scheduling.h"
#include "core/time.h"

namespace mesoclinic::api {
namespace {

Json contact_json(const clinic::ClinicContact& contact) {
  const auto value = [](const std::optional<std::string>& part) {
    return part ? Json(*part) : Json(nullptr);
  };
  return Json{{"phone", value(contact.phone)},
              {"email", value(contact.email)},
              {"address", value(contact.address)}};
}

// {"phone", "email", "address"}: strings, each optional (absent or null for none).
Result<clinic::ClinicContact> contact_from_json(const Json& body) {
  FieldReader reader(body);
  reader.refuse_unknown({"phone", "email", "address"}, {});
  clinic::ClinicContact typed{reader.string("phone", false, true),
                              reader.string("email", false, true),
                              reader.string("address", false, true)};
  if (!reader.errors().empty()) return invalid(std::move(reader.errors()));
  return clinic::check_clinic_contact(std::move(typed));
}

http::Response list_clinics(store::Store& store, const http::Request&, const Caller& caller) {
  auto tx = store.begin(store::TransactionMode::kRead);
  if (!tx) return http::problem_from(tx.error());
  auto clinics = (*tx)->list_clinics();
  if (!clinics) return http::problem_from(clinics.error());
  if (auto committed = (*tx)->commit(); !committed) {
    return http::problem_from(committed.error());
  }
  Json items = Json::array();
  for (const auto& clinic : *clinics) {
    if (!caller.sees_clinic(clinic.id)) continue;
    items.push_back({{"id", clinic.id},
                     {"name", clinic.name},
                     {"time_zone", clinic.time_zone},
                     {"created_at", format_rfc3339(clinic.created_at)}});
  }
  return json_reply(200, Json{{"items", std::move(items)}});
}

http::Response read_contact(store::Store& store, const http::Request& request,
                            const Caller& caller) {
  const std::string& clinic_id = request.path_params.at("id");
  if (!caller.sees_clinic(clinic_id)) {
    return http::problem(404, "Not found", "No clinic with this id.");
  }
  auto contact = store::in_transaction(
      store, store::TransactionMode::kRead,
      [&](store::Transaction& tx) { return load_clinic_contact(tx, clinic_id); });
  if (!contact) return http::problem_from(contact.error());
  return json_reply(200, contact_json(*contact));
}

// PUT: the contact replaced whole; a part left out is removed.
http::Response replace_contact(store::Store& store, const http::Request& request,
                               const Caller& caller) {
  const std::string& clinic_id = request.path_params.at("id");
  if (!caller.sees_clinic(clinic_id)) {
    return http::problem(404, "Not found", "No clinic with this id.");
  }
  auto body = parse_json_object(request);
  if (!body) return body.error();
  auto contact = contact_from_json(*body);
  if (!contact) return http::problem_from(contact.error());
  auto saved = store::in_transaction(
      store, store::TransactionMode::kWrite, [&](store::Transaction& tx) -> Result<void> {
        if (auto stored = tx.save_clinic_setting(
                {clinic_id, std::string(kContactSettingName), contact_document(*contact), now()});
            !stored) {
          return stored;
        }
        auto audited = tx.append_audit(
            audit_entry(request, caller, "clinic_contact.replace", "clinic", clinic_id));
        if (!audited) return std::unexpected(audited.error());
        return {};
      });
  if (!saved) return http::problem_from(saved.error());
  return json_reply(200, contact_json(*contact));
}

}  // namespace

std::string contact_document(const clinic::ClinicContact& contact) {
  return contact_json(contact).dump();
}

Result<clinic::ClinicContact> load_clinic_contact(store::Transaction& tx,
                                                  const std::string& clinic_id) {
  auto stored = tx.find_clinic_setting(clinic_id, std::string(kContactSettingName));
  if (!stored) return std::unexpected(stored.error());
  if (!*stored) return clinic::ClinicContact{};
  const Json document = Json::parse((*stored)->body, nullptr, false);
  Result<clinic::ClinicContact> contact = fail(ErrorCode::kInternal, "not a JSON object");
  if (document.is_object()) contact = contact_from_json(document);
  if (!contact) {
    return fail(
        ErrorCode::kInternal,
        std::string("the stored contact of clinic ").append(clinic_id).append(" is invalid"));
  }
  return contact;
}

void add_clinic_routes(http::Router& router, const Gate& gate, const http::RouteOptions& limits) {
  store::Store& store = gate.store();
  gate.add(router, "GET", "/api/v1/clinics", with_store(store, list_clinics), limits);
  const std::string contact = "/api/v1/clinics/{id}/contact";
  gate.add(router, "GET", contact, with_store(store, read_contact), limits);
  gate.add(router, "PUT", contact, with_store(store, replace_contact), limits);
}

}  // namespace mesoclinic::api
