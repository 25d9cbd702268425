// Private to api/: the JSON form of clinical records (medical history, hair assessment,
// formulations). Reading is strict: unknown members, wrong types and missing safety facts
// are field errors; a fact that screens for contraindications is never defaulted.
#pragma once

#include <vector>

#include "api/json_body.h"
#include "clinic/assessment.h"
#include "clinic/suitability.h"
#include "planning/planning.h"
#include "store/store.h"

namespace mesoclinic::api {

// Decoders: the record, or every problem found as field errors (JSON pointers).
Result<clinic::MedicalHistory> medical_history_from_json(const Json& body);
Result<clinic::HairAssessment> hair_assessment_from_json(const Json& body);
// `id` and `created_at` are the caller's to give.
Result<clinic::Formulation> formulation_from_json(const Json& body);

// `id` is the caller's to give; the formulation's existence is the caller's to check.
Result<planning::Protocol> protocol_from_json(const Json& body);
// A stored protocol decoded, with its id; kInternal if the stored document no longer decodes.
Result<planning::Protocol> protocol_from_stored(const store::StoredProtocol& stored);

// Encoders: the canonical document (every member present), as stored and as shown.
Json to_json(const clinic::MedicalHistory& history);
Json to_json(const clinic::HairAssessment& assessment);
Json to_json(const clinic::Formulation& formulation);
// Includes "cost_estimate", what the whole course costs.
Json to_json(const planning::Protocol& protocol);

// A stored version of a clinical record, or a stored decision, with its metadata (version or
// id, when, by whom) merged into the document.
Json to_json(const store::ClinicalRecord& record);
Json to_json(const store::StoredDecision& decision);

}  // namespace mesoclinic::api
