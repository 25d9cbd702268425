#include "notify/curl_easy.h"

#include <mutex>

namespace mesoclinic::notify {

EasyHandle new_easy_handle() {
  static std::once_flag started;
  static bool ready = false;
  std::call_once(started, [] { ready = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK; });
  if (!ready) return nullptr;
  return EasyHandle(curl_easy_init());
}

SendFailure transfer_failure(CURLcode code, const char* error_buffer, long reply, bool permanent) {
  std::string reason = error_buffer && *error_buffer ? error_buffer : curl_easy_strerror(code);
  if (reply != 0) reason.append(" (server replied ").append(std::to_string(reply)).append(")");
  return {permanent ? clinic::DeliveryFailure::kPermanent : clinic::DeliveryFailure::kTemporary,
          reason};
}

}  // namespace mesoclinic::notify
