// GEMM packing and cache blocking (the BLIS loop structure): for each NC-column block of
// B and KC-deep slice, B is packed into NR-column panels that stay in L3 and whose
// micro-panels stay in L1; for each MC-row block of A, A is packed into MR-row panels
// that stay in L2; the micro-kernel then walks the tiles. A plain B of a short product
// is read in place instead (see reads_b_in_place).
#include "gemm.h"
#include "gemm_kernels.h"
#include "kernel_util.h"
#include "CKernels.h"

#include <string.h>

// Block sizes per level. KC·NR·4 bytes (one B micro-panel) sits in the 48 KB L1 with
// room for the A panel; MC·KC·4 (the packed A block) in half of the 1 MB L2.
enum {
  KC = LLAL_GEMM_KC,
  MC_AVX512 = 48 * LLAL_AVX512_MR,
  MC_AVX2 = 48 * LLAL_AVX2_MR,
  MC_PORTABLE = 32 * LLAL_PORTABLE_MR,
  NC = 4096
};

int llal_gemm_mr(int level) {
  return level >= 3 ? LLAL_AVX512_MR : level >= 2 ? LLAL_AVX2_MR : LLAL_PORTABLE_MR;
}

int llal_gemm_nr(int level) {
  return level >= 3 ? LLAL_AVX512_NR : level >= 2 ? LLAL_AVX2_NR : LLAL_PORTABLE_NR;
}

static long block_mc(int level) {
  return level >= 3 ? MC_AVX512 : level >= 2 ? MC_AVX2 : MC_PORTABLE;
}

static llal_microkernel microkernel(int level) {
#if defined(LLAL_HAVE_X86_KERNELS)
  if (level >= 3) return llal_ukernel_avx512;
  if (level >= 2) return llal_ukernel_avx2;
#endif
  (void)level;
  return llal_ukernel_portable;
}

size_t llal_sgemm_workspace(int level, long m, long n, long k) {
  long mr = llal_gemm_mr(level), nr = llal_gemm_nr(level);
  long mc = round_up(min_l(m, block_mc(level)), mr);
  long nc = round_up(min_l(n, NC), nr);
  long kc = min_l(k, KC);
  return (size_t)(round_up(mc * kc, 16) + kc * nc);
}

// --- Packing. The same loops for every level (only MR/NR differ); the results are
// identical whatever the vector width, so they are compiled once, except that AVX-512
// packs the operands whose panels are transposed (A as stored, Bᵀ) by 16×16 in-register
// transposes instead of strided scalar writes.

#if defined(LLAL_HAVE_X86_KERNELS)
// dst[p·width + r] = src[r·ld + p] for r < rows (0 for rows ≤ r < width), p < k; width is
// 8 or a multiple of 16.
LLAL_TARGET_AVX512 static void pack_transposed_avx512(const float *src, long ld, long rows, long k,
                                                      long width, float *dst) {
  for (long r0 = 0; r0 < width; r0 += 16) {
    long lanes = min_l(16, width - r0);
    long p0 = 0;
    if (lanes == 16 && r0 + 16 <= rows) {
      // Whole 16×16 blocks: no masks, no zero rows, every output stored at full width.
      for (; p0 + 16 <= k; p0 += 16) {
        __m512 r[16];
#pragma GCC unroll 16
        for (int i = 0; i < 16; i++) r[i] = _mm512_loadu_ps(src + (r0 + i) * ld + p0);
        llal_transpose16(r);
#pragma GCC unroll 16
        for (int j = 0; j < 16; j++) _mm512_storeu_ps(dst + (p0 + j) * width + r0, r[j]);
      }
    }
    for (; p0 < k; p0 += 16) {
      long pn = min_l(16, k - p0);
      __mmask16 m = (__mmask16)((1u << pn) - 1);
      __m512 r[16];
      for (int i = 0; i < 16; i++)
        r[i] = r0 + i < rows && i < lanes ? _mm512_maskz_loadu_ps(m, src + (r0 + i) * ld + p0)
                                          : _mm512_setzero_ps();
      llal_transpose16(r);
      for (long j = 0; j < pn; j++) {
        float *d = dst + (p0 + j) * width + r0;
        if (lanes == 16) _mm512_storeu_ps(d, r[j]);
        else _mm256_storeu_ps(d, _mm512_castps512_ps256(r[j]));
      }
    }
  }
}

// dst[p·8 + r] = src[r·ld + p] for r < 8, p < k: eight whole rows into one MR = 8 panel.
// Each 16-deep step transposes 8×16 values (in-lane unpacks, then one two-source lane
// permute per pair of outputs) instead of a 16×16 block half of zeros.
LLAL_TARGET_AVX512 static void pack_rows8_avx512(const float *src, long ld, long k, float *dst) {
  // Lane indices of the two permutes below: lanes 0, 1 and lanes 2, 3 of each source.
  const __m512i lo = _mm512_set_epi32(23, 22, 21, 20, 7, 6, 5, 4, 19, 18, 17, 16, 3, 2, 1, 0);
  const __m512i hi = _mm512_set_epi32(31, 30, 29, 28, 15, 14, 13, 12, 27, 26, 25, 24, 11, 10, 9, 8);
  for (long p0 = 0; p0 < k; p0 += 16) {
    long pn = min_l(16, k - p0);
    __mmask16 m = (__mmask16)((1u << pn) - 1);
    __m512 r[8], t[8], u[8];
    for (int i = 0; i < 8; i++) r[i] = _mm512_maskz_loadu_ps(m, src + i * ld + p0);
    for (int i = 0; i < 4; i++) {
      t[2 * i] = _mm512_unpacklo_ps(r[2 * i], r[2 * i + 1]);
      t[2 * i + 1] = _mm512_unpackhi_ps(r[2 * i], r[2 * i + 1]);
    }
    // u[q] (q < 4) holds rows 0–3 at p = 4L + q in 128-bit lane L; u[4 + q] rows 4–7.
    for (int h = 0; h < 2; h++) {
      __m512d a = _mm512_castps_pd(t[4 * h]), b = _mm512_castps_pd(t[4 * h + 1]);
      __m512d c = _mm512_castps_pd(t[4 * h + 2]), d = _mm512_castps_pd(t[4 * h + 3]);
      u[4 * h] = _mm512_castpd_ps(_mm512_unpacklo_pd(a, c));
      u[4 * h + 1] = _mm512_castpd_ps(_mm512_unpackhi_pd(a, c));
      u[4 * h + 2] = _mm512_castpd_ps(_mm512_unpacklo_pd(b, d));
      u[4 * h + 3] = _mm512_castpd_ps(_mm512_unpackhi_pd(b, d));
    }
    // Lanes L of u[q] and u[4 + q] side by side are the 8 rows at p = 4L + q: lanes 0, 1
    // make one vector (p = q, p = 4 + q), lanes 2, 3 another (p = 8 + q, p = 12 + q).
    for (int q = 0; q < 4; q++) {
      __m512 v0 = _mm512_permutex2var_ps(u[q], lo, u[4 + q]);
      __m512 v1 = _mm512_permutex2var_ps(u[q], hi, u[4 + q]);
      __m512 v[2] = {v0, v1};
      for (int j = 0; j < 4; j++) {
        long p = 4 * j + q;
        if (p >= pn) continue;
        __m512 w = v[j >> 1];
        __m256 half = (j & 1) ? _mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(w), 1))
                              : _mm512_castps512_ps256(w);
        _mm256_storeu_ps(dst + (p0 + p) * 8, half);
      }
    }
  }
}

// dst[p·8 + r] = src[p·ld + r] for r < 8: eight whole columns of stored rows (op(A) of a
// transposed A, op(B) of a plain B at width 32 takes four of these per row).
LLAL_TARGET_AVX512 static void copy_rows_avx512(const float *src, long ld, long k, long width,
                                                float *dst) {
  if (width == 8) {
    for (long p = 0; p < k; p++) _mm256_storeu_ps(dst + p * 8, _mm256_loadu_ps(src + p * ld));
  } else {
    for (long p = 0; p < k; p++)
      for (long j = 0; j < width; j += 16)
        _mm512_store_ps(dst + p * width + j, _mm512_loadu_ps(src + p * ld + j));
  }
}
#endif

void llal_gemm_pack_a(int level, int trans_a, const float *a, long lda, long m, long k,
                      float *dst) {
  long mr = llal_gemm_mr(level);
  for (long i0 = 0; i0 < m; i0 += mr) {
    long rows = min_l(mr, m - i0);
#if defined(LLAL_HAVE_X86_KERNELS)
    if (level >= 3 && rows == mr && mr == 8) {
      if (trans_a) copy_rows_avx512(a + i0, lda, k, mr, dst);
      else pack_rows8_avx512(a + i0 * lda, lda, k, dst);
      dst += mr * k;
      continue;
    }
    if (!trans_a && level >= 3) {
      pack_transposed_avx512(a + i0 * lda, lda, rows, k, mr, dst);
      dst += mr * k;
      continue;
    }
#endif
    if (!trans_a) {
      // Row i of op(A) is contiguous: read rows, write with stride MR.
      for (long ii = 0; ii < rows; ii++) {
        const float *src = a + (i0 + ii) * lda;
        for (long p = 0; p < k; p++) dst[p * mr + ii] = src[p];
      }
      for (long ii = rows; ii < mr; ii++)
        for (long p = 0; p < k; p++) dst[p * mr + ii] = 0;
    } else {
      for (long p = 0; p < k; p++) {
        const float *src = a + p * lda + i0;
        float *d = dst + p * mr;
        for (long ii = 0; ii < rows; ii++) d[ii] = src[ii];
        for (long ii = rows; ii < mr; ii++) d[ii] = 0;
      }
    }
    dst += mr * k;
  }
}

void llal_gemm_pack_b(int level, int trans_b, const float *b, long ldb, long k, long n,
                      float *dst) {
  long nr = llal_gemm_nr(level);
  for (long j0 = 0; j0 < n; j0 += nr) {
    long cols = min_l(nr, n - j0);
#if defined(LLAL_HAVE_X86_KERNELS)
    if (!trans_b && level >= 3 && cols == nr) {
      copy_rows_avx512(b + j0, ldb, k, nr, dst);
      dst += nr * k;
      continue;
    }
#endif
    if (!trans_b) {
      for (long p = 0; p < k; p++) {
        const float *src = b + p * ldb + j0;
        float *d = dst + p * nr;
        if (cols == nr) {
          memcpy(d, src, sizeof(float) * (size_t)nr);
        } else {
          for (long jj = 0; jj < cols; jj++) d[jj] = src[jj];
          for (long jj = cols; jj < nr; jj++) d[jj] = 0;
        }
      }
#if defined(LLAL_HAVE_X86_KERNELS)
    } else if (level >= 3) {
      pack_transposed_avx512(b + j0 * ldb, ldb, cols, k, nr, dst);
#endif
    } else {
      // Column j of op(B) is row j of the stored matrix: read rows, write with stride NR.
      for (long jj = 0; jj < cols; jj++) {
        const float *src = b + (j0 + jj) * ldb;
        for (long p = 0; p < k; p++) dst[p * nr + jj] = src[p];
      }
      for (long jj = cols; jj < nr; jj++)
        for (long p = 0; p < k; p++) dst[p * nr + jj] = 0;
    }
    dst += nr * k;
  }
}

// --- The macro-kernel: every MR×NR tile of an (m × n) block of C, from packed A and B
// panels or (b_ld > 0, AVX-512 only, whole 32-column panels) B's rows read in place; each
// finished tile gets `bias` (indexed by column, or NULL) and the ReLU (`relu`).

// The finished rows × cols values `src` (row stride `ld`; may be C itself) into C: added
// to C when accumulating, plus the bias, through the ReLU (NaN kept, as llal_relu).
static void finish_tile(float *c, long ldc, const float *src, long ld, long rows, long cols,
                        int accumulate, const float *bias, int relu) {
  if (bias == NULL && !relu) {  // the common edge tile: plain loops that vectorise
    for (long i = 0; i < rows; i++) {
      float *dst = c + i * ldc;
      const float *row = src + i * ld;
      if (accumulate) {
        for (long j = 0; j < cols; j++) dst[j] += row[j];
      } else {
        for (long j = 0; j < cols; j++) dst[j] = row[j];
      }
    }
    return;
  }
  for (long i = 0; i < rows; i++) {
    for (long j = 0; j < cols; j++) {
      float v = src[i * ld + j];
      if (accumulate) v = c[i * ldc + j] + v;
      if (bias != NULL) v = v + bias[j];
      if (relu) v = v < 0 ? 0 : v;
      c[i * ldc + j] = v;
    }
  }
}

static void macro_tiles(int level, long m, long n, long k, const float *packed_a,
                        const float *b, long b_ld, float *c, long ldc, int accumulate,
                        const float *bias, int relu) {
  long mr = llal_gemm_mr(level), nr = llal_gemm_nr(level);
  llal_microkernel kernel = microkernel(level);
  int plain = bias == NULL && !relu;
  // Scratch for partial tiles, big enough for the largest MR×NR.
  float tile[LLAL_AVX512_MR * LLAL_AVX512_NR] __attribute__((aligned(64)));
  // NOTE: B micro-panel outside, A inside: the B micro-panel stays in L1 while A's
  // panels stream from L2.
  for (long j0 = 0; j0 < n; j0 += nr) {
    long cols = min_l(nr, n - j0);
    const float *pb = b_ld > 0 ? b + j0 : b + j0 * k;
    const float *bj = bias != NULL ? bias + j0 : NULL;
    for (long i0 = 0; i0 < m; i0 += mr) {
      long rows = min_l(mr, m - i0);
      const float *pa = packed_a + i0 * k;
      float *ct = c + i0 * ldc + j0;
      int full = rows == mr && cols == nr;
#if defined(LLAL_HAVE_X86_KERNELS)
      if (level >= 3) {
        long ld = b_ld > 0 ? b_ld : nr;
        if (full && plain && b_ld == 0) {  // packed panels, nothing to add: the plain kernel
          llal_ukernel_avx512(k, pa, pb, ct, ldc, accumulate);
        } else if (full) {
          llal_ukernel_avx512_ex(k, pa, pb, ld, ct, ldc, accumulate, bj, relu);
        } else {
          llal_ukernel_avx512_ex(k, pa, pb, ld, tile, nr, 0, NULL, 0);
          finish_tile(ct, ldc, tile, nr, rows, cols, accumulate, bj, relu);
        }
        continue;
      }
#endif
      if (full) {  // the kernel adds C when accumulating; the rest is done on the tile in C
        kernel(k, pa, pb, ct, ldc, accumulate);
        if (!plain) finish_tile(ct, ldc, ct, ldc, rows, cols, 0, bj, relu);
      } else {
        kernel(k, pa, pb, tile, nr, 0);
        finish_tile(ct, ldc, tile, nr, rows, cols, accumulate, bj, relu);
      }
    }
  }
}

void llal_gemm_macro(int level, long m, long n, long k, const float *packed_a,
                     const float *packed_b, float *c, long ldc, int accumulate) {
  macro_tiles(level, m, n, k, packed_a, packed_b, 0, c, ldc, accumulate, NULL, 0);
}

// --- B read in place. A plain (not transposed) B whose rows are close together, in a
// product of few row blocks, is read by the kernel where it lies instead of being copied
// into panels first: each 32-column panel is then read by only a few A panels, from L1
// or L2, and the copy (a read and a write of all of B, often from further out in the
// cache) cost more than it saved. Measured on AVX-512, for MLP-sized products (m ≤ 256,
// rows of B 64 to 256 floats apart): 3–7 % faster, 35 % for m = 16; for wider or taller
// products the packed panels win, so those keep them.
enum { DIRECT_B_MAX_LD = 512, DIRECT_B_MAX_M = 256 };

static int reads_b_in_place(int level, int trans_b, long m, long ldb) {
  return level >= 3 && !trans_b && ldb <= DIRECT_B_MAX_LD && m <= DIRECT_B_MAX_M;
}

// The macro-kernel on an unpacked B (rows ldb apart): full 32-column panels in place, a
// last narrower one packed into `panel` (room for k·NR floats) first.
static void macro_b_in_place(int level, long m, long n, long k, const float *packed_a,
                             const float *b, long ldb, float *c, long ldc, int accumulate,
                             const float *bias, int relu, float *panel) {
  long nr = llal_gemm_nr(level);
  long full = n / nr * nr;
  macro_tiles(level, m, full, k, packed_a, b, ldb, c, ldc, accumulate, bias, relu);
  if (full < n) {
    llal_gemm_pack_b(level, 0, b + full, ldb, k, n - full, panel);
    macro_tiles(level, m, n - full, k, packed_a, panel, 0, c + full, ldc, accumulate,
                bias != NULL ? bias + full : NULL, relu);
  }
}

// --- The blocked driver on one thread.

void llal_sgemm_fused(int level, int trans_a, int trans_b, long m, long n, long k,
                      const float *a, long lda, const float *b, long ldb, float *c, long ldc,
                      int accumulate, const float *bias, int relu, float *workspace) {
  if (m <= 0 || n <= 0) return;
  if (k <= 0) {
    for (long i = 0; i < m; i++) {
      float *row = c + i * ldc;
      if (bias != NULL) memcpy(row, bias, sizeof(float) * (size_t)n);
      else if (!accumulate) memset(row, 0, sizeof(float) * (size_t)n);
      if (relu) finish_tile(row, ldc, row, ldc, 1, n, 0, NULL, 1);
    }
    return;
  }
  long mr = llal_gemm_mr(level);
  long mc_max = block_mc(level);
  long kc_max = min_l(k, KC);
  float *pa = workspace;
  // B's panels start on a 64-byte boundary: the kernels load them with aligned loads.
  float *pb = workspace + round_up(round_up(min_l(m, mc_max), mr) * kc_max, 16);
  int in_place = reads_b_in_place(level, trans_b, m, ldb);
  for (long jc = 0; jc < n; jc += NC) {
    long nb = min_l(NC, n - jc);
    const float *bias_j = bias != NULL ? bias + jc : NULL;
    for (long pc = 0; pc < k; pc += KC) {
      long kb = min_l(KC, k - pc);
      // The bias goes into the first k-slice, the ReLU after the last.
      const float *slice_bias = pc == 0 ? bias_j : NULL;
      int slice_relu = relu && pc + kb == k;
      int slice_accumulate = accumulate || pc > 0;
      const float *bb = trans_b ? b + jc * ldb + pc : b + pc * ldb + jc;
      if (!in_place) llal_gemm_pack_b(level, trans_b, bb, ldb, kb, nb, pb);
      for (long ic = 0; ic < m; ic += mc_max) {
        long mb = min_l(mc_max, m - ic);
        const float *ab = trans_a ? a + pc * lda + ic : a + ic * lda + pc;
        llal_gemm_pack_a(level, trans_a, ab, lda, mb, kb, pa);
        if (in_place)
          macro_b_in_place(level, mb, nb, kb, pa, bb, ldb, c + ic * ldc + jc, ldc,
                           slice_accumulate, slice_bias, slice_relu, pb);
        else
          macro_tiles(level, mb, nb, kb, pa, pb, 0, c + ic * ldc + jc, ldc, slice_accumulate,
                      slice_bias, slice_relu);
      }
    }
  }
}

void llal_sgemm_serial(int level, int trans_a, int trans_b, long m, long n, long k,
                       const float *a, long lda, const float *b, long ldb, float *c, long ldc,
                       int accumulate, float *workspace) {
  llal_sgemm_fused(level, trans_a, trans_b, m, n, k, a, lda, b, ldb, c, ldc, accumulate, NULL,
                   0, workspace);
}
