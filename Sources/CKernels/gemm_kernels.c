// The GEMM micro-kernels: each computes one MR×NR tile of C from an MR-row panel of A
// and an NR-column panel of B, keeping the tile in registers for the whole inner loop.
// The x86 variants carry per-function target attributes, so this file builds for any
// CPU and the caller picks one at run time (llal_kernel_level).
#include "gemm_kernels.h"

#include <stddef.h>

#if defined(LLAL_HAVE_X86_KERNELS)
#include <immintrin.h>
#endif

// Portable C: plain loops that any compiler vectorizes for the baseline instruction set.
void llal_ukernel_portable(long k, const float *a, const float *b, float *c, long ldc,
                           int accumulate) {
  enum { MR = LLAL_PORTABLE_MR, NR = LLAL_PORTABLE_NR };
  float t[MR][NR] = {{0}};
  for (long p = 0; p < k; p++) {
    for (int i = 0; i < MR; i++) {
      float ai = a[i];
      for (int j = 0; j < NR; j++) t[i][j] += ai * b[j];
    }
    a += MR;
    b += NR;
  }
  for (int i = 0; i < MR; i++) {
    float *ci = c + i * ldc;
    if (accumulate) {
      for (int j = 0; j < NR; j++) ci[j] += t[i][j];
    } else {
      for (int j = 0; j < NR; j++) ci[j] = t[i][j];
    }
  }
}

#if defined(LLAL_HAVE_X86_KERNELS)

// AVX2 + FMA: 6×16, twelve ymm accumulators, two B vectors and one broadcast of A.
LLAL_TARGET_AVX2 void llal_ukernel_avx2(long k, const float *a, const float *b, float *c, long ldc,
                                        int accumulate) {
  enum { MR = LLAL_AVX2_MR };
  __m256 c0[MR], c1[MR];
#pragma GCC unroll 16
  for (int i = 0; i < MR; i++) {
    c0[i] = _mm256_setzero_ps();
    c1[i] = _mm256_setzero_ps();
  }
  for (long p = 0; p < k; p++) {
    __m256 b0 = _mm256_load_ps(b), b1 = _mm256_load_ps(b + 8);
#pragma GCC unroll 16
    for (int i = 0; i < MR; i++) {
      __m256 ai = _mm256_broadcast_ss(a + i);
      c0[i] = _mm256_fmadd_ps(ai, b0, c0[i]);
      c1[i] = _mm256_fmadd_ps(ai, b1, c1[i]);
    }
    a += MR;
    b += 16;
  }
#pragma GCC unroll 16
  for (int i = 0; i < MR; i++) {
    float *ci = c + i * ldc;
    if (accumulate) {
      c0[i] = _mm256_add_ps(c0[i], _mm256_loadu_ps(ci));
      c1[i] = _mm256_add_ps(c1[i], _mm256_loadu_ps(ci + 8));
    }
    _mm256_storeu_ps(ci, c0[i]);
    _mm256_storeu_ps(ci + 8, c1[i]);
  }
}

// AVX-512: MR×32, 2·MR zmm accumulators; each A value is a broadcast folded into the FMA
// as a memory operand, so a k step is two loads of B and 2·MR FMAs. B's rows are `ldb`
// floats apart: 32 in a packed panel, or B's own rows when it is read in place. The
// finished tile gets the bias row and the ReLU, when asked, before it is stored.
LLAL_TARGET_AVX512 INLINE void ukernel_avx512_body(long k, const float *a, const float *b,
                                                   long ldb, float *c, long ldc,
                                                   int accumulate, const float *bias,
                                                   int relu) {
  enum { MR = LLAL_AVX512_MR };
  __m512 c0[MR], c1[MR];
#pragma GCC unroll 16
  for (int i = 0; i < MR; i++) {
    _mm_prefetch((const char *)(c + i * ldc), _MM_HINT_T0);
    _mm_prefetch((const char *)(c + i * ldc + 16), _MM_HINT_T0);
    c0[i] = _mm512_setzero_ps();
    c1[i] = _mm512_setzero_ps();
  }
  for (long p = 0; p < k; p++) {
    __m512 b0 = _mm512_loadu_ps(b), b1 = _mm512_loadu_ps(b + 16);
#pragma GCC unroll 16
    for (int i = 0; i < MR; i++) {
      __m512 ai = _mm512_set1_ps(a[i]);
      c0[i] = _mm512_fmadd_ps(ai, b0, c0[i]);
      c1[i] = _mm512_fmadd_ps(ai, b1, c1[i]);
    }
    a += MR;
    b += ldb;
  }
  __m512 bias0 = _mm512_setzero_ps(), bias1 = bias0;
  if (bias != NULL) {
    bias0 = _mm512_loadu_ps(bias);
    bias1 = _mm512_loadu_ps(bias + 16);
  }
#pragma GCC unroll 16
  for (int i = 0; i < MR; i++) {
    float *ci = c + i * ldc;
    if (accumulate) {
      c0[i] = _mm512_add_ps(c0[i], _mm512_loadu_ps(ci));
      c1[i] = _mm512_add_ps(c1[i], _mm512_loadu_ps(ci + 16));
    }
    if (bias != NULL) {
      c0[i] = _mm512_add_ps(c0[i], bias0);
      c1[i] = _mm512_add_ps(c1[i], bias1);
    }
    if (relu) {  // max(0, x) gives x when x is NaN, as llal_relu keeps it
      c0[i] = _mm512_max_ps(_mm512_setzero_ps(), c0[i]);
      c1[i] = _mm512_max_ps(_mm512_setzero_ps(), c1[i]);
    }
    _mm512_storeu_ps(ci, c0[i]);
    _mm512_storeu_ps(ci + 16, c1[i]);
  }
}

LLAL_TARGET_AVX512 void llal_ukernel_avx512(long k, const float *a, const float *b, float *c,
                                            long ldc, int accumulate) {
  ukernel_avx512_body(k, a, b, LLAL_AVX512_NR, c, ldc, accumulate, NULL, 0);
}

LLAL_TARGET_AVX512 void llal_ukernel_avx512_ex(long k, const float *a, const float *b,
                                               long ldb, float *c, long ldc, int accumulate,
                                               const float *bias, int relu) {
  ukernel_avx512_body(k, a, b, ldb, c, ldc, accumulate, bias, relu);
}

#endif
