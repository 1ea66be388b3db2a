#pragma once
// ThreadSanitizer cannot see the synchronisation inside Debian's libtbb, which is not
// instrumented: every hand-off of data to a TBB task and back would be reported as a race.
// These state the happens-before edges TBB guarantees (what a thread wrote before spawning ->
// each task body; each task body -> the thread after the wait returns), so TSan still checks
// everything else, tasks against each other included. Nothing outside TSan builds.
#if defined(__SANITIZE_THREAD__)
#include <sanitizer/tsan_interface.h>
#endif

namespace rwwce {

inline void tsan_release([[maybe_unused]] void* token) {
#if defined(__SANITIZE_THREAD__)
  __tsan_release(token);
#endif
}
inline void tsan_acquire([[maybe_unused]] void* token) {
#if defined(__SANITIZE_THREAD__)
  __tsan_acquire(token);
#endif
}

}  // namespace rwwce
