// The forward convolution without packing: stride 1, AVX-512, output rows of 16 pixels or
// more, or of exactly 8.
//
// Each micro-tile is 8 output channels × two groups of 16 output pixels. A group is a
// 16-pixel segment of one output row, or 2 rows of 8 ("runs"). For a tap
// (ci, kh, kw) the input values a run needs are consecutive in x, so the kernel loads
// them straight from the image (one masked load per run, the mask covering the padding)
// instead of copying them into a packed panel first, and stores into y's rows directly.
#include "conv2d_internal.h"

#if defined(LLAL_HAVE_X86_KERNELS)
#include <immintrin.h>
#endif
#include <string.h>

#if defined(LLAL_HAVE_X86_KERNELS)
// Runs per 16-pixel group for this output width, or 0 when the direct path does not fit.
static int direct_runs(int level, const llal_conv_shape *s) {
  if (level < 3 || s->stride != 1 || s->kernel > DIRECT_MAX_KERNEL) return 0;
  if (s->out_w >= 16) return 1;
  // Whole rows per group, and groups that never straddle two samples.
  // NOTE: rows of 4 (four loads per tap) lose to packing, whose panels the GEMM reuses
  // across all output channels.
  if (s->out_w == 8 && s->out_h % 2 == 0) return 2;
  return 0;
}

int llal_conv_direct_fits(int level, const llal_conv_shape *s) {
  return direct_runs(level, s) > 0;
}

size_t llal_conv_direct_workspace(const llal_conv_shape *s) {
  return (size_t)(2 * s->in_c * s->kernel * s->kernel);  // the tap tables
}

// A group of 16 output pixels in `runs` runs. Lane l of run r reads x[x[r] + l + off] for
// tap offset off and writes y[y[r] + l + co·ohw]; both pointers are shifted back by the
// run's first lane, whose lanes below are masked off and never touched.
typedef struct {
  const float *x[4];
  float *y[4];
  __mmask16 store[4];
  __mmask16 masks[4][DIRECT_MAX_KERNEL * DIRECT_MAX_KERNEL];  // per run, per (kh, kw)
} pixel_group;

static void direct_group(const llal_conv_shape *s, const float *x, float *y, long q, int runs,
                         pixel_group *g) {
  const long segs = (s->out_w + 15) / 16, ohw = s->out_h * s->out_w, K = s->kernel;
  const long lanes = 16 / runs;
  for (int r = 0; r < runs; r++) {
    long n, oh, ow0, len;
    if (runs == 1) {
      n = q / (s->out_h * segs);
      oh = q % (s->out_h * segs) / segs;
      ow0 = q % segs * 16;
      len = min_l(16, s->out_w - ow0);
    } else {
      long row = q * runs + r;  // rows of all samples, in order
      n = row / s->out_h;
      oh = row % s->out_h;
      ow0 = 0;
      len = s->out_w;
    }
    long shift = r * lanes;
    g->x[r] = x + n * s->in_c * s->in_h * s->in_w + (oh - s->pad) * s->in_w + (ow0 - s->pad) -
              shift;
    g->y[r] = y + n * s->out_c * ohw + oh * s->out_w + ow0 - shift;
    g->store[r] = (__mmask16)(((1u << len) - 1) << shift);
    for (long kh = 0; kh < K; kh++) {
      long ih = oh - s->pad + kh;
      for (long kw = 0; kw < K; kw++) {
        // Lanes l < len whose column ow0 + l − pad + kw lies inside the image.
        long lo = max_l(0, s->pad - kw - ow0), hi = min_l(len, s->in_w + s->pad - kw - ow0);
        unsigned m = 0;
        if (len > 0 && ih >= 0 && ih < s->in_h && hi > lo)
          m = ((1u << hi) - 1) & ~((1u << lo) - 1);
        g->masks[r][kh * K + kw] = (__mmask16)(m << shift);
      }
    }
  }
}

// init: 0 start from zero, 1 from the bias, 2 from y (a later slice of the taps).
INLINE LLAL_TARGET_AVX512 void direct_kernel_body(
    const int runs, long kb, const float *a, const int32_t *off, const uint8_t *combo,
    const pixel_group *g0, const pixel_group *g1, long co, long ohw, int rows, int init,
    const float *bias) {
  enum { MR = LLAL_AVX512_MR };
  __m512 c0[MR], c1[MR];
#pragma GCC unroll 16
  for (int i = 0; i < MR; i++) {
    c0[i] = c1[i] = _mm512_setzero_ps();
    if (init == 2 && i < rows) {
      for (int r = 0; r < runs; r++) {
        c0[i] = _mm512_mask_loadu_ps(c0[i], g0->store[r], g0->y[r] + (co + i) * ohw);
        c1[i] = _mm512_mask_loadu_ps(c1[i], g1->store[r], g1->y[r] + (co + i) * ohw);
      }
    } else if (init == 1 && i < rows) {
      c0[i] = c1[i] = _mm512_set1_ps(bias[i]);
    }
  }
  for (long p = 0; p < kb; p++) {
    const int32_t o = off[p];
    const unsigned t = combo[p];
    __m512 v0 = _mm512_maskz_loadu_ps(g0->masks[0][t], g0->x[0] + o);
    __m512 v1 = _mm512_maskz_loadu_ps(g1->masks[0][t], g1->x[0] + o);
    for (int r = 1; r < runs; r++) {
      v0 = _mm512_mask_loadu_ps(v0, g0->masks[r][t], g0->x[r] + o);
      v1 = _mm512_mask_loadu_ps(v1, g1->masks[r][t], g1->x[r] + o);
    }
#pragma GCC unroll 16
    for (int i = 0; i < MR; i++) {
      __m512 ai = _mm512_set1_ps(a[i]);
      c0[i] = _mm512_fmadd_ps(ai, v0, c0[i]);
      c1[i] = _mm512_fmadd_ps(ai, v1, c1[i]);
    }
    a += MR;
  }
#pragma GCC unroll 16
  for (int i = 0; i < MR; i++) {
    if (i < rows) {
      for (int r = 0; r < runs; r++) {
        _mm512_mask_storeu_ps(g0->y[r] + (co + i) * ohw, g0->store[r], c0[i]);
        _mm512_mask_storeu_ps(g1->y[r] + (co + i) * ohw, g1->store[r], c1[i]);
      }
    }
  }
}

#define DIRECT_KERNEL(R)                                                                    \
  LLAL_TARGET_AVX512 static void direct_kernel_##R(                                        \
      long kb, const float *a, const int32_t *off, const uint8_t *combo,                   \
      const pixel_group *g0, const pixel_group *g1, long co, long ohw, int rows, int init, \
      const float *bias) {                                                                 \
    direct_kernel_body(R, kb, a, off, combo, g0, g1, co, ohw, rows, init, bias);           \
  }
DIRECT_KERNEL(1)
DIRECT_KERNEL(2)

void llal_conv_direct_forward(const llal_conv_shape *s, const float *x, const float *packed_w,
                              const float *bias, float *y, long n0, long n1, float *workspace) {
  const long taps = s->in_c * s->kernel * s->kernel, K = s->kernel;
  const long rows = round_up(s->out_c, LLAL_AVX512_MR), ohw = s->out_h * s->out_w;
  const int runs = direct_runs(3, s);
  // Groups of 16 output pixels in samples n0..<n1 (out_h is a multiple of runs).
  const long per_sample = runs == 1 ? s->out_h * ((s->out_w + 15) / 16) : s->out_h / runs;
  const long q0 = n0 * per_sample, q1 = n1 * per_sample;
  int32_t *off = (int32_t *)workspace;
  uint8_t *combo = (uint8_t *)(off + taps);
  for (long k = 0; k < taps; k++) {
    long ci = k / (K * K), kh = k % (K * K) / K, kw = k % K;
    off[k] = (int32_t)(ci * s->in_h * s->in_w + kh * s->in_w + kw);
    combo[k] = (uint8_t)(kh * K + kw);
  }
  pixel_group g0, g1;
  for (long q = q0; q < q1; q += 2) {
    direct_group(s, x, y, q, runs, &g0);
    if (q + 1 < q1) {
      direct_group(s, x, y, q + 1, runs, &g1);
    } else {  // an odd count: the second group computes nothing and stores nothing
      g1 = g0;
      memset(g1.store, 0, sizeof g1.store);
      memset(g1.masks, 0, sizeof g1.masks);
    }
    for (long co = 0; co < s->out_c; co += LLAL_AVX512_MR) {
      int valid = (int)min_l(LLAL_AVX512_MR, s->out_c - co);
      for (long pc = 0; pc < taps; pc += LLAL_GEMM_KC) {
        long kb = min_l(LLAL_GEMM_KC, taps - pc);
        int init = pc > 0 ? 2 : bias ? 1 : 0;
        const float *a = packed_w + rows * pc + co * kb;
        const float *b = bias ? bias + co : NULL;
        if (runs == 1) {
          direct_kernel_1(kb, a, off + pc, combo + pc, &g0, &g1, co, ohw, valid, init, b);
        } else {
          direct_kernel_2(kb, a, off + pc, combo + pc, &g0, &g1, co, ohw, valid, init, b);
        }
      }
    }
  }
}
#else
int llal_conv_direct_fits(int level, const llal_conv_shape *s) {
  (void)level;
  (void)s;
  return 0;
}

size_t llal_conv_direct_workspace(const llal_conv_shape *s) {
  (void)s;
  return 0;
}

void llal_conv_direct_forward(const llal_conv_shape *s, const float *x, const float *packed_w,
                              const float *bias, float *y, long n0, long n1, float *workspace) {
  (void)s, (void)x, (void)packed_w, (void)bias, (void)y, (void)n0, (void)n1, (void)workspace;
}
#endif

