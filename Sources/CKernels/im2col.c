// Convolution as GEMM without a stored im2col matrix.
//
// Columns of the im2col matrix are output pixels p = (n, oh, ow) of a sample range; rows
// are taps k = (ci, kh, kw). Element (k, p) is x[n, ci, oh·s − pad + kh, ow·s − pad + kw],
// or 0 in the padding. The packers below gather such blocks directly into the panel
// layout the micro-kernels read:
//   forward       y[co, p]  = Σ_k w[co, k] · col[k, p]      A = w,  B = col   (gathered)
//   weight grad   dw[co, k] = Σ_p dy[co, p] · col[k, p]     A = dy, B = colᵀ (gathered)
//   input grad    dcol[k, p] = Σ_co w[co, k] · dy[co, p]    A = wᵀ, B = dy; then col2im
//
// The packing loops are written once as always-inline bodies and compiled for each
// instruction-set level (so the compiler vectorizes them, with masked gathers where the
// target has them); the choice follows llal_kernel_level like the GEMM itself.
#include "im2col.h"
#include "gemm.h"
#include "gemm_kernels.h"

#include <stdint.h>
#if defined(LLAL_HAVE_X86_KERNELS)
#include <immintrin.h>
#endif
#include <string.h>

#define INLINE static inline __attribute__((always_inline))

static long min_l(long a, long b) { return a < b ? a : b; }
static long max_l(long a, long b) { return a > b ? a : b; }
static long round_up(long x, long m) { return (x + m - 1) / m * m; }

// A row offset that makes every tap of a padding column fail the bounds test.
#define OUTSIDE (-(1 << 29))

#if defined(LLAL_HAVE_X86_KERNELS)
#define VERSIONS(name, params, ...)                                                        \
  __attribute__((target("avx512f"))) static void name##_avx512 params {                    \
    name##_body(LLAL_AVX512_NR, __VA_ARGS__);                                                   \
  }                                                                                        \
  __attribute__((target("avx2,fma"))) static void name##_avx2 params {                     \
    name##_body(LLAL_AVX2_NR, __VA_ARGS__);                                                     \
  }                                                                                        \
  static void name##_portable params { name##_body(LLAL_PORTABLE_NR, __VA_ARGS__); }
#define DISPATCH(level, name, args)                                                        \
  do {                                                                                     \
    if ((level) >= 3) name##_avx512 args;                                                  \
    else if ((level) >= 2) name##_avx2 args;                                               \
    else name##_portable args;                                                             \
  } while (0)
#else
#define VERSIONS(name, params, ...)                                                        \
  static void name##_portable params { name##_body(LLAL_PORTABLE_NR, __VA_ARGS__); }
#define DISPATCH(level, name, args) name##_portable args
#endif

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
// AVX-512 by hand (the compiler does not turn the loop above into gathers): per tap, a
// bounds mask from the tap's row/column offsets, then a masked load where 16 columns
// are consecutive pixels of one image row (stride 1), else a masked gather.
__attribute__((target("avx512f"))) static void pack_col_avx512(
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
    // Each half panel splits into runs of lanes that are consecutive pixels of one image
    // row (stride 1): one masked load per run fills those lanes. More than four runs
    // (stride 2, tiny images) and a gather is cheaper.
    __m512i vih[2], viw[2], vbase[2];
    int runs[2];
    int32_t run_start[2][4];
    __mmask16 run_lanes[2][4];
    for (int h = 0; h < 2; h++) {
      const int32_t *bh = base + 16 * h, *ih = ih0 + 16 * h;
      vih[h] = _mm512_loadu_si512(ih);
      viw[h] = _mm512_loadu_si512(iw0 + 16 * h);
      vbase[h] = _mm512_loadu_si512(bh);
      runs[h] = 0;
      for (int j = 0; j < 16 && runs[h] <= 4;) {
        int e = j + 1;
        while (e < 16 && ih[e] == ih[j] && bh[e] == bh[j] + (e - j)) e++;
        if (runs[h] < 4) {
          run_start[h][runs[h]] = bh[j] - j;  // lane l of the run reads x[start + l + off]
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
    for (long kk = 0; kk < kb; kk++) {
      const int32_t off = ci * HW + kh * W + kw;
      for (int h = 0; h < 2; h++) {
        __m512i ih = _mm512_add_epi32(vih[h], _mm512_set1_epi32(kh));
        __m512i iw = _mm512_add_epi32(viw[h], _mm512_set1_epi32(kw));
        __mmask16 m = _mm512_cmplt_epu32_mask(ih, vH) & _mm512_cmplt_epu32_mask(iw, vW);
        __m512 v = _mm512_setzero_ps();
        if (runs[h] <= 4) {
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
__attribute__((target("avx2,fma"))) static void pack_col_avx2(
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
// Transposes 16 rows of 16 floats in registers (unpacks, then 128-bit lane shuffles).
__attribute__((target("avx512f"))) static inline void transpose16(__m512 r[16]) {
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

// AVX-512: gather 32 pixels × kn taps the forward way (runs of masked loads), then
// transpose 16×16 blocks in registers into the pixel-major panels; much cheaper than
// gathering each pixel's taps. `scratch` holds 32 × round_up(kn, 16) floats.
__attribute__((target("avx512f"))) static void pack_col_t_avx512(
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
        transpose16(r);
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
__attribute__((target("avx2,fma"))) static void pack_col_t_avx2(
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
static void pack_dy_rows(int level, const llal_conv_shape *s, const float *dy, long p0,
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

// --- dx += col2im(dcol) for the columns p0..<p0+np; dcol is [in_c·k·k, np].
INLINE void col2im_body(const long nr, const llal_conv_shape *s, const float *dcol, long p0,
                        long np, float *dx) {
  (void)nr;
  const long H = s->in_h, W = s->in_w, K = s->kernel, st = s->stride, pad = s->pad;
  const long chw = s->in_c * H * W, ohw = s->out_h * s->out_w, ow_n = s->out_w;
  const long taps = s->in_c * K * K;
  for (long k = 0; k < taps; k++) {
    const long ci = k / (K * K), kh = k % (K * K) / K, kw = k % K;
    // ow range whose iw = ow·s − pad + kw lies inside [0, W).
    const long ow_lo = pad - kw > 0 ? (pad - kw + st - 1) / st : 0;
    const long last = W - 1 + pad - kw;  // may be negative: then no ow fits
    const long ow_hi = last < 0 ? 0 : min_l(ow_n, last / st + 1);
    const float *src = dcol + k * np;
    for (long pp = 0; pp < np;) {
      long p = p0 + pp, n = p / ohw, oh = p % ohw / ow_n, ow = p % ow_n;
      long run = min_l(np - pp, ow_n - ow);
      long ih = oh * st - pad + kh;
      if (ih >= 0 && ih < H) {
        float *row = dx + n * chw + ci * H * W + ih * W - pad + kw;
        const float *sr = src + pp - ow;
        long lo = max_l(ow, ow_lo), hi = min_l(ow + run, ow_hi);
        if (st == 1) {
          for (long o = lo; o < hi; o++) row[o] += sr[o];
        } else {
          for (long o = lo; o < hi; o++) row[o * st] += sr[o];
        }
      }
      pp += run;
    }
  }
}
VERSIONS(col2im, (const llal_conv_shape *s, const float *dcol, long p0, long np, float *dx),
         s, dcol, p0, np, dx)

// --- Weight packing.

size_t llal_conv_packed_weight_size(int level, const llal_conv_shape *s) {
  long taps = s->in_c * s->kernel * s->kernel;
  return (size_t)(round_up(s->out_c, llal_gemm_mr(level)) * taps);
}

void llal_conv_pack_weight(int level, const llal_conv_shape *s, const float *w, float *dst) {
  long taps = s->in_c * s->kernel * s->kernel, rows = round_up(s->out_c, llal_gemm_mr(level));
  // One packed A block per KC slice of the taps, at offset rows·pc.
  for (long pc = 0; pc < taps; pc += LLAL_GEMM_KC) {
    long kb = min_l(LLAL_GEMM_KC, taps - pc);
    llal_gemm_pack_a(level, 0, w + pc, taps, s->out_c, kb, dst + rows * pc);
  }
}

size_t llal_conv_packed_weight_t_size(int level, const llal_conv_shape *s) {
  long taps = s->in_c * s->kernel * s->kernel;
  return (size_t)(round_up(taps, llal_gemm_mr(level)) * s->out_c);
}

void llal_conv_pack_weight_t(int level, const llal_conv_shape *s, const float *w,
                             float *dst) {
  long taps = s->in_c * s->kernel * s->kernel, rows = round_up(taps, llal_gemm_mr(level));
  for (long pc = 0; pc < s->out_c; pc += LLAL_GEMM_KC) {
    long kb = min_l(LLAL_GEMM_KC, s->out_c - pc);
    llal_gemm_pack_a(level, 1, w + pc * taps, taps, taps, kb, dst + rows * pc);
  }
}

// --- Forward.

// Output pixels per block: the packed B block and the C block stay in L2.
static long forward_chunk(int level, const llal_conv_shape *s) {
  long taps = s->in_c * s->kernel * s->kernel, nr = llal_gemm_nr(level);
  long depth = max_l(min_l(taps, LLAL_GEMM_KC), s->out_c);
  return min_l(max_l(32768 / depth / nr, 1) * nr, 4096);
}

size_t llal_conv_forward_workspace(int level, const llal_conv_shape *s) {
  long taps = s->in_c * s->kernel * s->kernel, chunk = forward_chunk(level, s);
  return (size_t)(min_l(taps, LLAL_GEMM_KC) * chunk + round_up(s->out_c, 16) * chunk);
}

void llal_conv_forward(int level, const llal_conv_shape *s, const float *x,
                       const float *packed_w, const float *bias, float *y, long n0, long n1,
                       float *workspace) {
  const long taps = s->in_c * s->kernel * s->kernel, ohw = s->out_h * s->out_w;
  const long rows = round_up(s->out_c, llal_gemm_mr(level)), chunk = forward_chunk(level, s);
  float *pb = workspace, *cbuf = workspace + min_l(taps, LLAL_GEMM_KC) * chunk;
  for (long p0 = n0 * ohw; p0 < n1 * ohw; p0 += chunk) {
    long np = min_l(chunk, n1 * ohw - p0);
    for (long pc = 0; pc < taps; pc += LLAL_GEMM_KC) {
      long kb = min_l(LLAL_GEMM_KC, taps - pc);
      DISPATCH(level, pack_col, (s, x, pc, kb, p0, np, pb));
      llal_gemm_macro(level, s->out_c, np, kb, packed_w + rows * pc, pb, cbuf, np, pc > 0);
    }
    // cbuf is [out_c, np]; y[n] is [out_c, ohw]: copy runs of one sample, adding the bias.
    for (long pp = 0; pp < np;) {
      long p = p0 + pp, n = p / ohw, hw = p % ohw, run = min_l(np - pp, ohw - hw);
      for (long co = 0; co < s->out_c; co++) {
        float *dst = y + (n * s->out_c + co) * ohw + hw;
        const float *src = cbuf + co * np + pp;
        float b = bias ? bias[co] : 0.0f;
        for (long j = 0; j < run; j++) dst[j] = src[j] + b;
      }
      pp += run;
    }
  }
}

// --- Weight gradient.

enum { WGRAD_TAPS = 512 };  // taps per packed B block (its width)

size_t llal_conv_backward_weight_workspace(int level, const llal_conv_shape *s) {
  long taps = s->in_c * s->kernel * s->kernel;
  long width = round_up(min_l(taps, WGRAD_TAPS), llal_gemm_nr(level));
  // A packed block of dy, one of the gathered input, and the transpose scratch.
  return (size_t)((round_up(s->out_c, llal_gemm_mr(level)) + width) * LLAL_GEMM_KC +
                  LLAL_MAX_NR * round_up(min_l(taps, WGRAD_TAPS), 16));
}

void llal_conv_backward_weight(int level, const llal_conv_shape *s, const float *x,
                               const float *dy, float *dw, float *dbias, long n0, long n1,
                               float *workspace) {
  const long taps = s->in_c * s->kernel * s->kernel, ohw = s->out_h * s->out_w;
  float *pa = workspace;
  float *pb = workspace + round_up(s->out_c, llal_gemm_mr(level)) * LLAL_GEMM_KC;
  float *scratch = pb + round_up(min_l(taps, WGRAD_TAPS), llal_gemm_nr(level)) * LLAL_GEMM_KC;
  if (dbias) {
    for (long n = n0; n < n1; n++)
      for (long co = 0; co < s->out_c; co++) {
        const float *src = dy + (n * s->out_c + co) * ohw;
        float acc = 0;
        for (long j = 0; j < ohw; j++) acc += src[j];
        dbias[co] += acc;
      }
  }
  // The GEMM's inner dimension is the pixels, in slices of KC.
  for (long p0 = n0 * ohw; p0 < n1 * ohw; p0 += LLAL_GEMM_KC) {
    long np = min_l(LLAL_GEMM_KC, n1 * ohw - p0);
    pack_dy_rows(level, s, dy, p0, np, pa);
    for (long k0 = 0; k0 < taps; k0 += WGRAD_TAPS) {
      long kn = min_l(WGRAD_TAPS, taps - k0);
      DISPATCH(level, pack_col_t, (s, x, p0, np, k0, kn, pb, scratch));
      llal_gemm_macro(level, s->out_c, kn, np, pa, pb, dw + k0, taps, 1);
    }
  }
}

// --- Input gradient.

static long input_chunk(int level, const llal_conv_shape *s) {
  long taps = s->in_c * s->kernel * s->kernel, nr = llal_gemm_nr(level);
  return min_l(max_l(65536 / taps / nr, 1) * nr, 2048);
}

size_t llal_conv_backward_input_workspace(int level, const llal_conv_shape *s) {
  long taps = s->in_c * s->kernel * s->kernel, chunk = input_chunk(level, s);
  return (size_t)((min_l(s->out_c, LLAL_GEMM_KC) + taps) * chunk);
}

void llal_conv_backward_input(int level, const llal_conv_shape *s, const float *packed_wt,
                              const float *dy, float *dx, long n0, long n1, float *workspace) {
  const long taps = s->in_c * s->kernel * s->kernel, ohw = s->out_h * s->out_w;
  const long rows = round_up(taps, llal_gemm_mr(level)), chunk = input_chunk(level, s);
  const long chw = s->in_c * s->in_h * s->in_w;
  float *pb = workspace, *dcol = workspace + min_l(s->out_c, LLAL_GEMM_KC) * chunk;
  memset(dx + n0 * chw, 0, sizeof(float) * (size_t)((n1 - n0) * chw));
  for (long p0 = n0 * ohw; p0 < n1 * ohw; p0 += chunk) {
    long np = min_l(chunk, n1 * ohw - p0);
    for (long pc = 0; pc < s->out_c; pc += LLAL_GEMM_KC) {
      long cb = min_l(LLAL_GEMM_KC, s->out_c - pc);
      DISPATCH(level, pack_dy, (s, dy, pc, cb, p0, np, pb));
      llal_gemm_macro(level, taps, np, cb, packed_wt + rows * pc, pb, dcol, np, pc > 0);
    }
    DISPATCH(level, col2im, (s, dcol, p0, np, dx));
  }
}
