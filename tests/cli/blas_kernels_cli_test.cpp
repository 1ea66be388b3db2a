// models::pin_blas_kernels through the real executable: on a CPU with AVX2 and FMA every run
// computes with OpenBLAS's Haswell kernels whatever kernels OpenBLAS would pick for the CPU
// (SkylakeX's on AVX-512 machines round differently: other AUCs and Table II error counts from
// the same seed), results.json says which kernels computed, and a user's OPENBLAS_CORETYPE wins.
#include <gtest/gtest.h>

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "datasets/mnist.hpp"
#include "tests/cli_support.hpp"

namespace {

using rwwce::testing::run_rwwce;
using rwwce::testing::ScratchDir;
using rwwce::testing::slurp;

// The kernels results.json records for a one-dataset, one-epoch Table I run with
// OPENBLAS_CORETYPE set to `coretype` (unset when none).
std::string kernels_of_a_run(const std::optional<std::string>& coretype) {
  const char* old = std::getenv("OPENBLAS_CORETYPE");
  const std::optional<std::string> saved = old ? std::optional<std::string>(old) : std::nullopt;
  if (coretype)
    ::setenv("OPENBLAS_CORETYPE", coretype->c_str(), 1);
  else
    ::unsetenv("OPENBLAS_CORETYPE");
  ScratchDir dir("blas-kernels");
  const auto r = run_rwwce("run table1 --datasets d0b0 --epochs 1 --quiet --data-dir '" +
                           rwwce::datasets::default_data_dir() + "' --out '" + (dir / "run") + "'");
  if (saved)
    ::setenv("OPENBLAS_CORETYPE", saved->c_str(), 1);
  else
    ::unsetenv("OPENBLAS_CORETYPE");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(slurp(dir / "run/results.json"));
  return j.at("context").at("libraries").at("openblas_kernels").get<std::string>();
}

TEST(BlasKernelsCli, RunsComputeWithTheHaswellKernelsWhereTheCpuHasThem) {
#if defined(__x86_64__)
  if (!__builtin_cpu_supports("avx2") || !__builtin_cpu_supports("fma"))
    GTEST_SKIP() << "this CPU has no AVX2 + FMA: OpenBLAS's own choice is kept (and recorded)";
  EXPECT_EQ(kernels_of_a_run(std::nullopt), "Haswell");
#else
  GTEST_SKIP() << "kernels are pinned on x86-64 only";
#endif
}

TEST(BlasKernelsCli, AUsersOpenblasCoretypeIsKept) {
  // Prescott (SSE3) runs on every x86-64 CPU OpenBLAS supports.
#if defined(__x86_64__)
  EXPECT_EQ(kernels_of_a_run(std::string("Prescott")), "Prescott");
#else
  GTEST_SKIP() << "OPENBLAS_CORETYPE names x86-64 kernels";
#endif
}

}  // namespace
