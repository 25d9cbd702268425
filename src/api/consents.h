// Private to api/: consents as the API reads and shows them, shared by the consent routes, a
// course's agreement (which records its treatment consent) and the patient export.
#pragma once

#include <optional>
#include <string_view>

#include "api/documents.h"
#include "clinic/consent.h"

namespace mesoclinic::api {

// The "guardian" member ({"name", "relationship"}) of an object being read; nullopt, with field
// errors in `members`, if it is malformed, and nullopt without errors if it is absent.
std::optional<clinic::Guardian> read_guardian(Members& members, std::string_view member);

// A consent as the API shows it; `in_force` says whether it holds at `at`.
Json consent_json(const clinic::Consent& consent, Instant at);

}  // namespace mesoclinic::api
