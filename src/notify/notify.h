// Notify: sends the reminders waiting in the outbox (store::Reminder) through the patient's
// channel, e-mail over SMTP or SMS through an HTTP webhook, and records every attempt. A
// reminder is claimed before it is sent, so it goes out at most once even across a crash; its
// id travels with it as the idempotency key, so a gateway can drop a repeat of a send that was
// interrupted before it was confirmed.
#pragma once

#include <chrono>
#include <expected>
#include <functional>
#include <memory>
#include <string>

#include "clinic/reminders.h"
#include "core/result.h"
#include "store/store.h"

namespace mesoclinic::notify {

struct OutgoingMessage {
  std::string id;         // the idempotency key
  std::string recipient;  // an e-mail address or an E.164 phone number
  std::string subject;    // e-mail only
  std::string body;
};

struct SendFailure {
  clinic::DeliveryFailure kind = clinic::DeliveryFailure::kTemporary;
  std::string reason;  // for staff: what the server said; never a secret
  // The receiving server refused the message in so many words (an SMTP 4xx/5xx reply), as
  // opposed to a timeout or a dropped connection, after which it may have kept it.
  bool refused = false;
};

using SendResult = std::expected<void, SendFailure>;

// One way of reaching patients. Implementations are used from one thread at a time.
class Channel {
 public:
  virtual ~Channel() = default;
  // Sends `message`. A channel that can tell calls `handed_over` just before the last step that
  // lets the receiving server accept the message (from then on, sending it again could deliver
  // it twice), and gives up without taking that step if `handed_over` returns false.
  virtual SendResult send(const OutgoingMessage& message,
                          const std::function<bool()>& handed_over) = 0;
};

enum class StartTls {
  kRequired,  // refuse to send in the clear
  kIfOffered,
  kOff
};

struct SmtpSettings {
  std::string url;  // "smtp://mail.example.org:587", or "smtps://..." for TLS from the start
  std::string from_address;
  std::string from_name;
  StartTls starttls = StartTls::kRequired;
  std::string username;  // no authentication when empty
  std::string password;
  std::string ca_file;  // trusted certificates; the system's when empty
  std::chrono::seconds timeout{60};
};

// An e-mail channel over SMTP (libcurl). Fails with kInvalidInput on a URL that is not
// smtp:// or smtps:// or an empty sender address.
Result<std::unique_ptr<Channel>> make_smtp_channel(const SmtpSettings& settings);

struct WebhookSettings {
  std::string url;           // http(s)://... receiving POST {"id","to","text"}
  std::string bearer_token;  // sent as "Authorization: Bearer ..." when not empty
  std::string ca_file;
  std::chrono::seconds timeout{30};
};

// An SMS channel: a POST to the clinic's SMS gateway with the reminder's id as the
// Idempotency-Key header. Fails with kInvalidInput on a URL that is not http(s)://.
Result<std::unique_ptr<Channel>> make_webhook_channel(const WebhookSettings& settings);

struct Channels {
  std::unique_ptr<Channel> email;  // either may be missing: such reminders fail visibly
  std::unique_ptr<Channel> sms;
};

struct DispatcherSettings {
  std::chrono::milliseconds poll_interval{30'000};
  // A claim older than this belongs to a sender that stopped; channel timeouts stay below it.
  std::chrono::seconds lease{300};
  clinic::RetryPolicy retry;
  std::size_t batch = 20;
};

// What follows from a reminder failing for good, run in the transaction that records the failure
// (so both land or neither does): the caller tells staff (a worklist item). Its failure rolls the
// failure back; the reminder's claim then expires and it is tried again.
using FailedForGood =
    std::function<Result<void>(store::Transaction& tx, const store::Reminder& failed, Instant at)>;

// Sends due reminders on a thread of its own until destroyed. Before each pass it calls
// `before_pass(now)`, where the caller queues what has become due (tomorrow's appointments);
// its failure is logged and the pass goes on. A reminder given up on is handed to `failed`.
class Dispatcher {
 public:
  Dispatcher(store::Store& store, Channels channels, DispatcherSettings settings,
             std::function<Result<void>(Instant)> before_pass, FailedForGood failed = {});
  ~Dispatcher();  // finishes the message in hand, then stops
  Dispatcher(const Dispatcher&) = delete;
  Dispatcher& operator=(const Dispatcher&) = delete;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace mesoclinic::notify
