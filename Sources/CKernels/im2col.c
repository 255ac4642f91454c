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
VERSIONS(pack_col,
         (const llal_conv_shape *s, const float *x, long k0, long kb, long p0, long np,
          float *dst),
         s, x, k0, kb, p0, np, dst)

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
VERSIONS(pack_col_t,
         (const llal_conv_shape *s, const float *x, long p0, long np, long k0, long kn,
          float *dst),
         s, x, p0, np, k0, kn, dst)

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
  return (size_t)((round_up(s->out_c, llal_gemm_mr(level)) + width) * LLAL_GEMM_KC);
}

void llal_conv_backward_weight(int level, const llal_conv_shape *s, const float *x,
                               const float *dy, float *dw, float *dbias, long n0, long n1,
                               float *workspace) {
  const long taps = s->in_c * s->kernel * s->kernel, ohw = s->out_h * s->out_w;
  float *pa = workspace;
  float *pb = workspace + round_up(s->out_c, llal_gemm_mr(level)) * LLAL_GEMM_KC;
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
      DISPATCH(level, pack_col_t, (s, x, p0, np, k0, kn, pb));
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
