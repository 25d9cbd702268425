// Private to api/: the record documents (src/documents) as the API shows them. Today the wire
// shape of these records is their stored shape; a reply that needs another shape gets its own
// encoder here rather than a change to the stored format.
#pragma once

#include "api/json_body.h"
#include "documents/documents.h"
#include "store/store.h"

namespace mesoclinic::api {

using documents::aftercare_plan_from_json;
using documents::aftercare_rules_from_json;
using documents::aftercare_rules_json;
using documents::calendar_settings_from_json;
using documents::chart_from_json;
using documents::checked;
using documents::clinic_time_json;
using documents::discount_from_json;
using documents::format_time_of_day;
using documents::formulation_from_json;
using documents::hair_assessment_from_json;
using documents::lot_from_json;
using documents::medical_history_from_json;
using documents::Members;
using documents::money_from_json;
using documents::money_json;
using documents::preferences_from_json;
using documents::product_from_json;
using documents::protocol_from_json;
using documents::read_items;
using documents::to_json;
using documents::work_schedule_from_json;

// A stored protocol decoded, with its id; kInternal if the stored document no longer decodes.
inline Result<planning::Protocol> protocol_from_stored(const store::StoredProtocol& stored) {
  return documents::protocol_from_document(stored.id, stored.body);
}

// A stored version of a clinical record, or a stored decision, with its metadata (version or
// id, when, by whom) merged into the document.
Json to_json(const store::ClinicalRecord& record);
Json to_json(const store::StoredDecision& decision);

}  // namespace mesoclinic::api
