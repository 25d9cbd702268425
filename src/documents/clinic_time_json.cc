#include "documents/clinic_time_json.h"

namespace mesoclinic::documents {

Json clinic_time_json(Instant instant, const ClinicZone& zone) {
  return Json{{"local", format_local(zone.to_local(instant))},
              {"utc_offset", format_utc_offset(zone.utc_offset(instant))},
              {"utc", format_rfc3339(instant)}};
}

}  // namespace mesoclinic::documents
