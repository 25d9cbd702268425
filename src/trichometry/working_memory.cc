// trichometry::keep_working_memory: the C library told to keep the memory analyses free.
#include <malloc.h>

#include "trichometry/trichometry.h"

namespace mesoclinic::trichometry {
namespace {

// A 2-megapixel image of floats is 8 MB: blocks up to this size come from the heap, where freed
// memory can be kept, rather than each from the system anew (glibc's default is 128 kB, rising
// only to the largest block freed so far). 32 MB is the most glibc takes for it.
constexpr int kHeapBlocksUpTo = 32 << 20;
// Freed memory at the top of the heap kept for the next analysis: one analysis of a 2-megapixel
// image frees and asks again for up to 37 MB of it (trichometry_bench: pages faulted in).
constexpr int kKeptFree = 64 << 20;

}  // namespace

void keep_working_memory() {
#ifdef __GLIBC__
  mallopt(M_MMAP_THRESHOLD, kHeapBlocksUpTo);
  mallopt(M_TRIM_THRESHOLD, kKeptFree);
#endif
}

}  // namespace mesoclinic::trichometry
