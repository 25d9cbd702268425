#include "clinic/reminders.h"

#include <algorithm>
#include <array>
#include <utility>

namespace mesoclinic::clinic {
namespace {

constexpr std::array kKindNames{std::pair{ReminderKind::kAppointment, "appointment"},
                                std::pair{ReminderKind::kAftercare, "aftercare"},
                                std::pair{ReminderKind::kRecall, "recall"}};

constexpr std::array kStatusNames{std::pair{ReminderStatus::kPending, "pending"},
                                  std::pair{ReminderStatus::kSending, "sending"},
                                  std::pair{ReminderStatus::kHandedOver, "handed_over"},
                                  std::pair{ReminderStatus::kSent, "sent"},
                                  std::pair{ReminderStatus::kFailed, "failed"},
                                  std::pair{ReminderStatus::kUnconfirmed, "unconfirmed"},
                                  std::pair{ReminderStatus::kCancelled, "cancelled"}};

template <typename Enum, std::size_t N>
std::string_view name_of(const std::array<std::pair<Enum, const char*>, N>& names, Enum value) {
  for (const auto& [candidate, name] : names) {
    if (candidate == value) return name;
  }
  return "unknown";
}

template <typename Enum, std::size_t N>
std::optional<Enum> value_of(const std::array<std::pair<Enum, const char*>, N>& names,
                             std::string_view text) {
  for (const auto& [value, name] : names) {
    if (text == name) return value;
  }
  return std::nullopt;
}

}  // namespace

std::string_view to_string(ReminderKind kind) { return name_of(kKindNames, kind); }
std::optional<ReminderKind> parse_reminder_kind(std::string_view text) {
  return value_of(kKindNames, text);
}
std::string_view to_string(ReminderStatus status) { return name_of(kStatusNames, status); }
std::optional<ReminderStatus> parse_reminder_status(std::string_view text) {
  return value_of(kStatusNames, text);
}

std::optional<std::string> reminder_address(const PatientDetails& patient) {
  switch (patient.reminder_channel) {
    case ReminderChannel::kEmail:
      return patient.email;
    case ReminderChannel::kSms:
      return patient.phone;
    case ReminderChannel::kNone:
      break;
  }
  return std::nullopt;
}

std::string appointment_reminder_topic(const std::string& appointment_id, Instant start) {
  return "appointment:" + appointment_id + ":" + std::to_string(to_unix_micros(start));
}

std::string aftercare_reminder_topic(const std::string& appointment_id,
                                     const std::string& rule_id) {
  return "aftercare:" + appointment_id + ":" + rule_id;
}

std::string recall_invitation_topic(const std::string& course_id) { return "recall:" + course_id; }

Instant recall_invitation_due(CalendarDate recall_day, const ClinicZone& zone) {
  // No zone changes its clocks at 09:00, but a failed conversion must not lose the invitation:
  // 09:00 UTC that day then.
  return zone.to_instant({recall_day, kMilestoneMorning}, RepeatedHour::kEarlier)
      .value_or(Instant{std::chrono::sys_days{recall_day} + kMilestoneMorning});
}

Instant appointment_reminder_due(Instant start, const ClinicZone& zone) {
  return wall_clock_days_after(zone, start, -1);
}

std::vector<AftercareMilestone> aftercare_milestones(const AftercarePlan& plan, Instant issued_at,
                                                     const ClinicZone& zone) {
  std::vector<AftercareMilestone> milestones;
  for (const auto& restriction : plan.restrictions) {
    if (restriction.until <= issued_at) continue;
    LocalDateTime morning = zone.to_local(restriction.until);
    morning.time_of_day = kMilestoneMorning;
    // No zone changes its clocks at 09:00, but a failed conversion must not lose the reminder.
    const Instant due =
        zone.to_instant(morning, RepeatedHour::kEarlier).value_or(restriction.until);
    milestones.push_back(
        {restriction.rule_id, restriction.until, std::min(due, restriction.until)});
  }
  return milestones;
}

bool appointment_reminder_still_true(bool still_booked, Instant announced_start,
                                     Instant current_start, Instant now) {
  return still_booked && current_start == announced_start && now < current_start;
}

std::optional<Instant> next_attempt(const RetryPolicy& policy, int attempts,
                                    DeliveryFailure failure, Instant failed_at) {
  if (failure == DeliveryFailure::kPermanent || attempts >= policy.max_attempts) {
    return std::nullopt;
  }
  auto delay = policy.first_delay;
  for (int i = 1; i < attempts && delay < policy.longest_delay; ++i) delay *= 4;
  return failed_at + std::min(delay, policy.longest_delay);
}

}  // namespace mesoclinic::clinic
