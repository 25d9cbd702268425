#include "api/documents.h"

namespace mesoclinic::api {

Json to_json(const store::ClinicalRecord& record) {
  Json reply = Json::parse(record.body);
  reply["patient_id"] = record.patient_id;
  reply["version"] = record.version;
  reply["recorded_at"] = format_rfc3339(record.recorded_at);
  reply["recorded_by"] = record.recorded_by;
  return reply;
}

Json to_json(const store::StoredDecision& decision) {
  Json reply = Json::parse(decision.body);
  reply["id"] = decision.id;
  reply["decided_at"] = format_rfc3339(decision.decided_at);
  reply["decided_by"] = decision.decided_by;
  // Decisions recorded before re-assessment days were kept have none.
  if (!reply.contains("reassess_on")) reply["reassess_on"] = nullptr;
  return reply;
}

}  // namespace mesoclinic::api
