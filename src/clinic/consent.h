// Consent as data (DOMAIN.md step 1): the patient's consent to a course of treatment, to clinical
// photos and to being contacted, each recorded with how it was given, who recorded it and when,
// by a parent or guardian for a minor, and each withdrawable from a stated time. What a consent
// allows is decided here: a withdrawn treatment consent stops the course's sessions at the
// chair, and without consent to contact no reminder is sent. Pure values and rules.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/time.h"

namespace mesoclinic::clinic {

enum class ConsentKind { kTreatment, kPhotos, kContact };

// How the patient (or guardian) gave it. kBeforeConsentRecords marks the consents to contact
// that the upgrade derived from a patient's reminder choice made before consents were
// recorded: the clinic had asked, the system had not written down how.
enum class ConsentMethod { kSignedForm, kElectronicSignature, kVerbal, kBeforeConsentRecords };

// The parent or guardian who consented for a minor.
struct Guardian {
  std::string name;
  std::string relationship;  // "mother", "legal guardian", ...
  friend bool operator==(const Guardian&, const Guardian&) = default;
};

struct Withdrawal {
  Instant withdrawn_at{};  // from when the consent no longer holds (the patient's word)
  Instant recorded_at{};
  std::string recorded_by;  // user id
  std::string note;
  friend bool operator==(const Withdrawal&, const Withdrawal&) = default;
};

struct Consent {
  std::string id;
  std::string patient_id;
  ConsentKind kind = ConsentKind::kContact;
  std::optional<std::string> course_id;  // the course a treatment consent is for
  ConsentMethod method = ConsentMethod::kSignedForm;
  Instant given_at{};
  Instant recorded_at{};
  std::string recorded_by;  // user id
  std::optional<Guardian> guardian;
  std::optional<Withdrawal> withdrawal;
  friend bool operator==(const Consent&, const Consent&) = default;
};

// Whether `consent` holds at `at`: given by then and not withdrawn by then.
bool in_force(const Consent& consent, Instant at);

// Whether any of `consents` of `kind` holds at `at`.
bool consented(const std::vector<Consent>& consents, ConsentKind kind, Instant at);

// Whether a patient born on `born` needs a parent or guardian to consent on `on` (under 18).
bool needs_guardian(CalendarDate born, CalendarDate on);

inline constexpr std::size_t kMaxGuardianNameLength = 100;     // code points
inline constexpr std::size_t kMaxRelationshipLength = 50;      // code points
inline constexpr std::size_t kMaxWithdrawalNoteLength = 1000;  // code points

// The rules for recording a consent at `now`: not given in the future, and with a guardian
// (named, with their relationship) exactly when `guardian_needed`. Field errors name
// "/given_at" and "/guardian".
Result<void> validate_consent(const Consent& consent, bool guardian_needed, Instant now);

// The withdrawal of `consent` at `now`: fails with kConflict if it was withdrawn already, and
// kInvalidInput (at "/withdrawn_at") for a time in the future or before it was given.
Result<Consent> withdraw(const Consent& consent, const Withdrawal& withdrawal, Instant now);

// Names as they appear in the API and the database ("treatment", "signed_form", ...).
std::string_view to_string(ConsentKind kind);
std::string_view to_string(ConsentMethod method);
std::optional<ConsentKind> parse_consent_kind(std::string_view text);
std::optional<ConsentMethod> parse_consent_method(std::string_view text);

}  // namespace mesoclinic::clinic
