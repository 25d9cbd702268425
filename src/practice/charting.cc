#include "practice/charting.h"

#include <map>

#include "clinic/stock.h"
#include "documents/chart_json.h"
#include "documents/clinical_json.h"
#include "documents/course.h"
#include "planning/planning.h"
#include "practice/clinic_context.h"
#include "practice/reminders.h"
#include "practice/retirement.h"
#include "practice/worklist.h"

namespace mesoclinic::practice {
namespace {

// The chart document as stored, with each lot as it is now (a draft may name a lot not yet
// received: it is checked when signing).
Result<std::string> chart_document(store::Transaction& tx, const clinic::SessionChart& chart) {
  std::map<std::string, documents::LotAsUsed> lots;
  for (const auto& use : chart.lots) {
    auto lot = tx.find_lot(use.lot_id);
    if (!lot) return std::unexpected(lot.error());
    if (*lot) lots[use.lot_id] = {(*lot)->number, (*lot)->expires_on, (*lot)->product_id};
  }
  return documents::chart_document(chart, lots);
}

// The lots the chart names with the formulation in each; a lot that is not found is left to
// move_stock, which refuses it.
Result<std::vector<clinic::LotToInject>> lots_to_inject(store::Transaction& tx,
                                                        const clinic::SessionChart& chart) {
  std::vector<clinic::LotToInject> lots;
  for (const auto& use : chart.lots) {
    auto lot = tx.find_lot(use.lot_id);
    if (!lot) return std::unexpected(lot.error());
    if (!*lot) continue;
    auto product = tx.find_product((*lot)->product_id);
    if (!product) return std::unexpected(product.error());
    if (!*product) return fail(ErrorCode::kInternal, "lot " + use.lot_id + " names no product");
    auto formulation = tx.find_formulation((*product)->formulation_id);
    if (!formulation) return std::unexpected(formulation.error());
    if (!*formulation) {
      return fail(ErrorCode::kInternal, "product " + (*product)->id + " names no formulation");
    }
    lots.push_back({use.lot_id, (*lot)->number, std::move(**formulation)});
  }
  return lots;
}

// The substances the patient is allergic to, as the latest medical history records them.
Result<std::vector<std::string>> current_allergies(store::Transaction& tx,
                                                   const std::string& patient_id) {
  auto record = tx.find_clinical_record(patient_id, "medical_history", std::nullopt);
  if (!record) return std::unexpected(record.error());
  if (!*record) return std::vector<std::string>{};
  auto history = documents::medical_history_from_json(documents::Json::parse((*record)->body));
  if (!history) return fail(ErrorCode::kInternal, "a stored medical history no longer decodes");
  return std::move(history->allergies);
}

// The patient's decisions, oldest first, as the chair reads them.
Result<std::vector<clinic::DecisionOnRecord>> decisions_on_record(store::Transaction& tx,
                                                                  const std::string& patient_id) {
  auto stored = tx.list_decisions(patient_id);
  if (!stored) return std::unexpected(stored.error());
  std::vector<clinic::DecisionOnRecord> decisions;
  for (const auto& decision : *stored) {
    auto read = documents::decision_from_document(decision.body);
    if (!read) return std::unexpected(read.error());
    decisions.push_back(std::move(*read));
  }
  return decisions;
}

// What the chart's lots conflict with at the chair (see clinic::check_at_chair).
Result<std::vector<clinic::ChairConflict>> conflicts_at_chair(store::Transaction& tx,
                                                              const clinic::SessionChart& chart,
                                                              const std::string& patient_id) {
  auto lots = lots_to_inject(tx, chart);
  if (!lots) return std::unexpected(lots.error());
  auto allergies = current_allergies(tx, patient_id);
  if (!allergies) return std::unexpected(allergies.error());
  auto decisions = decisions_on_record(tx, patient_id);
  if (!decisions) return std::unexpected(decisions.error());
  return clinic::check_at_chair(*lots, *allergies, *decisions);
}

// Takes (or gives back) stock for `changes`: a lot taken from must belong to the clinic and be
// usable today; the database refuses a count below zero or a recalled lot all the same.
Result<void> move_stock(store::Transaction& tx, const std::vector<clinic::LotUse>& changes,
                        const std::string& clinic_id, CalendarDate today) {
  for (const auto& change : changes) {
    auto lot = tx.find_lot(change.lot_id);
    if (!lot) return std::unexpected(lot.error());
    if (!*lot || (*lot)->clinic_id != clinic_id) {
      return invalid({{"/lots", "lot " + change.lot_id + " is not in this clinic's stock"}});
    }
    if (change.vials > 0) {
      if (auto why = clinic::why_unusable(**lot, today, change.vials)) {
        return fail(ErrorCode::kConflict, *why + "; it cannot be used");
      }
      // Vials go back to any lot; none are taken from a retired product (or formulation).
      if (auto in_service = check_lot_in_service(tx, **lot, "/lots"); !in_service) {
        return in_service;
      }
    }
    if (auto taken = tx.take_from_lot(change.lot_id, change.vials); !taken) return taken;
  }
  return {};
}

// Marks a booked appointment attended (a signed chart says the session took place).
Result<void> mark_attended(store::Transaction& tx, const store::Appointment& appointment) {
  if (appointment.status != store::AppointmentStatus::kBooked) return {};
  store::Appointment attended = appointment;
  attended.status = store::AppointmentStatus::kAttended;
  return tx.update_appointment(attended, appointment);
}

// Issues the aftercare plan of a signed session in clinic time, stores it and queues its
// reminders; returns the stored document.
Result<std::string> issue_aftercare(store::Transaction& tx, const store::Appointment& appointment,
                                    const clinic::Patient& patient, const ClinicZone& zone,
                                    Instant signed_at) {
  auto rules = load_aftercare_rules(tx, appointment.clinic_id);
  if (!rules) return std::unexpected(rules.error());
  auto settings = load_calendar_settings(tx, appointment.clinic_id);
  if (!settings) return std::unexpected(settings.error());
  const auto plan =
      clinic::issue_aftercare(*rules, appointment.ends_at, zone, settings->healing_days);
  std::string document = documents::to_json(plan, zone).dump();
  if (auto saved = tx.save_aftercare_plan(appointment.id, patient.id, document, signed_at);
      !saved) {
    return std::unexpected(saved.error());
  }
  if (auto queued = queue_aftercare_reminders(tx, appointment, patient, plan, signed_at); !queued) {
    return std::unexpected(queued.error());
  }
  return document;
}

// The course's treatment consent if it no longer held when the session began: a session after
// a withdrawal cannot be signed, while one given before it is still documented. Courses agreed
// before consents were recorded have none to check.
Result<std::optional<clinic::Consent>> withdrawn_course_consent(
    store::Transaction& tx, const store::Appointment& appointment) {
  if (!appointment.course_id) return std::nullopt;
  auto consent = tx.find_course_consent(*appointment.course_id);
  if (!consent) return std::unexpected(consent.error());
  // Only a withdrawal by the time the session began refuses it: a consent recorded after the
  // session began was never withdrawn (and the refusal names the withdrawal).
  if (!*consent || !(*consent)->withdrawal ||
      (*consent)->withdrawal->withdrawn_at > appointment.starts_at) {
    return std::nullopt;
  }
  return std::move(*consent);
}

}  // namespace

Result<store::StoredChart> save_draft_chart(store::Transaction& tx,
                                            const store::Appointment& appointment,
                                            const clinic::Patient& patient,
                                            const clinic::SessionChart& chart,
                                            const std::string& user_id, Instant at) {
  if (auto allowed = planning::check_charting(appointment.status, appointment.starts_at, at);
      !allowed) {
    return std::unexpected(allowed.error());
  }
  auto latest = tx.find_chart(appointment.id, std::nullopt);
  if (!latest) return std::unexpected(latest.error());
  if (*latest && (*latest)->signed_at) {
    return fail(ErrorCode::kChartSigned,
                "the chart is signed and does not change; POST a correction with its reason to "
                ".../chart/corrections");
  }
  auto document = chart_document(tx, chart);
  if (!document) return std::unexpected(document.error());
  store::StoredChart stored{.appointment_id = appointment.id,
                            .version = *latest ? (*latest)->version : 1,
                            .patient_id = patient.id,
                            .body = *document,
                            .recorded_at = at,
                            .recorded_by = user_id,
                            .signed_at = std::nullopt,
                            .signed_by = "",
                            .correction_reason = "",
                            .adverse_events = static_cast<int>(chart.adverse_events.size())};
  // The draft read above is the one replaced: a save in between (another tablet) is refused.
  auto written =
      *latest ? tx.replace_draft_chart(stored, (*latest)->recorded_at) : tx.insert_chart(stored);
  if (!written) return std::unexpected(written.error());
  return stored;
}

Result<Signature> sign_chart(store::Transaction& tx, const store::Appointment& appointment,
                             const clinic::Patient& patient,
                             const std::optional<std::string>& override_reason,
                             const std::string& user_id, Instant at) {
  if (auto allowed = planning::check_charting(appointment.status, appointment.starts_at, at);
      !allowed) {
    return std::unexpected(allowed.error());
  }
  auto draft = tx.find_chart(appointment.id, std::nullopt);
  if (!draft) return std::unexpected(draft.error());
  if (!*draft) return fail(ErrorCode::kConflict, "there is no chart to sign yet");
  if ((*draft)->signed_at) {
    return fail(ErrorCode::kChartSigned,
                "the chart is signed already; a correction is a new version with its reason");
  }
  if (auto consent = withdrawn_course_consent(tx, appointment); !consent) {
    return std::unexpected(consent.error());
  } else if (*consent) {
    return ConsentWithdrawn{std::move(**consent)};
  }
  auto chart = documents::chart_from_document((*draft)->body);
  if (!chart) return std::unexpected(chart.error());
  // Checked here, in the signature's transaction and before anything changes: the allergies
  // and decisions read are the ones the signature stands on.
  auto conflicts = conflicts_at_chair(tx, *chart, patient.id);
  if (!conflicts) return std::unexpected(conflicts.error());
  store::StoredChart sealed_chart = **draft;
  if (!conflicts->empty() && !override_reason) return RefusedAtChair{std::move(*conflicts)};
  if (override_reason) {
    if (conflicts->empty()) {
      return invalid({{"/override_reason",
                       "there is no conflict at the chair to override; sign without a reason"}});
    }
    sealed_chart.body =
        documents::with_override(sealed_chart.body, {*override_reason, std::move(*conflicts)});
    if (auto kept = tx.replace_draft_chart(sealed_chart, (*draft)->recorded_at); !kept) {
      return std::unexpected(kept.error());
    }
  }
  auto clinic = find_clinic_in_zone(tx, appointment.clinic_id);
  if (!clinic) return std::unexpected(clinic.error());
  if (auto sealed = tx.sign_chart(appointment.id, sealed_chart.version, at, user_id); !sealed) {
    return std::unexpected(sealed.error());
  }
  if (auto moved =
          move_stock(tx, chart->lots, appointment.clinic_id, clinic->zone.to_local(at).date);
      !moved) {
    return std::unexpected(moved.error());
  }
  if (auto used = tx.replace_lot_uses(appointment.id, patient.id, chart->lots, at); !used) {
    return std::unexpected(used.error());
  }
  if (auto attended = mark_attended(tx, appointment); !attended) {
    return std::unexpected(attended.error());
  }
  auto aftercare = issue_aftercare(tx, appointment, patient, clinic->zone, at);
  if (!aftercare) return std::unexpected(aftercare.error());
  // What the session leaves for staff to follow up: its adverse events, the outcome time points
  // come without a measurement, and the recall once the course's last session is over.
  if (auto followed = plan_adverse_follow_ups(tx, appointment, *chart, at); !followed) {
    return std::unexpected(followed.error());
  }
  if (auto chased = plan_measurement_follow_ups(tx, appointment, at); !chased) {
    return std::unexpected(chased.error());
  }
  if (auto recalled = plan_recall(tx, appointment, at); !recalled) {
    return std::unexpected(recalled.error());
  }
  SignedSession signed_session{.chart = std::move(sealed_chart),
                               .aftercare_document = std::move(*aftercare)};
  signed_session.chart.signed_at = at;
  signed_session.chart.signed_by = user_id;
  return signed_session;
}

Result<store::StoredChart> correct_chart(store::Transaction& tx,
                                         const store::Appointment& appointment,
                                         const clinic::Patient& patient,
                                         const clinic::SessionChart& corrected,
                                         const std::string& reason, const std::string& user_id,
                                         Instant at) {
  auto latest = tx.find_chart(appointment.id, std::nullopt);
  if (!latest) return std::unexpected(latest.error());
  if (!*latest || !(*latest)->signed_at) {
    return fail(ErrorCode::kConflict,
                "only a signed chart is corrected; change the draft and sign it instead");
  }
  auto before = documents::chart_from_document((*latest)->body);
  if (!before) return std::unexpected(before.error());
  auto clinic = find_clinic_in_zone(tx, appointment.clinic_id);
  if (!clinic) return std::unexpected(clinic.error());
  if (auto moved = move_stock(tx, clinic::lot_changes(before->lots, corrected.lots),
                              appointment.clinic_id, clinic->zone.to_local(at).date);
      !moved) {
    return std::unexpected(moved.error());
  }
  auto document = chart_document(tx, corrected);
  if (!document) return std::unexpected(document.error());
  const store::StoredChart version{
      .appointment_id = appointment.id,
      .version = (*latest)->version + 1,
      .patient_id = patient.id,
      .body = *document,
      .recorded_at = at,
      .recorded_by = user_id,
      .signed_at = at,
      .signed_by = user_id,
      .correction_reason = reason,
      .adverse_events = static_cast<int>(corrected.adverse_events.size())};
  if (auto written = tx.insert_chart(version); !written) return std::unexpected(written.error());
  if (auto used = tx.replace_lot_uses(appointment.id, patient.id, corrected.lots, at); !used) {
    return std::unexpected(used.error());
  }
  // A follow-up the correction adds is opened; one it drops stays for staff to close.
  if (auto followed = plan_adverse_follow_ups(tx, appointment, corrected, at); !followed) {
    return std::unexpected(followed.error());
  }
  return version;
}

Result<std::optional<NextSession>> next_session_after(store::Transaction& tx,
                                                      const store::Appointment& appointment,
                                                      const clinic::AftercarePlan& plan) {
  auto stored = tx.list_patient_appointments(appointment.patient_id);
  if (!stored) return std::unexpected(stored.error());
  std::vector<planning::PatientAppointment> appointments;
  for (const auto& booked : *stored) {
    appointments.push_back({booked.id, booked.starts_at, booked.status});
  }
  const auto* next = planning::next_session(
      appointments, {appointment.id, appointment.starts_at, appointment.status});
  if (!next) return std::nullopt;
  const auto& found = (*stored)[static_cast<std::size_t>(next - appointments.data())];
  return NextSession{.appointment = found,
                     .before_healed = clinic::inside_healing_period(plan, found.starts_at)};
}

}  // namespace mesoclinic::practice
