// Fuzz target: a contraindication rule file as an admin uploads it (TOML). Any text is either a
// rule set or a refusal naming what is wrong; never a crash, and never an empty refusal.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "clinic/suitability.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto parsed = mesoclinic::clinic::parse_rule_set(text);
  if (!parsed && parsed.error().message.empty()) std::abort();
  return 0;
}
