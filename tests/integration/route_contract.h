// The API's one contract, as a table: every route the router serves, classified as a read, a
// paged list, a conditional change, an idempotent create or an action (an action says why).
// contract_test.cc holds the table against the router; contract_walk_test.cc checks each class
// against a running server. Private to the integration tests.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace mesoclinic::testing {

using Route = std::pair<std::string, std::string>;  // (METHOD, path pattern)

enum class Kind {
  kRead,               // GET of one thing
  kPagedList,          // GET of a list: limit, cursor in; next_cursor out
  kConditionalChange,  // PUT/PATCH/DELETE of a versioned resource: If-Match required
  kIdempotentCreate,   // POST that creates: Idempotency-Key honoured
  kAction,             // POST/DELETE that does something rather than create or edit a record
};

struct Rule {
  Kind kind;
  const char* why;  // for actions: why it is neither a create nor an edit, as a reviewer reads it
};

// The classification of every route. Keep it in step with the router: a route that is missing
// here fails RoutesAreAllClassified.
inline const std::map<Route, Rule>& classification() {
  static const std::map<Route, Rule> table = {
      // operations and the session
      {{"GET", "/healthz"}, {Kind::kRead, ""}},
      {{"GET", "/readyz"}, {Kind::kRead, ""}},
      {{"GET", "/metrics"}, {Kind::kRead, ""}},
      {{"POST", "/api/v1/session"}, {Kind::kAction, "signing in starts a session, a credential"}},
      {{"GET", "/api/v1/session"}, {Kind::kRead, ""}},
      {{"DELETE", "/api/v1/session"}, {Kind::kAction, "signing out ends the caller's own session"}},
      {{"GET", "/api/v1/audit"}, {Kind::kPagedList, ""}},
      // staff and tokens
      {{"POST", "/api/v1/users"}, {Kind::kIdempotentCreate, ""}},
      {{"GET", "/api/v1/users"}, {Kind::kPagedList, ""}},
      {{"GET", "/api/v1/users/{id}"}, {Kind::kRead, ""}},
      {{"PATCH", "/api/v1/users/{id}"}, {Kind::kConditionalChange, ""}},
      {{"POST", "/api/v1/users/{id}/password-reset"},
       {Kind::kAction, "a reset replaces a credential and ends sessions; it creates nothing"}},
      {{"PUT", "/api/v1/session/password"},
       {Kind::kAction,
        "one's own password change is proved by the current password, not a version"}},
      {{"DELETE", "/api/v1/users/{id}/sessions"},
       {Kind::kAction, "signs a user out everywhere; repeating it changes nothing"}},
      {{"POST", "/api/v1/tokens"},
       {Kind::kAction, "issues a secret shown once; a replay could not show it again"}},
      {{"GET", "/api/v1/tokens"}, {Kind::kPagedList, ""}},
      {{"DELETE", "/api/v1/tokens/{id}"},
       {Kind::kAction, "revocation is final and repeatable; there is no version to lose"}},
      // patients
      {{"GET", "/api/v1/patients"}, {Kind::kPagedList, ""}},
      {{"POST", "/api/v1/patients"}, {Kind::kIdempotentCreate, ""}},
      {{"GET", "/api/v1/patients/{id}"}, {Kind::kRead, ""}},
      {{"PATCH", "/api/v1/patients/{id}"}, {Kind::kConditionalChange, ""}},
      {{"DELETE", "/api/v1/patients/{id}"}, {Kind::kConditionalChange, ""}},
      {{"GET", "/api/v1/patients/{id}/export"}, {Kind::kRead, ""}},
      {{"POST", "/api/v1/patients/{id}/erasure"},
       {Kind::kAction, "erasure is final and repeatable"}},
      // assessment
      {{"GET", "/api/v1/patients/{id}/medical-history"}, {Kind::kRead, ""}},
      {{"POST", "/api/v1/patients/{id}/medical-history"}, {Kind::kIdempotentCreate, ""}},
      {{"GET", "/api/v1/patients/{id}/hair-assessment"}, {Kind::kRead, ""}},
      {{"POST", "/api/v1/patients/{id}/hair-assessment"}, {Kind::kIdempotentCreate, ""}},
      {{"POST", "/api/v1/patients/{id}/suitability"},
       {Kind::kAction, "computes a proposal from the records; stores nothing of its own"}},
      {{"GET", "/api/v1/patients/{id}/decisions"}, {Kind::kPagedList, ""}},
      {{"POST", "/api/v1/patients/{id}/decisions"}, {Kind::kIdempotentCreate, ""}},
      // catalogue
      {{"POST", "/api/v1/formulations"}, {Kind::kIdempotentCreate, ""}},
      {{"GET", "/api/v1/formulations"}, {Kind::kPagedList, ""}},
      {{"GET", "/api/v1/formulations/{id}"}, {Kind::kRead, ""}},
      {{"PATCH", "/api/v1/formulations/{id}"}, {Kind::kConditionalChange, ""}},
      {{"POST", "/api/v1/protocols"}, {Kind::kIdempotentCreate, ""}},
      {{"GET", "/api/v1/protocols"}, {Kind::kPagedList, ""}},
      {{"GET", "/api/v1/protocols/{id}"}, {Kind::kRead, ""}},
      {{"PATCH", "/api/v1/protocols/{id}"}, {Kind::kConditionalChange, ""}},
      {{"POST", "/api/v1/protocols/{id}/retirement"},
       {Kind::kAction, "retiring is final and a second retirement changes nothing"}},
      {{"POST", "/api/v1/rule-sets"}, {Kind::kIdempotentCreate, ""}},
      {{"GET", "/api/v1/rule-sets"}, {Kind::kPagedList, ""}},
      {{"GET", "/api/v1/rule-sets/{id}"}, {Kind::kRead, ""}},
      {{"POST", "/api/v1/products"}, {Kind::kIdempotentCreate, ""}},
      {{"GET", "/api/v1/products"}, {Kind::kPagedList, ""}},
      {{"GET", "/api/v1/products/{id}"}, {Kind::kRead, ""}},
      {{"PATCH", "/api/v1/products/{id}"}, {Kind::kConditionalChange, ""}},
      // clinics and their settings
      {{"GET", "/api/v1/clinics"}, {Kind::kPagedList, ""}},
      {{"POST", "/api/v1/clinics"}, {Kind::kIdempotentCreate, ""}},
      {{"GET", "/api/v1/clinics/{id}"}, {Kind::kRead, ""}},
      {{"PATCH", "/api/v1/clinics/{id}"}, {Kind::kConditionalChange, ""}},
      {{"GET", "/api/v1/clinics/{id}/protocols/{protocol_id}/price"}, {Kind::kRead, ""}},
      {{"PUT", "/api/v1/clinics/{id}/protocols/{protocol_id}/price"},
       {Kind::kConditionalChange, ""}},
      {{"GET", "/api/v1/clinics/{id}/calendar"}, {Kind::kRead, ""}},
      {{"PUT", "/api/v1/clinics/{id}/calendar"}, {Kind::kConditionalChange, ""}},
      {{"POST", "/api/v1/clinics/{id}/rooms"}, {Kind::kIdempotentCreate, ""}},
      {{"GET", "/api/v1/clinics/{id}/rooms"}, {Kind::kPagedList, ""}},
      {{"GET", "/api/v1/clinics/{id}/rooms/{room_id}"}, {Kind::kRead, ""}},
      {{"PATCH", "/api/v1/clinics/{id}/rooms/{room_id}"}, {Kind::kConditionalChange, ""}},
      {{"GET", "/api/v1/clinics/{id}/practitioners/{user_id}/schedule"}, {Kind::kRead, ""}},
      {{"PUT", "/api/v1/clinics/{id}/practitioners/{user_id}/schedule"},
       {Kind::kConditionalChange, ""}},
      {{"GET", "/api/v1/clinics/{id}/contact"}, {Kind::kRead, ""}},
      {{"PUT", "/api/v1/clinics/{id}/contact"}, {Kind::kConditionalChange, ""}},
      {{"GET", "/api/v1/clinics/{id}/aftercare-rules"}, {Kind::kRead, ""}},
      {{"PUT", "/api/v1/clinics/{id}/aftercare-rules"}, {Kind::kConditionalChange, ""}},
      {{"GET", "/api/v1/clinics/{id}/appointments"}, {Kind::kPagedList, ""}},
      {{"GET", "/api/v1/clinics/{id}/reminders"}, {Kind::kPagedList, ""}},
      // stock
      {{"POST", "/api/v1/lots"}, {Kind::kIdempotentCreate, ""}},
      {{"GET", "/api/v1/lots"}, {Kind::kPagedList, ""}},
      {{"GET", "/api/v1/lots/{id}"}, {Kind::kRead, ""}},
      {{"POST", "/api/v1/lots/{id}/recall"}, {Kind::kAction, "a recall is final and repeatable"}},
      {{"GET", "/api/v1/lots/{id}/recipients"}, {Kind::kPagedList, ""}},
      // courses and appointments
      {{"POST", "/api/v1/patients/{id}/course-plans"},
       {Kind::kAction, "computes a plan; books nothing"}},
      {{"POST", "/api/v1/patients/{id}/courses"}, {Kind::kIdempotentCreate, ""}},
      {{"GET", "/api/v1/patients/{id}/courses"}, {Kind::kPagedList, ""}},
      {{"GET", "/api/v1/courses/{id}"}, {Kind::kRead, ""}},
      {{"POST", "/api/v1/appointments"}, {Kind::kIdempotentCreate, ""}},
      {{"GET", "/api/v1/patients/{id}/appointments"}, {Kind::kPagedList, ""}},
      {{"POST", "/api/v1/appointments/{id}/reschedule"},
       {Kind::kAction, "moves a booked appointment; refused if it changed meanwhile"}},
      {{"POST", "/api/v1/appointments/{id}/status"},
       {Kind::kAction, "records attended, missed or cancelled; only from booked"}},
      // the chair
      {{"GET", "/api/v1/appointments/{id}/chart"}, {Kind::kRead, ""}},
      {{"PUT", "/api/v1/appointments/{id}/chart"}, {Kind::kConditionalChange, ""}},
      {{"POST", "/api/v1/appointments/{id}/chart/signature"},
       {Kind::kAction, "signs once; a second signature is refused (409 chart-signed)"}},
      {{"POST", "/api/v1/appointments/{id}/chart/corrections"}, {Kind::kIdempotentCreate, ""}},
      {{"GET", "/api/v1/appointments/{id}/aftercare"}, {Kind::kRead, ""}},
      {{"GET", "/api/v1/appointments/{id}/handout"}, {Kind::kRead, ""}},
      // reminders and calendars
      {{"GET", "/api/v1/patients/{id}/reminders"}, {Kind::kPagedList, ""}},
      {{"POST", "/api/v1/reminders/{id}/retry"},
       {Kind::kAction, "queues a failed reminder again; refused if it changed meanwhile"}},
      {{"GET", "/api/v1/patients/{id}/calendar.ics"}, {Kind::kRead, ""}},
      {{"POST", "/api/v1/patients/{id}/calendar-subscriptions"},
       {Kind::kAction, "issues a secret address shown once; a replay could not show it again"}},
      {{"GET", "/api/v1/patients/{id}/calendar-subscriptions"}, {Kind::kPagedList, ""}},
      {{"DELETE", "/api/v1/patients/{id}/calendar-subscriptions/{subscription_id}"},
       {Kind::kAction, "revocation is final and repeatable; there is no version to lose"}},
      {{"GET", "/calendar/{token}"}, {Kind::kRead, ""}},
      // outcomes
      {{"GET", "/api/v1/clinics/{id}/outcome-settings"}, {Kind::kRead, ""}},
      {{"PUT", "/api/v1/clinics/{id}/outcome-settings"}, {Kind::kConditionalChange, ""}},
      {{"POST", "/api/v1/courses/{id}/measurements"}, {Kind::kIdempotentCreate, ""}},
      {{"GET", "/api/v1/courses/{id}/outcomes"}, {Kind::kRead, ""}},
      {{"GET", "/api/v1/courses/{id}/report"}, {Kind::kRead, ""}},
      {{"GET", "/api/v1/clinics/{id}/analytics"}, {Kind::kRead, ""}},
      // consents
      {{"POST", "/api/v1/patients/{id}/consents"}, {Kind::kIdempotentCreate, ""}},
      {{"GET", "/api/v1/patients/{id}/consents"}, {Kind::kPagedList, ""}},
      {{"GET", "/api/v1/patients/{id}/consents/{consent_id}"}, {Kind::kRead, ""}},
      {{"POST", "/api/v1/patients/{id}/consents/{consent_id}/withdrawal"},
       {Kind::kAction, "a withdrawal is final; a second is refused (409)"}},
      // photos
      {{"POST", "/api/v1/patients/{id}/photos"}, {Kind::kIdempotentCreate, ""}},
      {{"GET", "/api/v1/patients/{id}/photos"}, {Kind::kPagedList, ""}},
      {{"GET", "/api/v1/photos/{id}"}, {Kind::kRead, ""}},
      {{"GET", "/api/v1/photos/{id}/image"}, {Kind::kRead, ""}},
      {{"GET", "/api/v1/photos/{id}/thumbnail"}, {Kind::kRead, ""}},
      // trichometry
      {{"POST", "/api/v1/photos/{id}/trichometry"}, {Kind::kIdempotentCreate, ""}},
      {{"GET", "/api/v1/photos/{id}/trichometry"}, {Kind::kRead, ""}},
      {{"GET", "/api/v1/photos/{id}/trichometry/overlay"}, {Kind::kRead, ""}},
      {{"PUT", "/api/v1/photos/{id}/trichometry/correction"}, {Kind::kConditionalChange, ""}},
      {{"GET", "/api/v1/photos/{id}/trichometry/change"}, {Kind::kRead, ""}},
      {{"GET", "/api/v1/photos/{id}/trichometry/growth"}, {Kind::kRead, ""}},
      {{"POST", "/api/v1/photos/{id}/trichometry/growth"},
       {Kind::kAction,
        "records the image's anagen share once; a second recording is refused (409) naming "
        "the measurement recorded"}},
      {{"POST", "/api/v1/photos/{id}/trichometry/acceptance"},
       {Kind::kAction,
        "accepts once; a second acceptance is refused (409), and it creates no "
        "record of its own: the result it makes final already exists"}},
      // the worklist
      {{"GET", "/api/v1/clinics/{id}/worklist"}, {Kind::kPagedList, ""}},
      {{"POST", "/api/v1/clinics/{id}/worklist/{item_id}/closure"}, {Kind::kIdempotentCreate, ""}},
  };
  return table;
}

inline std::vector<Route> routes_of(Kind kind) {
  std::vector<Route> routes;
  for (const auto& [route, rule] : classification()) {
    if (rule.kind == kind) routes.push_back(route);
  }
  return routes;
}

}  // namespace mesoclinic::testing
