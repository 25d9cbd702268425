// Test support: runs the real `mesoclinic` binary as a child process, as an operator would,
// and finds the port it bound from the line it prints at start.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace mesoclinic::testing {

// Path of the mesoclinic binary under test (set by CMake).
std::string mesoclinic_binary();

struct CommandResult {
  int exit_code = -1;
  std::string out;  // standard output
  std::string err;  // standard error
};

// Runs `mesoclinic ARGS...` to completion, feeding `input` on standard input.
CommandResult run_mesoclinic(const std::vector<std::string>& args, const std::string& input = {});

class ServerProcess {
 public:
  // Starts `mesoclinic serve --db DB --listen 127.0.0.1:0` (unless `extra_args` has a --listen)
  // plus `extra_args` (with the access
  // log off unless `extra_args` names a --config of its own), and waits until it prints the address
  // it serves on. With PostgreSQL and no --photo-dir, its photos go to a temporary folder of
  // its own. Throws if it does not start.
  explicit ServerProcess(const std::string& database_url,
                         const std::vector<std::string>& extra_args = {});
  ~ServerProcess();  // SIGKILLs the server if it is still running
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  std::uint16_t port() const { return port_; }
  pid_t pid() const { return pid_; }

  // Sends `signal` and waits for the process to end; returns its exit code (128+N if killed by
  // signal N).
  int stop(int signal);

 private:
  pid_t pid_ = -1;
  std::uint16_t port_ = 0;
  std::string config_path_;
  std::string photo_dir_;  // made for a PostgreSQL server given no --photo-dir; removed after
};

}  // namespace mesoclinic::testing
