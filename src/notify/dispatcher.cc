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
    "the server stopped after handing this message to the mail server and before its reply: it "
    "may have arrived; check with the patient before sending it again";

// Writes `changed` if the reminder is still in `expected`; whether it was written.
bool move(store::Store& store, const store::Reminder& changed, ReminderStatus expected) {
  auto written = store::in_transaction(
      store, store::TransactionMode::kWrite,
      [&](store::Transaction& tx) { return tx.update_reminder(changed, expected); });
  if (!written) {
    spdlog::error("reminder {}: cannot record its state: {}", changed.id, written.error().message);
    return false;
  }
  return *written;
}

// Why a claimed reminder should not go out after all, if it should not.
std::optional<std::string> reason_to_cancel(store::Store& store, const store::Reminder& reminder,
                                            Instant now) {
  auto checked = store::in_transaction(
      store, store::TransactionMode::kRead,
      [&](store::Transaction& tx) -> Result<std::optional<std::string>> {
        auto patient = tx.find_patient(reminder.patient_id);
        if (!patient) return std::unexpected(patient.error());
        if (!*patient || (*patient)->details.reminder_channel != reminder.channel) {
          return std::optional<std::string>("the patient no longer wants reminders this way");
        }
        if (reminder.kind != clinic::ReminderKind::kAppointment) return std::nullopt;
        auto appointment = tx.find_appointment(reminder.appointment_id);
        if (!appointment) return std::unexpected(appointment.error());
        const bool booked =
            *appointment && (*appointment)->status == store::AppointmentStatus::kBooked;
        const Instant start = *appointment ? (*appointment)->starts_at : Instant{};
        if (!clinic::appointment_reminder_still_true(booked, reminder.event_at, start, now)) {
          return std::optional<std::string>("the appointment was moved, cancelled or has begun");
        }
        return std::nullopt;
      });
  if (!checked) return std::nullopt;  // a read error should not drop a reminder: send it
  return *checked;
}

}  // namespace

struct Dispatcher::State {
  store::Store& store;
  Channels channels;
  DispatcherSettings settings;
  std::function<Result<void>(Instant)> before_pass;
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
          [&](store::Transaction& tx) { return tx.list_due_reminders(now(), settings.batch); });
      if (!due) {
        spdlog::error("reminders: cannot read the outbox: {}", due.error().message);
        return;
      }
      for (const auto& reminder : *due) {
        if (stop_requested()) return;
        deliver(reminder);
      }
      if (due->size() < settings.batch) return;
    }
  }

  // Claims left behind by a sender that stopped (this process before a crash, or another
  // instance): those not handed over are sent again; those handed over are not.
  void recover_interrupted(Instant at) {
    const Instant before = at - settings.lease;
    for (auto status : {ReminderStatus::kSending, ReminderStatus::kHandedOver}) {
      auto stale = store::in_transaction(
          store, store::TransactionMode::kRead,
          [&](store::Transaction& tx) { return tx.list_stale_reminders(status, before); });
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
        if (move(store, reminder, status)) {
          spdlog::warn("reminder {}: interrupted send found, now {}", reminder.id,
                       clinic::to_string(reminder.status));
        }
      }
    }
  }

  void deliver(store::Reminder reminder) {
    const auto expected = reminder.status;
    reminder.status = ReminderStatus::kSending;
    reminder.attempts += 1;
    reminder.claimed_at = now();
    if (!move(store, reminder, expected)) return;  // another sender has it

    if (auto why = reason_to_cancel(store, reminder, now())) {
      reminder.status = ReminderStatus::kCancelled;
      reminder.last_error = *why;
      move(store, reminder, ReminderStatus::kSending);
      return;
    }
    Channel* channel = reminder.channel == clinic::ReminderChannel::kEmail ? channels.email.get()
                                                                           : channels.sms.get();
    SendResult sent;
    auto current = ReminderStatus::kSending;
    if (!channel) {
      sent = std::unexpected(
          SendFailure{clinic::DeliveryFailure::kPermanent,
                      reminder.channel == clinic::ReminderChannel::kEmail
                          ? "e-mail is not configured on this server ([email] in the configuration)"
                          : "SMS is not configured on this server ([sms] in the configuration)"});
    } else {
      store::Reminder handed = reminder;
      handed.status = ReminderStatus::kHandedOver;
      sent = channel->send({reminder.id, reminder.recipient, reminder.subject, reminder.body}, [&] {
        if (move(store, handed, ReminderStatus::kSending)) {
          current = ReminderStatus::kHandedOver;
        }
      });
    }
    const Instant finished = now();
    if (sent) {
      reminder.status = ReminderStatus::kSent;
      reminder.sent_at = finished;
      reminder.last_error.clear();
    } else {
      const auto retry =
          clinic::next_attempt(settings.retry, reminder.attempts, sent.error().kind, finished);
      reminder.status = retry ? ReminderStatus::kPending : ReminderStatus::kFailed;
      reminder.next_attempt_at = retry.value_or(reminder.next_attempt_at);
      reminder.last_error = sent.error().reason;
      spdlog::warn("reminder {}: attempt {} failed ({}): {}", reminder.id, reminder.attempts,
                   retry ? "will retry" : "given up", sent.error().reason);
    }
    move(store, reminder, current);
  }
};

Dispatcher::Dispatcher(store::Store& store, Channels channels, DispatcherSettings settings,
                       std::function<Result<void>(Instant)> before_pass)
    : state_(
          std::make_unique<State>(store, std::move(channels), settings, std::move(before_pass))) {
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
