// Preloaded into a server under test (LD_PRELOAD) to make the disk fail: once the file named by
// MESOCLINIC_FAIL_SYNC_FLAG exists, fsync and fdatasync fail with EIO, as they do when a disk
// or a network filesystem loses writes. Everything else goes to the C library.
#include <dlfcn.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

namespace {

bool failing() {
  const char* flag = std::getenv("MESOCLINIC_FAIL_SYNC_FLAG");
  return flag != nullptr && access(flag, F_OK) == 0;
}

using SyncFunction = int (*)(int);

int forward(const char* name, int fd) {
  const auto real = reinterpret_cast<SyncFunction>(dlsym(RTLD_NEXT, name));
  return real(fd);
}

}  // namespace

extern "C" int fsync(int fd) {
  if (failing()) {
    errno = EIO;
    return -1;
  }
  return forward("fsync", fd);
}

extern "C" int fdatasync(int fd) {
  if (failing()) {
    errno = EIO;
    return -1;
  }
  return forward("fdatasync", fd);
}
