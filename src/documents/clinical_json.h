// The JSON form of clinical records (medical history, hair assessment,
// formulations). Reading is strict: unknown members, wrong types and missing safety facts
// are field errors; a fact that screens for contraindications is never defaulted.
#pragma once

#include <vector>

#include "clinic/assessment.h"
#include "clinic/suitability.h"
#include "documents/json_reader.h"
#include "planning/planning.h"

namespace mesoclinic::documents {

// Decoders: the record, or every problem found as field errors (JSON pointers).
Result<clinic::MedicalHistory> medical_history_from_json(const Json& body);
Result<clinic::HairAssessment> hair_assessment_from_json(const Json& body);
// `id` and `created_at` are the caller's to give.
Result<clinic::Formulation> formulation_from_json(const Json& body);

// A protocol definition as the API receives it: prices are refused (they are set per clinic).
// `id` is the caller's to give; the formulation's existence is the caller's to check.
Result<planning::Protocol> protocol_from_json(const Json& body);
// A protocol as a course agreed on it, with its clinic's price.
Result<planning::Protocol> agreed_protocol_from_json(const Json& body);
// The protocol document as stored: without what is derived (the estimate) or kept in columns
// (the id), so it decodes again as given.
std::string protocol_document(const planning::Protocol& protocol);
// A protocol as shown (to_json) reduced to what protocol_from_json reads back.
Json without_derived_members(Json protocol);
// A stored protocol document decoded, with its id; kInternal if it no longer decodes.
Result<planning::Protocol> protocol_from_document(const std::string& id, const std::string& body);

// Encoders: the canonical document (every member present), as stored and as shown.
Json to_json(const clinic::MedicalHistory& history);
Json to_json(const clinic::HairAssessment& assessment);
Json to_json(const clinic::Formulation& formulation);
// A priced protocol (a course's copy) includes its prices and "cost_estimate", what the whole
// course costs; the group-wide definition has none of the three.
Json to_json(const planning::Protocol& protocol);

}  // namespace mesoclinic::documents
