// The im2col packers: blocks of the (never stored) im2col matrix gathered straight into
// the GEMM's packed panel layout, the output gradient packed for the two backward
// products, and col2im, which scatters a column-gradient block back onto dx.
//
// Each loop is written once as an always-inline body and compiled per instruction-set
// level; the hot AVX-512 versions are written by hand: runs of output pixels along one
// row become masked vector loads (stride 2: a load of the run's span and a permute of its
// even elements), and the weight gradient's transposed panels come from 16×16 in-register
// transposes of forward-layout panels rather than gathers.
#include "conv2d_internal.h"
#include "gemm.h"

#if defined(LLAL_HAVE_X86_KERNELS)
#include <immintrin.h>
#endif
#include <string.h>

// --- B = col[k0..<k0+kb, p0..<p0+np], in NR-column panels (forward pass).
INLINE void pack_col_body(const long nr, const llal_conv_shape *s, const float *x, long k0,
                          long kb, long p0, long np, float *dst) {
  const int32_t H = (int32_t)s->in_h, W = (int32_t)s->in_w, K = (int32_t)s->kernel;
  const int32_t HW = H * W;
  const long chw = s->in_c * (long)HW, ohw = s->out_h * s->out_w, ow_n = s->out_w;
  int32_t base[LLAL_MAX_NR], ih0[LLAL_MAX_NR], iw0[LLAL_MAX_NR];
  for (long j0 = 0; j0 < np; j0 += nr) {
    for (long j = 0; j < nr; j++) {
      long p = p0 + j0 + j;
      if (j0 + j < np) {
        long n = p / ohw, r = p % ohw, oh = r / ow_n, ow = r % ow_n;
        ih0[j] = (int32_t)(oh * s->stride - s->pad);
        iw0[j] = (int32_t)(ow * s->stride - s->pad);
        base[j] = (int32_t)(n * chw) + ih0[j] * W + iw0[j];
      } else {
        ih0[j] = OUTSIDE;
        iw0[j] = 0;
        base[j] = 0;
      }
    }
    float *d = dst + j0 * kb;
    int32_t ci = (int32_t)(k0 / (K * K)), kh = (int32_t)(k0 % (K * K) / K),
            kw = (int32_t)(k0 % K);
    for (long kk = 0; kk < kb; kk++) {
      const int32_t off = ci * HW + kh * W + kw;
      for (long j = 0; j < nr; j++) {
        int32_t ih = ih0[j] + kh, iw = iw0[j] + kw;
        int ok = (uint32_t)ih < (uint32_t)H && (uint32_t)iw < (uint32_t)W;
        d[kk * nr + j] = ok ? x[base[j] + off] : 0.0f;
      }
      if (++kw == K) {
        kw = 0;
        if (++kh == K) {
          kh = 0;
          ci++;
        }
      }
    }
  }
}
#if defined(LLAL_HAVE_X86_KERNELS)
// Where the runs of a 32-pixel panel read: lane l of run r of half h reads
// x[start[h][r] + l + tap offset].
struct col_runs {
  int32_t start[2][4];
};

// The tap loop of pack_col_avx512 for R runs per half, with per-(kh, kw) masks `mt`.
INLINE LLAL_TARGET_AVX512 void pack_col_taps_body(
    const int R, const float *x, float *d, long kb, int32_t ci, int32_t kh, int32_t kw,
    int32_t K, int32_t HW, int32_t W, const struct col_runs *runs,
    __mmask16 mt[2][4][DIRECT_MAX_KERNEL * DIRECT_MAX_KERNEL]) {
  for (long kk = 0; kk < kb; kk++) {
    const long off = ci * HW + kh * W + kw;
    const int t = kh * K + kw;
    for (int h = 0; h < 2; h++) {
      __m512 v = _mm512_setzero_ps();
      // NOTE: the address may lie before x for a run's leading lanes; those lanes are
      // masked off, and masked-off lanes are never read.
      for (int r = 0; r < R; r++)
        v = _mm512_mask_loadu_ps(v, mt[h][r][t], (const char *)x + 4 * (runs->start[h][r] + off));
      _mm512_store_ps(d + kk * LLAL_AVX512_NR + 16 * h, v);
    }
    if (++kw == K) {
      kw = 0;
      if (++kh == K) {
        kh = 0;
        ci++;
      }
    }
  }
}
#define PACK_COL_TAPS(R)                                                                   \
  LLAL_TARGET_AVX512 static void pack_col_taps_##R(                                        \
      const float *x, float *d, long kb, int32_t ci, int32_t kh, int32_t kw, int32_t K,    \
      int32_t HW, int32_t W, const struct col_runs *runs,                                  \
      __mmask16 mt[2][4][DIRECT_MAX_KERNEL * DIRECT_MAX_KERNEL]) {                         \
    pack_col_taps_body(R, x, d, kb, ci, kh, kw, K, HW, W, runs, mt);                       \
  }
PACK_COL_TAPS(1)
PACK_COL_TAPS(2)
PACK_COL_TAPS(4)

// The same for stride 2: each run loads the even elements of its source span (`ms`, up
// to 31 floats from its first pixel) and a permute (`idx`) moves them to its lanes (`mt`).
INLINE LLAL_TARGET_AVX512_BMI2 void pack_col_taps_s2_body(
    const int R, const float *x, float *d, long kb, int32_t ci, int32_t kh, int32_t kw,
    int32_t K, int32_t HW, int32_t W, const struct col_runs *runs,
    __mmask16 mt[2][4][DIRECT_MAX_KERNEL * DIRECT_MAX_KERNEL],
    uint32_t ms[2][4][DIRECT_MAX_KERNEL * DIRECT_MAX_KERNEL], __m512i idx[2][4]) {
  for (long kk = 0; kk < kb; kk++) {
    const long off = ci * HW + kh * W + kw;
    const int t = kh * K + kw;
    for (int h = 0; h < 2; h++) {
      __m512 v = _mm512_setzero_ps();
      for (int r = 0; r < R; r++) {
        const float *src = x + runs->start[h][r] + off;
        uint32_t m = ms[h][r][t];
        __m512 lo = _mm512_maskz_loadu_ps((__mmask16)m, src);
        __m512 hi = _mm512_maskz_loadu_ps((__mmask16)(m >> 16), src + 16);
        v = _mm512_mask_mov_ps(v, mt[h][r][t], _mm512_permutex2var_ps(lo, idx[h][r], hi));
      }
      _mm512_store_ps(d + kk * LLAL_AVX512_NR + 16 * h, v);
    }
    if (++kw == K) {
      kw = 0;
      if (++kh == K) {
        kh = 0;
        ci++;
      }
    }
  }
}
#define PACK_COL_TAPS_S2(R)                                                                \
  LLAL_TARGET_AVX512_BMI2 static void pack_col_taps_s2_##R(                                \
      const float *x, float *d, long kb, int32_t ci, int32_t kh, int32_t kw, int32_t K,    \
      int32_t HW, int32_t W, const struct col_runs *runs,                                  \
      __mmask16 mt[2][4][DIRECT_MAX_KERNEL * DIRECT_MAX_KERNEL],                           \
      uint32_t ms[2][4][DIRECT_MAX_KERNEL * DIRECT_MAX_KERNEL], __m512i idx[2][4]) {       \
    pack_col_taps_s2_body(R, x, d, kb, ci, kh, kw, K, HW, W, runs, mt, ms, idx);           \
  }
PACK_COL_TAPS_S2(1)
PACK_COL_TAPS_S2(2)
PACK_COL_TAPS_S2(4)

// AVX-512 by hand (the compiler does not turn the loop above into gathers): per tap, a
// bounds mask from the tap's row/column offsets, then a masked load where 16 columns
// are consecutive pixels of one image row (stride 1), else a masked gather.
LLAL_TARGET_AVX512_BMI2 static void pack_col_avx512(
    const llal_conv_shape *s, const float *x, long k0, long kb, long p0, long np,
    float *dst) {
  enum { NR = LLAL_AVX512_NR };
  const int32_t H = (int32_t)s->in_h, W = (int32_t)s->in_w, K = (int32_t)s->kernel;
  const int32_t HW = H * W;
  const long chw = s->in_c * (long)HW, ohw = s->out_h * s->out_w, ow_n = s->out_w;
  int32_t base[NR], ih0[NR], iw0[NR];
  for (long j0 = 0; j0 < np; j0 += NR) {
    long n = (p0 + j0) / ohw, r = (p0 + j0) % ohw, oh = r / ow_n, ow = r % ow_n;
    for (long j = 0; j < NR; j++) {
      if (j0 + j < np) {
        ih0[j] = (int32_t)(oh * s->stride - s->pad);
        iw0[j] = (int32_t)(ow * s->stride - s->pad);
        base[j] = (int32_t)(n * chw) + ih0[j] * W + iw0[j];
      } else {
        ih0[j] = OUTSIDE;
        iw0[j] = 0;
        base[j] = 0;
      }
      if (++ow == ow_n) {
        ow = 0;
        if (++oh == s->out_h) {
          oh = 0;
          n++;
        }
      }
    }
    // Each half panel splits into runs of lanes that are pixels of one output row: one
    // masked load per run fills those lanes (stride 1), or a load of the run's span whose
    // even elements a permute moves into place (stride 2). More than four runs (tiny
    // images) and a gather is cheaper.
    const int32_t step = (int32_t)s->stride;
    __m512i vih[2], viw[2], vbase[2];
    int runs[2];
    int32_t run_start[2][4], run_first[2][4];
    __mmask16 run_lanes[2][4];
    for (int h = 0; h < 2; h++) {
      const int32_t *bh = base + 16 * h, *ih = ih0 + 16 * h;
      vih[h] = _mm512_loadu_si512(ih);
      viw[h] = _mm512_loadu_si512(iw0 + 16 * h);
      vbase[h] = _mm512_loadu_si512(bh);
      runs[h] = 0;
      for (int j = 0; j < 16 && runs[h] <= 4;) {
        int e = j + 1;
        while (e < 16 && ih[e] == ih[j] && bh[e] == bh[j] + step * (e - j)) e++;
        if (runs[h] < 4) {
          run_start[h][runs[h]] = bh[j] - j;  // stride 1: lane l reads x[start + l + off]
          run_first[h][runs[h]] = j;
          run_lanes[h][runs[h]] = (__mmask16)(((1u << (e - j)) - 1) << j);
        }
        runs[h]++;
        j = e;
      }
    }
    const __m512i vH = _mm512_set1_epi32(H), vW = _mm512_set1_epi32(W);
    float *d = dst + j0 * kb;
    int32_t ci = (int32_t)(k0 / (K * K)), kh = (int32_t)(k0 % (K * K) / K),
            kw = (int32_t)(k0 % K);
    const int R = runs[0];
    if (step == 2 && R == runs[1] && (R == 1 || R == 2 || R == 4) && K <= DIRECT_MAX_KERNEL) {
      // Per run and (kh, kw): the lanes to fill, and the even elements of the run's
      // source span (from its first lane's pixel) to load.
      __mmask16 mt[2][4][DIRECT_MAX_KERNEL * DIRECT_MAX_KERNEL];
      uint32_t ms[2][4][DIRECT_MAX_KERNEL * DIRECT_MAX_KERNEL];
      __m512i idx[2][4];
      struct col_runs at;
      for (int h = 0; h < 2; h++) {
        for (int r = 0; r < R; r++) {
          int j = run_first[h][r];
          at.start[h][r] = base[16 * h + j];
          int32_t lanes[16];
          for (int l = 0; l < 16; l++) lanes[l] = l >= j ? 2 * (l - j) : 0;
          idx[h][r] = _mm512_loadu_si512(lanes);
        }
        for (int32_t u = 0; u < K; u++)
          for (int32_t v = 0; v < K; v++) {
            __m512i ih = _mm512_add_epi32(vih[h], _mm512_set1_epi32(u));
            __m512i iw = _mm512_add_epi32(viw[h], _mm512_set1_epi32(v));
            __mmask16 m = _mm512_cmplt_epu32_mask(ih, vH) & _mm512_cmplt_epu32_mask(iw, vW);
            for (int r = 0; r < R; r++) {
              __mmask16 mr = m & run_lanes[h][r];
              mt[h][r][u * K + v] = mr;
              ms[h][r][u * K + v] = _pdep_u32((uint32_t)mr >> run_first[h][r], 0x55555555u);
            }
          }
      }
      if (R == 1) pack_col_taps_s2_1(x, d, kb, ci, kh, kw, K, HW, W, &at, mt, ms, idx);
      else if (R == 2) pack_col_taps_s2_2(x, d, kb, ci, kh, kw, K, HW, W, &at, mt, ms, idx);
      else pack_col_taps_s2_4(x, d, kb, ci, kh, kw, K, HW, W, &at, mt, ms, idx);
      continue;
    }
    if (step == 1 && R == runs[1] && (R == 1 || R == 2 || R == 4) && K <= DIRECT_MAX_KERNEL) {
      // The common case: the bounds mask of each run depends only on (kh, kw), so it is
      // computed once per panel, and the tap loop is specialised to the run count.
      __mmask16 mt[2][4][DIRECT_MAX_KERNEL * DIRECT_MAX_KERNEL];
      for (int h = 0; h < 2; h++)
        for (int32_t u = 0; u < K; u++)
          for (int32_t v = 0; v < K; v++) {
            __m512i ih = _mm512_add_epi32(vih[h], _mm512_set1_epi32(u));
            __m512i iw = _mm512_add_epi32(viw[h], _mm512_set1_epi32(v));
            __mmask16 m = _mm512_cmplt_epu32_mask(ih, vH) & _mm512_cmplt_epu32_mask(iw, vW);
            for (int r = 0; r < R; r++) mt[h][r][u * K + v] = m & run_lanes[h][r];
          }
      const struct col_runs runs_info = {{{run_start[0][0], run_start[0][1], run_start[0][2],
                                           run_start[0][3]},
                                          {run_start[1][0], run_start[1][1], run_start[1][2],
                                           run_start[1][3]}}};
      if (R == 1) pack_col_taps_1(x, d, kb, ci, kh, kw, K, HW, W, &runs_info, mt);
      else if (R == 2) pack_col_taps_2(x, d, kb, ci, kh, kw, K, HW, W, &runs_info, mt);
      else pack_col_taps_4(x, d, kb, ci, kh, kw, K, HW, W, &runs_info, mt);
      continue;
    }
    for (long kk = 0; kk < kb; kk++) {
      const int32_t off = ci * HW + kh * W + kw;
      for (int h = 0; h < 2; h++) {
        __m512i ih = _mm512_add_epi32(vih[h], _mm512_set1_epi32(kh));
        __m512i iw = _mm512_add_epi32(viw[h], _mm512_set1_epi32(kw));
        __mmask16 m = _mm512_cmplt_epu32_mask(ih, vH) & _mm512_cmplt_epu32_mask(iw, vW);
        __m512 v = _mm512_setzero_ps();
        if (step == 1 && runs[h] <= 4) {
          // NOTE: the address may lie before x for a run's leading lanes; those lanes are
          // masked off, and masked-off lanes are never read.
          for (int r = 0; r < runs[h]; r++)
            v = _mm512_mask_loadu_ps(v, m & run_lanes[h][r],
                                     (const char *)x + 4 * ((long)run_start[h][r] + off));
        } else {
          __m512i idx = _mm512_add_epi32(vbase[h], _mm512_set1_epi32(off));
          v = _mm512_mask_i32gather_ps(v, m, idx, x, 4);
        }
        _mm512_store_ps(d + kk * NR + 16 * h, v);
      }
      if (++kw == K) {
        kw = 0;
        if (++kh == K) {
          kh = 0;
          ci++;
        }
      }
    }
  }
}
LLAL_TARGET_AVX2 static void pack_col_avx2(
    const llal_conv_shape *s, const float *x, long k0, long kb, long p0, long np,
    float *dst) {
  pack_col_body(LLAL_AVX2_NR, s, x, k0, kb, p0, np, dst);
}
#endif
static void pack_col_portable(const llal_conv_shape *s, const float *x, long k0, long kb,
                              long p0, long np, float *dst) {
  pack_col_body(LLAL_PORTABLE_NR, s, x, k0, kb, p0, np, dst);
}

// --- B = colᵀ[p0..<p0+np, k0..<k0+kn], in NR-column panels over k (weight gradient).
INLINE void pack_col_t_body(const long nr, const llal_conv_shape *s, const float *x,
                            long p0, long np, long k0, long kn, float *dst) {
  const int32_t H = (int32_t)s->in_h, W = (int32_t)s->in_w, K = (int32_t)s->kernel;
  const int32_t HW = H * W;
  const long chw = s->in_c * (long)HW, ohw = s->out_h * s->out_w, ow_n = s->out_w;
  int32_t koff[LLAL_MAX_NR], khs[LLAL_MAX_NR], kws[LLAL_MAX_NR];
  for (long j0 = 0; j0 < kn; j0 += nr) {
    for (long j = 0; j < nr; j++) {
      long k = k0 + j0 + j;
      if (j0 + j < kn) {
        int32_t ci = (int32_t)(k / (K * K)), kh = (int32_t)(k % (K * K) / K),
                kw = (int32_t)(k % K);
        koff[j] = ci * HW + kh * W + kw;
        khs[j] = kh;
        kws[j] = kw;
      } else {
        koff[j] = 0;
        khs[j] = OUTSIDE;
        kws[j] = 0;
      }
    }
    float *d = dst + j0 * np;
    long n = p0 / ohw, oh = p0 % ohw / ow_n, ow = p0 % ow_n;
    for (long pp = 0; pp < np; pp++) {
      const int32_t ih0 = (int32_t)(oh * s->stride - s->pad);
      const int32_t iw0 = (int32_t)(ow * s->stride - s->pad);
      const int32_t base = (int32_t)(n * chw) + ih0 * W + iw0;
      for (long j = 0; j < nr; j++) {
        int32_t ih = ih0 + khs[j], iw = iw0 + kws[j];
        int ok = (uint32_t)ih < (uint32_t)H && (uint32_t)iw < (uint32_t)W;
        d[pp * nr + j] = ok ? x[base + koff[j]] : 0.0f;
      }
      if (++ow == ow_n) {
        ow = 0;
        if (++oh == s->out_h) {
          oh = 0;
          n++;
        }
      }
    }
  }
}
#if defined(LLAL_HAVE_X86_KERNELS)
// AVX-512: gather 32 pixels × kn taps the forward way (runs of masked loads), then
// transpose 16×16 blocks in registers into the pixel-major panels; much cheaper than
// gathering each pixel's taps. `scratch` holds 32 × round_up(kn, 16) floats.
LLAL_TARGET_AVX512 static void pack_col_t_avx512(
    const llal_conv_shape *s, const float *x, long p0, long np, long k0, long kn,
    float *dst, float *scratch) {
  enum { NR = LLAL_AVX512_NR };
  const long kn16 = round_up(kn, 16);
  for (long t = kn; t < kn16; t++) {
    _mm512_store_ps(scratch + t * NR, _mm512_setzero_ps());
    _mm512_store_ps(scratch + t * NR + 16, _mm512_setzero_ps());
  }
  for (long pp0 = 0; pp0 < np; pp0 += NR) {
    long npp = min_l(NR, np - pp0);
    pack_col_avx512(s, x, k0, kn, p0 + pp0, npp, scratch);  // [kn][32 pixels]
    for (long t0 = 0; t0 < kn16; t0 += 16) {
      // Taps t0..t0+15 land in lanes t0 % 32 … of the panel starting at tap t0 − t0 % 32.
      float *panel = dst + (t0 - t0 % NR) * np + t0 % NR;
      for (int h = 0; h < 2 && 16 * h < npp; h++) {
        __m512 r[16];
        for (int i = 0; i < 16; i++) r[i] = _mm512_load_ps(scratch + (t0 + i) * NR + 16 * h);
        llal_transpose16(r);
        long rows = min_l(16, npp - 16 * h);
        for (long j = 0; j < rows; j++)
          _mm512_store_ps(panel + (pp0 + 16 * h + j) * NR, r[j]);
      }
    }
    // A last panel with only 16 real taps: its upper lanes are padding, set to zero.
    if (kn16 % NR != 0) {
      float *panel = dst + (kn16 - kn16 % NR) * np + 16;
      for (long j = 0; j < npp; j++)
        _mm256_store_ps(panel + (pp0 + j) * NR, _mm256_setzero_ps());
    }
  }
}
LLAL_TARGET_AVX2 static void pack_col_t_avx2(
    const llal_conv_shape *s, const float *x, long p0, long np, long k0, long kn,
    float *dst, float *scratch) {
  (void)scratch;
  pack_col_t_body(LLAL_AVX2_NR, s, x, p0, np, k0, kn, dst);
}
#endif
static void pack_col_t_portable(const llal_conv_shape *s, const float *x, long p0, long np,
                                long k0, long kn, float *dst, float *scratch) {
  (void)scratch;
  pack_col_t_body(LLAL_PORTABLE_NR, s, x, p0, np, k0, kn, dst);
}

// --- B = dy[c0..<c0+cb, p0..<p0+np] viewed as [out_c, pixels], NR-column panels (input
// gradient). A panel inside one sample is a plain copy of each channel's row.
INLINE void pack_dy_body(const long nr, const llal_conv_shape *s, const float *dy, long c0,
                         long cb, long p0, long np, float *dst) {
  const long ohw = s->out_h * s->out_w, cohw = s->out_c * ohw;
  long base[LLAL_MAX_NR];
  for (long j0 = 0; j0 < np; j0 += nr) {
    long cols = min_l(nr, np - j0);
    long first = p0 + j0, n0 = first / ohw;
    int contiguous = cols == nr && (first + nr - 1) / ohw == n0;
    float *d = dst + j0 * cb;
    if (contiguous) {
      const float *src = dy + n0 * cohw + c0 * ohw + first % ohw;
      for (long c = 0; c < cb; c++)
        for (long j = 0; j < nr; j++) d[c * nr + j] = src[c * ohw + j];
      continue;
    }
    for (long j = 0; j < nr; j++) {
      long p = first + j;
      base[j] = j < cols ? p / ohw * cohw + p % ohw + c0 * ohw : -1;
    }
    for (long c = 0; c < cb; c++)
      for (long j = 0; j < nr; j++) d[c * nr + j] = base[j] >= 0 ? dy[base[j] + c * ohw] : 0;
  }
}
VERSIONS(pack_dy,
         (const llal_conv_shape *s, const float *dy, long c0, long cb, long p0, long np,
          float *dst),
         s, dy, c0, cb, p0, np, dst)

// --- A = dy[all channels, p0..<p0+np] in MR-row panels over channels (weight gradient).
void llal_conv_pack_dy_rows(int level, const llal_conv_shape *s, const float *dy, long p0,
                            long np, float *dst) {
  const long mr = llal_gemm_mr(level), ohw = s->out_h * s->out_w, cohw = s->out_c * ohw;
  for (long i0 = 0; i0 < s->out_c; i0 += mr) {
    long rows = min_l(mr, s->out_c - i0);
    float *d = dst + i0 * np;
    for (long pp = 0; pp < np;) {
      long p = p0 + pp, n = p / ohw, hw = p % ohw, run = min_l(np - pp, ohw - hw);
      for (long ii = 0; ii < rows; ii++) {
        const float *src = dy + n * cohw + (i0 + ii) * ohw + hw;
        for (long j = 0; j < run; j++) d[(pp + j) * mr + ii] = src[j];
      }
      for (long ii = rows; ii < mr; ii++)
        for (long j = 0; j < run; j++) d[(pp + j) * mr + ii] = 0;
      pp += run;
    }
  }
}

#if defined(LLAL_HAVE_X86_KERNELS)
// row[2·o] += sr[o] for o in lo..<hi: each 16 values spread to the even lanes of two
// vectors, touching only those lanes of dx.
LLAL_TARGET_AVX512 static void col2im_stride2_avx512(float *row, const float *sr, long lo,
                                                     long hi) {
  const __m512i spread_lo = _mm512_set_epi32(7, 7, 6, 6, 5, 5, 4, 4, 3, 3, 2, 2, 1, 1, 0, 0);
  const __m512i spread_hi =
      _mm512_set_epi32(15, 15, 14, 14, 13, 13, 12, 12, 11, 11, 10, 10, 9, 9, 8, 8);
  for (long o = lo; o < hi; o += 16) {
    long cnt = min_l(16, hi - o);
    __m512 v = _mm512_maskz_loadu_ps((__mmask16)((1u << cnt) - 1), sr + o);
    float *d = row + 2 * o;
    // Even lanes 0, 2, … for the first min(cnt, 8) values, then the rest.
    long c0 = min_l(cnt, 8), c1 = cnt - c0;
    __mmask16 m0 = (__mmask16)(0x5555u & ((1u << (2 * c0)) - 1));
    __m512 d0 = _mm512_maskz_loadu_ps(m0, d);
    _mm512_mask_storeu_ps(d, m0, _mm512_add_ps(d0, _mm512_permutexvar_ps(spread_lo, v)));
    if (c1 > 0) {
      __mmask16 m1 = (__mmask16)(0x5555u & ((1u << (2 * c1)) - 1));
      __m512 d1 = _mm512_maskz_loadu_ps(m1, d + 16);
      _mm512_mask_storeu_ps(d + 16, m1, _mm512_add_ps(d1, _mm512_permutexvar_ps(spread_hi, v)));
    }
  }
}
#endif

// --- dx += col2im(dcol) for the columns p0..<p0+np; dcol is [in_c·k·k, np]. `runs` has
// room for 4·np ints: the columns' runs along output rows, found once for all taps.
INLINE void col2im_body(const int vec512, const llal_conv_shape *s, const float *dcol,
                        long p0, long np, float *dx, int32_t *runs) {
  const long H = s->in_h, W = s->in_w, K = s->kernel, st = s->stride, pad = s->pad;
  const long chw = s->in_c * H * W, ohw = s->out_h * s->out_w, ow_n = s->out_w;
  const long taps = s->in_c * K * K;
  int32_t *r_pp = runs, *r_ow = runs + np, *r_ih = runs + 2 * np, *r_base = runs + 3 * np;
  long count = 0;
  for (long pp = 0; pp < np;) {
    long p = p0 + pp, n = p / ohw, oh = p % ohw / ow_n, ow = p % ow_n;
    r_pp[count] = (int32_t)pp;
    r_ow[count] = (int32_t)ow;
    r_ih[count] = (int32_t)(oh * st - pad);
    r_base[count] = (int32_t)(n * chw + (oh * st - pad) * W - pad);
    count++;
    pp += min_l(np - pp, ow_n - ow);
  }
  for (long k = 0; k < taps; k++) {
    const long ci = k / (K * K), kh = k % (K * K) / K, kw = k % K;
    // ow range whose iw = ow·s − pad + kw lies inside [0, W).
    const long ow_lo = pad - kw > 0 ? (pad - kw + st - 1) / st : 0;
    const long last = W - 1 + pad - kw;  // may be negative: then no ow fits
    const long ow_hi = last < 0 ? 0 : min_l(ow_n, last / st + 1);
    const float *src = dcol + k * np;
    const long koff = ci * H * W + kh * W + kw;
    for (long r = 0; r < count; r++) {
      if ((unsigned long)(r_ih[r] + kh) >= (unsigned long)H) continue;
      long ow = r_ow[r], end = r + 1 < count ? r_pp[r + 1] : np;
      long lo = max_l(ow, ow_lo), hi = min_l(ow + end - r_pp[r], ow_hi);
      float *row = dx + r_base[r] + koff;
      const float *sr = src + r_pp[r] - ow;
      if (st == 1) {
        for (long o = lo; o < hi; o++) row[o] += sr[o];
#if defined(LLAL_HAVE_X86_KERNELS)
      } else if (st == 2 && vec512 && hi - lo >= 8) {
        col2im_stride2_avx512(row, sr, lo, hi);
#endif
      } else {
        for (long o = lo; o < hi; o++) row[o * st] += sr[o];
      }
    }
  }
}
#if defined(LLAL_HAVE_X86_KERNELS)
LLAL_TARGET_AVX512 static void col2im_avx512(const llal_conv_shape *s, const float *dcol, long p0,
                                             long np, float *dx, int32_t *runs) {
  col2im_body(1, s, dcol, p0, np, dx, runs);
}
LLAL_TARGET_AVX2 static void col2im_avx2(const llal_conv_shape *s, const float *dcol, long p0,
                                         long np, float *dx, int32_t *runs) {
  col2im_body(0, s, dcol, p0, np, dx, runs);
}
#endif
static void col2im_portable(const llal_conv_shape *s, const float *dcol, long p0, long np,
                            float *dx, int32_t *runs) {
  col2im_body(0, s, dcol, p0, np, dx, runs);
}

// --- Dispatch on the level.

void llal_conv_pack_col(int level, const llal_conv_shape *s, const float *x, long k0, long kb,
                        long p0, long np, float *dst) {
  DISPATCH(level, pack_col, (s, x, k0, kb, p0, np, dst));
}

void llal_conv_pack_col_t(int level, const llal_conv_shape *s, const float *x, long p0,
                          long np, long k0, long kn, float *dst, float *scratch) {
  DISPATCH(level, pack_col_t, (s, x, p0, np, k0, kn, dst, scratch));
}

void llal_conv_pack_dy(int level, const llal_conv_shape *s, const float *dy, long c0, long cb,
                       long p0, long np, float *dst) {
  DISPATCH(level, pack_dy, (s, dy, c0, cb, p0, np, dst));
}

void llal_conv_col2im(int level, const llal_conv_shape *s, const float *dcol, long p0,
                      long np, float *dx, int32_t *runs) {
  DISPATCH(level, col2im, (s, dcol, p0, np, dx, runs));
}
