// Fuzz target: the bytes of a photo upload (headers, markers, dimensions, metadata). Any bytes
// are either prepared into a photo or refused with a reason; libvips failing on its own output
// (kInternal) or a crash is a bug.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "media/media.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const auto prepared = mesoclinic::media::prepare_photo(bytes);
  if (!prepared) std::abort();
  if (const auto* refusal = std::get_if<mesoclinic::media::Refusal>(&*prepared)) {
    if (refusal->detail.empty()) std::abort();
  }
  return 0;
}
