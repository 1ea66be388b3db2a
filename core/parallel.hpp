#pragma once
// Data-parallel helpers for independent pieces of work (each index or call writes only its own
// results, so the results are the same run in parallel or one after the other). In
// ThreadSanitizer builds they run serially: TSan cannot see the synchronisation inside Debian's
// uninstrumented libtbb, and reported every variable a task body captured (the closure is
// written by the spawning thread after any hand-off annotation). The task runner, whose
// threading TSan is there to check, keeps its annotated hand-offs (core/tsan_handoff.hpp).
#include <tbb/parallel_for.h>
#include <tbb/parallel_invoke.h>
#include <tbb/task_group.h>

#include <cstddef>
#include <utility>

namespace rwwce {

// f(i) for every i in [0, n).
template <class F>
void for_each_index(std::size_t n, const F& f) {
#if defined(__SANITIZE_THREAD__)
  for (std::size_t i = 0; i < n; ++i) f(i);
#else
  tbb::parallel_for(std::size_t{0}, n, f);
#endif
}

// Every f(), side by side.
template <class... F>
void invoke_all(const F&... f) {
#if defined(__SANITIZE_THREAD__)
  (f(), ...);
#else
  tbb::parallel_invoke(f...);
#endif
}

// A task group whose run() runs the task at once in ThreadSanitizer builds.
class TaskGroup {
 public:
  template <class F>
  void run(F&& f) {
#if defined(__SANITIZE_THREAD__)
    f();
#else
    group_.run(std::forward<F>(f));
#endif
  }
  void wait() {
    group_.wait();
  }

 private:
  tbb::task_group group_;
};

}  // namespace rwwce
