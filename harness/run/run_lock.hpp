#pragma once
// One writer per run directory: `rwwce run` and `rwwce merge` hold an exclusive lock on their
// --out for as long as they write to it, so two runs into the same directory can never mix
// their files. The lock is flock(2) on <dir>/.rwwce.lock: the kernel releases it when the
// holder exits, however it exits, so a killed run never leaves a stale lock.
#include <filesystem>
#include <string>

namespace rwwce::harness {

// Creates `dir` if needed (InputError, exit 2, when it names a file, cannot be created or is
// not writable, saying which), then takes its lock. A second holder is refused at once with an
// InputError naming the holder's PID and command.
class RunLock {
 public:
  RunLock(const std::filesystem::path& dir, const std::string& command_line);
  ~RunLock();
  RunLock(const RunLock&) = delete;
  RunLock& operator=(const RunLock&) = delete;

 private:
  int fd_ = -1;
};

// What <dir>/.rwwce.lock says, found without writing anything (for `rwwce status`): whether a
// writer holds the lock now, and the "PID: command line" its holder recorded. A writer clears
// that record when it ends normally or with an error; one that was killed (SIGKILL, a cancelled
// or preempted SLURM job) leaves it, so a record without a holder means the writer was killed.
// The probe takes a shared lock for an instant; RunLock retries briefly for that reason.
struct RunLockState {
  bool exists = false;  // the lock file exists (some writer started in `dir`)
  bool held = false;    // a live process holds the lock
  std::string holder;   // "PID: command line" as recorded; empty when cleared
};
RunLockState probe_run_lock(const std::filesystem::path& dir);

// `dir` ready to be written: created if absent; InputError if it is a file, a symlink loop, or
// not writable.
void prepare_output_dir(const std::filesystem::path& dir);

// Removes the temporary files a killed write_file_atomically left (".<name>.tmp.XXXXXX") in
// `dir` and its immediate subdirectories. Call only while holding the directory's RunLock.
// Returns how many were removed.
std::size_t remove_stale_temporaries(const std::filesystem::path& dir);

}  // namespace rwwce::harness
