// Private to CKernels: the micro-kernels and their tile sizes per instruction-set level.
#ifndef LLAL_GEMM_KERNELS_H
#define LLAL_GEMM_KERNELS_H

#include "kernel_util.h"

/// C[MR, NR] (=|+=) Σ_p a[p·MR + i] · b[p·NR + j] over p in 0..<k, for packed panels.
typedef void (*llal_microkernel)(long k, const float *a, const float *b, float *c, long ldc,
                                 int accumulate);

#define LLAL_PORTABLE_MR 4
#define LLAL_PORTABLE_NR 8
#define LLAL_AVX2_MR 6
#define LLAL_AVX2_NR 16
#ifndef LLAL_AVX512_MR
#define LLAL_AVX512_MR 8
#endif
#define LLAL_AVX512_NR 32
#define LLAL_MAX_NR 32

/// Depth of the packed panels (the k-slice of one GEMM pass); shared by the conv drivers.
#define LLAL_GEMM_KC 256

void llal_ukernel_portable(long k, const float *a, const float *b, float *c, long ldc,
                           int accumulate);
#if defined(LLAL_HAVE_X86_KERNELS)
void llal_ukernel_avx2(long k, const float *a, const float *b, float *c, long ldc,
                       int accumulate);
void llal_ukernel_avx512(long k, const float *a, const float *b, float *c, long ldc,
                         int accumulate);
/// The AVX-512 kernel with row p of B's panel at b + p·ldb (32 for a packed panel, B's own
/// rows read in place), adding `bias` (32 values, or NULL) to every row of the tile and
/// applying max(·, 0) when `relu`, after `accumulate`, before storing.
void llal_ukernel_avx512_ex(long k, const float *a, const float *b, long ldb, float *c,
                            long ldc, int accumulate, const float *bias, int relu);

#include <immintrin.h>

// Transposes 16 rows of 16 floats in registers (unpacks, then 128-bit lane shuffles).
LLAL_TARGET_AVX512 static inline void llal_transpose16(__m512 r[16]) {
  __m512 t[16];
  for (int i = 0; i < 8; i++) {
    t[2 * i] = _mm512_unpacklo_ps(r[2 * i], r[2 * i + 1]);
    t[2 * i + 1] = _mm512_unpackhi_ps(r[2 * i], r[2 * i + 1]);
  }
  for (int i = 0; i < 4; i++) {
    __m512d a = _mm512_castps_pd(t[4 * i]), b = _mm512_castps_pd(t[4 * i + 1]);
    __m512d c = _mm512_castps_pd(t[4 * i + 2]), d = _mm512_castps_pd(t[4 * i + 3]);
    r[4 * i] = _mm512_castpd_ps(_mm512_unpacklo_pd(a, c));
    r[4 * i + 1] = _mm512_castpd_ps(_mm512_unpackhi_pd(a, c));
    r[4 * i + 2] = _mm512_castpd_ps(_mm512_unpacklo_pd(b, d));
    r[4 * i + 3] = _mm512_castpd_ps(_mm512_unpackhi_pd(b, d));
  }
  for (int i = 0; i < 4; i++) {
    t[i] = _mm512_shuffle_f32x4(r[i], r[i + 4], 0x88);
    t[i + 4] = _mm512_shuffle_f32x4(r[i], r[i + 4], 0xdd);
    t[i + 8] = _mm512_shuffle_f32x4(r[i + 8], r[i + 12], 0x88);
    t[i + 12] = _mm512_shuffle_f32x4(r[i + 8], r[i + 12], 0xdd);
  }
  for (int i = 0; i < 8; i++) {
    r[i] = _mm512_shuffle_f32x4(t[i], t[i + 8], 0x88);
    r[i + 8] = _mm512_shuffle_f32x4(t[i], t[i + 8], 0xdd);
  }
}
#endif

#endif
