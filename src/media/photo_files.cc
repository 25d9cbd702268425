// The photo folder: files named by the SHA-256 of their bytes, under a subfolder named by the
// hash's first two digits (so no folder grows past a few thousand entries). A file appears
// only whole: it is written to a temporary name beside its final one, fsynced, renamed (atomic
// on one filesystem) and its folder fsynced, so a crash leaves either no file or the whole one,
// never a torn photo that a database row points at.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include "core/ids.h"
#include "media/media.h"

namespace mesoclinic::media {
namespace {

std::unexpected<Error> disk_error(std::string_view doing, const std::filesystem::path& path,
                                  int error_number) {
  return fail(ErrorCode::kUnavailable,
              std::string(doing) + " " + path.string() + ": " + std::strerror(error_number));
}

// Closes a descriptor when it goes out of scope.
class Descriptor {
 public:
  explicit Descriptor(int fd) : fd_(fd) {}
  ~Descriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;
  int get() const { return fd_; }
  // Closes now, reporting the error close may carry (a delayed write error on some systems).
  int close() {
    const int result = ::close(fd_);
    fd_ = -1;
    return result;
  }

 private:
  int fd_;
};

// Makes a rename or a new entry in `folder` durable.
Result<void> sync_folder(const std::filesystem::path& folder) {
  Descriptor fd(::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0 || ::fsync(fd.get()) != 0) return disk_error("cannot sync", folder, errno);
  return {};
}

// Creates `folder` (one level) readable only by the service, durable in its parent.
Result<void> make_folder(const std::filesystem::path& folder) {
  if (::mkdir(folder.c_str(), 0700) == 0) return sync_folder(folder.parent_path());
  if (errno == EEXIST) return {};
  return disk_error("cannot create", folder, errno);
}

Result<void> write_all(int fd, std::string_view bytes, const std::filesystem::path& path) {
  while (!bytes.empty()) {
    const ssize_t written = ::write(fd, bytes.data(), bytes.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return disk_error("cannot write", path, errno);
    }
    bytes.remove_prefix(static_cast<std::size_t>(written));
  }
  return {};
}

}  // namespace

std::string content_hash(std::string_view bytes) { return sha256_hex(bytes); }

bool is_content_hash(std::string_view text) {
  if (text.size() != 64) return false;
  for (const char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

Result<PhotoFiles> PhotoFiles::open(std::filesystem::path root) {
  std::error_code error;
  std::filesystem::create_directories(root, error);
  if (error)
    return fail(ErrorCode::kUnavailable, "cannot create " + root.string() + ": " + error.message());
  if (::access(root.c_str(), W_OK | X_OK) != 0) return disk_error("cannot write to", root, errno);
  return PhotoFiles(std::move(root));
}

std::filesystem::path PhotoFiles::path_of(std::string_view hash) const {
  return root_ / std::string(hash.substr(0, 2)) / std::string(hash);
}

bool PhotoFiles::contains(std::string_view hash) const {
  struct stat info {};
  return is_content_hash(hash) && ::stat(path_of(hash).c_str(), &info) == 0;
}

Result<std::string> PhotoFiles::put(std::string_view bytes) const {
  std::string hash = content_hash(bytes);
  // The same bytes are there already, whole (a file only ever appears by rename).
  if (contains(hash)) return hash;
  const std::filesystem::path final_path = path_of(hash);
  const std::filesystem::path folder = final_path.parent_path();
  if (auto made = make_folder(folder); !made) return std::unexpected(made.error());
  std::string temporary = (folder / (".upload-" + random_hex(8))).string();
  Descriptor fd(::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
  if (fd.get() < 0) return disk_error("cannot create", temporary, errno);
  auto written = write_all(fd.get(), bytes, temporary);
  if (written && (::fsync(fd.get()) != 0 || fd.close() != 0)) {
    written = disk_error("cannot sync", temporary, errno);
  }
  // A concurrent upload of the same bytes may rename first; the rename then replaces its file
  // with an identical one, which is harmless.
  if (written && ::rename(temporary.c_str(), final_path.c_str()) != 0) {
    written = disk_error("cannot rename", temporary, errno);
  }
  if (!written) {
    ::unlink(temporary.c_str());
    return std::unexpected(written.error());
  }
  if (auto synced = sync_folder(folder); !synced) return std::unexpected(synced.error());
  return hash;
}

Result<std::string> PhotoFiles::read(std::string_view hash) const {
  if (!is_content_hash(hash)) return fail(ErrorCode::kNotFound, "no photo file by that name");
  const std::filesystem::path path = path_of(hash);
  Descriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) {
    if (errno == ENOENT) return fail(ErrorCode::kNotFound, "the photo's file is missing");
    return disk_error("cannot open", path, errno);
  }
  std::string bytes;
  char buffer[64 * 1024];
  for (;;) {
    const ssize_t got = ::read(fd.get(), buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return disk_error("cannot read", path, errno);
    if (got == 0) break;
    bytes.append(buffer, static_cast<std::size_t>(got));
  }
  return bytes;
}

Result<void> PhotoFiles::remove(std::string_view hash) const {
  if (!is_content_hash(hash)) return {};
  const std::filesystem::path path = path_of(hash);
  if (::unlink(path.c_str()) != 0) {
    if (errno == ENOENT) return {};  // gone already: what was asked
    return disk_error("cannot remove", path, errno);
  }
  return sync_folder(path.parent_path());
}

}  // namespace mesoclinic::media
