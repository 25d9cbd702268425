#include "api/access.h"

#include <algorithm>
#include <stdexcept>

#include "api/session_cache.h"

namespace mesoclinic::api {
namespace {

using auth::Role;

enum class Audience {
  kAnyone,    // no sign-in: health checks and the sign-in itself
  kSignedIn,  // any role
  kRoles,     // only the roles listed
};

struct Rule {
  std::string_view method;
  std::string_view pattern;
  Audience audience;
  std::vector<Role> roles;
};

// THE permission table (DOMAIN.md "People and permissions"). Admins run the system but do not
// read patient records; reception handles contact data; auditors read everything, change
// nothing.
const std::vector<Rule>& rules() {
  static const std::vector<Rule> table = {
      {"GET", "/healthz", Audience::kAnyone, {}},
      {"GET", "/readyz", Audience::kAnyone, {}},
      {"GET", "/metrics", Audience::kAnyone, {}},
      {"POST", "/api/v1/session", Audience::kAnyone, {}},
      {"GET", "/api/v1/session", Audience::kSignedIn, {}},
      {"DELETE", "/api/v1/session", Audience::kSignedIn, {}},
      // Everyone changes their own password, knowing the current one.
      {"PUT", "/api/v1/session/password", Audience::kSignedIn, {}},
      {"GET", "/api/v1/clinics", Audience::kSignedIn, {}},
      // Opening and changing a clinic is an admin's; an admin changes only clinics they work
      // in, and works in the ones they open.
      {"POST", "/api/v1/clinics", Audience::kRoles, {Role::kAdmin}},
      {"GET", "/api/v1/clinics/{id}", Audience::kSignedIn, {}},
      {"PATCH", "/api/v1/clinics/{id}", Audience::kRoles, {Role::kAdmin}},
      // Prices per clinic: admins set them; everyone at the clinic reads them to quote.
      {"GET", "/api/v1/clinics/{id}/protocols/{protocol_id}/price", Audience::kSignedIn, {}},
      {"PUT",
       "/api/v1/clinics/{id}/protocols/{protocol_id}/price",
       Audience::kRoles,
       {Role::kAdmin}},
      // A clinic's contact is printed on handouts and reminders: admins keep it, all read it.
      {"GET", "/api/v1/clinics/{id}/contact", Audience::kSignedIn, {}},
      {"PUT", "/api/v1/clinics/{id}/contact", Audience::kRoles, {Role::kAdmin}},
      {"GET",
       "/api/v1/patients",
       Audience::kRoles,
       {Role::kPractitioner, Role::kReception, Role::kAuditor}},
      {"POST", "/api/v1/patients", Audience::kRoles, {Role::kPractitioner, Role::kReception}},
      {"GET",
       "/api/v1/patients/{id}",
       Audience::kRoles,
       {Role::kPractitioner, Role::kReception, Role::kAuditor}},
      {"PATCH", "/api/v1/patients/{id}", Audience::kRoles, {Role::kPractitioner, Role::kReception}},
      {"DELETE", "/api/v1/patients/{id}", Audience::kRoles, {Role::kPractitioner}},
      // The export holds the clinical record too, which reception does not see.
      {"GET", "/api/v1/patients/{id}/export", Audience::kRoles, {Role::kPractitioner}},
      {"POST", "/api/v1/patients/{id}/erasure", Audience::kRoles, {Role::kPractitioner}},
      {"GET", "/api/v1/audit", Audience::kRoles, {Role::kAuditor}},
      {"POST", "/api/v1/users", Audience::kRoles, {Role::kAdmin}},
      {"GET", "/api/v1/users", Audience::kRoles, {Role::kAdmin}},
      {"DELETE", "/api/v1/users/{id}/sessions", Audience::kRoles, {Role::kAdmin}},
      // Only admins manage other people's accounts; none of this shows patient data.
      {"GET", "/api/v1/users/{id}", Audience::kRoles, {Role::kAdmin}},
      {"PATCH", "/api/v1/users/{id}", Audience::kRoles, {Role::kAdmin}},
      {"POST", "/api/v1/users/{id}/password-reset", Audience::kRoles, {Role::kAdmin}},
      // Clinical records: practitioners chart, auditors read, reception sees no clinical notes.
      {"POST", "/api/v1/patients/{id}/medical-history", Audience::kRoles, {Role::kPractitioner}},
      {"GET",
       "/api/v1/patients/{id}/medical-history",
       Audience::kRoles,
       {Role::kPractitioner, Role::kAuditor}},
      {"POST", "/api/v1/patients/{id}/hair-assessment", Audience::kRoles, {Role::kPractitioner}},
      {"GET",
       "/api/v1/patients/{id}/hair-assessment",
       Audience::kRoles,
       {Role::kPractitioner, Role::kAuditor}},
      {"POST", "/api/v1/patients/{id}/suitability", Audience::kRoles, {Role::kPractitioner}},
      {"POST", "/api/v1/patients/{id}/decisions", Audience::kRoles, {Role::kPractitioner}},
      {"GET",
       "/api/v1/patients/{id}/decisions",
       Audience::kRoles,
       {Role::kPractitioner, Role::kAuditor}},
      // Formulations and rule sets are clinic settings: admins change them, clinicians and
      // auditors read them.
      {"POST", "/api/v1/formulations", Audience::kRoles, {Role::kAdmin}},
      {"PATCH", "/api/v1/formulations/{id}", Audience::kRoles, {Role::kAdmin}},
      {"GET",
       "/api/v1/formulations",
       Audience::kRoles,
       {Role::kAdmin, Role::kPractitioner, Role::kAuditor}},
      {"GET",
       "/api/v1/formulations/{id}",
       Audience::kRoles,
       {Role::kAdmin, Role::kPractitioner, Role::kAuditor}},
      // Protocols too; reception reads them to book courses and quote prices.
      {"POST", "/api/v1/protocols", Audience::kRoles, {Role::kAdmin}},
      {"GET", "/api/v1/protocols", Audience::kSignedIn, {}},
      {"GET", "/api/v1/protocols/{id}", Audience::kSignedIn, {}},
      {"PATCH", "/api/v1/protocols/{id}", Audience::kRoles, {Role::kAdmin}},
      {"POST", "/api/v1/protocols/{id}/retirement", Audience::kRoles, {Role::kAdmin}},
      {"POST", "/api/v1/rule-sets", Audience::kRoles, {Role::kAdmin}},
      {"GET",
       "/api/v1/rule-sets",
       Audience::kRoles,
       {Role::kAdmin, Role::kPractitioner, Role::kAuditor}},
      {"GET",
       "/api/v1/rule-sets/{id}",
       Audience::kRoles,
       {Role::kAdmin, Role::kPractitioner, Role::kAuditor}},
      // The clinic calendar is a clinic setting: admins keep it; everyone at the clinic reads
      // it, since reception and practitioners book into it.
      {"GET", "/api/v1/clinics/{id}/calendar", Audience::kSignedIn, {}},
      {"PUT", "/api/v1/clinics/{id}/calendar", Audience::kRoles, {Role::kAdmin}},
      {"POST", "/api/v1/clinics/{id}/rooms", Audience::kRoles, {Role::kAdmin}},
      {"GET", "/api/v1/clinics/{id}/rooms", Audience::kSignedIn, {}},
      {"GET", "/api/v1/clinics/{id}/rooms/{room_id}", Audience::kSignedIn, {}},
      {"PATCH", "/api/v1/clinics/{id}/rooms/{room_id}", Audience::kRoles, {Role::kAdmin}},
      {"GET", "/api/v1/clinics/{id}/practitioners/{user_id}/schedule", Audience::kSignedIn, {}},
      {"PUT",
       "/api/v1/clinics/{id}/practitioners/{user_id}/schedule",
       Audience::kRoles,
       {Role::kAdmin}},
      // Stock: admins define products; whoever handles deliveries (admins, practitioners)
      // receives and recalls lots; reception has no business with injectables.
      {"POST", "/api/v1/products", Audience::kRoles, {Role::kAdmin}},
      {"PATCH", "/api/v1/products/{id}", Audience::kRoles, {Role::kAdmin}},
      {"GET",
       "/api/v1/products/{id}",
       Audience::kRoles,
       {Role::kAdmin, Role::kPractitioner, Role::kAuditor}},
      {"GET",
       "/api/v1/products",
       Audience::kRoles,
       {Role::kAdmin, Role::kPractitioner, Role::kAuditor}},
      {"POST", "/api/v1/lots", Audience::kRoles, {Role::kAdmin, Role::kPractitioner}},
      {"GET",
       "/api/v1/lots",
       Audience::kRoles,
       {Role::kAdmin, Role::kPractitioner, Role::kAuditor}},
      {"GET",
       "/api/v1/lots/{id}",
       Audience::kRoles,
       {Role::kAdmin, Role::kPractitioner, Role::kAuditor}},
      {"POST", "/api/v1/lots/{id}/recall", Audience::kRoles, {Role::kAdmin, Role::kPractitioner}},
      // Planning a course is clinical (the practitioner's); reception sees courses to book,
      // quote and take payments, and works the calendar with practitioners.
      {"POST", "/api/v1/patients/{id}/course-plans", Audience::kRoles, {Role::kPractitioner}},
      {"POST", "/api/v1/patients/{id}/courses", Audience::kRoles, {Role::kPractitioner}},
      {"GET",
       "/api/v1/patients/{id}/courses",
       Audience::kRoles,
       {Role::kPractitioner, Role::kReception, Role::kAuditor}},
      {"GET",
       "/api/v1/courses/{id}",
       Audience::kRoles,
       {Role::kPractitioner, Role::kReception, Role::kAuditor}},
      {"POST", "/api/v1/appointments", Audience::kRoles, {Role::kPractitioner, Role::kReception}},
      {"GET",
       "/api/v1/clinics/{id}/appointments",
       Audience::kRoles,
       {Role::kPractitioner, Role::kReception, Role::kAuditor}},
      {"GET",
       "/api/v1/patients/{id}/appointments",
       Audience::kRoles,
       {Role::kPractitioner, Role::kReception, Role::kAuditor}},
      {"POST",
       "/api/v1/appointments/{id}/reschedule",
       Audience::kRoles,
       {Role::kPractitioner, Role::kReception}},
      {"POST",
       "/api/v1/appointments/{id}/status",
       Audience::kRoles,
       {Role::kPractitioner, Role::kReception}},
      // Session charts are clinical: practitioners chart and sign, auditors read. The
      // aftercare plan is what the patient takes home: reception hands it out too.
      {"GET",
       "/api/v1/appointments/{id}/chart",
       Audience::kRoles,
       {Role::kPractitioner, Role::kAuditor}},
      {"PUT", "/api/v1/appointments/{id}/chart", Audience::kRoles, {Role::kPractitioner}},
      {"POST",
       "/api/v1/appointments/{id}/chart/signature",
       Audience::kRoles,
       {Role::kPractitioner}},
      {"POST",
       "/api/v1/appointments/{id}/chart/corrections",
       Audience::kRoles,
       {Role::kPractitioner}},
      // Reminders: reception's job (DOMAIN.md roles) as much as the practitioner's; the
      // messages hold contact data and appointment times, so admins do not see them.
      {"GET",
       "/api/v1/patients/{id}/reminders",
       Audience::kRoles,
       {Role::kPractitioner, Role::kReception, Role::kAuditor}},
      {"GET",
       "/api/v1/clinics/{id}/reminders",
       Audience::kRoles,
       {Role::kPractitioner, Role::kReception, Role::kAuditor}},
      {"POST",
       "/api/v1/reminders/{id}/retry",
       Audience::kRoles,
       {Role::kPractitioner, Role::kReception}},
      {"GET",
       "/api/v1/appointments/{id}/aftercare",
       Audience::kRoles,
       {Role::kPractitioner, Role::kReception, Role::kAuditor}},
      // The handout is the aftercare plan on paper: the same audience.
      {"GET",
       "/api/v1/appointments/{id}/handout",
       Audience::kRoles,
       {Role::kPractitioner, Role::kReception, Role::kAuditor}},
      // Who received a lot names patients: for the clinicians handling a recall and auditors.
      {"GET",
       "/api/v1/lots/{id}/recipients",
       Audience::kRoles,
       {Role::kPractitioner, Role::kAuditor}},
      // The patient's calendar file: what reception and practitioners hand the patient.
      {"GET",
       "/api/v1/patients/{id}/calendar.ics",
       Audience::kRoles,
       {Role::kPractitioner, Role::kReception}},
      {"POST",
       "/api/v1/patients/{id}/calendar-subscriptions",
       Audience::kRoles,
       {Role::kPractitioner, Role::kReception}},
      {"GET",
       "/api/v1/patients/{id}/calendar-subscriptions",
       Audience::kRoles,
       {Role::kPractitioner, Role::kReception, Role::kAuditor}},
      {"DELETE",
       "/api/v1/patients/{id}/calendar-subscriptions/{subscription_id}",
       Audience::kRoles,
       {Role::kPractitioner, Role::kReception}},
      // Outcomes: practitioners measure and read a course's progress; auditors read it.
      // Reception does not: the measurements are clinical findings.
      {"POST", "/api/v1/courses/{id}/measurements", Audience::kRoles, {Role::kPractitioner}},
      {"GET",
       "/api/v1/courses/{id}/outcomes",
       Audience::kRoles,
       {Role::kPractitioner, Role::kAuditor}},
      // The course report is the patient's copy of those findings: printed by practitioners.
      {"GET",
       "/api/v1/courses/{id}/report",
       Audience::kRoles,
       {Role::kPractitioner, Role::kAuditor}},
      // Consents: reception and practitioners record them (a treatment consent comes with the
      // course's agreement) and record their withdrawal; auditors read them.
      {"GET",
       "/api/v1/patients/{id}/consents",
       Audience::kRoles,
       {Role::kPractitioner, Role::kReception, Role::kAuditor}},
      {"POST",
       "/api/v1/patients/{id}/consents",
       Audience::kRoles,
       {Role::kPractitioner, Role::kReception}},
      {"GET",
       "/api/v1/patients/{id}/consents/{consent_id}",
       Audience::kRoles,
       {Role::kPractitioner, Role::kReception, Role::kAuditor}},
      {"POST",
       "/api/v1/patients/{id}/consents/{consent_id}/withdrawal",
       Audience::kRoles,
       {Role::kPractitioner, Role::kReception}},
      // Photos are clinical records: practitioners take and read them, auditors read them;
      // reception, who sees no clinical notes, sees no clinical photos either.
      {"POST", "/api/v1/patients/{id}/photos", Audience::kRoles, {Role::kPractitioner}},
      {"GET",
       "/api/v1/patients/{id}/photos",
       Audience::kRoles,
       {Role::kPractitioner, Role::kAuditor}},
      {"GET", "/api/v1/photos/{id}", Audience::kRoles, {Role::kPractitioner, Role::kAuditor}},
      {"GET", "/api/v1/photos/{id}/image", Audience::kRoles, {Role::kPractitioner, Role::kAuditor}},
      {"GET",
       "/api/v1/photos/{id}/thumbnail",
       Audience::kRoles,
       {Role::kPractitioner, Role::kAuditor}},
      // Trichometry measures a trichoscopy photo: as the photo, practitioners measure, correct,
      // accept and read; auditors read.
      {"POST", "/api/v1/photos/{id}/trichometry", Audience::kRoles, {Role::kPractitioner}},
      {"PUT",
       "/api/v1/photos/{id}/trichometry/correction",
       Audience::kRoles,
       {Role::kPractitioner}},
      {"POST",
       "/api/v1/photos/{id}/trichometry/acceptance",
       Audience::kRoles,
       {Role::kPractitioner}},
      {"GET",
       "/api/v1/photos/{id}/trichometry/change",
       Audience::kRoles,
       {Role::kPractitioner, Role::kAuditor}},
      // The phototrichogram: practitioners record its anagen share; both read it.
      {"GET",
       "/api/v1/photos/{id}/trichometry/growth",
       Audience::kRoles,
       {Role::kPractitioner, Role::kAuditor}},
      {"POST", "/api/v1/photos/{id}/trichometry/growth", Audience::kRoles, {Role::kPractitioner}},
      {"GET",
       "/api/v1/photos/{id}/trichometry",
       Audience::kRoles,
       {Role::kPractitioner, Role::kAuditor}},
      {"GET",
       "/api/v1/photos/{id}/trichometry/overlay",
       Audience::kRoles,
       {Role::kPractitioner, Role::kAuditor}},
      // The worklist: what reception and practitioners at the clinic must act on (recalls,
      // re-assessments, adverse-event follow-ups, undelivered reminders); auditors read it.
      // Admins do not: its items are patient data.
      {"GET",
       "/api/v1/clinics/{id}/worklist",
       Audience::kRoles,
       {Role::kPractitioner, Role::kReception, Role::kAuditor}},
      {"POST",
       "/api/v1/clinics/{id}/worklist/{item_id}/closure",
       Audience::kRoles,
       {Role::kPractitioner, Role::kReception}},
      // A calendar app holds no session: the unguessable token in the path is the credential.
      {"GET", "/calendar/{token}", Audience::kAnyone, {}},
      {"GET", "/api/v1/clinics/{id}/aftercare-rules", Audience::kSignedIn, {}},
      {"PUT", "/api/v1/clinics/{id}/aftercare-rules", Audience::kRoles, {Role::kAdmin}},
      // The responder rule is the clinic's policy, not patient data: admins set it.
      {"GET", "/api/v1/clinics/{id}/outcome-settings", Audience::kSignedIn, {}},
      // Which protocols work: counts and means per protocol and period, no patient named, so
      // admins read them too. Reception and auditors have no use for them.
      {"GET",
       "/api/v1/clinics/{id}/analytics",
       Audience::kRoles,
       {Role::kPractitioner, Role::kAdmin}},
      {"PUT", "/api/v1/clinics/{id}/outcome-settings", Audience::kRoles, {Role::kAdmin}},
      {"POST", "/api/v1/tokens", Audience::kRoles, {Role::kAdmin}},
      {"GET", "/api/v1/tokens", Audience::kRoles, {Role::kAdmin}},
      {"DELETE", "/api/v1/tokens/{id}", Audience::kRoles, {Role::kAdmin}},
  };
  return table;
}

const Rule& rule_for(const std::string& method, const std::string& pattern) {
  for (const Rule& rule : rules()) {
    if (rule.method == method && rule.pattern == pattern) return rule;
  }
  throw std::logic_error("no permission rule for " + method + " " + pattern +
                         " (add one to the table in src/api/access.cc)");
}

// What a session may do while its user must replace a password an admin reset: change it, see
// who is signed in (the page needs the CSRF token after a reload) and sign out.
bool allowed_before_password_change(const Rule& rule) {
  return rule.pattern == "/api/v1/session/password" ||
         (rule.pattern == "/api/v1/session" && rule.method != "POST");
}

bool is_safe(const std::string& method) { return method == "GET" || method == "HEAD"; }

// A cookie-authenticated change must come from our own pages: the CSRF token they were given
// and an Origin naming this very host.
bool passes_csrf_check(const http::Request& request, const std::string& csrf_token) {
  const auto token = request.header(kCsrfHeader);
  if (!token || !auth::secrets_equal(*token, csrf_token)) return false;
  const auto origin = request.header("origin");
  const auto host = request.header("host");
  if (!origin || !host) return false;
  const auto scheme_end = origin->find("://");
  return scheme_end != std::string::npos && origin->substr(scheme_end + 3) == *host;
}

}  // namespace

audit::Entry audit_entry(const http::Request& request, const Caller& caller, std::string action,
                         std::string resource_type, std::string resource_id, std::string patient_id,
                         audit::Outcome outcome) {
  audit::Entry entry;
  entry.recorded_at = now();
  if (caller.user) {
    entry.user_id = caller.user->id;
    entry.username = caller.user->username;
    entry.role = auth::to_string(caller.user->role);
  }
  entry.source_address = request.remote_address;
  entry.request_id = request.request_id;
  entry.action = std::move(action);
  entry.resource_type = std::move(resource_type);
  entry.resource_id = std::move(resource_id);
  entry.patient_id = std::move(patient_id);
  entry.outcome = outcome;
  return entry;
}

bool Caller::sees_clinic(const std::string& clinic_id) const {
  return std::binary_search(clinic_ids.begin(), clinic_ids.end(), clinic_id);
}

std::optional<std::string> session_cookie(const http::Request& request) {
  const auto cookies = request.header("cookie");
  if (!cookies) return std::nullopt;
  std::string_view rest = *cookies;
  while (!rest.empty()) {
    const auto end = rest.find(';');
    std::string_view pair = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    while (pair.starts_with(' ')) pair.remove_prefix(1);
    const auto equals = pair.find('=');
    const std::string_view name = request.secure ? kSecureSessionCookie : kSessionCookie;
    if (equals != std::string_view::npos && pair.substr(0, equals) == name) {
      return std::string(pair.substr(equals + 1));
    }
  }
  return std::nullopt;
}

std::optional<std::string> bearer_token(const http::Request& request) {
  const auto authorization = request.header("authorization");
  if (!authorization) return std::nullopt;
  constexpr std::string_view kScheme = "bearer";
  std::string scheme = authorization->substr(0, authorization->find(' '));
  std::transform(scheme.begin(), scheme.end(), scheme.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  // Another scheme (a proxy's Basic credentials, say) is not ours to judge: the session
  // cookie still counts.
  if (scheme != kScheme) return std::nullopt;
  if (authorization->size() <= kScheme.size() + 1) return std::string();
  return authorization->substr(kScheme.size() + 1);
}

Gate::Gate(store::Store& store, SessionSettings settings)
    : store_(store), settings_(settings), sessions_(std::make_unique<SessionCache>()) {}

Gate::~Gate() = default;

Result<std::optional<Caller>> Gate::authenticate(const http::Request& request) const {
  // A request naming a token stands or falls by it: no fallback to a cookie sent alongside.
  if (const auto token = bearer_token(request)) return authenticate_token(*token);
  return authenticate_session(request);
}

Result<std::optional<Caller>> Gate::authenticate_token(const std::string& token) const {
  if (!token.starts_with(auth::kApiTokenPrefix) || token.size() > 128) return std::nullopt;
  const std::string key = "token:" + auth::token_hash(token);
  // Read before the token, so an entry is never newer than the generation it is kept under.
  auto generation = store_.accounts_generation();
  if (!generation) return std::unexpected(generation.error());
  auto cached = sessions_->find(key, *generation);
  if (!cached) {
    SessionCache::Entry entry;
    entry.generation = *generation;
    auto loaded = store::in_transaction(
        store_, store::TransactionMode::kRead, [&](store::Transaction& tx) -> Result<void> {
          auto stored = tx.find_api_token_by_hash(auth::token_hash(token));
          if (!stored) return std::unexpected(stored.error());
          entry.token = std::move(*stored);
          if (!entry.token) return {};
          auto clinics = tx.api_token_clinic_ids(entry.token->id);
          if (!clinics) return std::unexpected(clinics.error());
          entry.caller.clinic_ids = std::move(*clinics);
          return {};
        });
    if (!loaded) return std::unexpected(loaded.error());
    if (!entry.token) return std::nullopt;
    const auth::ApiToken& found = *entry.token;
    entry.caller.user =
        auth::User{found.id, "token:" + found.name, found.role, {}, found.created_at};
    entry.caller.by_api_token = true;
    sessions_->keep(key, entry);
    cached = std::move(entry);
  }
  // Expiry is a matter of the clock, not of a change: checked on every request.
  if (!cached->token->in_force(now())) return std::nullopt;
  return std::move(cached->caller);
}

Result<std::optional<Caller>> Gate::authenticate_session(const http::Request& request) const {
  const auto token = session_cookie(request);
  if (!token || token->empty() || token->size() > 128) return std::nullopt;
  const std::string hash = auth::token_hash(*token);
  const std::string key = "session:" + hash;
  const Instant current = now();
  const std::chrono::seconds touch_every =
      std::min<std::chrono::seconds>(std::chrono::minutes(1), settings_.idle_timeout);
  auto generation = store_.accounts_generation();
  if (!generation) return std::unexpected(generation.error());
  // A kept session seen within the last minute (and within its idle timeout) needs neither a
  // touch nor an expiry: nothing is read or written for it.
  if (auto cached = sessions_->find(key, *generation);
      cached && current - cached->session->last_seen_at <= touch_every &&
      current - cached->session->created_at <= settings_.absolute_timeout) {
    return std::move(cached->caller);
  }

  SessionCache::Entry entry;
  entry.generation = *generation;
  Caller& caller = entry.caller;
  auto loaded = store::in_transaction(store_, store::TransactionMode::kRead,
                                      [&](store::Transaction& tx) -> Result<void> {
                                        auto found = tx.find_session(hash);
                                        if (!found) return std::unexpected(found.error());
                                        entry.session = std::move(*found);
                                        if (!entry.session) return {};
                                        auto user = tx.find_user(entry.session->user_id);
                                        if (!user) return std::unexpected(user.error());
                                        caller.user = std::move(*user);
                                        auto clinics = tx.user_clinic_ids(entry.session->user_id);
                                        if (!clinics) return std::unexpected(clinics.error());
                                        caller.clinic_ids = std::move(*clinics);
                                        return {};
                                      });
  if (!loaded) return std::unexpected(loaded.error());
  // Deactivation ends the sessions too; this holds even for one begun a moment before.
  if (!entry.session || !caller.user || !caller.user->active()) return std::nullopt;
  auth::Session& session = *entry.session;

  const bool idle_too_long = current - session.last_seen_at > settings_.idle_timeout;
  const bool too_old = current - session.created_at > settings_.absolute_timeout;
  if (idle_too_long || too_old) {
    auto ended =
        store::in_transaction(store_, store::TransactionMode::kWrite,
                              [&](store::Transaction& tx) { return tx.delete_session(hash); });
    if (!ended) return std::unexpected(ended.error());
    return std::nullopt;
  }
  if (current - session.last_seen_at > std::chrono::minutes(1)) {
    auto touched = store::in_transaction(
        store_, store::TransactionMode::kWrite,
        [&](store::Transaction& tx) { return tx.touch_session(hash, current); });
    if (!touched) return std::unexpected(touched.error());
    session.last_seen_at = current;
  }
  caller.session_token_hash = hash;
  caller.csrf_token = session.csrf_token;
  sessions_->keep(key, entry);
  return std::move(caller);
}

void Gate::add(http::Router& router, const std::string& method, const std::string& pattern,
               SecuredHandler handler, http::RouteOptions options) const {
  const Rule& rule = rule_for(method, pattern);
  router.add(
      method, pattern,
      [this, &rule, handler = std::move(handler)](const http::Request& request) {
        if (rule.audience == Audience::kAnyone) return handler(request, Caller{});
        auto caller = authenticate(request);
        if (!caller) return http::problem_from(caller.error());
        if (!*caller) {
          return http::problem(401, "Sign-in required",
                               "Sign in with POST /api/v1/session first, or send a valid API "
                               "token; the session may have expired or the token been revoked.")
              .with_header("WWW-Authenticate", "Bearer");
        }
        // A browser never attaches a bearer token by itself, so only cookie writes need proof
        // that they come from our own pages.
        if (!(*caller)->by_api_token && !is_safe(request.method) &&
            !passes_csrf_check(request, (*caller)->csrf_token)) {
          return http::problem(403, "Cross-site request refused",
                               "A change made with the session cookie needs the X-CSRF-Token "
                               "header from GET /api/v1/session and a matching Origin.");
        }
        if (!(*caller)->by_api_token && (*caller)->user->must_change_password &&
            !allowed_before_password_change(rule)) {
          return http::problem(403, "Password change required",
                               "An admin reset your password: choose a new one with PUT "
                               "/api/v1/session/password before doing anything else.");
        }
        if (rule.audience == Audience::kRoles &&
            std::find(rule.roles.begin(), rule.roles.end(), (*caller)->user->role) ==
                rule.roles.end()) {
          // A refused attempt is itself worth an audit entry. Recorded here, not in the handler
          // skeleton: the denied entry must be kept although the reply is a 403, and the
          // skeleton drops the entries of every reply of 400 or more.
          const auto id = request.path_params.find("id");
          std::vector<audit::Entry> entries;
          entries.push_back(audit_entry(
              request, **caller, request.method + " " + std::string(rule.pattern), "route",
              id == request.path_params.end() ? "" : id->second, "", audit::Outcome::kDenied));
          auto denied = store_.append_audit_durably(std::move(entries));
          if (!denied) return http::problem_from(denied.error());
          return http::problem(
              403, "Not allowed",
              "Your role does not allow " + request.method + " " + std::string(rule.pattern) + ".");
        }
        return handler(request, **caller);
      },
      options);
}

}  // namespace mesoclinic::api
