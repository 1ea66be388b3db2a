#include "harness/run/run_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include "core/input_error.hpp"

namespace rwwce::harness {
namespace fs = std::filesystem;
namespace {

bool is_stale_temporary(const std::string& name) {
  // write_file_atomically's mkstemp pattern: "." + target name + ".tmp." + 6 characters.
  const auto at = name.rfind(".tmp.");
  return name.size() > 12 && name[0] == '.' && at != std::string::npos && at > 0 &&
         name.size() - at == 11;
}

// The lock file's "PID: command line" record, on one line; empty when cleared.
std::string recorded_holder(int fd) {
  char holder[512] = {};
  const ssize_t n = ::pread(fd, holder, sizeof holder - 1, 0);
  std::string who = n > 0 ? std::string(holder, static_cast<std::size_t>(n)) : std::string();
  while (!who.empty() && (who.back() == '\n' || who.back() == ' ')) who.pop_back();
  for (char& c : who)
    if (c == '\n') c = ' ';
  return who;
}

}  // namespace

RunLockState probe_run_lock(const fs::path& dir) {
  RunLockState state;
  const fs::path file = dir / ".rwwce.lock";
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) return state;
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0)
    throw InputError(fmt::format("{}: cannot open it to see whether a run holds it ({})",
                                 file.string(), std::strerror(errno)));
  state.exists = true;
  if (::flock(fd, LOCK_SH | LOCK_NB) == 0) {
    state.holder = recorded_holder(fd);  // read under the lock: no writer can change it now
    ::flock(fd, LOCK_UN);
  } else if (errno == EWOULDBLOCK) {
    state.held = true;
    state.holder = recorded_holder(fd);
  } else {
    const int err = errno;
    ::close(fd);
    throw InputError(fmt::format("{}: cannot tell whether a run holds it ({})", file.string(),
                                 std::strerror(err)));
  }
  ::close(fd);
  return state;
}

void prepare_output_dir(const fs::path& dir) {
  std::error_code ec;
  const fs::file_status st = fs::status(dir, ec);
  if (ec == std::errc::too_many_symbolic_link_levels)
    throw InputError(
        fmt::format("--out {}: a loop of symbolic links; expected a directory", dir.string()));
  if (fs::exists(st) && !fs::is_directory(st))
    throw InputError(
        fmt::format("--out {}: is a file, not a directory; expected a directory to "
                    "write the run into (choose another --out)",
                    dir.string()));
  if (!fs::exists(st)) {
    fs::create_directories(dir, ec);
    if (ec)
      throw InputError(
          fmt::format("--out {}: cannot create the directory ({}); expected a "
                      "writable location",
                      dir.string(), ec.message()));
  }
  if (::access(dir.c_str(), W_OK | X_OK) != 0)
    throw InputError(
        fmt::format("--out {}: not writable ({}); expected a directory this user "
                    "can write to",
                    dir.string(), std::strerror(errno)));
}

RunLock::RunLock(const fs::path& dir, const std::string& command_line) {
  prepare_output_dir(dir);
  const fs::path file = dir / ".rwwce.lock";
  fd_ = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0)
    throw InputError(fmt::format("--out {}: cannot create its lock file ({})", dir.string(),
                                 std::strerror(errno)));
  // `rwwce status` holds a shared lock for an instant while it looks (probe_run_lock): a writer
  // that starts in that instant tries again for up to 0.5 s before it concludes another writer
  // is there.
  int rc = ::flock(fd_, LOCK_EX | LOCK_NB);
  for (int attempt = 0; rc != 0 && errno == EWOULDBLOCK && attempt < 50; ++attempt) {
    ::usleep(10000);
    rc = ::flock(fd_, LOCK_EX | LOCK_NB);
  }
  if (rc != 0) {
    const int err = errno;
    const std::string who = recorded_holder(fd_);
    ::close(fd_);
    fd_ = -1;
    if (err == EWOULDBLOCK)
      throw InputError(fmt::format(
          "--out {}: another rwwce is writing there ({}); wait for it to finish or choose "
          "another --out",
          dir.string(), who.empty() ? "its PID unknown" : "PID " + who));
    throw InputError(
        fmt::format("--out {}: cannot lock it ({})", dir.string(), std::strerror(err)));
  }
  const std::string me = fmt::format("{}: {}\n", ::getpid(), command_line.substr(0, 400));
  if (::ftruncate(fd_, 0) == 0) {
    const ssize_t w = ::pwrite(fd_, me.data(), me.size(), 0);
    (void)w;  // who holds the lock is information for the refused, not a condition of holding it
  }
}

RunLock::~RunLock() {
  if (fd_ >= 0) {
    const int rc = ::ftruncate(fd_, 0);
    (void)rc;
    ::close(fd_);  // releases the flock
  }
}

std::size_t remove_stale_temporaries(const fs::path& dir) {
  std::size_t removed = 0;
  std::error_code ec;
  const auto sweep = [&](const fs::path& d) {
    for (fs::directory_iterator it(d, ec), end; !ec && it != end; it.increment(ec)) {
      const std::string name = it->path().filename().string();
      if (it->is_regular_file(ec) && is_stale_temporary(name) && fs::remove(it->path(), ec))
        ++removed;
    }
  };
  if (!fs::is_directory(dir, ec)) return 0;
  sweep(dir);
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    if (it->is_directory(ec)) {
      sweep(it->path());
      if (it->path().filename() == "parts")
        for (fs::directory_iterator p(it->path(), ec), pend; !ec && p != pend; p.increment(ec))
          if (p->is_directory(ec)) sweep(p->path());
    }
  return removed;
}

}  // namespace rwwce::harness
