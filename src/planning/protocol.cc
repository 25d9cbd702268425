#include "planning/protocol.h"

#include <algorithm>
#include <utility>

#include "core/text.h"

namespace mesoclinic::planning {
namespace {

using std::chrono::minutes;

constexpr int kRecallEarliestMonths = 12;
constexpr int kRecallLatestMonths = 18;

}  // namespace

Result<void> validate_protocol(const Protocol& protocol) {
  std::vector<FieldError> errors;
  if (protocol.name.empty() || code_point_count(protocol.name) > 200) {
    errors.push_back({"/name", "must be 1 to 200 characters"});
  }
  if (code_point_count(protocol.technique) > 1000) {
    errors.push_back({"/technique", "must be at most 1000 characters"});
  }
  if (protocol.sessions_override_reason.size() > 2000) {
    errors.push_back({"/sessions_override_reason", "must be at most 2000 characters"});
  }
  const bool usual = protocol.sessions >= kMinSessions && protocol.sessions <= kMaxSessions;
  if (protocol.sessions < 1 || protocol.sessions > 20) {
    errors.push_back({"/sessions", "must be between 1 and 20"});
  } else if (!usual && protocol.sessions_override_reason.empty()) {
    errors.push_back(
        {"/sessions_override_reason", "is required for a course outside 6 to 10 sessions"});
  }
  if (protocol.sessions >= 1 && protocol.sessions <= 20 &&
      protocol.interval_days.size() != static_cast<std::size_t>(protocol.sessions - 1)) {
    errors.push_back(
        {"/interval_days", "must give one interval for each session after the first (" +
                               std::to_string(protocol.sessions - 1) + ")"});
  }
  for (std::size_t i = 0; i < protocol.interval_days.size(); ++i) {
    if (protocol.interval_days[i] < 1 || protocol.interval_days[i] > 120) {
      errors.push_back({"/interval_days/" + std::to_string(i), "must be 1 to 120 days"});
    }
  }
  if (protocol.tolerance_days < 0 || protocol.tolerance_days > 14) {
    errors.push_back({"/tolerance_days", "must be 0 to 14 days"});
  }
  if (protocol.appointment_length < minutes{10} || protocol.appointment_length > minutes{240}) {
    errors.push_back({"/appointment_minutes", "must be 10 to 240 minutes"});
  }
  for (const auto& [pointer, price] : {std::pair{"/price_per_session", protocol.price_per_session},
                                       std::pair{"/package_price", protocol.package_price}}) {
    if (!price) continue;
    if (price->minor_units < 0 || price->minor_units > 100'000'000) {
      errors.push_back({std::string(pointer) + "/minor_units", "must be 0 to 100000000"});
    }
    if (!is_currency_code(price->currency)) {
      errors.push_back(
          {std::string(pointer) + "/currency", "must be an ISO 4217 code such as EUR"});
    }
  }
  if (protocol.price_per_session && protocol.package_price &&
      protocol.price_per_session->currency != protocol.package_price->currency) {
    errors.push_back({"/package_price/currency", "must be the per-session price's currency"});
  }
  if (protocol.recall_after_months < 12 || protocol.recall_after_months > 18) {
    errors.push_back({"/recall_after_months", "must be 12 to 18 months"});
  }
  if (errors.empty()) return {};
  return invalid(std::move(errors));
}

Result<void> validate_price(const ProtocolPrice& price, std::string_view clinic_currency) {
  std::vector<FieldError> errors;
  if (!price.per_session && !price.package) {
    errors.push_back({"/price_per_session", "a price per session or a package price is needed"});
  }
  for (const auto& [pointer, money] : {std::pair{"/price_per_session", price.per_session},
                                       std::pair{"/package_price", price.package}}) {
    if (!money) continue;
    if (money->minor_units < 0 || money->minor_units > 100'000'000) {
      errors.push_back({std::string(pointer) + "/minor_units", "must be 0 to 100000000"});
    }
    if (money->currency != clinic_currency) {
      errors.push_back({std::string(pointer) + "/currency",
                        "must be the clinic's currency, " + std::string(clinic_currency)});
    }
  }
  if (errors.empty()) return {};
  return invalid(std::move(errors));
}

Protocol priced_at(Protocol protocol, const ProtocolPrice& price) {
  protocol.price_per_session = price.per_session;
  protocol.package_price = price.package;
  return protocol;
}

Money estimate_cost(const Protocol& protocol) {
  if (protocol.package_price) return *protocol.package_price;
  return times(protocol.price_per_session.value_or(Money{}), protocol.sessions);
}

CalendarDate recall_date(const Protocol& protocol, CalendarDate last_session) {
  return add_months(last_session, protocol.recall_after_months);
}

RecallWindow recall_window(const Protocol& protocol, CalendarDate last_session) {
  return {.due = recall_date(protocol, last_session),
          .opens = add_months(last_session, kRecallEarliestMonths),
          .closes = add_months(last_session, kRecallLatestMonths)};
}

Result<void> validate_discount(const Discount& discount) {
  std::vector<FieldError> errors;
  if (discount.percent < 1 || discount.percent > 100) {
    errors.push_back({"/discount/percent", "must be 1 to 100"});
  }
  if (discount.reason.empty() || discount.reason.size() > 500) {
    errors.push_back({"/discount/reason", "must be 1 to 500 characters: why it is granted"});
  }
  if (errors.empty()) return {};
  return invalid(std::move(errors));
}

Money estimate_cost(const Protocol& protocol, const std::optional<Discount>& discount) {
  Money cost = estimate_cost(protocol);
  if (discount) {
    cost.minor_units -= percent_of(cost, discount->percent).minor_units;
  }
  return cost;
}

}  // namespace mesoclinic::planning
