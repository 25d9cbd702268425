#include "app/demo.h"

#include <array>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "app/demo_courses.h"
#include "app/users.h"
#include "clinic/clinic.h"
#include "clinic/stock.h"
#include "core/ids.h"
#include "core/text.h"
#include "documents/clinical_json.h"
#include "documents/course.h"
#include "documents/settings.h"
#include "practice/clinics.h"
#include "practice/records.h"
#include "practice/worklist.h"

namespace mesoclinic::app {
namespace {

using namespace std::chrono;

constexpr std::int64_t kBatch = 2000;  // rows per transaction: big enough to be quick, small
                                       // enough that a demo of 100,000 never holds a huge lock

struct Population {
  std::string_view language;
  std::string_view phone_prefix;  // country code and mobile prefix
  int phone_digits;               // digits after the prefix
  std::vector<std::string_view> family_names;
  std::vector<std::string_view> female_names;
  std::vector<std::string_view> male_names;
};

const Population kTurkish{
    "tr",
    "+905",
    9,
    {"Yılmaz", "Kaya",    "Demir",  "Şahin",  "Çelik", "Yıldız",  "Yıldırım", "Öztürk",
     "Aydın",  "Özdemir", "Arslan", "Doğan",  "Kılıç", "Aslan",   "Çetin",    "Kara",
     "Koç",    "Kurt",    "Özkan",  "Şimşek", "Polat", "Erdoğan", "Güneş",    "Aksoy"},
    {"Ayşe", "Fatma", "Zeynep", "Elif", "Emine", "Merve", "Büşra", "Esra", "İrem", "Özge", "Gül",
     "Şule", "Derya", "Ebru", "Gökçe"},
    {"Mehmet", "Mustafa", "Ahmet", "Ali", "Hüseyin", "Hasan", "İbrahim", "Murat", "Ömer", "Emre",
     "Burak", "Serkan", "Oğuz", "Çağrı", "Uğur"}};

const Population kBritish{
    "en",
    "+447",
    9,
    {"Smith", "Jones",    "Taylor",  "Brown",    "Williams", "Wilson", "Johnson", "Davies",
     "Patel", "Robinson", "Wright",  "Thompson", "Evans",    "Walker", "White",   "Roberts",
     "Green", "Hall",     "O'Brien", "Khan",     "Murphy",   "Müller", "García",  "Nowak"},
    {"Olivia", "Amelia", "Isla", "Ava", "Emily", "Sophie", "Grace", "Chloé", "Zoë", "Priya",
     "Hannah", "Siobhán", "Ellie", "Freya", "Niamh"},
    {"Oliver", "George", "Harry", "Jack", "Noah", "Charlie", "Thomas", "James", "William", "Arjun",
     "Mohammed", "Seán", "Daniel", "Lucas", "Oscar"}};

template <class Items>
const auto& pick(std::mt19937_64& random, const Items& items) {
  return items[std::uniform_int_distribution<std::size_t>(0, items.size() - 1)(random)];
}

std::string digits(std::mt19937_64& random, int count) {
  std::string out;
  for (int i = 0; i < count; ++i) {
    out.push_back(static_cast<char>('0' + std::uniform_int_distribution<int>(0, 9)(random)));
  }
  return out;
}

// E-mail local parts from the folded name (no accents, no spaces or apostrophes), at domains
// reserved for examples so a demo can never mail a real person.
std::string email_for(const clinic::PatientDetails& p, std::mt19937_64& random) {
  static constexpr std::array<std::string_view, 3> kDomains = {"example.org", "example.com",
                                                               "example.net"};
  std::string local;
  for (const char c : fold_for_search(p.given_name) + "." + fold_for_search(p.family_name)) {
    if ((c >= 'a' && c <= 'z') || c == '.') local.push_back(c);
  }
  return local + std::to_string(std::uniform_int_distribution<int>(1, 999)(random)) + "@" +
         std::string(pick(random, kDomains));
}

clinic::Patient make_patient(std::mt19937_64& random, const clinic::Clinic& clinic,
                             const Population& people, Instant created_at) {
  clinic::Patient patient;
  patient.clinic_id = clinic.id;
  patient.id = make_id(duration_cast<milliseconds>(created_at.time_since_epoch()).count(), random(),
                       random());
  clinic::PatientDetails& d = patient.details;
  // Hair loss clinics see more men than women; the mix below is only for a believable demo.
  const bool female = std::bernoulli_distribution(0.4)(random);
  d.sex = female ? clinic::Sex::kFemale : clinic::Sex::kMale;
  d.family_name = pick(random, people.family_names);
  d.given_name = female ? pick(random, people.female_names) : pick(random, people.male_names);
  const int age_days = std::uniform_int_distribution<int>(19 * 365, 70 * 365)(random);
  d.date_of_birth = year_month_day{floor<days>(created_at) - days{age_days}};
  d.preferred_language = people.language;
  const int channel = std::uniform_int_distribution<int>(0, 9)(random);
  if (channel < 9) d.phone = std::string(people.phone_prefix) + digits(random, people.phone_digits);
  if (channel < 7) d.email = email_for(d, random);
  d.reminder_channel = channel < 4   ? clinic::ReminderChannel::kSms
                       : channel < 7 ? clinic::ReminderChannel::kEmail
                       : channel < 9 ? clinic::ReminderChannel::kSms
                                     : clinic::ReminderChannel::kNone;
  patient.created_at = patient.updated_at = created_at;
  patient.version = 1;
  return patient;
}

// The consent to be contacted a demo patient signed at registration, recorded by "system".
clinic::Consent contact_consent(const clinic::Patient& patient, std::mt19937_64& random) {
  clinic::Consent consent;
  consent.id = make_id(duration_cast<milliseconds>(patient.created_at.time_since_epoch()).count(),
                       random(), random());
  consent.patient_id = patient.id;
  consent.kind = clinic::ConsentKind::kContact;
  consent.method = clinic::ConsentMethod::kSignedForm;
  consent.given_at = consent.recorded_at = patient.created_at;
  consent.recorded_by = "system";
  return consent;
}

// One open item on the first clinic's worklist, so the demo shows what staff must act on: the
// first patient asked to wait before any treatment (a long stay abroad), and the practitioner
// decided "not now" with a day to re-assess; the re-assessment is due.
Result<void> load_worklist_example(store::Store& store, std::mt19937_64& random,
                                   const clinic::Patient& patient) {
  if (auto rules = practice::install_default_rule_set(store); !rules) return rules;
  const Instant decided_at = patient.created_at + days{14};
  const CalendarDate decided_on = year_month_day{floor<days>(decided_at)};
  const CalendarDate reassess_on = year_month_day{floor<days>(decided_at) + days{180}};
  const std::string id = make_id(duration_cast<milliseconds>(decided_at.time_since_epoch()).count(),
                                 random(), random());
  const documents::Json document{
      {"proposed_outcome", "suitable"},
      {"fired_rules", documents::Json::array()},
      {"allergens", documents::Json::array()},
      {"formulation_id", nullptr},
      {"medical_history_version", 0},
      {"hair_assessment_version", 0},
      {"rule_set", {{"version", 1}, {"name", "mesoclinic defaults 1"}}},
      {"outcome", "not_now"},
      {"overridden", true},
      {"override_reason", "The patient asked to wait until after a long stay abroad."},
      {"reassess", "after the stay abroad"},
      {"reassess_on", format_iso_date(reassess_on)},
      {"requires_guardian_consent", false}};
  return store::in_transaction(
      store, store::TransactionMode::kWrite, [&](store::Transaction& tx) -> Result<void> {
        const store::StoredDecision decision{id,       patient.id, decided_at,
                                             "system", 1,          document.dump()};
        if (auto saved = tx.insert_decision(decision); !saved) return saved;
        auto on_record = documents::decision_from_document(decision.body);
        if (!on_record) return std::unexpected(on_record.error());
        return practice::plan_reassessment(tx, patient, id, *on_record, decided_on, decided_at);
      });
}

planning::WeeklyHours week(std::initializer_list<int> days, minutes from, minutes to) {
  planning::WeeklyHours hours;
  for (const int day : days) hours[static_cast<std::size_t>(day)] = {{from, to}};
  return hours;
}

// Public holidays the demo clinics close on (fixed lists: the demo is a sample, not a holiday
// calendar service).
std::vector<planning::Closure> holidays(std::string_view zone) {
  const std::vector<std::pair<const char*, const char*>> london = {
      {"2026-12-25", "Christmas Day"},
      {"2026-12-28", "Boxing Day (substitute)"},
      {"2027-01-01", "New Year's Day"},
      {"2027-03-26", "Good Friday"},
      {"2027-03-29", "Easter Monday"},
      {"2027-05-03", "Early May bank holiday"},
      {"2027-05-31", "Spring bank holiday"},
      {"2027-08-30", "Summer bank holiday"},
      {"2027-12-27", "Christmas Day (substitute)"},
      {"2027-12-28", "Boxing Day (substitute)"}};
  const std::vector<std::pair<const char*, const char*>> istanbul = {
      {"2027-01-01", "Yılbaşı"},
      {"2027-04-23", "Ulusal Egemenlik ve Çocuk Bayramı"},
      {"2027-05-01", "Emek ve Dayanışma Günü"},
      {"2027-05-19", "Gençlik ve Spor Bayramı"},
      {"2027-07-15", "Demokrasi ve Millî Birlik Günü"},
      {"2027-08-30", "Zafer Bayramı"},
      {"2027-10-29", "Cumhuriyet Bayramı"}};
  std::vector<planning::Closure> closures;
  for (const auto& [date, reason] : zone == "Europe/London" ? london : istanbul) {
    closures.push_back({parse_iso_date(date).value(), reason});
  }
  return closures;
}

// Each clinic's calendar and rooms, the group's protocols, products and a delivery of stock.
Result<void> load_clinic_setup(store::Transaction& tx, std::mt19937_64& random,
                               const std::vector<clinic::Clinic>& clinics,
                               const std::vector<clinic::Formulation>& formulations,
                               Instant opened) {
  const auto id = [&](long long offset) {
    return make_id(duration_cast<milliseconds>(opened.time_since_epoch()).count() + offset,
                   random(), random());
  };
  for (const auto& clinic : clinics) {
    const bool london = clinic.time_zone == "Europe/London";
    planning::CalendarSettings calendar;
    calendar.opening = london ? week({0, 1, 2, 3, 4}, hours{9}, hours{19})
                              : week({0, 1, 2, 3, 4, 5}, hours{9}, hours{19});
    if (london) calendar.opening[5] = {{hours{10}, hours{15}}};
    calendar.closures = holidays(clinic.time_zone);
    if (auto saved =
            tx.save_clinic_setting({clinic.id, std::string(documents::kCalendarSettingName),
                                    documents::calendar_document(calendar), opened});
        !saved) {
      return saved;
    }
    for (const char* room : {"Treatment room 1", "Treatment room 2"}) {
      if (auto saved = tx.insert_room({id(20), clinic.id, room}); !saved) return saved;
    }
  }
  planning::Protocol standard;
  standard.id = id(30);
  standard.name = "Standard course: 4 weekly, 4 fortnightly";
  standard.formulation_id = formulations[0].id;
  standard.technique = "nappage, 30G 4 mm needle, 1.5 mm deep";
  standard.interval_days = {7, 7, 7, 14, 14, 14, 14};
  planning::Protocol intensive = standard;
  intensive.id = id(31);
  intensive.name = "Intensive course: 6 weekly, package price";
  intensive.formulation_id = formulations[1].id;
  intensive.technique = "point-by-point, 32G 4 mm needle, 2 mm deep";
  intensive.sessions = 6;
  intensive.interval_days = {7, 7, 7, 7, 7};
  for (const auto& protocol : {standard, intensive}) {
    if (auto saved = tx.insert_protocol({.id = protocol.id,
                                         .name = protocol.name,
                                         .formulation_id = protocol.formulation_id,
                                         .created_at = opened,
                                         .body = documents::protocol_document(protocol),
                                         .version = 1,
                                         .updated_at = opened,
                                         .retired_at = std::nullopt});
        !saved) {
      return saved;
    }
  }
  // Prices per clinic in its currency: the standard course per session, the intensive one as
  // a package.
  for (const auto& clinic : clinics) {
    const bool london = clinic.currency == "GBP";
    const std::vector<std::pair<std::string, planning::ProtocolPrice>> prices = {
        {standard.id, {planning::Money{london ? 10000 : 450000, clinic.currency}, std::nullopt}},
        {intensive.id, {std::nullopt, planning::Money{london ? 50000 : 2250000, clinic.currency}}}};
    for (const auto& [protocol_id, price] : prices) {
      if (auto set = practice::set_price(tx, clinic, protocol_id, price, std::nullopt, opened);
          !set) {
        return std::unexpected(set.error());
      }
    }
  }
  const CalendarDate expiry = parse_iso_date("2028-06-30").value();
  for (std::size_t i = 0; i < formulations.size(); ++i) {
    const clinic::Product product{id(40 + static_cast<long long>(i)),
                                  formulations[i].name + ", 5 ml vial", formulations[i].id, 5.0};
    if (auto saved = tx.insert_product(product, opened); !saved) return saved;
    for (const auto& clinic : clinics) {
      const clinic::Lot lot{
          id(50), product.id, clinic.id, std::string("L").append(digits(random, 6)),
          expiry, 40,         false};
      if (auto saved = tx.receive_lot(lot, opened); !saved) return std::unexpected(saved.error());
    }
  }
  return {};
}

// The demo logins and the practitioner who practises.
struct Staff {
  std::int64_t logins = 0;
  std::string practitioner_id;
};

// The demo logins, one per role, and the practitioner's week: London from Monday to Friday
// (where the demo's courses run, so any weekday has sessions) and Istanbul on Saturday.
Result<Staff> load_staff(store::Store& store, const std::string& password,
                         const std::vector<clinic::Clinic>& clinics, Instant opened) {
  const std::vector<std::pair<auth::Role, std::string>> logins = {
      {auth::Role::kAdmin, "admin"},
      {auth::Role::kPractitioner, "dr.demir"},
      {auth::Role::kReception, "front.desk"},
      {auth::Role::kAuditor, "auditor"}};
  Staff staff;
  for (const auto& [role, username] : logins) {
    auto user = add_user(store, {username, role, {}, password});
    if (!user) return std::unexpected(user.error());
    ++staff.logins;
    if (role != auth::Role::kPractitioner) continue;
    staff.practitioner_id = *user;
    auto saved = store::in_transaction(
        store, store::TransactionMode::kWrite, [&](store::Transaction& tx) -> Result<void> {
          for (const auto& clinic : clinics) {
            const bool london = clinic.time_zone == "Europe/London";
            const planning::WorkSchedule schedule{london
                                                      ? week({0, 1, 2, 3, 4}, hours{9}, hours{19})
                                                      : week({5}, hours{9}, hours{19}),
                                                  {}};
            if (auto stored =
                    tx.save_clinic_setting({clinic.id, documents::schedule_setting_name(*user),
                                            documents::schedule_document(schedule), opened});
                !stored) {
              return stored;
            }
          }
          return {};
        });
    if (!saved) return std::unexpected(saved.error());
  }
  return staff;
}

}  // namespace

Result<DemoSummary> load_demo(store::Store& store, const DemoOptions& options) {
  std::mt19937_64 random(options.seed);
  // A fixed start keeps the data identical for a seed whatever day the demo is loaded.
  const Instant opened = sys_days{year{2025} / January / 6} + hours{8};
  const auto site = [&](long long offset, std::string name, std::string zone, std::string currency,
                        std::string language) {
    return clinic::Clinic{
        .id = make_id(duration_cast<milliseconds>(opened.time_since_epoch()).count() + offset,
                      random(), random()),
        .name = std::move(name),
        .time_zone = std::move(zone),
        .created_at = opened,
        .currency = std::move(currency),
        .default_language = std::move(language),
        .version = 1,
        .updated_at = opened};
  };
  // Each site charges in its own currency and greets new patients in its own language.
  const std::vector<std::pair<clinic::Clinic, const Population*>> clinics = {
      {site(0, "Moda Saç Kliniği", "Europe/Istanbul", "TRY", "tr"), &kTurkish},
      {site(1, "Marylebone Hair Studio", "Europe/London", "GBP", "en"), &kBritish},
  };

  DemoSummary summary;
  auto first = store.begin(store::TransactionMode::kWrite);
  if (!first) return std::unexpected(first.error());
  auto existing = (*first)->list_clinics();
  if (!existing) return std::unexpected(existing.error());
  if (!existing->empty()) {
    return fail(ErrorCode::kConflict,
                "the database already holds clinics; the demo loads only into an empty database");
  }
  // Contacts at numbers and domains kept for examples and drama (Ofcom's 020 7946 0xxx range,
  // example.org), so no handout of the demo points at a real clinic.
  const std::vector<clinic::ClinicContact> contacts = {
      {"+902165550123", "desk@moda-sac.example.org",
       "Caferağa Mah., Demo Sokak No: 1\n34710 Kadıköy, İstanbul"},
      {"+442079460123", "desk@marylebone-hair.example.org",
       "1 Demo Mews\nLondon W1G 0AA\nUnited Kingdom"},
  };
  for (std::size_t i = 0; i < clinics.size(); ++i) {
    const clinic::Clinic& clinic = clinics[i].first;
    if (auto inserted = (*first)->insert_clinic(clinic); !inserted) {
      return std::unexpected(inserted.error());
    }
    if (auto saved =
            (*first)->save_clinic_setting({clinic.id, std::string(documents::kContactSettingName),
                                           documents::contact_document(contacts[i]), opened});
        !saved) {
      return std::unexpected(saved.error());
    }
    ++summary.clinics;
  }
  // Formulations of the kind DOMAIN.md lists, so screening has ingredients to check allergies
  // against.
  const std::vector<std::pair<std::string, std::vector<clinic::Ingredient>>> formulations = {
      {"Biotin and B-complex",
       {{"biotin", 5, "mg"}, {"panthenol", 20, "mg"}, {"pyridoxine", 5, "mg"}}},
      {"Amino acid and mineral complex",
       {{"cysteine", 10, "mg"},
        {"methionine", 10, "mg"},
        {"zinc", 0.5, "mg"},
        {"copper", 0.1, "mg"}}},
      {"Peptides with hyaluronic acid",
       {{"copper tripeptide-1", 0.5, "mg"},
        {"non-cross-linked hyaluronic acid", 10, "mg"},
        {"organic silicon", 2, "mg"}}},
  };
  std::vector<clinic::Formulation> loaded_formulations;
  for (std::size_t i = 0; i < formulations.size(); ++i) {
    const clinic::Formulation formulation{
        make_id(duration_cast<milliseconds>(opened.time_since_epoch()).count() + 10 +
                    static_cast<long long>(i),
                random(), random()),
        formulations[i].first, formulations[i].second, opened};
    if (auto inserted = (*first)->insert_formulation(formulation); !inserted) {
      return std::unexpected(inserted.error());
    }
    loaded_formulations.push_back(formulation);
  }
  std::vector<clinic::Clinic> sites;
  for (const auto& entry : clinics) sites.push_back(entry.first);
  if (options.clinic_setup) {
    if (auto set_up = load_clinic_setup(**first, random, sites, loaded_formulations, opened);
        !set_up) {
      return std::unexpected(set_up.error());
    }
  }
  if (auto committed = (*first)->commit(); !committed) return std::unexpected(committed.error());
  std::optional<Staff> staff;
  if (options.staff_password) {
    auto loaded = load_staff(store, *options.staff_password, sites, opened);
    if (!loaded) return std::unexpected(loaded.error());
    staff = std::move(*loaded);
    summary.staff = staff->logins;
  }

  std::optional<clinic::Patient> first_patient;
  std::vector<clinic::Patient> london_patients;  // the oldest, who may be part way through a course
  const auto spread = duration_cast<microseconds>(days{680});  // patients registered over ~2 years
  for (std::int64_t done = 0; done < options.patients;) {
    auto tx = store.begin(store::TransactionMode::kWrite);
    if (!tx) return std::unexpected(tx.error());
    const std::int64_t end = std::min(options.patients, done + kBatch);
    for (; done < end; ++done) {
      const auto& [clinic, people] = clinics[static_cast<std::size_t>(done % 3 == 2 ? 1 : 0)];
      const Instant created = opened + microseconds{spread.count() * done /
                                                    std::max<std::int64_t>(1, options.patients)};
      const clinic::Patient patient = make_patient(random, clinic, *people, created);
      if (auto inserted = (*tx)->insert_patient(patient); !inserted) {
        return std::unexpected(inserted.error());
      }
      if (!first_patient) first_patient = patient;
      if (&clinic == &clinics[1].first && london_patients.size() < 40) {
        london_patients.push_back(patient);
      }
      // Those who chose a reminder channel signed the clinic's consent to be contacted.
      if (patient.details.reminder_channel != clinic::ReminderChannel::kNone) {
        if (auto consented = (*tx)->insert_consent(contact_consent(patient, random)); !consented) {
          return std::unexpected(consented.error());
        }
      }
    }
    if (auto committed = (*tx)->commit(); !committed) return std::unexpected(committed.error());
    summary.patients = done;
  }
  if (first_patient) {
    if (auto example = load_worklist_example(store, random, *first_patient); !example) {
      return std::unexpected(example.error());
    }
  }
  // With a practitioner to practise and a calendar to book, the London clinic is at work around
  // today (demo_courses.cc).
  if (staff && options.clinic_setup) {
    if (auto courses = load_courses_in_progress(store, random, sites, sites[1], london_patients,
                                                staff->practitioner_id, now());
        !courses) {
      return std::unexpected(courses.error());
    }
  }
  return summary;
}

}  // namespace mesoclinic::app
