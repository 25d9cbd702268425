#include "api/api.h"

#include "api/access.h"
#include "api/routes.h"

namespace mesoclinic::api {
namespace {

class Routes final : public Api {
 public:
  Routes(store::Store& store, const Settings& settings)
      : gate_(store, {settings.session_idle_timeout, settings.session_absolute_timeout}) {}
  const Gate& gate() const { return gate_; }

 private:
  Gate gate_;
};

}  // namespace

std::unique_ptr<Api> add_routes(http::Router& router, store::Store& store, http::Metrics& metrics,
                                const Settings& settings) {
  auto routes = std::make_unique<Routes>(store, settings);
  add_health_routes(router, routes->gate(), metrics);
  add_session_routes(router, routes->gate());
  add_clinic_routes(router, routes->gate(), settings.defaults);
  add_patient_routes(router, routes->gate(), settings.defaults, settings.photos);
  add_audit_routes(router, routes->gate());
  add_user_routes(router, routes->gate(), settings.defaults);
  add_token_routes(router, routes->gate(), settings.defaults);
  add_formulation_routes(router, routes->gate(), settings.defaults);
  add_rule_set_routes(router, routes->gate(), settings.defaults);
  add_protocol_routes(router, routes->gate(), settings.defaults);
  add_price_routes(router, routes->gate(), settings.defaults);
  add_assessment_routes(router, routes->gate(), settings.defaults);
  add_calendar_routes(router, routes->gate(), settings.defaults);
  add_room_routes(router, routes->gate(), settings.defaults);
  add_stock_routes(router, routes->gate(), settings.defaults);
  add_course_routes(router, routes->gate(), settings.defaults);
  add_appointment_routes(router, routes->gate(), settings.defaults);
  add_chart_routes(router, routes->gate(), settings.defaults);
  add_calendar_file_routes(router, routes->gate(), settings.defaults);
  add_consent_routes(router, routes->gate(), settings.defaults);
  add_photo_routes(router, routes->gate(), settings.defaults, settings.photos);
  add_trichometry_routes(router, routes->gate(), settings.defaults, settings.photos);
  add_phototrichogram_routes(router, routes->gate(), settings.defaults);
  add_reminder_routes(router, routes->gate(), settings.defaults);
  add_worklist_routes(router, routes->gate(), settings.defaults);
  add_outcome_routes(router, routes->gate(), settings.defaults);
  add_analytics_routes(router, routes->gate(), settings.defaults);
  add_course_report_routes(router, routes->gate(), settings.defaults, settings.photos);
  add_handout_routes(router, routes->gate(), settings.defaults);
  return routes;
}

}  // namespace mesoclinic::api
