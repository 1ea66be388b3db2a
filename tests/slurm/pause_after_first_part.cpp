// LD_PRELOAD shim for tests/slurm/slurm_array_test.sh: makes "a task cancelled mid-run"
// deterministic however fast the machine. When RWWCE_PAUSE_MARKER is set, the first rename()
// onto a path ending in "/done" (a finished dataset saved under parts/: save_checkpoint in
// harness/run/task_runner.cpp renames its "done" file into place last) is carried out, the
// process id is written to RWWCE_PAUSE_MARKER, and the calling thread sleeps until a signal
// kills the process. The run then holds exactly one finished dataset, and no other, when it is
// cancelled (with --threads 1, as in the test, no other thread finishes another one).
#include <dlfcn.h>
#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

using RenameFn = int (*)(const char*, const char*);

RenameFn real_rename() {
  static const auto fn = reinterpret_cast<RenameFn>(dlsym(RTLD_NEXT, "rename"));
  return fn;
}

bool ends_with_done(const char* path) {
  const std::size_t n = std::strlen(path);
  return n >= 5 && std::strcmp(path + n - 5, "/done") == 0;
}

// Writes "<pid>\n" to the marker through a temporary and a rename, so a reader never sees
// a partial file.
void write_marker(const char* marker) {
  const std::string tmp = std::string(marker) + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) return;
  const std::string text = std::to_string(::getpid()) + "\n";
  const ssize_t written = ::write(fd, text.data(), text.size());
  ::close(fd);
  if (written == static_cast<ssize_t>(text.size())) real_rename()(tmp.c_str(), marker);
}

}  // namespace

extern "C" int rename(const char* from, const char* to) noexcept {
  const int rc = real_rename()(from, to);
  static std::atomic<bool> paused{false};
  const char* marker = std::getenv("RWWCE_PAUSE_MARKER");
  if (rc == 0 && marker != nullptr && ends_with_done(to) && !paused.exchange(true)) {
    write_marker(marker);
    for (;;) ::pause();
  }
  return rc;
}
