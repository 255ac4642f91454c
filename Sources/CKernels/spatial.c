// Fixed 2×2 spatial kernels (see spatial.h): the pose hourglass's max pooling and
// upsampling, on which the general Swift loops spent about 10 % of `llal bench al-pose`.
//
// Bodies use 8-lane vector types, inlined into an AVX2 and a portable entry point as in
// elementwise.c, and into an AVX-512 one (`wide`) that first takes 16 lanes at a time.
// Even and odd columns are separated by shuffles; a row's last outputs (ow mod 8) go
// through the same rule one at a time, so every level returns the same bits (there is no
// arithmetic but the gradient's sums, taken in the same order at every width).
#include "spatial.h"
#include "CKernels.h"
#include "kernel_util.h"
#include "vector16.h"

#include <string.h>

// NOTE: 8-lane vectors cross function boundaries only inside always-inline bodies.
#pragma GCC diagnostic ignored "-Wpsabi"

typedef float v8f __attribute__((vector_size(32)));
typedef int32_t v8i __attribute__((vector_size(32)));

// Bodies take `wide` first: whether 16-lane blocks come before the 8-lane ones. ARGS is
// parenthesised; SPREAD drops the parentheses. The AVX-512 entry runs only where WIDE
// (an expression of the arguments) holds. Max pooling at rows too short for a 16-lane
// block is all scalar tail, whose speed depends on the build: without winners' offsets
// the AVX2 build is the faster (by 30 % at rows of 2 outputs), with them the AVX-512
// build with its vectoriser kept off the tail (by 40 % at rows of 4; vectorised, that
// tail ran 2× slower).
#define SPREAD(...) __VA_ARGS__
#if defined(LLAL_HAVE_X86_KERNELS)
#define DISPATCH_WIDE(NAME, PARAMS, ARGS, WIDE)                                          \
  LLAL_TARGET_AVX512 static void NAME##_avx512 PARAMS { NAME##_body(1, SPREAD ARGS); } \
  LLAL_TARGET_AVX2 static void NAME##_avx2 PARAMS { NAME##_body(0, SPREAD ARGS); }     \
  static void NAME##_portable PARAMS { NAME##_body(0, SPREAD ARGS); }                  \
  void llal_##NAME PARAMS {                                                            \
    int level = llal_kernel_level();                                                   \
    if (level >= 3 && (WIDE)) NAME##_avx512 ARGS;                                      \
    else if (level >= 2) NAME##_avx2 ARGS;                                             \
    else NAME##_portable ARGS;                                                         \
  }
#else
#define DISPATCH_WIDE(NAME, PARAMS, ARGS, WIDE) \
  void llal_##NAME PARAMS { NAME##_body(0, SPREAD ARGS); }
#endif
#define DISPATCH(NAME, PARAMS, ARGS) DISPATCH_WIDE(NAME, PARAMS, ARGS, 1)

INLINE v8f load8(const float *p) {
  v8f v;
  memcpy(&v, p, sizeof v);
  return v;
}
INLINE void store8(float *p, v8f v) { memcpy(p, &v, sizeof v); }
INLINE void store8i(int32_t *p, v8i v) { memcpy(p, &v, sizeof v); }
INLINE v16f evens16(v16f a, v16f b) {
  return __builtin_shufflevector(a, b, 0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28,
                                 30);
}
INLINE v16f odds16(v16f a, v16f b) {
  return __builtin_shufflevector(a, b, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29,
                                 31);
}
// Lanes 0..7 of a and b interleaved (a0 b0 a1 b1 …), and lanes 8..15.
INLINE v16f zip_lo16(v16f a, v16f b) {
  return __builtin_shufflevector(a, b, 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
}
INLINE v16f zip_hi16(v16f a, v16f b) {
  return __builtin_shufflevector(a, b, 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30,
                                 15, 31);
}
INLINE v8f evens(v8f a, v8f b) { return __builtin_shufflevector(a, b, 0, 2, 4, 6, 8, 10, 12, 14); }
INLINE v8f odds(v8f a, v8f b) { return __builtin_shufflevector(a, b, 1, 3, 5, 7, 9, 11, 13, 15); }

// MARK: - Max pooling

// The window's elements in row-major order; each replaces the best so far when greater or
// NaN (so a NaN wins, the last one among several).
INLINE void maxpool2x2_body(int wide, const float *x, float *y, int32_t *arg, size_t planes,
                            size_t h, size_t w) {
  const size_t oh = h / 2, ow = w / 2;
  const v8i lanes = {0, 2, 4, 6, 8, 10, 12, 14};
  const v16i lanes16 = {0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30};
  for (size_t p = 0; p < planes; p++) {
    for (size_t oy = 0; oy < oh; oy++) {
      const float *r0 = x + p * h * w + 2 * oy * w, *r1 = r0 + w;
      float *yr = y + (p * oh + oy) * ow;
      int32_t *ar = arg ? arg + (p * oh + oy) * ow : NULL;
      size_t ox = 0;
      for (; wide && ox + 16 <= ow; ox += 16) {
        v16f a = load16(r0 + 2 * ox), b = load16(r0 + 2 * ox + 16);
        v16f c = load16(r1 + 2 * ox), d = load16(r1 + 2 * ox + 16);
        v16f cand[3] = {odds16(a, b), evens16(c, d), odds16(c, d)};
        v16i first = lanes16 + (int32_t)(2 * oy * w + 2 * ox);
        v16i step[3] = {first + 1, first + (int32_t)w, first + (int32_t)w + 1};
        v16f best = evens16(a, b);
        v16i at = first;
        for (int i = 0; i < 3; i++) {
          v16i take = (cand[i] > best) | (cand[i] != cand[i]);
          best = (v16f)((take & (v16i)cand[i]) | (~take & (v16i)best));
          at = (take & step[i]) | (~take & at);
        }
        store16(yr + ox, best);
        if (ar) store16i(ar + ox, at);
      }
      for (; ox + 8 <= ow; ox += 8) {
        v8f a = load8(r0 + 2 * ox), b = load8(r0 + 2 * ox + 8);
        v8f c = load8(r1 + 2 * ox), d = load8(r1 + 2 * ox + 8);
        v8f cand[3] = {odds(a, b), evens(c, d), odds(c, d)};
        v8i first = lanes + (int32_t)(2 * oy * w + 2 * ox);
        v8i step[3] = {first + 1, first + (int32_t)w, first + (int32_t)w + 1};
        v8f best = evens(a, b);
        v8i at = first;
        for (int i = 0; i < 3; i++) {
          v8i take = (cand[i] > best) | (cand[i] != cand[i]);
          best = (v8f)((take & (v8i)cand[i]) | (~take & (v8i)best));
          at = (take & step[i]) | (~take & at);
        }
        store8(yr + ox, best);
        if (ar) store8i(ar + ox, at);
      }
#pragma clang loop vectorize(disable)
      for (; ox < ow; ox++) {
        size_t o = 2 * oy * w + 2 * ox;
        size_t offsets[4] = {o, o + 1, o + w, o + w + 1};
        const float *xp = x + p * h * w;
        float best = xp[o];
        size_t at = o;
        for (int i = 1; i < 4; i++) {
          float v = xp[offsets[i]];
          if (v > best || v != v) best = v, at = offsets[i];
        }
        yr[ox] = best;
        if (ar) ar[ox] = (int32_t)at;
      }
    }
  }
}
DISPATCH_WIDE(maxpool2x2,
              (const float *x, float *y, int32_t *arg, size_t planes, size_t h, size_t w),
              (x, y, arg, planes, h, w), w / 2 >= 16 || arg)

// Every input element lies in at most one window, so each is written once: the window's
// gradient where its offset is the winner's, 0 elsewhere (and in a dropped last row or
// column).
INLINE void maxpool2x2_backward_body(int wide, const float *g, const int32_t *arg, float *dx,
                                     size_t planes, size_t h, size_t w) {
  const size_t oh = h / 2, ow = w / 2;
  const v8i lanes = {0, 2, 4, 6, 8, 10, 12, 14};
  const v16i lanes16 = {0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30};
  for (size_t p = 0; p < planes; p++) {
    float *plane = dx + p * h * w;
    for (size_t oy = 0; oy < oh; oy++) {
      float *r0 = plane + 2 * oy * w, *r1 = r0 + w;
      const float *gr = g + (p * oh + oy) * ow;
      const int32_t *ar = arg + (p * oh + oy) * ow;
      size_t ox = 0;
      for (; wide && ox + 16 <= ow; ox += 16) {
        v16i gv = (v16i)load16(gr + ox), at = load16i(ar + ox);
        v16i first = lanes16 + (int32_t)(2 * oy * w + 2 * ox);
        v16f a = (v16f)((at == first) & gv), b = (v16f)((at == first + 1) & gv);
        v16f c = (v16f)((at == first + (int32_t)w) & gv);
        v16f d = (v16f)((at == first + (int32_t)w + 1) & gv);
        store16(r0 + 2 * ox, zip_lo16(a, b));
        store16(r0 + 2 * ox + 16, zip_hi16(a, b));
        store16(r1 + 2 * ox, zip_lo16(c, d));
        store16(r1 + 2 * ox + 16, zip_hi16(c, d));
      }
      for (; ox + 8 <= ow; ox += 8) {
        v8i gv = (v8i)load8(gr + ox), at;
        memcpy(&at, ar + ox, sizeof at);
        v8i first = lanes + (int32_t)(2 * oy * w + 2 * ox);
        v8f a = (v8f)((at == first) & gv), b = (v8f)((at == first + 1) & gv);
        v8f c = (v8f)((at == first + (int32_t)w) & gv);
        v8f d = (v8f)((at == first + (int32_t)w + 1) & gv);
        store8(r0 + 2 * ox, __builtin_shufflevector(a, b, 0, 8, 1, 9, 2, 10, 3, 11));
        store8(r0 + 2 * ox + 8, __builtin_shufflevector(a, b, 4, 12, 5, 13, 6, 14, 7, 15));
        store8(r1 + 2 * ox, __builtin_shufflevector(c, d, 0, 8, 1, 9, 2, 10, 3, 11));
        store8(r1 + 2 * ox + 8, __builtin_shufflevector(c, d, 4, 12, 5, 13, 6, 14, 7, 15));
      }
      for (; ox < ow; ox++) {
        size_t o = 2 * oy * w + 2 * ox;
        size_t at = (size_t)ar[ox];
        r0[2 * ox] = at == o ? gr[ox] : 0;
        r0[2 * ox + 1] = at == o + 1 ? gr[ox] : 0;
        r1[2 * ox] = at == o + w ? gr[ox] : 0;
        r1[2 * ox + 1] = at == o + w + 1 ? gr[ox] : 0;
      }
      if (w % 2) r0[w - 1] = r1[w - 1] = 0;
    }
    if (h % 2) memset(plane + (h - 1) * w, 0, w * sizeof(float));
  }
}
DISPATCH(maxpool2x2_backward,
         (const float *g, const int32_t *arg, float *dx, size_t planes, size_t h, size_t w),
         (g, arg, dx, planes, h, w))

// MARK: - Upsampling

// Input row r of all planes (r < planes·h) becomes output rows 2r and 2r + 1 of width 2w.
// Wide, rows of 8 go two at a time: 16 inputs make four output rows of 16.
INLINE void upsample2x_body(int wide, const float *x, float *y, size_t planes, size_t h,
                            size_t w) {
  size_t r = 0;
  for (; wide && w == 8 && r + 2 <= planes * h; r += 2) {
    v16f v = load16(x + r * 8);
    float *d = y + r * 32;
    v16f lo = zip_lo16(v, v), hi = zip_hi16(v, v);
    store16(d, lo);
    store16(d + 16, lo);
    store16(d + 32, hi);
    store16(d + 48, hi);
  }
  for (; r < planes * h; r++) {
    const float *src = x + r * w;
    float *d0 = y + r * 4 * w, *d1 = d0 + 2 * w;
    size_t c = 0;
    for (; c + 8 <= w; c += 8) {
      v8f v = load8(src + c);
      v8f lo = __builtin_shufflevector(v, v, 0, 0, 1, 1, 2, 2, 3, 3);
      v8f hi = __builtin_shufflevector(v, v, 4, 4, 5, 5, 6, 6, 7, 7);
      store8(d0 + 2 * c, lo);
      store8(d0 + 2 * c + 8, hi);
      store8(d1 + 2 * c, lo);
      store8(d1 + 2 * c + 8, hi);
    }
    for (; c < w; c++) d0[2 * c] = d0[2 * c + 1] = d1[2 * c] = d1[2 * c + 1] = src[c];
  }
}
DISPATCH(upsample2x, (const float *x, float *y, size_t planes, size_t h, size_t w),
         (x, y, planes, h, w))

INLINE void upsample2x_backward_body(int wide, const float *g, float *dx, size_t planes,
                                     size_t h, size_t w) {
  size_t r = 0;
  for (; wide && w == 8 && r + 2 <= planes * h; r += 2) {
    // Rows r and r + 1 at once: the output rows of 16 of row r are a and b, those of
    // row r + 1 e and f; the pairs of columns are added as in the narrow loop.
    const float *s = g + r * 32;
    v16f a = load16(s), b = load16(s + 16), e = load16(s + 32), f = load16(s + 48);
    store16(dx + r * 8, (evens16(a, e) + odds16(a, e)) + (evens16(b, f) + odds16(b, f)));
  }
  for (; r < planes * h; r++) {
    const float *g0 = g + r * 4 * w, *g1 = g0 + 2 * w;
    float *d = dx + r * w;
    size_t c = 0;
    for (; c + 8 <= w; c += 8) {
      v8f a = load8(g0 + 2 * c), b = load8(g0 + 2 * c + 8);
      v8f e = load8(g1 + 2 * c), f = load8(g1 + 2 * c + 8);
      store8(d + c, (evens(a, b) + odds(a, b)) + (evens(e, f) + odds(e, f)));
    }
    for (; c < w; c++) d[c] = (g0[2 * c] + g0[2 * c + 1]) + (g1[2 * c] + g1[2 * c + 1]);
  }
}
DISPATCH(upsample2x_backward, (const float *g, float *dx, size_t planes, size_t h, size_t w),
         (g, dx, planes, h, w))
