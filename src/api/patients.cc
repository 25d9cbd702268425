// /api/v1/patients: intake records. Validation rules live in clinic/patient.h; this file only
// translates between JSON and those values and picks the store calls.
#include <spdlog/spdlog.h>

#include "api/access.h"
#include "api/consents.h"
#include "api/documents.h"
#include "api/handler.h"
#include "api/idempotency.h"
#include "api/json_body.h"
#include "api/paging.h"
#include "api/photos.h"
#include "api/routes.h"
#include "api/scheduling.h"
#include "clinic/patient.h"
#include "core/ids.h"
#include "core/text.h"
#include "core/time.h"
#include "documents/outcomes_json.h"
#include "practice/records.h"

namespace mesoclinic::api {
namespace {

using clinic::Patient;
using clinic::PatientDetails;

constexpr std::string_view kCollection = "/api/v1/patients";

Json to_json(const Patient& patient) {
  const PatientDetails& d = patient.details;
  return Json{
      {"id", patient.id},
      {"clinic_id", patient.clinic_id},
      {"family_name", d.family_name},
      {"given_name", d.given_name},
      {"date_of_birth", format_iso_date(d.date_of_birth)},
      {"sex", clinic::to_string(d.sex)},
      {"phone", d.phone ? Json(*d.phone) : Json(nullptr)},
      {"email", d.email ? Json(*d.email) : Json(nullptr)},
      {"preferred_language", d.preferred_language},
      {"reminder_channel", clinic::to_string(d.reminder_channel)},
      {"created_at", format_rfc3339(patient.created_at)},
      {"updated_at", format_rfc3339(patient.updated_at)},
      {"version", patient.version},
  };
}

http::Response patient_reply(int status, const Patient& patient) {
  http::Response response = json_reply(status, to_json(patient));
  response.with_header("ETag", etag_for(patient.version));
  return response;
}

// Reads the members present in `body` onto `details`: a create starts from defaults, a
// merge patch from the stored record. Type and shape errors go to `members`.
void read_details(Members& members, PatientDetails& details) {
  if (auto v = members.string("family_name", members.has("family_name"))) {
    details.family_name = *v;
  }
  if (auto v = members.string("given_name", members.has("given_name"))) details.given_name = *v;
  if (auto v = members.string("date_of_birth", members.has("date_of_birth"))) {
    if (auto date = parse_iso_date(*v)) {
      details.date_of_birth = *date;
    } else {
      members.error("date_of_birth", "must be a real calendar date (YYYY-MM-DD)");
    }
  }
  if (auto v = members.string("sex", false)) {
    if (auto sex = clinic::parse_sex(*v)) {
      details.sex = *sex;
    } else {
      members.error("sex", "must be one of female, male, other, unknown");
    }
  }
  if (members.has("phone")) {
    auto v = members.string("phone", false, /*nullable=*/true);
    details.phone = v ? std::optional(clinic::normalize_phone(*v)) : std::nullopt;
  }
  if (members.has("email")) {
    details.email = members.string("email", false, /*nullable=*/true);
  }
  if (auto v = members.string("preferred_language", false)) details.preferred_language = *v;
  if (auto v = members.string("reminder_channel", false)) {
    if (auto channel = clinic::parse_reminder_channel(*v)) {
      details.reminder_channel = *channel;
    } else {
      members.error("reminder_channel", "must be one of email, sms, none");
    }
  }
}

// Two passes: shape first (types, formats, unknown members), clinic rules only once every
// field is well-formed. Otherwise one typo would also raise every rule that depends on the
// field it failed to set (a phone sent as a number would add "SMS reminders need a phone").
Result<void> validate(std::vector<FieldError>& errors, const PatientDetails& details) {
  if (!errors.empty()) return invalid(std::move(errors));
  return clinic::validate_patient(details, latest_calendar_date(now()));
}

http::Response create_patient(store::Store& store, const http::Request& request,
                              const Caller& caller) {
  auto body = parse_json_object(request);
  if (!body) return body.error();
  std::vector<FieldError> errors;
  Members members(*body, "", errors);
  members.refuse_unknown({"family_name", "given_name", "date_of_birth", "sex", "phone", "email",
                          "preferred_language", "reminder_channel", "clinic_id"},
                         {"id", "created_at", "updated_at", "version"});
  const auto clinic_id = members.string("clinic_id", /*required=*/true);
  for (const char* required : {"family_name", "given_name", "date_of_birth"}) {
    if (!members.has(required)) members.error(required, "is required");
  }
  PatientDetails details;
  read_details(members, details);
  if (auto valid = validate(errors, details); !valid) return http::problem_from(valid.error());
  // A clinic the caller cannot see is answered like one that does not exist.
  if (!caller.sees_clinic(clinic_id.value_or(""))) {
    return http::problem_from(invalid({{"/clinic_id", "names no clinic"}}).error());
  }

  return create_idempotently(
      store, request, caller, "POST /api/v1/patients", [&](Work& work) -> Result<http::Response> {
        Patient patient;
        patient.id = new_id();
        patient.clinic_id = clinic_id.value_or("");
        patient.details = details;
        // A patient who states no language gets their clinic's.
        if (!members.has("preferred_language")) {
          auto clinic = work.tx.find_clinic(patient.clinic_id);
          if (!clinic) return std::unexpected(clinic.error());
          if (*clinic) patient.details.preferred_language = (*clinic)->default_language;
        }
        patient.created_at = patient.updated_at = now();
        patient.version = 1;
        if (auto inserted = work.tx.insert_patient(patient); !inserted) {
          return std::unexpected(inserted.error());
        }
        work.audit("patient.create", "patient", patient.id, patient.id);
        http::Response response = patient_reply(201, patient);
        response.with_header("Location", std::string(kCollection) + "/" + patient.id);
        return response;
      });
}

// An id that is not even well-formed, or names a patient of a clinic the caller cannot see, is
// answered exactly like an unknown one: 404.
}  // namespace

Result<Patient> find_visible_patient(store::Transaction& tx, const std::string& id,
                                     const Caller& caller) {
  if (!is_valid_id(id)) return fail(ErrorCode::kNotFound, "No patient with this id.");
  auto found = tx.find_patient(id);
  if (!found) return std::unexpected(found.error());
  if (!*found || !caller.sees_clinic((*found)->clinic_id)) {
    return fail(ErrorCode::kNotFound, "No patient with this id.");
  }
  return **found;
}

namespace {

http::Response read_patient(store::Store& store, const http::Request& request,
                            const Caller& caller) {
  return handle(store, request, caller, store::TransactionMode::kRead,
                [&](Work& work) -> Result<http::Response> {
                  auto patient =
                      find_visible_patient(work.tx, request.path_params.at("id"), caller);
                  if (!patient) return std::unexpected(patient.error());
                  work.audit("patient.read", "patient", patient->id, patient->id);
                  return patient_reply(200, *patient);
                });
}

// A merge patch read onto the stored details; the errors if it is malformed or breaks a rule.
Result<PatientDetails> patched_details(const Json& body, PatientDetails details) {
  std::vector<FieldError> errors;
  Members members(body, "", errors);
  // Moving a patient between clinics is a transfer, not an edit: clinic_id is read-only here.
  members.refuse_unknown({"family_name", "given_name", "date_of_birth", "sex", "phone", "email",
                          "preferred_language", "reminder_channel"},
                         {"id", "created_at", "updated_at", "version", "clinic_id"});
  read_details(members, details);
  if (auto valid = validate(errors, details); !valid) return std::unexpected(valid.error());
  return details;
}

http::Response update_patient(store::Store& store, const http::Request& request,
                              const Caller& caller) {
  auto body = parse_json_object(request, /*accept_merge_patch=*/true);
  if (!body) return body.error();
  return handle(store, request, caller, store::TransactionMode::kWrite,
                [&](Work& work) -> Result<http::Response> {
                  auto patient =
                      find_visible_patient(work.tx, request.path_params.at("id"), caller);
                  if (!patient) return std::unexpected(patient.error());
                  if (auto refused = check_if_match(request, patient->version)) return *refused;
                  auto details = patched_details(*body, patient->details);
                  if (!details) return std::unexpected(details.error());
                  // Nothing changed: nothing is written or audited.
                  if (*details == patient->details) return patient_reply(200, *patient);
                  Patient changed = *patient;
                  changed.details = std::move(*details);
                  changed.version = patient->version + 1;
                  changed.updated_at = now();
                  if (auto updated = work.tx.update_patient(changed, patient->version); !updated) {
                    return std::unexpected(updated.error());
                  }
                  work.audit("patient.update", "patient", changed.id, changed.id);
                  return patient_reply(200, changed);
                });
}

http::Response delete_patient(store::Store& store, const http::Request& request,
                              const Caller& caller) {
  return handle(
      store, request, caller, store::TransactionMode::kWrite,
      [&](Work& work) -> Result<http::Response> {
        auto patient = find_visible_patient(work.tx, request.path_params.at("id"), caller);
        if (!patient) return std::unexpected(patient.error());
        if (auto refused = check_if_match(request, patient->version)) return *refused;
        if (auto deleted = work.tx.soft_delete_patient(patient->id, patient->version, now());
            !deleted) {
          return std::unexpected(deleted.error());
        }
        work.audit("patient.delete", "patient", patient->id, patient->id);
        http::Response response;
        response.status = 204;
        response.content_type.clear();
        return response;
      });
}

// Who has accessed the patient's data, oldest first, page by page.
Result<Json> access_history(store::Transaction& tx, const std::string& patient_id) {
  Json access = Json::array();
  store::AuditQuery query;
  query.patient_id = patient_id;
  query.limit = 500;
  for (;;) {
    auto entries = tx.list_audit(query);
    if (!entries) return std::unexpected(entries.error());
    for (const auto& entry : *entries) {
      access.push_back({{"at", format_rfc3339(entry.recorded_at)},
                        {"by", entry.username},
                        {"role", entry.role},
                        {"action", entry.action},
                        {"outcome", audit::to_string(entry.outcome)}});
    }
    if (entries->size() < query.limit) break;
    query.after_sequence = entries->back().sequence;
  }
  return access;
}

// Courses with their sessions, in clinic time.
Result<Json> exported_courses(store::Transaction& tx, const std::string& patient_id,
                              const ClinicZone& zone) {
  Json courses = Json::array();
  auto agreed = tx.list_courses(patient_id);
  if (!agreed) return std::unexpected(agreed.error());
  for (const auto& course : *agreed) {
    auto sessions = tx.list_course_appointments(course.id);
    if (!sessions) return std::unexpected(sessions.error());
    courses.push_back(course_json(course, *sessions, zone));
  }
  return courses;
}

// Every appointment (single ones too) with every version of its session chart and its
// aftercare plan.
Result<Json> exported_appointments(store::Transaction& tx, const std::string& patient_id,
                                   const ClinicZone& zone) {
  Json appointments = Json::array();
  auto booked = tx.list_patient_appointments(patient_id);
  if (!booked) return std::unexpected(booked.error());
  for (const auto& appointment : *booked) {
    Json entry = api::to_json(appointment, zone);
    Json charts = Json::array();
    auto latest = tx.find_chart(appointment.id, std::nullopt);
    if (!latest) return std::unexpected(latest.error());
    for (std::int64_t version = 1; *latest && version <= (*latest)->version; ++version) {
      auto chart = tx.find_chart(appointment.id, version);
      if (!chart) return std::unexpected(chart.error());
      if (*chart) charts.push_back(chart_json(**chart));
    }
    entry["charts"] = std::move(charts);
    auto aftercare = tx.find_aftercare_plan(appointment.id);
    if (!aftercare) return std::unexpected(aftercare.error());
    entry["aftercare"] = *aftercare ? Json::parse(**aftercare) : Json(nullptr);
    appointments.push_back(std::move(entry));
  }
  return appointments;
}

// Clinical records as stored, every version, and the suitability decisions.
Result<Json> exported_records(store::Transaction& tx, const std::string& patient_id) {
  Json records = Json::object();
  auto stored = tx.list_clinical_records(patient_id);
  if (!stored) return std::unexpected(stored.error());
  for (const auto& record : *stored) records[record.kind].push_back(api::to_json(record));
  Json decisions = Json::array();
  auto made = tx.list_decisions(patient_id);
  if (!made) return std::unexpected(made.error());
  for (const auto& decision : *made) decisions.push_back(api::to_json(decision));
  return Json{{"clinical_records", std::move(records)},
              {"suitability_decisions", std::move(decisions)}};
}

// The reminders queued for the patient: what they said, where they went and when.
Result<Json> exported_reminders(store::Transaction& tx, const std::string& patient_id) {
  store::ReminderFilter filter;
  filter.patient_id = patient_id;
  auto queued = tx.list_reminders(filter, 100'000);
  if (!queued) return std::unexpected(queued.error());
  return reminders_json(tx, *queued);
}

// Everything held on one patient, as one document, in the order the parts are read.
Result<Json> patient_export(store::Transaction& tx, const Patient& patient) {
  auto access = access_history(tx, patient.id);
  if (!access) return std::unexpected(access.error());
  auto document = exported_records(tx, patient.id);
  if (!document) return std::unexpected(document.error());
  auto clinic = find_clinic_in_zone(tx, patient.clinic_id);
  if (!clinic) return std::unexpected(clinic.error());
  auto courses = exported_courses(tx, patient.id, clinic->zone);
  if (!courses) return std::unexpected(courses.error());
  auto appointments = exported_appointments(tx, patient.id, clinic->zone);
  if (!appointments) return std::unexpected(appointments.error());
  auto reminders = exported_reminders(tx, patient.id);
  if (!reminders) return std::unexpected(reminders.error());
  auto consents = tx.list_consents(patient.id);
  if (!consents) return std::unexpected(consents.error());
  auto worklist = tx.list_patient_worklist(patient.id);
  if (!worklist) return std::unexpected(worklist.error());
  auto measurements = tx.list_patient_measurements(patient.id);
  if (!measurements) return std::unexpected(measurements.error());
  auto photos = tx.list_photos(patient.id);
  if (!photos) return std::unexpected(photos.error());
  const Instant exported_at = now();
  Json consents_json = Json::array();
  for (const auto& consent : *consents) consents_json.push_back(consent_json(consent, exported_at));
  Json worklist_json = Json::array();
  for (const auto& item : *worklist) worklist_json.push_back(worklist_item_json(item));
  Json photos_json = Json::array();
  for (const auto& photo : *photos) photos_json.push_back(photo_json(photo));
  (*document)["exported_at"] = format_rfc3339(exported_at);
  (*document)["patient"] = to_json(patient);
  (*document)["courses"] = std::move(*courses);
  (*document)["appointments"] = std::move(*appointments);
  (*document)["reminders"] = std::move(*reminders);
  (*document)["consents"] = std::move(consents_json);
  (*document)["worklist_items"] = std::move(worklist_json);
  Json& measured = (*document)["outcome_measurements"] = Json::array();
  for (const auto& measurement : *measurements) {
    measured.push_back(documents::measurement_json(measurement));
  }
  (*document)["photos"] = std::move(photos_json);  // metadata; the bytes at each image_url
  (*document)["access_history"] = std::move(*access);
  return document;
}

// Everything held on one patient, as one document: the record and who has accessed it.
http::Response export_patient(store::Store& store, const http::Request& request,
                              const Caller& caller) {
  return handle(store, request, caller, store::TransactionMode::kRead,
                [&](Work& work) -> Result<http::Response> {
                  auto patient =
                      find_visible_patient(work.tx, request.path_params.at("id"), caller);
                  if (!patient) return std::unexpected(patient.error());
                  auto document = patient_export(work.tx, *patient);
                  if (!document) return std::unexpected(document.error());
                  work.audit("patient.export", "patient", patient->id, patient->id);
                  return json_reply(200, *document)
                      .with_header("Content-Disposition",
                                   "attachment; filename=\"patient-" + patient->id + ".json\"");
                });
}

// Erasure on the patient's request. The audit trail keeps that it happened, who did it and
// when, under the patient's opaque id; the personal data goes. A patient deleted earlier still
// holds data, so erasure finds deleted patients too (and erasing twice is harmless).
http::Response erase_patient(store::Store& store, const media::PhotoFiles* photos,
                             const http::Request& request, const Caller& caller) {
  const std::string& id = request.path_params.at("id");
  if (!is_valid_id(id)) return http::problem(404, "Not found", "No patient with this id.");
  practice::ErasedPhotoFiles files;
  http::Response reply =
      handle(store, request, caller, store::TransactionMode::kWrite,
             [&](Work& work) -> Result<http::Response> {
               auto clinic_id = work.tx.find_patient_clinic(id);
               if (!clinic_id) return std::unexpected(clinic_id.error());
               if (!*clinic_id || !caller.sees_clinic(**clinic_id)) {
                 return fail(ErrorCode::kNotFound, "No patient with this id.");
               }
               const Instant when = now();
               auto erased = practice::erase_patient(work.tx, id, when);
               if (!erased) return std::unexpected(erased.error());
               files = std::move(*erased);
               work.audit("patient.erase", "patient", id, id);
               return json_reply(200, Json{{"id", id}, {"erased_at", format_rfc3339(when)}});
             });
  // The photos' files go once their rows are gone for good. The erasure stands if this fails;
  // the files left are named by no row, and the log says which to remove by hand.
  if (reply.status == 200 && photos) {
    if (auto removed = practice::remove_erased_photo_files(store, *photos, files); !removed) {
      spdlog::error("erasure of patient {}: photo files not all removed from {}: {}", id,
                    photos->root().string(), removed.error().message);
    }
  }
  return reply;
}

Result<store::PatientQuery> read_list_query(const http::Request& request) {
  static const std::vector<std::string_view> kKnown = {"clinic_id",     "name",  "phone",
                                                       "date_of_birth", "limit", "cursor"};
  std::vector<FieldError> errors;
  store::PatientQuery query;
  query.limit = kDefaultPageSize;
  for (const auto& [name, value] : request.query) {
    const std::string field = "/" + name;
    if (std::find(kKnown.begin(), kKnown.end(), name) == kKnown.end()) {
      errors.push_back({"/" + name, "is not a known query parameter"});
    } else if (name == "limit" || name == "cursor") {
      // paging, read below by the rules every list shares
    } else if (request.query.count(name) > 1) {
      errors.push_back({field, "may be given only once"});
    } else if (!is_valid_utf8(value)) {
      errors.push_back({field, "must be valid UTF-8 text"});
    } else if (name == "clinic_id") {
      query.clinic_id = value;
    } else if (name == "name") {
      std::string folded = fold_for_search(value);
      if (folded.empty() || code_point_count(value) > clinic::kMaxNameLength) {
        errors.push_back({field, "must be 1 to 100 characters of a name"});
      } else {
        query.name_prefix = std::move(folded);
      }
    } else if (name == "phone") {
      std::string phone = clinic::normalize_phone(value);
      if (!clinic::is_e164(phone)) {
        errors.push_back({field, "must be an E.164 number such as +447700900123"});
      } else {
        query.phone = std::move(phone);
      }
    } else if (name == "date_of_birth") {
      if (auto date = parse_iso_date(value)) {
        query.date_of_birth = *date;
      } else {
        errors.push_back({field, "must be a date written as YYYY-MM-DD"});
      }
    }
  }
  if (auto page = read_page_request(request); !page) {
    for (auto& field : page.error().fields) errors.push_back(std::move(field));
  } else {
    query.limit = page->limit;
    if (page->after) {
      query.after_sort_key = page->after->first;
      query.after_id = page->after->second;
    }
  }
  if (!errors.empty()) return invalid(std::move(errors), "The query has invalid parameters.");
  return query;
}

// A page of patients as listed, with the cursor to the next page if there is one.
Json patient_page(const std::vector<store::PatientListEntry>& rows, std::size_t page_size) {
  Json items = Json::array();
  for (std::size_t i = 0; i < rows.size() && i < page_size; ++i) {
    items.push_back(to_json(rows[i].patient));
  }
  std::optional<std::string> next;
  if (rows.size() > page_size) {
    const auto& last = rows[page_size - 1];
    next = encode_cursor(last.sort_key, last.patient.id);
  }
  return page_json(std::move(items), std::move(next));
}

http::Response list_patients(store::Store& store, const http::Request& request,
                             const Caller& caller) {
  auto query = read_list_query(request);
  if (!query) return http::problem_from(query.error());
  query->visible_clinic_ids = caller.clinic_ids;
  if (caller.clinic_ids.empty()) return json_reply(200, page_json(Json::array(), std::nullopt));
  const std::size_t page_size = query->limit;
  query->limit = page_size + 1;  // one extra row says whether another page follows
  return handle(store, request, caller, store::TransactionMode::kRead,
                [&](Work& work) -> Result<http::Response> {
                  auto rows = work.tx.list_patients(*query);
                  if (!rows) return std::unexpected(rows.error());
                  // One entry per patient shown, so an auditor asking about a patient sees
                  // searches too.
                  for (std::size_t i = 0; i < rows->size() && i < page_size; ++i) {
                    const std::string& id = (*rows)[i].patient.id;
                    work.audit("patient.list", "patient", id, id);
                  }
                  return json_reply(200, patient_page(*rows, page_size));
                });
}

}  // namespace

void add_patient_routes(http::Router& router, const Gate& gate, const http::RouteOptions& limits,
                        const media::PhotoFiles* photos) {
  store::Store& store = gate.store();
  const std::string collection(kCollection);
  const std::string item = collection + "/{id}";
  gate.add(router, "POST", collection, with_store(store, create_patient), limits);
  gate.add(router, "GET", collection, with_store(store, list_patients), limits);
  gate.add(router, "GET", item, with_store(store, read_patient), limits);
  gate.add(router, "PATCH", item, with_store(store, update_patient), limits);
  gate.add(router, "DELETE", item, with_store(store, delete_patient), limits);
  gate.add(router, "GET", item + "/export", with_store(store, export_patient), limits);
  gate.add(
      router, "POST", item + "/erasure",
      [&store, photos](const http::Request& request, const Caller& caller) {
        return erase_patient(store, photos, request, caller);
      },
      limits);
}

}  // namespace mesoclinic::api
