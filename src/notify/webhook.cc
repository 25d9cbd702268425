// SMS through the clinic's gateway: one JSON POST per message. The reminder's id goes along as
// the Idempotency-Key, so a repeat after an interrupted send is recognised by the gateway.
#include <nlohmann/json.hpp>

#include "notify/curl_easy.h"

namespace mesoclinic::notify {
namespace {

std::size_t discard_reply(char*, std::size_t size, std::size_t count, void*) {
  return size * count;
}

struct SlistFree {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

class WebhookChannel final : public Channel {
 public:
  explicit WebhookChannel(WebhookSettings settings) : settings_(std::move(settings)) {}

  SendResult send(const OutgoingMessage& message, const std::function<bool()>&) override {
    EasyHandle handle = new_easy_handle();
    if (!handle) {
      return std::unexpected(
          SendFailure{clinic::DeliveryFailure::kTemporary, "libcurl did not start"});
    }
    const std::string body = nlohmann::json{
        {"id", message.id},
        {"to", message.recipient},
        {"text", message.body}}.dump();
    curl_slist* list = curl_slist_append(nullptr, "Content-Type: application/json");
    list = curl_slist_append(list, ("Idempotency-Key: " + message.id).c_str());
    if (!settings_.bearer_token.empty()) {
      list = curl_slist_append(list, ("Authorization: Bearer " + settings_.bearer_token).c_str());
    }
    std::unique_ptr<curl_slist, SlistFree> headers(list);
    char error[CURL_ERROR_SIZE] = {};
    CURL* curl = handle.get();
    curl_easy_setopt(curl, CURLOPT_URL, settings_.url.c_str());
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, discard_reply);
    if (!settings_.ca_file.empty())
      curl_easy_setopt(curl, CURLOPT_CAINFO, settings_.ca_file.c_str());
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, static_cast<long>(settings_.timeout.count()));
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
    const CURLcode code = curl_easy_perform(curl);
    long reply = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply);
    if (code == CURLE_OK && reply >= 200 && reply < 300) return {};
    if (code == CURLE_OK) {
      // 408, 429 and 5xx may pass later; any other answer (a bad number, a rejected token, a
      // redirect we do not follow) needs a person.
      const bool temporary = reply == 408 || reply == 429 || reply >= 500;
      return std::unexpected(SendFailure{
          temporary ? clinic::DeliveryFailure::kTemporary : clinic::DeliveryFailure::kPermanent,
          "the SMS gateway replied " + std::to_string(reply)});
    }
    return std::unexpected(transfer_failure(code, error, reply, false));
  }

 private:
  WebhookSettings settings_;
};

}  // namespace

Result<std::unique_ptr<Channel>> make_webhook_channel(const WebhookSettings& settings) {
  if (!settings.url.starts_with("http://") && !settings.url.starts_with("https://")) {
    return fail(ErrorCode::kInvalidInput,
                "the SMS webhook URL must start with http:// or https://");
  }
  return std::make_unique<WebhookChannel>(settings);
}

}  // namespace mesoclinic::notify
