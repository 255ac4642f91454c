// Batch normalisation per channel (see batchnorm.h), on which Swift loops spent about
// 15 % of `llal bench al-pose`.
//
// Each body is written once with 16-lane vector types and compiled for AVX-512 (one zmm
// per vector), AVX2+FMA (two ymm) and portably; the same code on every level sums in the
// same order. A run's floats go through four vector accumulators (or one for short runs,
// then a scalar tail), which are widened to double at the end of the run; runs shorter
// than a vector are summed one value at a time.
#include "batchnorm.h"
#include "CKernels.h"
#include "kernel_util.h"
#include "vector16.h"

#include <string.h>

typedef float v8f __attribute__((vector_size(32)));
typedef double v8d __attribute__((vector_size(64)));

// The sixteen lanes as two vectors of doubles, added.
INLINE v8d widen(v16f v) {
  v8f lo = __builtin_shufflevector(v, v, 0, 1, 2, 3, 4, 5, 6, 7);
  v8f hi = __builtin_shufflevector(v, v, 8, 9, 10, 11, 12, 13, 14, 15);
  return __builtin_convertvector(lo, v8d) + __builtin_convertvector(hi, v8d);
}

INLINE double hsum_d(v8d v) {
  return ((v[0] + v[4]) + (v[1] + v[5])) + ((v[2] + v[6]) + (v[3] + v[7]));
}

// g where the fused ReLU let its input a·x + b through (> 0; NaN fails), else 0: the same
// expression as bn_affine's, so the same bits decide.
INLINE v16f masked(v16f g, v16f x, v16f a, v16f b) {
  return (v16f)((v16i)g & (a * x + b > (v16f){0}));
}
INLINE float masked1(float g, float x, float a, float b) {
  float v = a * x + b;
  return v > 0 ? g : 0;
}

// Sums over the channel of f(i) for a function of the element index within a run, as
// F(p, i) a vector of 16 and F1(p, i) one value, p being the run's offset. Accumulates
// into the doubles `total`.
#define CHANNEL_SUM(total, F, F1)                                            \
  do {                                                                       \
    v8d wide_ = {0};                                                         \
    double tail_ = 0;                                                        \
    for (size_t r_ = 0; r_ < runs; r_++) {                                   \
      const size_t p = r_ * stride;                                          \
      size_t i = 0;                                                          \
      if (len >= 16) {                                                       \
        v16f a0 = {0}, a1 = {0}, a2 = {0}, a3 = {0};                         \
        for (; i + 64 <= len; i += 64) {                                     \
          a0 += F(p, i);                                                     \
          a1 += F(p, i + 16);                                                \
          a2 += F(p, i + 32);                                                \
          a3 += F(p, i + 48);                                                \
        }                                                                    \
        for (; i + 16 <= len; i += 16) a0 += F(p, i);                        \
        wide_ += widen((a0 + a1) + (a2 + a3));                               \
      }                                                                      \
      float t_ = 0;                                                          \
      for (; i < len; i++) t_ += F1(p, i);                                   \
      tail_ += t_;                                                           \
    }                                                                        \
    total = hsum_d(wide_) + tail_;                                           \
  } while (0)

// MARK: - Statistics

INLINE void bn_stats_body(const float *x, size_t runs, size_t len, size_t stride,
                          float *mean, float *variance) {
  const double m = (double)runs * (double)len;
  double s, q;
#define X(p, i) load16(x + (p) + (i))
#define X1(p, i) x[(p) + (i)]
  CHANNEL_SUM(s, X, X1);
  const float mu = (float)(s / m);
  const v16f muv = (v16f){0} + mu;
#define D2(p, i) ((X(p, i) - muv) * (X(p, i) - muv))
#define D21(p, i) ((X1(p, i) - mu) * (X1(p, i) - mu))
  CHANNEL_SUM(q, D2, D21);
#undef X
#undef X1
#undef D2
#undef D21
  *mean = mu;
  *variance = (float)(q / m);
}
DISPATCH_LEVELS(bn_stats,
                (const float *x, size_t runs, size_t len, size_t stride, float *mean, float *variance),
                (x, runs, len, stride, mean, variance))

// MARK: - The affine map

INLINE void bn_affine_body(const float *x, float *y, size_t runs, size_t len, size_t stride,
                           float a, float b, int relu) {
  const v16f av = (v16f){0} + a, bv = (v16f){0} + b, zero = {0};
  for (size_t r = 0; r < runs; r++) {
    const float *xr = x + r * stride;
    float *yr = y + r * stride;
    size_t i = 0;
    for (; i + 16 <= len; i += 16) {
      v16f v = av * load16(xr + i) + bv;
      if (relu) v = (v16f)((v16i)v & ~(v < zero));
      store16(yr + i, v);
    }
    for (; i < len; i++) {
      float v = a * xr[i] + b;
      yr[i] = relu && v < 0 ? 0 : v;
    }
  }
}
DISPATCH_LEVELS(bn_affine,
                (const float *x, float *y, size_t runs, size_t len, size_t stride, float a, float b,
                 int relu),
                (x, y, runs, len, stride, a, b, relu))

// MARK: - Gradients

// The gradient sums, with the ReLU's mask compiled in or out: both sums in one pass over
// g and x, each accumulated as CHANNEL_SUM would alone (the same order, the same bits).
INLINE void grad_sums(const float *g, const float *x, int relu, float a, float b, size_t runs,
                      size_t len, size_t stride, float mean, double sums[2]) {
  const v16f mv = (v16f){0} + mean, av = (v16f){0} + a, bv = (v16f){0} + b;
  v8d wide0 = {0}, wide1 = {0};
  double tail0 = 0, tail1 = 0;
  for (size_t r = 0; r < runs; r++) {
    const float *gr = g + r * stride, *xr = x + r * stride;
    size_t i = 0;
    if (len >= 16) {
      v16f s0[4] = {{0}, {0}, {0}, {0}}, s1[4] = {{0}, {0}, {0}, {0}};
#define STEP(k, at)                                        \
  do {                                                     \
    v16f xv = load16(xr + (at)), gv = load16(gr + (at));   \
    if (relu) gv = masked(gv, xv, av, bv);                 \
    s0[k] += gv;                                           \
    s1[k] += gv * (xv - mv);                               \
  } while (0)
      for (; i + 64 <= len; i += 64) {
        STEP(0, i);
        STEP(1, i + 16);
        STEP(2, i + 32);
        STEP(3, i + 48);
      }
      for (; i + 16 <= len; i += 16) STEP(0, i);
#undef STEP
      wide0 += widen((s0[0] + s0[1]) + (s0[2] + s0[3]));
      wide1 += widen((s1[0] + s1[1]) + (s1[2] + s1[3]));
    }
    float t0 = 0, t1 = 0;
    for (; i < len; i++) {
      float gi = relu ? masked1(gr[i], xr[i], a, b) : gr[i];
      t0 += gi;
      t1 += gi * (xr[i] - mean);
    }
    tail0 += t0;
    tail1 += t1;
  }
  sums[0] = hsum_d(wide0) + tail0;
  sums[1] = hsum_d(wide1) + tail1;
}

INLINE void bn_grad_sums_body(const float *g, const float *x, int relu, float a, float b,
                              size_t runs, size_t len, size_t stride, float mean,
                              double sums[2]) {
  if (relu) grad_sums(g, x, 1, a, b, runs, len, stride, mean, sums);
  else grad_sums(g, x, 0, a, b, runs, len, stride, mean, sums);
}
DISPATCH_LEVELS(bn_grad_sums,
                (const float *g, const float *x, int relu, float a, float b, size_t runs, size_t len,
                 size_t stride, float mean, double sums[2]),
                (g, x, relu, a, b, runs, len, stride, mean, sums))

// dx with the ReLU's mask and the x term compiled in or out.
INLINE void grad_input(const float *g, const float *x, int relu, float a, float b, float *dx,
                       size_t runs, size_t len, size_t stride, float k, int with_x, float c,
                       float shift) {
  const v16f kv = (v16f){0} + k, cv = (v16f){0} + c, sv = (v16f){0} + shift;
  const v16f av = (v16f){0} + a, bv = (v16f){0} + b;
  for (size_t r = 0; r < runs; r++) {
    const size_t p = r * stride;
    size_t i = 0;
    for (; i + 16 <= len; i += 16) {
      v16f gv = load16(g + p + i), xv = load16(x + p + i);
      if (relu) gv = masked(gv, xv, av, bv);
      store16(dx + p + i, with_x ? kv * gv + cv * xv + sv : kv * gv + sv);
    }
    for (; i < len; i++) {
      float gi = relu ? masked1(g[p + i], x[p + i], a, b) : g[p + i];
      dx[p + i] = with_x ? k * gi + c * x[p + i] + shift : k * gi + shift;
    }
  }
}

INLINE void bn_grad_input_body(const float *g, const float *x, int relu, float a, float b,
                               float *dx, size_t runs, size_t len, size_t stride, float k,
                               int with_x, float c, float shift) {
  if (relu && with_x) grad_input(g, x, 1, a, b, dx, runs, len, stride, k, 1, c, shift);
  else if (with_x) grad_input(g, x, 0, a, b, dx, runs, len, stride, k, 1, c, shift);
  else if (relu) grad_input(g, x, 1, a, b, dx, runs, len, stride, k, 0, c, shift);
  else grad_input(g, x, 0, a, b, dx, runs, len, stride, k, 0, c, shift);
}
DISPATCH_LEVELS(bn_grad_input,
                (const float *g, const float *x, int relu, float a, float b, float *dx, size_t runs,
                 size_t len, size_t stride, float k, int with_x, float c, float shift),
                (g, x, relu, a, b, dx, runs, len, stride, k, with_x, c, shift))
