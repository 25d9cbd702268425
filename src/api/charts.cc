// /api/v1/appointments/{id}/chart: the session charted in the chair (DOMAIN.md step 5), signed
// by the practitioner, corrected only by new signed versions; and what signing brings with it
// in the same transaction: the lots' stock taken, the lot use recorded for recalls, the
// appointment marked attended and the aftercare plan issued (step 6). Nothing of that happens
// unless all of it does.
#include <map>

#include "api/api.h"
#include "api/chart_json.h"
#include "api/routes.h"
#include "api/scheduling.h"
#include "clinic/stock.h"
#include "core/text.h"

namespace mesoclinic::api {
namespace {

constexpr std::string_view kAftercareSetting = "aftercare";

// The chart document as stored: the chart, and each lot's number and expiry as they were when
// it went into the patient (a lot's record may change later; the chart does not).
Result<std::string> chart_document(store::Transaction& tx, const clinic::SessionChart& chart) {
  Json document = to_json(chart);
  for (auto& use : document["lots"]) {
    auto lot = tx.find_lot(use["lot_id"].get<std::string>());
    if (!lot) return std::unexpected(lot.error());
    if (!*lot) continue;  // checked when signing; a draft may name a lot not yet received
    use["number"] = (*lot)->number;
    use["expires_on"] = format_iso_date((*lot)->expires_on);
    use["product_id"] = (*lot)->product_id;
  }
  return document.dump();
}

// The chart inside a stored document (without the lots' copied details).
Result<clinic::SessionChart> stored_chart(const store::StoredChart& stored) {
  Json document = Json::parse(stored.body);
  for (auto& use : document["lots"]) {
    for (const char* copied : {"number", "expires_on", "product_id"}) use.erase(copied);
  }
  auto chart = chart_from_json(document);
  if (!chart) return fail(ErrorCode::kInternal, "a stored chart no longer decodes");
  return chart;
}

// Takes (or gives back) stock for `changes`: a lot taken from must belong to the clinic and be
// usable today; the database refuses a count below zero or a recalled lot all the same.
Result<void> move_stock(store::Transaction& tx, const std::vector<clinic::LotUse>& changes,
                        const std::string& clinic_id, CalendarDate today) {
  for (std::size_t i = 0; i < changes.size(); ++i) {
    const auto& change = changes[i];
    auto lot = tx.find_lot(change.lot_id);
    if (!lot) return std::unexpected(lot.error());
    if (!*lot || (*lot)->clinic_id != clinic_id) {
      return invalid({{"/lots", "lot " + change.lot_id + " is not in this clinic's stock"}});
    }
    if (change.vials > 0) {
      if (auto why = clinic::why_unusable(**lot, today, change.vials)) {
        return fail(ErrorCode::kConflict, *why + "; it cannot be used");
      }
    }
    if (auto taken = tx.take_from_lot(change.lot_id, change.vials); !taken) return taken;
  }
  return {};
}

Result<std::vector<clinic::AftercareRule>> load_aftercare_rules(store::Transaction& tx,
                                                                const std::string& clinic_id) {
  auto stored = tx.find_clinic_setting(clinic_id, std::string(kAftercareSetting));
  if (!stored) return std::unexpected(stored.error());
  if (!*stored) return clinic::default_aftercare_rules();
  auto rules = aftercare_rules_from_json(Json::parse((*stored)->body));
  if (!rules) return fail(ErrorCode::kInternal, "the stored aftercare rules are invalid");
  return rules;
}

http::Response read_chart(store::Store& store, const http::Request& request, const Caller& caller) {
  std::optional<std::int64_t> version;
  if (const auto text = request.query_param("version")) {
    version = whole_number(*text, 1);
    if (!version) {
      return http::problem_from(invalid({{"version", "must be a whole number from 1"}}).error());
    }
  }
  auto tx = store.begin(store::TransactionMode::kWrite);
  if (!tx) return http::problem_from(tx.error());
  auto found = find_visible_appointment(**tx, request.path_params.at("id"), caller);
  if (!found) return http::problem_from(found.error());
  auto chart = (*tx)->find_chart(found->first.id, version);
  if (!chart) return http::problem_from(chart.error());
  if (!*chart)
    return http::problem(404, "Not found", "No chart (of that version) for this session.");
  if (auto failed = audit_and_commit(**tx, audit_entry(request, caller, "chart.read", "appointment",
                                                       found->first.id, found->second.id))) {
    return *failed;
  }
  return json_reply(200, chart_json(**chart));
}

// PUT: the draft, created or replaced whole. A signed chart never changes here.
http::Response save_draft(store::Store& store, const http::Request& request, const Caller& caller) {
  auto body = parse_json_object(request);
  if (!body) return body.error();
  auto chart = chart_from_json(*body);
  if (!chart) return http::problem_from(chart.error());
  Json reply;
  auto saved = store::in_transaction(
      store, store::TransactionMode::kWrite, [&](store::Transaction& tx) -> Result<void> {
        auto found = find_visible_appointment(tx, request.path_params.at("id"), caller);
        if (!found) return std::unexpected(found.error());
        const auto& [appointment, patient] = *found;
        if (auto allowed =
                planning::check_charting(appointment.status, appointment.starts_at, now());
            !allowed) {
          return allowed;
        }
        auto latest = tx.find_chart(appointment.id, std::nullopt);
        if (!latest) return std::unexpected(latest.error());
        if (*latest && (*latest)->signed_at) {
          return fail(ErrorCode::kConflict,
                      "the chart is signed and does not change; POST a correction with its "
                      "reason to .../chart/corrections");
        }
        auto document = chart_document(tx, *chart);
        if (!document) return std::unexpected(document.error());
        store::StoredChart stored{appointment.id, 1,  patient.id, *document, now(), caller.user->id,
                                  std::nullopt,   "", ""};
        if (*latest) {
          stored.version = (*latest)->version;
          if (auto written = tx.replace_draft_chart(stored); !written) return written;
        } else if (auto written = tx.insert_chart(stored); !written) {
          return written;
        }
        auto audited = tx.append_audit(
            audit_entry(request, caller, "chart.draft", "appointment", appointment.id, patient.id));
        if (!audited) return std::unexpected(audited.error());
        reply = chart_json(stored);
        return {};
      });
  if (!saved) return http::problem_from(saved.error());
  return json_reply(200, reply);
}

// The aftercare plan issued for a session, with the patient's next session checked against
// its healing period.
Result<Json> aftercare_reply(store::Transaction& tx, const store::Appointment& appointment,
                             const std::string& plan_body) {
  Json reply = Json::parse(plan_body);
  auto clinic = find_clinic_in_zone(tx, appointment.clinic_id);
  if (!clinic) return std::unexpected(clinic.error());
  const auto healed = parse_rfc3339(reply["healed_at"]["utc"].get<std::string>());
  if (!healed) return fail(ErrorCode::kInternal, "a stored aftercare plan is invalid");
  auto stored = tx.list_patient_appointments(appointment.patient_id);
  if (!stored) return std::unexpected(stored.error());
  std::vector<planning::PatientAppointment> appointments;
  for (const auto& booked : *stored) {
    appointments.push_back({booked.id, booked.starts_at, booked.status});
  }
  reply["next_session"] = nullptr;
  reply["next_session_conflict"] = nullptr;
  const auto* next = planning::next_session(
      appointments, {appointment.id, appointment.starts_at, appointment.status});
  if (next) {
    const auto& found = (*stored)[static_cast<std::size_t>(next - appointments.data())];
    reply["next_session"] = to_json(found, clinic->zone);
    if (found.starts_at < *healed) {
      reply["next_session_conflict"] = "the next session starts before the healing period ends (" +
                                       reply["healed_at"]["local"].get<std::string>() +
                                       "); move it later";
    }
  }
  reply["appointment_id"] = appointment.id;
  reply["patient_id"] = appointment.patient_id;
  return reply;
}

// POST .../signature: the draft signed, and everything that follows from it.
http::Response sign(store::Store& store, const http::Request& request, const Caller& caller) {
  Json reply;
  auto signed_chart = store::in_transaction(
      store, store::TransactionMode::kWrite, [&](store::Transaction& tx) -> Result<void> {
        auto found = find_visible_appointment(tx, request.path_params.at("id"), caller);
        if (!found) return std::unexpected(found.error());
        const auto& [appointment, patient] = *found;
        if (auto allowed =
                planning::check_charting(appointment.status, appointment.starts_at, now());
            !allowed) {
          return allowed;
        }
        auto draft = tx.find_chart(appointment.id, std::nullopt);
        if (!draft) return std::unexpected(draft.error());
        if (!*draft) return fail(ErrorCode::kConflict, "there is no chart to sign yet");
        if ((*draft)->signed_at) {
          return fail(ErrorCode::kConflict,
                      "the chart is signed already; a correction is a new version with its "
                      "reason");
        }
        auto chart = stored_chart(**draft);
        if (!chart) return std::unexpected(chart.error());
        auto clinic = find_clinic_in_zone(tx, appointment.clinic_id);
        if (!clinic) return std::unexpected(clinic.error());
        const Instant signed_at = now();
        if (auto sealed =
                tx.sign_chart(appointment.id, (*draft)->version, signed_at, caller.user->id);
            !sealed) {
          return sealed;
        }
        if (auto moved = move_stock(tx, chart->lots, appointment.clinic_id,
                                    clinic->zone.to_local(signed_at).date);
            !moved) {
          return moved;
        }
        if (auto used = tx.replace_lot_uses(appointment.id, patient.id, chart->lots, signed_at);
            !used) {
          return used;
        }
        if (appointment.status == store::AppointmentStatus::kBooked) {
          store::Appointment attended = appointment;
          attended.status = store::AppointmentStatus::kAttended;
          if (auto written = tx.update_appointment(attended, appointment); !written) {
            return written;
          }
        }
        auto rules = load_aftercare_rules(tx, appointment.clinic_id);
        if (!rules) return std::unexpected(rules.error());
        auto settings = load_calendar_settings(tx, appointment.clinic_id);
        if (!settings) return std::unexpected(settings.error());
        const auto plan = clinic::issue_aftercare(*rules, appointment.ends_at, clinic->zone,
                                                  settings->healing_days);
        const std::string plan_body = to_json(plan, clinic->zone).dump();
        if (auto saved = tx.save_aftercare_plan(appointment.id, patient.id, plan_body, signed_at);
            !saved) {
          return saved;
        }
        if (auto queued = queue_aftercare_reminders(tx, appointment, patient, plan, signed_at);
            !queued) {
          return queued;
        }
        auto audited = tx.append_audit(
            audit_entry(request, caller, "chart.sign", "appointment", appointment.id, patient.id));
        if (!audited) return std::unexpected(audited.error());
        store::StoredChart sealed = **draft;
        sealed.signed_at = signed_at;
        sealed.signed_by = caller.user->id;
        auto aftercare = aftercare_reply(tx, appointment, plan_body);
        if (!aftercare) return std::unexpected(aftercare.error());
        reply = Json{{"chart", chart_json(sealed)}, {"aftercare", std::move(*aftercare)}};
        return {};
      });
  if (!signed_chart) return http::problem_from(signed_chart.error());
  return json_reply(200, reply);
}

// POST .../corrections: a new signed version with its reason; stock follows the difference.
http::Response correct(store::Store& store, const http::Request& request, const Caller& caller) {
  auto body = parse_json_object(request);
  if (!body) return body.error();
  FieldReader reader(*body);
  reader.refuse_unknown({"reason", "chart"}, {});
  const auto reason = reader.string("reason", true);
  if (reason && (reason->empty() || code_point_count(*reason) > 2000)) {
    reader.add_error("reason", "must say why (1 to 2000 characters)");
  }
  if (!body->contains("chart") || !(*body)["chart"].is_object()) {
    reader.add_error("chart", "is required: the corrected chart, whole");
  }
  if (!reader.errors().empty()) {
    return http::problem_from(
        Error{ErrorCode::kInvalidInput, "The request has invalid fields.", reader.errors()});
  }
  auto chart = chart_from_json((*body)["chart"]);
  if (!chart) {
    Error error = chart.error();
    for (auto& field : error.fields) field.field = "/chart" + field.field;
    return http::problem_from(error);
  }
  Json reply;
  auto corrected = store::in_transaction(
      store, store::TransactionMode::kWrite, [&](store::Transaction& tx) -> Result<void> {
        auto found = find_visible_appointment(tx, request.path_params.at("id"), caller);
        if (!found) return std::unexpected(found.error());
        const auto& [appointment, patient] = *found;
        auto latest = tx.find_chart(appointment.id, std::nullopt);
        if (!latest) return std::unexpected(latest.error());
        if (!*latest || !(*latest)->signed_at) {
          return fail(ErrorCode::kConflict,
                      "only a signed chart is corrected; change the draft and sign it instead");
        }
        auto before = stored_chart(**latest);
        if (!before) return std::unexpected(before.error());
        auto clinic = find_clinic_in_zone(tx, appointment.clinic_id);
        if (!clinic) return std::unexpected(clinic.error());
        const Instant at = now();
        if (auto moved = move_stock(tx, clinic::lot_changes(before->lots, chart->lots),
                                    appointment.clinic_id, clinic->zone.to_local(at).date);
            !moved) {
          return moved;
        }
        auto document = chart_document(tx, *chart);
        if (!document) return std::unexpected(document.error());
        const store::StoredChart version{appointment.id,
                                         (*latest)->version + 1,
                                         patient.id,
                                         *document,
                                         at,
                                         caller.user->id,
                                         at,
                                         caller.user->id,
                                         *reason};
        if (auto written = tx.insert_chart(version); !written) return written;
        if (auto used = tx.replace_lot_uses(appointment.id, patient.id, chart->lots, at); !used) {
          return used;
        }
        auto audited = tx.append_audit(audit_entry(request, caller, "chart.correct", "appointment",
                                                   appointment.id, patient.id));
        if (!audited) return std::unexpected(audited.error());
        reply = chart_json(version);
        return {};
      });
  if (!corrected) return http::problem_from(corrected.error());
  return json_reply(201, reply);
}

http::Response read_aftercare(store::Store& store, const http::Request& request,
                              const Caller& caller) {
  auto tx = store.begin(store::TransactionMode::kWrite);
  if (!tx) return http::problem_from(tx.error());
  auto found = find_visible_appointment(**tx, request.path_params.at("id"), caller);
  if (!found) return http::problem_from(found.error());
  auto body = (*tx)->find_aftercare_plan(found->first.id);
  if (!body) return http::problem_from(body.error());
  if (!*body) {
    return http::problem(404, "Not found", "No aftercare plan: the session is not signed yet.");
  }
  auto reply = aftercare_reply(**tx, found->first, **body);
  if (!reply) return http::problem_from(reply.error());
  if (auto failed =
          audit_and_commit(**tx, audit_entry(request, caller, "aftercare.read", "appointment",
                                             found->first.id, found->second.id))) {
    return *failed;
  }
  return json_reply(200, *reply);
}

// Everyone who received a lot: one indexed query, for a recall.
http::Response lot_recipients(store::Store& store, const http::Request& request,
                              const Caller& caller) {
  auto tx = store.begin(store::TransactionMode::kWrite);
  if (!tx) return http::problem_from(tx.error());
  auto lot = (*tx)->find_lot(request.path_params.at("id"));
  if (!lot) return http::problem_from(lot.error());
  if (!*lot || !caller.sees_clinic((*lot)->clinic_id)) {
    return http::problem(404, "Not found", "No lot with this id.");
  }
  auto recipients = (*tx)->list_lot_recipients((*lot)->id);
  if (!recipients) return http::problem_from(recipients.error());
  Json items = Json::array();
  std::map<std::string, bool> audited_patients;
  for (const auto& recipient : *recipients) {
    items.push_back({{"patient_id", recipient.patient_id},
                     {"appointment_id", recipient.appointment_id},
                     {"vials", recipient.vials},
                     {"used_at", format_rfc3339(recipient.used_at)}});
    if (audited_patients.emplace(recipient.patient_id, true).second) {
      auto audited = (*tx)->append_audit(
          audit_entry(request, caller, "lot.recipients", "lot", (*lot)->id, recipient.patient_id));
      if (!audited) return http::problem_from(audited.error());
    }
  }
  if (auto failed = audit_and_commit(
          **tx, audit_entry(request, caller, "lot.recipients", "lot", (*lot)->id))) {
    return *failed;
  }
  return json_reply(200, Json{{"lot_id", (*lot)->id},
                              {"number", (*lot)->number},
                              {"recalled", (*lot)->recalled},
                              {"items", std::move(items)}});
}

http::Response read_aftercare_rules(store::Store& store, const http::Request& request,
                                    const Caller& caller) {
  const std::string& clinic_id = request.path_params.at("id");
  if (!caller.sees_clinic(clinic_id))
    return http::problem(404, "Not found", "No clinic with this id.");
  auto rules = store::in_transaction(
      store, store::TransactionMode::kRead,
      [&](store::Transaction& tx) { return load_aftercare_rules(tx, clinic_id); });
  if (!rules) return http::problem_from(rules.error());
  return json_reply(200, aftercare_rules_json(*rules));
}

http::Response replace_aftercare_rules(store::Store& store, const http::Request& request,
                                       const Caller& caller) {
  const std::string& clinic_id = request.path_params.at("id");
  if (!caller.sees_clinic(clinic_id))
    return http::problem(404, "Not found", "No clinic with this id.");
  auto body = parse_json_object(request);
  if (!body) return body.error();
  auto rules = aftercare_rules_from_json(*body);
  if (!rules) return http::problem_from(rules.error());
  auto saved = store::in_transaction(
      store, store::TransactionMode::kWrite, [&](store::Transaction& tx) -> Result<void> {
        if (auto stored = tx.save_clinic_setting({clinic_id, std::string(kAftercareSetting),
                                                  aftercare_rules_json(*rules).dump(), now()});
            !stored) {
          return stored;
        }
        auto audited = tx.append_audit(
            audit_entry(request, caller, "aftercare_rules.replace", "clinic", clinic_id));
        if (!audited) return std::unexpected(audited.error());
        return {};
      });
  if (!saved) return http::problem_from(saved.error());
  return json_reply(200, aftercare_rules_json(*rules));
}

}  // namespace

void add_chart_routes(http::Router& router, const Gate& gate, const http::RouteOptions& limits) {
  store::Store& store = gate.store();
  const std::string chart = "/api/v1/appointments/{id}/chart";
  gate.add(router, "GET", chart, with_store(store, read_chart), limits);
  gate.add(router, "PUT", chart, with_store(store, save_draft), limits);
  gate.add(router, "POST", chart + "/signature", with_store(store, sign), limits);
  gate.add(router, "POST", chart + "/corrections", with_store(store, correct), limits);
  gate.add(router, "GET", "/api/v1/appointments/{id}/aftercare", with_store(store, read_aftercare),
           limits);
  gate.add(router, "GET", "/api/v1/lots/{id}/recipients", with_store(store, lot_recipients),
           limits);
  gate.add(router, "GET", "/api/v1/clinics/{id}/aftercare-rules",
           with_store(store, read_aftercare_rules), limits);
  gate.add(router, "PUT", "/api/v1/clinics/{id}/aftercare-rules",
           with_store(store, replace_aftercare_rules), limits);
}

}  // namespace mesoclinic::api
