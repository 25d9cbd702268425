// The JSON form of session charts and aftercare (DOMAIN.md steps 5 and 6): the document the
// store keeps, and the shape the API shows.
#pragma once

#include <map>
#include <string>

#include "clinic/aftercare.h"
#include "clinic/chair_safety.h"
#include "clinic/chart.h"
#include "core/clinic_time.h"
#include "documents/json_reader.h"

namespace mesoclinic::documents {

Result<clinic::SessionChart> chart_from_json(const Json& body);
Json to_json(const clinic::SessionChart& chart);

// What a chart keeps of each lot it used, as the lot was when it went into the patient (a
// lot's record may change later; the signed chart does not).
struct LotAsUsed {
  std::string number;
  CalendarDate expires_on{};
  std::string product_id;
};

// The chart document as stored: the chart, and for each used lot found in `lots` (by lot id)
// its number, expiry and product. A draft may name a lot not yet received: it is kept bare.
std::string chart_document(const clinic::SessionChart& chart,
                           const std::map<std::string, LotAsUsed>& lots);
// The chart inside a stored document, without the lots' copied details or the override;
// kInternal if it no longer decodes.
Result<clinic::SessionChart> chart_from_document(const std::string& body);

// A signature given despite conflicts at the chair: the practitioner's reason and what it
// overrode, kept in the signed chart's document as its "override" member.
struct ChairOverride {
  std::string reason;
  std::vector<clinic::ChairConflict> conflicts;
};
// The stored chart document `body` with `chair_override` added to it.
std::string with_override(const std::string& body, const ChairOverride& chair_override);

// {"rule", "lot_id", "lot_number", "formulation_id", "formulation", "ingredient", "decision"};
// ingredient and decision are null where the rule does not name them.
Json to_json(const clinic::ChairConflict& conflict);

// {"rules": [{"id", "minimum_days", "recommended_days", "until_healed"}]}
Result<std::vector<clinic::AftercareRule>> aftercare_rules_from_json(const Json& body);
Json aftercare_rules_json(const std::vector<clinic::AftercareRule>& rules);

// The plan with each end time in the clinic's wall-clock time, its UTC offset, and UTC.
Json to_json(const clinic::AftercarePlan& plan, const ClinicZone& zone);
// The plan back from that stored form (read by its UTC instants); kInternal if it does not
// decode, which only a damaged database can cause.
Result<clinic::AftercarePlan> aftercare_plan_from_json(const Json& body);

}  // namespace mesoclinic::documents
