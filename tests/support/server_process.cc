#include "server_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace mesoclinic::testing {
namespace {

struct Spawned {
  pid_t pid = -1;
  int in = -1;
  int out = -1;
  int err = -1;
};

// fork + exec rather than posix_spawn so the child can ask to be killed when the test process
// dies: a crashed test must not leave a server holding ctest's output pipe open.
Spawned spawn(const std::vector<std::string>& args, bool capture_err) {
  int in[2], out[2], err[2];
  if (pipe(in) != 0 || pipe(out) != 0 || pipe(err) != 0) throw std::runtime_error("pipe failed");
  std::vector<std::string> argv_storage = {mesoclinic_binary()};
  argv_storage.insert(argv_storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_storage) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t parent = getpid();
  Spawned child;
  child.pid = fork();
  if (child.pid < 0) throw std::runtime_error("fork failed");
  if (child.pid == 0) {
    // Only async-signal-safe calls from here to exec.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);
    dup2(in[0], 0);
    dup2(out[1], 1);
    if (capture_err) dup2(err[1], 2);
    for (int fd : {in[0], in[1], out[0], out[1], err[0], err[1]}) close(fd);
    execve(argv[0], argv.data(), environ);
    _exit(127);
  }
  close(in[0]);
  close(out[1]);
  close(err[1]);
  child.in = in[1];
  child.out = out[0];
  child.err = err[0];
  return child;
}

int wait_exit(pid_t pid) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

}  // namespace

std::string mesoclinic_binary() { return MESOCLINIC_BINARY; }

CommandResult run_mesoclinic(const std::vector<std::string>& args, const std::string& input) {
  Spawned child = spawn(args, /*capture_err=*/true);
  if (!input.empty()) {
    const ssize_t written = write(child.in, input.data(), input.size());
    (void)written;
  }
  close(child.in);
  CommandResult result;
  // Read both pipes together so a chatty child never blocks on a full one.
  pollfd fds[2] = {{child.out, POLLIN, 0}, {child.err, POLLIN, 0}};
  int open_fds = 2;
  char buffer[4096];
  while (open_fds > 0) {
    if (poll(fds, 2, -1) < 0 && errno != EINTR) break;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP))) continue;
      const ssize_t n = read(fds[i].fd, buffer, sizeof buffer);
      if (n <= 0) {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      } else {
        (i == 0 ? result.out : result.err).append(buffer, static_cast<std::size_t>(n));
      }
    }
  }
  result.exit_code = wait_exit(child.pid);
  return result;
}

ServerProcess::ServerProcess(const std::string& database_url,
                             const std::vector<std::string>& extra_args) {
  char path[] = "/tmp/mesoclinic-test-config-XXXXXX";
  const int fd = mkstemp(path);
  if (fd < 0) throw std::runtime_error("mkstemp failed");
  close(fd);
  config_path_ = path;
  std::ofstream(config_path_) << "[server]\naccess_log = \"off\"\nlog_level = \"warn\"\n";

  std::vector<std::string> args = {"serve", "--db", database_url};
  if (std::find(extra_args.begin(), extra_args.end(), "--listen") == extra_args.end()) {
    args.insert(args.end(), {"--listen", "127.0.0.1:0"});
  }
  // A test that brings its own config file takes care of the access log itself.
  if (std::find(extra_args.begin(), extra_args.end(), "--config") == extra_args.end()) {
    args.insert(args.end(), {"--config", config_path_});
  }
  // Photos are kept beside a SQLite file by default; with PostgreSQL, in a folder of this
  // server's own rather than var/photos under the test's working directory.
  if (!database_url.starts_with("sqlite:") &&
      std::find(extra_args.begin(), extra_args.end(), "--photo-dir") == extra_args.end()) {
    char folder[] = "/tmp/mesoclinic-test-photos-XXXXXX";
    if (mkdtemp(folder) == nullptr) throw std::runtime_error("mkdtemp failed");
    photo_dir_ = folder;
    args.insert(args.end(), {"--photo-dir", photo_dir_});
  }
  // The test cluster (scripts/with-postgres) runs without fsync for speed, which `serve` refuses
  // unless told it is not a clinic's database.
  if (database_url.starts_with("postgresql:")) args.push_back("--benchmark");
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  Spawned child = spawn(args, /*capture_err=*/false);
  close(child.in);
  close(child.err);
  pid_ = child.pid;

  // The first line on stdout is "mesoclinic VERSION serving on http(s)://127.0.0.1:PORT (...)".
  std::string line;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  char c = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd pfd{child.out, POLLIN, 0};
    if (poll(&pfd, 1, 200) <= 0) continue;
    if (read(child.out, &c, 1) != 1) break;
    if (c == '\n') break;
    line.push_back(c);
  }
  close(child.out);
  // The port follows the last ':' of the URL (the host may be an IPv6 address).
  const std::size_t scheme = line.find("://");
  const std::size_t url_end = line.find(' ', scheme == std::string::npos ? 0 : scheme);
  const std::size_t colon =
      scheme == std::string::npos ? std::string::npos : line.rfind(':', url_end);
  if (colon == std::string::npos || colon <= scheme) {
    kill(pid_, SIGKILL);
    wait_exit(pid_);
    pid_ = -1;
    throw std::runtime_error("mesoclinic serve did not start; it printed: " + line);
  }
  port_ = static_cast<std::uint16_t>(std::atoi(line.c_str() + colon + 1));
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    wait_exit(pid_);
  }
  std::remove(config_path_.c_str());
  if (!photo_dir_.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(photo_dir_, ignored);
  }
}

int ServerProcess::stop(int signal) {
  if (pid_ <= 0) return -1;
  kill(pid_, signal);
  const int code = wait_exit(pid_);
  pid_ = -1;
  return code;
}

}  // namespace mesoclinic::testing
