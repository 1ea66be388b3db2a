#pragma once
// Runs the `rwwce` executable as a user would, for end-to-end tests through the CLI.
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>

namespace rwwce::testing {

struct CliResult {
  int exit_code = -1;
  std::string out, err;
};

inline std::string rwwce_binary() {
  if (const char* env = std::getenv("RWWCE_BINARY")) return env;
  return RWWCE_BINARY;
}

inline std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A self-deleting temporary directory.
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& tag) {
    std::random_device unique_name_only;  // never used for results
    path_ = std::filesystem::temp_directory_path() /
            ("rwwce-" + tag + "-" + std::to_string(unique_name_only()));
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// Runs `rwwce <args>` through the shell (args are written by the tests, never user input),
// capturing stdout, stderr and the exit code. With `timeout_seconds` > 0 a run that has not
// finished by then is killed (exit 124), so a test of "never hangs" fails instead of hanging.
inline CliResult run_rwwce(const std::string& args, int timeout_seconds = 0) {
  ScratchDir io("cli");
  const std::string out = io / "stdout", err = io / "stderr";
  const std::string limit =
      timeout_seconds > 0 ? "timeout -k 5 " + std::to_string(timeout_seconds) + " " : "";
  const std::string command =
      limit + "'" + rwwce_binary() + "' " + args + " >'" + out + "' 2>'" + err + "' </dev/null";
  const int status = std::system(command.c_str());
  CliResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = slurp(out);
  r.err = slurp(err);
  return r;
}

}  // namespace rwwce::testing
