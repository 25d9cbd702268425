// What the SMTP and webhook channels share about libcurl (private to notify).
#pragma once

#include <curl/curl.h>

#include <memory>
#include <string>

#include "notify/notify.h"

namespace mesoclinic::notify {

struct EasyCleanup {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
using EasyHandle = std::unique_ptr<CURL, EasyCleanup>;

// A fresh handle, after initialising libcurl once per process; null if libcurl cannot start.
EasyHandle new_easy_handle();

// The failure a finished transfer means: `code` from curl_easy_perform, `error_buffer` as
// libcurl filled it, `reply` the server's last status code (0 if none). Timeouts and
// connection trouble are temporary; `permanent` decides for a server's refusal.
SendFailure transfer_failure(CURLcode code, const char* error_buffer, long reply, bool permanent);

}  // namespace mesoclinic::notify
