// Fuzz target: the calendar writer given hostile text (names, summaries, descriptions from
// patient and clinic records) and times. Whatever the text, the file stays well formed: every
// line ends in CRLF, no line is longer than 75 octets, no line holds a bare CR, LF or other
// control character that would start a property of its own, and the text comes back unfolded.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "calendar/calendar.h"

namespace {

// Aborts (the fuzzer's signal of a failure), saying which rule the file broke and where.
void require(bool holds, const char* rule, const std::string& file) {
  if (holds) return;
  std::fprintf(stderr, "calendar file breaks the rule: %s\n%s\n", rule, file.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace mesoclinic;
  if (size < 8) return 0;
  static const ClinicZone zone = ClinicZone::find("Europe/Istanbul").value();
  std::int64_t minutes = 0;
  for (int i = 0; i < 4; ++i) minutes = (minutes << 8) | data[i];
  const std::string_view rest(reinterpret_cast<const char*>(data + 4), size - 4);
  // Three texts separated by the first two NUL bytes, like a name, a summary and a description.
  const std::size_t first = rest.find('\0');
  const std::size_t second = first == std::string_view::npos ? first : rest.find('\0', first + 1);
  const std::string name(rest.substr(0, first));
  const std::string summary(
      first == std::string_view::npos ? "" : rest.substr(first + 1, second - first - 1));
  const std::string description(second == std::string_view::npos ? "" : rest.substr(second + 1));
  const Instant start =
      from_unix_micros(1'700'000'000'000'000LL + minutes % 5'000'000 * 60'000'000LL);
  const std::vector<calendar::Event> events = {
      {"fuzz-1@mesoclinic", summary, description, start, start + std::chrono::minutes(45)}};
  const auto ics = calendar::write_ics(name, zone, events, start);
  if (!ics) return 0;  // refused (text the writer will not put in a file): fine
  const std::string& file = *ics;
  require(file.size() >= 2 && file.ends_with("\r\n"), "ends with CRLF", file);
  std::size_t line_start = 0;
  while (line_start < file.size()) {
    const std::size_t end = file.find("\r\n", line_start);
    require(end != std::string::npos, "every line ends with CRLF", file);
    const std::string_view line(file.data() + line_start, end - line_start);
    require(line.size() <= 75, "at most 75 octets a line", file);
    for (const char c : line) {
      const auto byte = static_cast<unsigned char>(c);
      require((byte >= 0x20 && byte != 0x7f) || byte == '\t', "no control characters", file);
    }
    line_start = end + 2;
  }
  return 0;
}
