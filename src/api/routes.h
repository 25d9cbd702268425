// Private to api/: each resource file registers its own routes, all through the Gate.
#pragma once

#include "api/access.h"
#include "api/json_body.h"
#include "documents/json_reader.h"
#include "http/http.h"
#include "media/media.h"
#include "store/store.h"

namespace mesoclinic::api {

// `photos` is where photos are kept (none: photo routes answer 503); erasure removes files there.
void add_patient_routes(http::Router& router, const Gate& gate, const http::RouteOptions& limits,
                        const media::PhotoFiles* photos);
void add_photo_routes(http::Router& router, const Gate& gate, const http::RouteOptions& limits,
                      const media::PhotoFiles* photos);
// A trichoscopy photo's trichometry (`photos` as above).
void add_trichometry_routes(http::Router& router, const Gate& gate,
                            const http::RouteOptions& limits, const media::PhotoFiles* photos);
// The phototrichogram: two counted trichoscopy images of a clipped site, days apart.
void add_phototrichogram_routes(http::Router& router, const Gate& gate,
                                const http::RouteOptions& limits);
void add_clinic_routes(http::Router& router, const Gate& gate, const http::RouteOptions& limits);
void add_session_routes(http::Router& router, const Gate& gate);
void add_audit_routes(http::Router& router, const Gate& gate);
void add_user_routes(http::Router& router, const Gate& gate, const http::RouteOptions& limits);
void add_assessment_routes(http::Router& router, const Gate& gate,
                           const http::RouteOptions& limits);
void add_formulation_routes(http::Router& router, const Gate& gate,
                            const http::RouteOptions& limits);
void add_protocol_routes(http::Router& router, const Gate& gate, const http::RouteOptions& limits);
void add_price_routes(http::Router& router, const Gate& gate, const http::RouteOptions& limits);
void add_rule_set_routes(http::Router& router, const Gate& gate, const http::RouteOptions& limits);
void add_token_routes(http::Router& router, const Gate& gate, const http::RouteOptions& limits);
void add_calendar_routes(http::Router& router, const Gate& gate, const http::RouteOptions& limits);
void add_room_routes(http::Router& router, const Gate& gate, const http::RouteOptions& limits);
void add_stock_routes(http::Router& router, const Gate& gate, const http::RouteOptions& limits);
void add_course_routes(http::Router& router, const Gate& gate, const http::RouteOptions& limits);
void add_appointment_routes(http::Router& router, const Gate& gate,
                            const http::RouteOptions& limits);
void add_chart_routes(http::Router& router, const Gate& gate, const http::RouteOptions& limits);
void add_calendar_file_routes(http::Router& router, const Gate& gate,
                              const http::RouteOptions& limits);
void add_consent_routes(http::Router& router, const Gate& gate, const http::RouteOptions& limits);
void add_reminder_routes(http::Router& router, const Gate& gate, const http::RouteOptions& limits);
void add_worklist_routes(http::Router& router, const Gate& gate, const http::RouteOptions& limits);
void add_outcome_routes(http::Router& router, const Gate& gate, const http::RouteOptions& limits);
void add_analytics_routes(http::Router& router, const Gate& gate, const http::RouteOptions& limits);
// `photos` as for add_photo_routes (none: the report has no photos).
void add_course_report_routes(http::Router& router, const Gate& gate,
                              const http::RouteOptions& limits, const media::PhotoFiles* photos);
void add_handout_routes(http::Router& router, const Gate& gate, const http::RouteOptions& limits);
void add_health_routes(http::Router& router, const Gate& gate, http::Metrics& metrics);

// A handler that takes the store first, adapted to the gate's signature.
template <class Handler>
SecuredHandler with_store(store::Store& store, Handler handler) {
  return [&store, handler](const http::Request& request, const Caller& caller) {
    return handler(store, request, caller);
  };
}

// The patient with `id` if it exists, is not deleted and belongs to one of the caller's
// clinics; kNotFound otherwise (the same for all three, so ids of other clinics leak nothing).
Result<clinic::Patient> find_visible_patient(store::Transaction& tx, const std::string& id,
                                             const Caller& caller);

// The course with `id` if its patient is visible to the caller (find_visible_patient); kNotFound
// otherwise, the same for a course that does not exist.
Result<std::pair<store::StoredCourse, clinic::Patient>> find_visible_course(store::Transaction& tx,
                                                                            const std::string& id,
                                                                            const Caller& caller);

// Reminders as the API shows them (staff lists, the patient export), each with its times on its
// own clinic's wall clock; kInternal for a clinic whose zone is gone.
Result<Json> reminders_json(store::Transaction& tx, const std::vector<store::Reminder>& reminders);

// A worklist item as the API shows it (the clinic's worklist, the patient export).
Json worklist_item_json(const clinic::WorklistItem& item);

// The "clinic_ids" member of an account or token being created: clinics the caller belongs to,
// sorted and without repeats; all of the caller's when absent. nullopt (with a field error in
// `members`) if it names any other clinic.
std::optional<std::vector<std::string>> read_own_clinic_ids(const Json& body,
                                                            documents::Members& members,
                                                            const Caller& caller);

// Of the clinics an account or token belongs to, those the admin shares; none means it is not
// the admin's to see (it then answers 404 like an unknown id).
Result<std::vector<std::string>> clinics_shared_with(const Caller& admin,
                                                     Result<std::vector<std::string>> clinic_ids);

}  // namespace mesoclinic::api
