// The sending loop. Every state change is its own committed transaction, in this order:
// claim (pending -> sending, one more attempt), send, then sent or back to pending with a
// delay. A sender that dies leaves "sending" (nothing handed over: safe to send again, with the
// same idempotency key) or "handed_over" (perhaps delivered: never sent again, shown to staff).
#include <spdlog/spdlog.h>

#include <condition_variable>
#include <mutex>
#include <thread>

#include "notify/notify.h"

namespace mesoclinic::notify {
namespace {

using clinic::ReminderStatus;

constexpr std::string_view kInterruptedAfterHandOver =
    "the sender stopped after handing this message to the mail server and before its reply: it "
    "may have arrived; check with the patient before sending it again";
constexpr std::string_view kSilentAfterHandOver =
    "the mail server did not confirm the message it was handed: it may have arrived; check with "
    "the patient before sending it again";

// Writes `changed` if the reminder is still in `expected` after `attempts` attempts, and then
// runs `also` in the same transaction; whether it was written (false also when the database
// could not be reached or `also` failed: the claim then expires).
bool move(store::Store& store, const store::Reminder& changed, ReminderStatus expected,
          int attempts, const std::function<Result<void>(store::Transaction&)>& also = {}) {
  auto written = store::in_transaction(
      store, store::TransactionMode::kWrite, [&](store::Transaction& tx) -> Result<bool> {
        auto moved = tx.update_reminder(changed, expected, attempts);
        if (!moved || !*moved || !also) return moved;
        if (auto followed = also(tx); !followed) return std::unexpected(followed.error());
        return true;
      });
  if (!written) {
    spdlog::error("reminder {}: cannot record its state: {}", changed.id, written.error().message);
    return false;
  }
  return *written;
}

// What to do with a claimed reminder, decided just before it goes out.
struct Verdict {
  std::optional<std::string> cancel;  // why it should not go out at all
  clinic::ReminderChannel channel = clinic::ReminderChannel::kEmail;
  std::string recipient;  // the patient's current address on their current channel
};

Result<Verdict> check_before_sending(store::Store& store, const store::Reminder& reminder,
                                     Instant now) {
  return store::in_transaction(
      store, store::TransactionMode::kRead, [&](store::Transaction& tx) -> Result<Verdict> {
        auto patient = tx.find_patient(reminder.patient_id);
        if (!patient) return std::unexpected(patient.error());
        const auto address =
            *patient ? clinic::reminder_address((*patient)->details) : std::nullopt;
        if (!address) return Verdict{"the patient no longer wants reminders", {}, {}};
        // A changed channel or address is followed: the message goes where the patient now
        // wants it, never to an address they have given up.
        Verdict verdict{std::nullopt, (*patient)->details.reminder_channel, *address};
        if (reminder.kind != clinic::ReminderKind::kAppointment) return verdict;
        auto appointment = tx.find_appointment(reminder.appointment_id);
        if (!appointment) return std::unexpected(appointment.error());
        const bool booked =
            *appointment && (*appointment)->status == store::AppointmentStatus::kBooked;
        const Instant start = *appointment ? (*appointment)->starts_at : Instant{};
        if (!clinic::appointment_reminder_still_true(booked, reminder.event_at, start, now)) {
          verdict.cancel = "the appointment was moved, cancelled or has begun";
        }
        return verdict;
      });
}

}  // namespace

struct Dispatcher::State {
  store::Store& store;
  Channels channels;
  DispatcherSettings settings;
  std::function<Result<void>(Instant)> before_pass;
  FailedForGood failed;
  std::mutex mutex;
  std::condition_variable wake;
  bool stopping = false;
  std::thread thread;

  void run() {
    std::unique_lock lock(mutex);
    while (!stopping) {
      lock.unlock();
      pass();
      lock.lock();
      wake.wait_for(lock, settings.poll_interval, [&] { return stopping; });
    }
  }

  bool stop_requested() {
    std::lock_guard lock(mutex);
    return stopping;
  }

  void pass() {
    const Instant started = now();
    if (before_pass) {
      if (auto queued = before_pass(started); !queued) {
        spdlog::error("reminders: cannot queue new reminders: {}", queued.error().message);
      }
    }
    recover_interrupted(started);
    for (;;) {
      auto due = store::in_transaction(
          store, store::TransactionMode::kRead,
          [&](store::Outbox& outbox) { return outbox.list_due_reminders(now(), settings.batch); });
      if (!due) {
        spdlog::error("reminders: cannot read the outbox: {}", due.error().message);
        return;
      }
      std::size_t claimed = 0;
      for (const auto& reminder : *due) {
        if (stop_requested()) return;
        if (deliver(reminder)) ++claimed;
      }
      // A short batch was the last; one where nothing could be claimed would only come back
      // the same (another sender is busy with it, or the database refuses writes).
      if (due->size() < settings.batch || claimed == 0) return;
    }
  }

  // Claims left behind by a sender that stopped (this process before a crash, or another
  // instance): those not handed over are sent again; those handed over are not.
  void recover_interrupted(Instant at) {
    const Instant before = at - settings.lease;
    for (auto status : {ReminderStatus::kSending, ReminderStatus::kHandedOver}) {
      auto stale = store::in_transaction(
          store, store::TransactionMode::kRead,
          [&](store::Outbox& outbox) { return outbox.list_stale_reminders(status, before); });
      if (!stale) continue;
      for (auto reminder : *stale) {
        if (status == ReminderStatus::kSending) {
          reminder.status = ReminderStatus::kPending;
          reminder.next_attempt_at = at;
          reminder.last_error = "the sender stopped before handing the message over";
        } else {
          reminder.status = ReminderStatus::kUnconfirmed;
          reminder.last_error = std::string(kInterruptedAfterHandOver);
        }
        if (move(store, reminder, status, reminder.attempts)) {
          spdlog::warn("reminder {}: interrupted send found, now {}", reminder.id,
                       clinic::to_string(reminder.status));
        }
      }
    }
  }

  // Claims the reminder and sends it; false if another sender claimed it first.
  bool deliver(store::Reminder reminder) {
    const int claimed_attempts = reminder.attempts + 1;
    {
      store::Reminder claim = reminder;
      claim.status = ReminderStatus::kSending;
      claim.attempts = claimed_attempts;
      claim.claimed_at = now();
      if (!move(store, claim, reminder.status, reminder.attempts)) return false;
      reminder = std::move(claim);
    }
    auto current = ReminderStatus::kSending;
    const auto outcome = send(reminder, current);
    if (!outcome) return true;  // no longer wanted, and recorded so
    const SendResult& sent = *outcome;
    const Instant finished = now();
    if (sent) {
      reminder.status = ReminderStatus::kSent;
      reminder.sent_at = finished;
      reminder.last_error.clear();
    } else if (current == ReminderStatus::kHandedOver && !sent.error().refused) {
      // Handed over and then no answer: the server may have kept it. At most once.
      reminder.status = ReminderStatus::kUnconfirmed;
      reminder.last_error = std::string(kSilentAfterHandOver);
      reminder.last_error.append(" (").append(sent.error().reason).append(")");
    } else {
      const auto retry =
          clinic::next_attempt(settings.retry, reminder.attempts, sent.error().kind, finished);
      reminder.status = retry ? ReminderStatus::kPending : ReminderStatus::kFailed;
      reminder.next_attempt_at = retry.value_or(reminder.next_attempt_at);
      reminder.last_error = sent.error().reason;
      spdlog::warn("reminder {}: attempt {} failed ({}): {}", reminder.id, reminder.attempts,
                   retry ? "will retry" : "given up", sent.error().reason);
    }
    if (reminder.status == ReminderStatus::kFailed && failed) {
      // Staff hear of it in the same transaction that records the failure.
      move(store, reminder, current, claimed_attempts,
           [&](store::Transaction& tx) { return failed(tx, reminder, finished); });
    } else {
      move(store, reminder, current, claimed_attempts);
    }
    return true;
  }

  // Checks the claimed reminder is still wanted, where it should go, and sends it through its
  // channel; `current` follows its status (kHandedOver once the channel says so). Nothing when
  // the reminder was cancelled instead.
  std::optional<SendResult> send(store::Reminder& reminder, ReminderStatus& current) {
    auto verdict = check_before_sending(store, reminder, now());
    if (!verdict) {
      // Without the facts, sending could announce a cancelled appointment: try later.
      return SendResult(std::unexpected(
          SendFailure{clinic::DeliveryFailure::kTemporary,
                      "cannot check the reminder before sending: " + verdict.error().message}));
    }
    if (verdict->cancel) {
      reminder.status = ReminderStatus::kCancelled;
      reminder.last_error = *verdict->cancel;
      move(store, reminder, ReminderStatus::kSending, reminder.attempts);
      return std::nullopt;
    }
    reminder.channel = verdict->channel;
    reminder.recipient = verdict->recipient;
    Channel* channel = reminder.channel == clinic::ReminderChannel::kEmail ? channels.email.get()
                                                                           : channels.sms.get();
    if (!channel) {
      return SendResult(std::unexpected(
          SendFailure{clinic::DeliveryFailure::kPermanent,
                      reminder.channel == clinic::ReminderChannel::kEmail
                          ? "e-mail is not configured on this server ([email] in the configuration)"
                          : "SMS is not configured on this server ([sms] in the configuration)"}));
    }
    return channel->send({reminder.id, reminder.recipient, reminder.subject, reminder.body}, [&] {
      store::Reminder handed = reminder;
      handed.status = ReminderStatus::kHandedOver;
      if (!move(store, handed, ReminderStatus::kSending, reminder.attempts)) return false;
      current = ReminderStatus::kHandedOver;
      return true;
    });
  }
};

Dispatcher::Dispatcher(store::Store& store, Channels channels, DispatcherSettings settings,
                       std::function<Result<void>(Instant)> before_pass, FailedForGood failed)
    : state_(std::make_unique<State>(store, std::move(channels), settings, std::move(before_pass),
                                     std::move(failed))) {
  state_->thread = std::thread([state = state_.get()] { state->run(); });
}

Dispatcher::~Dispatcher() {
  {
    std::lock_guard lock(state_->mutex);
    state_->stopping = true;
  }
  state_->wake.notify_all();
  state_->thread.join();
}

}  // namespace mesoclinic::notify
