// A course as stored: the protocol as the patient agreed to it (a later change to the protocol
// does not change an agreed course), their preferences, the discount, the estimate and the
// agreement itself; and the parts of a stored decision a course start reads.
#pragma once

#include <optional>
#include <string>

#include "clinic/suitability.h"
#include "core/result.h"
#include "core/time.h"
#include "planning/planning.h"

namespace mesoclinic::documents {

// How the patient agreed to a course and to what cost.
struct CourseAgreement {
  std::string method;  // signed_form, electronic_signature, verbal
  planning::Money cost_shown;
  bool guardian_consent = false;
  Instant recorded_at{};
  std::string recorded_by;  // user id
};

struct CourseTerms {
  planning::Protocol protocol;
  planning::Preferences preferences;
  std::optional<planning::Discount> discount;
  planning::Money cost_estimate;
  CourseAgreement agreement;
};

std::string course_document(const CourseTerms& terms);

// What moving a course's sessions needs of it: the protocol as agreed and the preferences.
struct AgreedCourse {
  planning::Protocol protocol;
  planning::Preferences preferences;
};

// The protocol (with `protocol_id`) and preferences a stored course was agreed on; kInternal
// naming the course if its document no longer decodes.
Result<AgreedCourse> agreed_course_from_document(const std::string& course_id,
                                                 const std::string& protocol_id,
                                                 const std::string& body);

// What a stored decision document says for a course start: its outcome, formulation, whether a
// guardian must consent, the versions it was made on and the day to re-assess on, if any.
// kInternal if it has no outcome or a malformed day.
Result<clinic::DecisionOnRecord> decision_from_document(const std::string& body);

}  // namespace mesoclinic::documents
