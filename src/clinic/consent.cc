#include "clinic/consent.h"

#include <algorithm>
#include <utility>

#include "clinic/names.h"
#include "clinic/patient.h"

namespace mesoclinic::clinic {
namespace {

constexpr NameTable<ConsentKind, 3> kKindNames{{
    {ConsentKind::kTreatment, "treatment"},
    {ConsentKind::kPhotos, "photos"},
    {ConsentKind::kContact, "contact"},
}};

constexpr NameTable<ConsentMethod, 4> kMethodNames{{
    {ConsentMethod::kSignedForm, "signed_form"},
    {ConsentMethod::kElectronicSignature, "electronic_signature"},
    {ConsentMethod::kVerbal, "verbal"},
    {ConsentMethod::kBeforeConsentRecords, "before_consent_records"},
}};

}  // namespace

bool in_force(const Consent& consent, Instant at) {
  if (consent.given_at > at) return false;
  return !consent.withdrawal || consent.withdrawal->withdrawn_at > at;
}

bool consented(const std::vector<Consent>& consents, ConsentKind kind, Instant at) {
  return std::any_of(consents.begin(), consents.end(), [&](const Consent& consent) {
    return consent.kind == kind && in_force(consent, at);
  });
}

bool needs_guardian(CalendarDate born, CalendarDate on) { return age_in_years(born, on) < 18; }

Result<void> validate_consent(const Consent& consent, bool guardian_needed, Instant now) {
  std::vector<FieldError> errors;
  if (consent.given_at > now) {
    errors.push_back({"/given_at", "must not be in the future: record a consent once given"});
  }
  if (guardian_needed && !consent.guardian) {
    errors.push_back({"/guardian",
                      "is required: the patient is under 18, so a parent or guardian consents "
                      "({\"name\", \"relationship\"})"});
  }
  if (!guardian_needed && consent.guardian) {
    errors.push_back({"/guardian", "must be left out: the patient is an adult and consents"});
  }
  if (!errors.empty()) return invalid(std::move(errors));
  return {};
}

Result<Consent> withdraw(const Consent& consent, const Withdrawal& withdrawal, Instant now) {
  if (consent.withdrawal) {
    return fail(ErrorCode::kConflict, "This consent was withdrawn already, on " +
                                          format_rfc3339(consent.withdrawal->withdrawn_at) + ".");
  }
  if (withdrawal.withdrawn_at > now) {
    return invalid({{"/withdrawn_at", "must not be in the future: record it once withdrawn"}});
  }
  if (withdrawal.withdrawn_at < consent.given_at) {
    return invalid({{"/withdrawn_at", "must not be before the consent was given (" +
                                          format_rfc3339(consent.given_at) + ")"}});
  }
  Consent withdrawn = consent;
  withdrawn.withdrawal = withdrawal;
  return withdrawn;
}

std::string_view to_string(ConsentKind kind) { return name_in(kKindNames, kind); }
std::string_view to_string(ConsentMethod method) { return name_in(kMethodNames, method); }
std::optional<ConsentKind> parse_consent_kind(std::string_view text) {
  return parse_in(kKindNames, text);
}
std::optional<ConsentMethod> parse_consent_method(std::string_view text) {
  return parse_in(kMethodNames, text);
}

}  // namespace mesoclinic::clinic
