#pragma once
// The one door to BLAS: every matrix product in models/ goes through these overloads, so the
// same layer code runs in float (training) and double (gradient checks).
#include <cblas.h>

#include <cstddef>

namespace rwwce::models {

// C(m, n) = alpha * op(A)(m, k) * op(B)(k, n) + beta * C, row-major, contiguous with leading
// dimensions lda, ldb, ldc. With k == 0 the product is empty and C is only scaled by beta.
inline void gemm(bool trans_a, bool trans_b, std::size_t m, std::size_t n, std::size_t k,
                 float alpha, const float* a, std::size_t lda, const float* b, std::size_t ldb,
                 float beta, float* c, std::size_t ldc) {
  if (m == 0 || n == 0) return;
  if (k == 0) {
    for (std::size_t i = 0; i < m; ++i)
      for (std::size_t j = 0; j < n; ++j)
        c[i * ldc + j] = beta == 0.0f ? 0.0f : beta * c[i * ldc + j];
    return;
  }
  cblas_sgemm(CblasRowMajor, trans_a ? CblasTrans : CblasNoTrans,
              trans_b ? CblasTrans : CblasNoTrans, static_cast<int>(m), static_cast<int>(n),
              static_cast<int>(k), alpha, a, static_cast<int>(lda), b, static_cast<int>(ldb), beta,
              c, static_cast<int>(ldc));
}

inline void gemm(bool trans_a, bool trans_b, std::size_t m, std::size_t n, std::size_t k,
                 double alpha, const double* a, std::size_t lda, const double* b, std::size_t ldb,
                 double beta, double* c, std::size_t ldc) {
  if (m == 0 || n == 0) return;
  if (k == 0) {
    for (std::size_t i = 0; i < m; ++i)
      for (std::size_t j = 0; j < n; ++j)
        c[i * ldc + j] = beta == 0.0 ? 0.0 : beta * c[i * ldc + j];
    return;
  }
  cblas_dgemm(CblasRowMajor, trans_a ? CblasTrans : CblasNoTrans,
              trans_b ? CblasTrans : CblasNoTrans, static_cast<int>(m), static_cast<int>(n),
              static_cast<int>(k), alpha, a, static_cast<int>(lda), b, static_cast<int>(ldb), beta,
              c, static_cast<int>(ldc));
}

// OpenBLAS runs single-threaded inside a run: runs are parallelised by the harness (TBB).
// Call once at start-up, before any GEMM.
void use_single_threaded_blas();

// The kernels OpenBLAS computes with, by its name for them ("Haswell", "SkylakeX", ...).
const char* blas_kernels();

// OpenBLAS chooses its kernels for the CPU it finds (Haswell's on AVX2 machines, SkylakeX's on
// AVX-512 ones), and they round differently: the same seed gave other AUCs and Table II error
// counts on an AVX-512 machine than on the AVX2 one the baselines came from. So an executable
// calls this first thing in main: on a CPU with AVX2 and FMA whose chosen kernels are not
// Haswell's, it sets OPENBLAS_CORETYPE=Haswell and starts itself again (same PID, same
// arguments; OpenBLAS reads the variable when it is loaded, before main), so that every such
// machine computes the same numbers. A user's own OPENBLAS_CORETYPE is left alone, and so is a
// CPU without AVX2 and FMA; results.json records the kernels used either way.
void pin_blas_kernels(char** argv);

}  // namespace rwwce::models
