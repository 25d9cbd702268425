// E-mail over SMTP with libcurl. The message is plain UTF-8 text, base64-encoded so any
// language and any line survive every mail server, with its reminder id as the Message-ID.
#include <sodium.h>

#include <array>
#include <ctime>

#include "clinic/patient.h"
#include "notify/curl_easy.h"

namespace mesoclinic::notify {
namespace {

std::string base64(std::string_view bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.find('\0'));
  return out;
}

// A header value in RFC 2047 encoded words of at most 45 bytes of text each (75 characters
// encoded), never splitting a UTF-8 character, folded onto continuation lines. Encoding every
// value also keeps a line break in a name from ever starting a header of its own.
std::string encoded_words(std::string_view text) {
  std::string out;
  while (!text.empty()) {
    std::size_t take = std::min<std::size_t>(45, text.size());
    while (take < text.size() && take > 0 &&
           (static_cast<unsigned char>(text[take]) & 0xC0) == 0x80) {
      --take;
    }
    if (!out.empty()) out += "\r\n ";
    out.append("=?UTF-8?B?").append(base64(text.substr(0, take))).append("?=");
    text.remove_prefix(take);
  }
  return out;
}

// RFC 5322's date: "Thu, 26 Nov 2026 21:04:05 +0000".
std::string mail_date(std::time_t when) {
  static constexpr std::array<const char*, 7> kDays{"Sun", "Mon", "Tue", "Wed",
                                                    "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::tm utc{};
  gmtime_r(&when, &utc);
  char text[40];
  std::snprintf(text, sizeof text, "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[utc.tm_wday],
                utc.tm_mday, kMonths[utc.tm_mon], utc.tm_year + 1900, utc.tm_hour, utc.tm_min,
                utc.tm_sec);
  return text;
}

struct Upload {
  std::string_view message;
  std::size_t sent = 0;
  const std::function<bool()>* handed_over = nullptr;
  bool told = false;
};

// libcurl asks for the message piece by piece; when it is all out, libcurl ends the DATA with
// the lone dot that makes the server accept it. That is the point of no return.
std::size_t read_message(char* buffer, std::size_t size, std::size_t count, void* data) {
  auto& upload = *static_cast<Upload*>(data);
  const std::size_t room = size * count;
  const std::size_t left = upload.message.size() - upload.sent;
  if (left == 0) {
    if (!upload.told && *upload.handed_over && !(*upload.handed_over)()) {
      return CURL_READFUNC_ABORT;  // the hand-over was not recorded: do not let it be accepted
    }
    upload.told = true;
    return 0;
  }
  const std::size_t take = std::min(room, left);
  upload.message.substr(upload.sent, take).copy(buffer, take);
  upload.sent += take;
  return take;
}

struct SlistFree {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

class SmtpChannel final : public Channel {
 public:
  explicit SmtpChannel(SmtpSettings settings) : settings_(std::move(settings)) {}

  SendResult send(const OutgoingMessage& message,
                  const std::function<bool()>& handed_over) override {
    if (!clinic::is_sendable_email(message.recipient)) {
      return std::unexpected(SendFailure{clinic::DeliveryFailure::kPermanent,
                                         "the patient's e-mail address cannot be used"});
    }
    EasyHandle handle = new_easy_handle();
    if (!handle) {
      return std::unexpected(
          SendFailure{clinic::DeliveryFailure::kTemporary, "libcurl did not start"});
    }
    const std::string text = compose(message);
    Upload upload{text, 0, &handed_over, false};
    std::unique_ptr<curl_slist, SlistFree> recipients(
        curl_slist_append(nullptr, ("<" + message.recipient + ">").c_str()));
    const std::string from = "<" + settings_.from_address + ">";
    char error[CURL_ERROR_SIZE] = {};
    CURL* curl = handle.get();
    curl_easy_setopt(curl, CURLOPT_URL, settings_.url.c_str());
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.c_str());
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients.get());
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_message);
    curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
    curl_easy_setopt(curl, CURLOPT_USE_SSL,
                     settings_.starttls == StartTls::kRequired    ? CURLUSESSL_ALL
                     : settings_.starttls == StartTls::kIfOffered ? CURLUSESSL_TRY
                                                                  : CURLUSESSL_NONE);
    if (!settings_.username.empty()) {
      curl_easy_setopt(curl, CURLOPT_USERNAME, settings_.username.c_str());
      curl_easy_setopt(curl, CURLOPT_PASSWORD, settings_.password.c_str());
    }
    if (!settings_.ca_file.empty())
      curl_easy_setopt(curl, CURLOPT_CAINFO, settings_.ca_file.c_str());
    // The whole exchange and each reply are bounded: a silent server must not hold a claim
    // beyond its lease (libcurl waits two minutes for a reply by default).
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, static_cast<long>(settings_.timeout.count()));
    curl_easy_setopt(curl, CURLOPT_SERVER_RESPONSE_TIMEOUT,
                     static_cast<long>(settings_.timeout.count()));
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
    const CURLcode code = curl_easy_perform(curl);
    if (code == CURLE_OK) return {};
    long reply = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply);
    // A 5xx reply (no such mailbox, message refused), refused credentials or a server without
    // the required STARTTLS will say the same next time: staff must act.
    const bool permanent =
        code == CURLE_LOGIN_DENIED || code == CURLE_USE_SSL_FAILED || (reply >= 500 && reply < 600);
    SendFailure failure = transfer_failure(code, error, reply, permanent);
    failure.refused = reply >= 400;
    return std::unexpected(std::move(failure));
  }

 private:
  std::string compose(const OutgoingMessage& message) const {
    std::string from = "<" + settings_.from_address + ">";
    if (!settings_.from_name.empty()) from = encoded_words(settings_.from_name) + " " + from;
    std::string text;
    text.append("Date: ").append(mail_date(std::time(nullptr))).append("\r\n");
    text.append("From: ").append(from).append("\r\n");
    text.append("To: <").append(message.recipient).append(">\r\n");
    text.append("Subject: ").append(encoded_words(message.subject)).append("\r\n");
    text.append("Message-ID: <").append(message.id).append("@mesoclinic.reminder>\r\n");
    text.append("MIME-Version: 1.0\r\n");
    text.append("Content-Type: text/plain; charset=UTF-8\r\n");
    text.append("Content-Transfer-Encoding: base64\r\n\r\n");
    const std::string body = base64(message.body);
    for (std::size_t at = 0; at < body.size(); at += 76) {
      text.append(body, at, 76).append("\r\n");
    }
    return text;
  }

  SmtpSettings settings_;
};

}  // namespace

Result<std::unique_ptr<Channel>> make_smtp_channel(const SmtpSettings& settings) {
  if (!settings.url.starts_with("smtp://") && !settings.url.starts_with("smtps://")) {
    return fail(ErrorCode::kInvalidInput, "the SMTP URL must start with smtp:// or smtps://");
  }
  if (!clinic::is_sendable_email(settings.from_address)) {
    return fail(ErrorCode::kInvalidInput, "the sender's e-mail address is missing or malformed");
  }
  return std::make_unique<SmtpChannel>(settings);
}

}  // namespace mesoclinic::notify
