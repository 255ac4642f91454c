// Private to CKernels: the 8-lane vector types (GCC/Clang vector extensions), their
// helpers, exp8 and log8, and the row reductions that the element-wise and cross-entropy
// kernels share; DISPATCH compiles a kernel body per level.
#ifndef LLAL_VECTOR8_H
#define LLAL_VECTOR8_H

#include "CKernels.h"
#include "kernel_util.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

// NOTE: 8-lane vectors cross function boundaries only inside always-inline bodies, so the
// calling-convention difference between AVX and pre-AVX targets that -Wpsabi warns about
// never arises.
#pragma GCC diagnostic ignored "-Wpsabi"

typedef float v8f __attribute__((vector_size(32)));
typedef int32_t v8i __attribute__((vector_size(32)));

#if defined(LLAL_HAVE_X86_KERNELS)
// Defines ENTRY (a function's type and name), which runs NAME_body compiled for AVX2+FMA
// or portably.
#define DISPATCH_TO(ENTRY, NAME, PARAMS, ARGS)                                            \
  LLAL_TARGET_AVX2 static void NAME##_avx2 PARAMS { NAME##_body ARGS; }                   \
  static void NAME##_portable PARAMS { NAME##_body ARGS; }                                \
  ENTRY PARAMS {                                                                          \
    if (llal_kernel_level() >= 2) NAME##_avx2 ARGS;                                       \
    else NAME##_portable ARGS;                                                            \
  }
#else
#define DISPATCH_TO(ENTRY, NAME, PARAMS, ARGS) \
  ENTRY PARAMS { NAME##_body ARGS; }
#endif
// Defines llal_NAME, the public kernel.
#define DISPATCH(NAME, PARAMS, ARGS) DISPATCH_TO(void llal_##NAME, NAME, PARAMS, ARGS)

// MARK: - Vector helpers

INLINE v8f splat(float s) {
  v8f v = {s, s, s, s, s, s, s, s};
  return v;
}

INLINE v8f load8(const float *p) {
  v8f v;
  memcpy(&v, p, sizeof v);
  return v;
}

INLINE void store8(float *p, v8f v) { memcpy(p, &v, sizeof v); }

// The first k (< 8) elements of p, the other lanes set to fill.
INLINE v8f loadn(const float *p, size_t k, float fill) {
  if (k >= 8) return load8(p);
  float b[8] = {fill, fill, fill, fill, fill, fill, fill, fill};
  for (size_t i = 0; i < k; i++) b[i] = p[i];
  return load8(b);
}

INLINE void storen(float *p, v8f v, size_t k) {
  if (k >= 8) {
    store8(p, v);
    return;
  }
  float b[8];
  store8(b, v);
  for (size_t i = 0; i < k; i++) p[i] = b[i];
}

// Lanes of a where m is set, else of b.
INLINE v8f blend(v8i m, v8f a, v8f b) { return (v8f)((m & (v8i)a) | (~m & (v8i)b)); }

// Max and min that keep a NaN from either side (acc is the running value).
INLINE v8f vmax(v8f acc, v8f v) { return blend((v > acc) | (v != v), v, acc); }
INLINE v8f vmin(v8f acc, v8f v) { return blend((v < acc) | (v != v), v, acc); }
INLINE v8f vadd(v8f acc, v8f v) { return acc + v; }

INLINE float hsum(v8f v) {
  return ((v[0] + v[4]) + (v[1] + v[5])) + ((v[2] + v[6]) + (v[3] + v[7]));
}

// Horizontal max and min by halving; a NaN in any lane reaches lane 0.
#define HORIZONTAL(NAME, OP)                                       \
  INLINE float NAME(v8f v) {                                       \
    v = OP(v, __builtin_shufflevector(v, v, 4, 5, 6, 7, 0, 1, 2, 3)); \
    v = OP(v, __builtin_shufflevector(v, v, 2, 3, 0, 1, 6, 7, 4, 5)); \
    v = OP(v, __builtin_shufflevector(v, v, 1, 0, 3, 2, 5, 4, 7, 6)); \
    return v[0];                                                   \
  }
HORIZONTAL(hmax, vmax)
HORIZONTAL(hmin, vmin)

// Row tails. A row of n >= 8 elements ends with a partial vector of k = n % 8 elements; the
// kernels load the row's last 8 elements instead (no read past the row, no stall from
// assembling the vector in memory) and use these lanes, the last k, as the new elements.
// The other lanes repeat elements already done: reductions mask them out, maps store them
// again with the same values. Rows shorter than 8 use loadn/storen.
INLINE v8i last_lanes(size_t k) {
  v8i lane = {0, 1, 2, 3, 4, 5, 6, 7};
  return lane >= (int32_t)(8 - k);
}

// MARK: - Vector transcendental functions

// exp(x): x = n ln2 + r with |r| <= ln2/2, exp(r) by the Cephes expf polynomial, then
// scaled by 2^n in two steps so that n in [-150, 128] never overflows the exponent field.
INLINE v8f exp8(v8f x) {
  const v8f hi = splat(88.7228394f), lo = splat(-103.972084f);
  v8f xc = blend(x < lo, lo, x);
  xc = blend(xc > hi, hi, xc);
  xc = blend(x != x, splat(0), xc);  // keeps the integer conversion below defined
  v8f fx = xc * splat(1.44269504088896341f);
  // NOTE: adding and removing 1.5 * 2^23 rounds to the nearest integer (|fx| < 2^22).
  fx = (fx + splat(12582912.0f)) - splat(12582912.0f);
  v8f r = xc - fx * splat(0.693359375f);
  r = r - fx * splat(-2.12194440e-4f);
  v8f z = r * r;
  v8f p = splat(1.9875691500e-4f);
  p = p * r + splat(1.3981999507e-3f);
  p = p * r + splat(8.3334519073e-3f);
  p = p * r + splat(4.1665795894e-2f);
  p = p * r + splat(1.6666665459e-1f);
  p = p * r + splat(5.0000001201e-1f);
  p = p * z + r + splat(1.0f);
  v8i n = __builtin_convertvector(fx, v8i);
  v8i n1 = n >> 1;
  v8i n2 = n - n1;
  v8f y = p * (v8f)((n1 + 127) << 23) * (v8f)((n2 + 127) << 23);
  y = blend(x > hi, splat(INFINITY), y);
  y = blend(x < lo, splat(0), y);
  return blend(x != x, x, y);
}

// log(x) for the sums of exponentials the cross-entropy takes (x >= 1, or NaN, which it
// returns): x = m 2^e with m in [sqrt(1/2), sqrt(2)), log(m) by the Cephes logf polynomial.
INLINE v8f log8(v8f x) {
  v8i bits = (v8i)x;
  v8i e = ((bits >> 23) & 0xff) - 126;
  v8f m = (v8f)((bits & 0x807fffff) | 0x3f000000);  // in [0.5, 1)
  v8i small = m < splat(0.707106781186547524f);
  e = e + small;  // small lanes are -1 (true)
  m = blend(small, m + m, m) - splat(1);
  v8f ef = __builtin_convertvector(e, v8f);
  v8f z = m * m;
  v8f p = splat(7.0376836292e-2f);
  p = p * m + splat(-1.1514610310e-1f);
  p = p * m + splat(1.1676998740e-1f);
  p = p * m + splat(-1.2420140846e-1f);
  p = p * m + splat(1.4249322787e-1f);
  p = p * m + splat(-1.6668057665e-1f);
  p = p * m + splat(2.0000714765e-1f);
  p = p * m + splat(-2.4999993993e-1f);
  p = p * m + splat(3.3333331174e-1f);
  v8f y = p * m * z + ef * splat(-2.12194440e-4f) - splat(0.5f) * z;
  y = (m + y) + ef * splat(0.693359375f);
  return blend(x != x, x, y);
}

// MARK: - Row reductions

// Sum, max and min of one contiguous row of n >= 1 elements. The sum keeps 32 partial
// sums, which also bounds the rounding error's growth.
INLINE float row_sum(const float *x, size_t n) {
  v8f a0 = splat(0), a1 = splat(0), a2 = splat(0), a3 = splat(0);
  size_t i = 0;
  for (; i + 32 <= n; i += 32) {
    a0 += load8(x + i);
    a1 += load8(x + i + 8);
    a2 += load8(x + i + 16);
    a3 += load8(x + i + 24);
  }
  for (; i + 8 <= n; i += 8) a0 += load8(x + i);
  if (i < n) {
    a1 += n >= 8 ? blend(last_lanes(n - i), load8(x + n - 8), splat(0)) : loadn(x, n, 0);
  }
  return hsum((a0 + a1) + (a2 + a3));
}

// Max and min keep four accumulators: each step's compare-and-blend waits on the last.
#define ROW_EXTREMUM(NAME, OP, HORIZONTAL)                                           \
  INLINE float NAME(const float *x, size_t n) {                                      \
    v8f a0 = splat(x[0]), a1 = a0, a2 = a0, a3 = a0;                                 \
    size_t i = 0;                                                                    \
    for (; i + 32 <= n; i += 32) {                                                   \
      a0 = OP(a0, load8(x + i));                                                     \
      a1 = OP(a1, load8(x + i + 8));                                                 \
      a2 = OP(a2, load8(x + i + 16));                                                \
      a3 = OP(a3, load8(x + i + 24));                                                \
    }                                                                                \
    for (; i + 8 <= n; i += 8) a0 = OP(a0, load8(x + i));                            \
    /* Repeated elements do not change a max or min. */                              \
    if (i < n) a1 = OP(a1, n >= 8 ? load8(x + n - 8) : loadn(x, n, x[0]));           \
    return HORIZONTAL(OP(OP(a0, a1), OP(a2, a3)));                                   \
  }

ROW_EXTREMUM(row_max, vmax, hmax)
ROW_EXTREMUM(row_min, vmin, hmin)

#endif
