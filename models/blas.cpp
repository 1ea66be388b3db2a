#include "models/blas.hpp"

#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace rwwce::models {

void use_single_threaded_blas() {
  openblas_set_num_threads(1);
}

const char* blas_kernels() {
  return openblas_get_corename();
}

void pin_blas_kernels(char** argv) {
  constexpr const char* kKernels = "Haswell";
  if (std::getenv("OPENBLAS_CORETYPE") != nullptr) return;  // the user's choice (or ours, set)
#if defined(__x86_64__)
  if (!__builtin_cpu_supports("avx2") || !__builtin_cpu_supports("fma")) return;
  const char* chosen = openblas_get_corename();
  if (chosen != nullptr && strcasecmp(chosen, kKernels) == 0) return;
  if (setenv("OPENBLAS_CORETYPE", kKernels, 1) != 0) return;
  ::execv("/proc/self/exe", argv);
  // exec failed (no /proc, say): run on with the kernels chosen, recorded in results.json.
  unsetenv("OPENBLAS_CORETYPE");
#else
  (void)argv;
  (void)kKernels;
#endif
}

}  // namespace rwwce::models
