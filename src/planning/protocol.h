// Protocols and prices: how many sessions a course has and how far apart, what it costs (with
// any discount the clinic grants) and when the maintenance recall falls after the last session.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clinic_time.h"
#include "core/money.h"
#include "core/result.h"

namespace mesoclinic::planning {

// Money lives in core; the name stays here for the planning callers that spell it so.
using Money = mesoclinic::Money;

inline constexpr int kMinSessions = 6;
inline constexpr int kMaxSessions = 10;

struct Protocol {
  std::string id;
  std::string name;
  std::string formulation_id;
  std::string technique;  // the default for its sessions, e.g. "nappage, 30G 4 mm, 1.5 mm deep"
  int sessions = 8;
  // Days before sessions 2..N, e.g. {7, 7, 7, 14, 14, 14, 14}: sessions - 1 entries.
  std::vector<int> interval_days;
  int tolerance_days = 2;  // a session may land this many days either side of its interval
  std::chrono::minutes appointment_length{45};
  // The price at the clinic a course is agreed at (empty in the group-wide definition, which
  // has none: see ProtocolPrice and priced_at).
  std::optional<Money> price_per_session;
  std::optional<Money> package_price;    // the whole course; wins over the per-session price
  int recall_after_months = 12;          // maintenance recall after the last session
  std::string sessions_override_reason;  // needed when sessions is outside 6..10
};

// Every broken rule as a field error: 6..10 sessions (outside only with an override reason,
// never below 1 or above 20), one interval per gap of 1..120 days, tolerance 0..14 days,
// appointments 10..240 minutes, recall 12..18 months, and any price given 0..100000000 minor
// units of one ISO 4217 currency.
Result<void> validate_protocol(const Protocol& protocol);

// What a protocol costs at one clinic: per session, or a package for the whole course (which
// wins), in the clinic's currency. Discounts are granted per course, with a reason.
struct ProtocolPrice {
  std::optional<Money> per_session;
  std::optional<Money> package;
  friend bool operator==(const ProtocolPrice&, const ProtocolPrice&) = default;
};

// A price per session or a package price (or both), each 0..100000000 minor units in
// `clinic_currency`; a field error ("/price_per_session/currency", ...) for each that is not.
Result<void> validate_price(const ProtocolPrice& price, std::string_view clinic_currency);

// The protocol as a course at a clinic is agreed on: its definition with that clinic's price.
Protocol priced_at(Protocol protocol, const ProtocolPrice& price);

// What the course costs if the patient agrees: the package price, or sessions x per session
// (zero in no currency for a protocol not priced_at a clinic).
Money estimate_cost(const Protocol& protocol);

// The day the maintenance recall falls on: `recall_after_months` after the last session (the
// end of the month if that month is shorter).
CalendarDate recall_date(const Protocol& protocol, CalendarDate last_session);

// When the maintenance recall is due, and the window it must fall in (12..18 months after
// the last session, DOMAIN.md step 8).
struct RecallWindow {
  CalendarDate due{};
  CalendarDate opens{};
  CalendarDate closes{};
};
RecallWindow recall_window(const Protocol& protocol, CalendarDate last_session);

// A reduction the clinic grants on a course, with its reason kept alongside the estimate.
struct Discount {
  int percent = 0;  // 1..100
  std::string reason;
};
// A percentage of 1..100 and a reason of 1..500 characters; a field error for each that is not.
Result<void> validate_discount(const Discount& discount);
// The estimate less the discount, rounded to the nearest minor unit (halves up).
Money estimate_cost(const Protocol& protocol, const std::optional<Discount>& discount);

}  // namespace mesoclinic::planning
