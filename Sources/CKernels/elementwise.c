// Element-wise, reduction and softmax kernels (see elementwise.h).
//
// Each kernel body is written once with the 8-lane vectors of vector8.h and inlined into
// two entry points: one compiled for AVX2+FMA, one portable (the vectors are lowered to
// whatever the baseline target has). llal_kernel_level() picks at run time.
#include "elementwise.h"
#include "vector8.h"

// MARK: - Vector activations

INLINE v8f sigmoid8(v8f x) { return splat(1) / (splat(1) + exp8(-x)); }

// tanh: the Cephes tanhf odd polynomial for |x| < 0.625 (where 1 - 2/(e^2x + 1) would
// cancel), that formula above.
INLINE v8f tanh8(v8f x) {
  v8f a = (v8f)((v8i)x & 0x7fffffff);
  v8f big = splat(1) - splat(2) / (exp8(a + a) + splat(1));
  big = (v8f)((v8i)big | ((v8i)x & (v8i)splat(-0.0f)));
  v8f z = x * x;
  v8f p = splat(-5.70498872745e-3f);
  p = p * z + splat(2.06390887954e-2f);
  p = p * z + splat(-5.37397155531e-2f);
  p = p * z + splat(1.33314422036e-1f);
  p = p * z + splat(-3.33332819422e-1f);
  v8f small = p * z * x + x;
  return blend(a > splat(0.625f), big, small);
}

INLINE v8f relu8(v8f x) { return blend(x < splat(0), splat(0), x); }
INLINE v8f abs8(v8f x) { return (v8f)((v8i)x & 0x7fffffff); }
INLINE v8f square8(v8f x) { return x * x; }

// MARK: - Unary maps

// Defines NAME_body applying the vector function F to every element.
#define MAP_BODY(NAME, F)                                                \
  INLINE void NAME##_body(const float *x, float *y, size_t n) {          \
    size_t i = 0;                                                        \
    for (; i + 8 <= n; i += 8) store8(y + i, F(load8(x + i)));           \
    if (i < n) storen(y + i, F(loadn(x + i, n - i, 0)), n - i);          \
  }

MAP_BODY(exp, exp8)
MAP_BODY(sigmoid, sigmoid8)
MAP_BODY(tanh, tanh8)
MAP_BODY(relu, relu8)
MAP_BODY(abs, abs8)
MAP_BODY(square, square8)

DISPATCH(exp, (const float *x, float *y, size_t n), (x, y, n))
DISPATCH(sigmoid, (const float *x, float *y, size_t n), (x, y, n))
DISPATCH(tanh, (const float *x, float *y, size_t n), (x, y, n))
DISPATCH(relu, (const float *x, float *y, size_t n), (x, y, n))
DISPATCH(abs, (const float *x, float *y, size_t n), (x, y, n))
DISPATCH(square, (const float *x, float *y, size_t n), (x, y, n))

// sqrtf vectorises by itself (-fno-math-errno); logf and powf stay scalar library calls.
INLINE void sqrt_body(const float *x, float *y, size_t n) {
  for (size_t i = 0; i < n; i++) y[i] = sqrtf(x[i]);
}
DISPATCH(sqrt, (const float *x, float *y, size_t n), (x, y, n))

void llal_log(const float *x, float *y, size_t n) {
  for (size_t i = 0; i < n; i++) y[i] = logf(x[i]);
}

void llal_pow_scalar(const float *x, float *y, size_t n, float p) {
  for (size_t i = 0; i < n; i++) y[i] = powf(x[i], p);
}

INLINE void clamp_body(const float *x, float *y, size_t n, float lo, float hi) {
  const v8f vlo = splat(lo), vhi = splat(hi);
  size_t i = 0;
  for (; i < n; i += 8) {
    size_t k = n - i < 8 ? n - i : 8;
    v8f v = loadn(x + i, k, 0);
    v = blend(v < vlo, vlo, v);
    storen(y + i, blend(v > vhi, vhi, v), k);
  }
}
DISPATCH(clamp, (const float *x, float *y, size_t n, float lo, float hi), (x, y, n, lo, hi))

INLINE void add_relu_body(const float *a, const float *b, float *y, size_t n) {
  size_t i = 0;
  for (; i + 8 <= n; i += 8) store8(y + i, relu8(load8(a + i) + load8(b + i)));
  if (i < n) storen(y + i, relu8(loadn(a + i, n - i, 0) + loadn(b + i, n - i, 0)), n - i);
}
DISPATCH(add_relu, (const float *a, const float *b, float *y, size_t n), (a, b, y, n))

// MARK: - Maximum and minimum of two tensors

INLINE void minmax_body(int is_min, const float *a, const float *b, float *y, size_t n) {
  for (size_t i = 0; i < n; i += 8) {
    size_t k = n - i < 8 ? n - i : 8;
    v8f va = loadn(a + i, k, 0), vb = loadn(b + i, k, 0);
    storen(y + i, is_min ? vmin(vb, va) : vmax(vb, va), k);
  }
}
DISPATCH(minmax, (int is_min, const float *a, const float *b, float *y, size_t n),
         (is_min, a, b, y, n))

INLINE void minmax_backward_body(int is_min, const float *a, const float *b, const float *g,
                               float *ga, float *gb, size_t n) {
  for (size_t i = 0; i < n; i++) {
    float wa = (is_min ? a[i] < b[i] : a[i] > b[i]) ? 1 : (a[i] == b[i] ? 0.5f : 0);
    float wb = (is_min ? b[i] < a[i] : b[i] > a[i]) ? 1 : (a[i] == b[i] ? 0.5f : 0);
    ga[i] = g[i] * wa;
    gb[i] = g[i] * wb;
  }
}
DISPATCH(minmax_backward,
         (int is_min, const float *a, const float *b, const float *g, float *ga, float *gb,
          size_t n),
         (is_min, a, b, g, ga, gb, n))

// MARK: - Backward maps

INLINE void relu_backward_body(const float *x, const float *g, float *dx, size_t n) {
  for (size_t i = 0; i < n; i++) dx[i] = x[i] > 0 ? g[i] : 0;
}
INLINE void sigmoid_backward_body(const float *y, const float *g, float *dx, size_t n) {
  for (size_t i = 0; i < n; i++) dx[i] = g[i] * y[i] * (1 - y[i]);
}
INLINE void tanh_backward_body(const float *y, const float *g, float *dx, size_t n) {
  for (size_t i = 0; i < n; i++) dx[i] = g[i] * (1 - y[i] * y[i]);
}
DISPATCH(relu_backward, (const float *x, const float *g, float *dx, size_t n), (x, g, dx, n))
DISPATCH(sigmoid_backward, (const float *y, const float *g, float *dx, size_t n), (y, g, dx, n))
DISPATCH(tanh_backward, (const float *y, const float *g, float *dx, size_t n), (y, g, dx, n))

// MARK: - Reductions

// Columns [j0, j1) of x viewed as [r, inner], reduced over the r rows into out[j0..j1).
#define COLUMNS_BODY(NAME, OP)                                                          \
  INLINE void NAME(const float *x, size_t r, size_t inner, size_t j0, size_t j1,        \
                 float *out) {                                                          \
    size_t j = j0;                                                                      \
    for (; j + 32 <= j1; j += 32) {                                                     \
      v8f a0 = load8(x + j), a1 = load8(x + j + 8);                                     \
      v8f a2 = load8(x + j + 16), a3 = load8(x + j + 24);                               \
      for (size_t i = 1; i < r; i++) {                                                  \
        const float *p = x + i * inner + j;                                             \
        a0 = OP(a0, load8(p));                                                          \
        a1 = OP(a1, load8(p + 8));                                                      \
        a2 = OP(a2, load8(p + 16));                                                     \
        a3 = OP(a3, load8(p + 24));                                                     \
      }                                                                                 \
      store8(out + j, a0);                                                              \
      store8(out + j + 8, a1);                                                          \
      store8(out + j + 16, a2);                                                         \
      store8(out + j + 24, a3);                                                         \
    }                                                                                   \
    for (; j < j1; j += 8) {                                                            \
      size_t k = j1 - j < 8 ? j1 - j : 8;                                               \
      v8f a = loadn(x + j, k, 0);                                                       \
      for (size_t i = 1; i < r; i++) a = OP(a, loadn(x + i * inner + j, k, 0));         \
      storen(out + j, a, k);                                                            \
    }                                                                                   \
  }

COLUMNS_BODY(columns_sum, vadd)
COLUMNS_BODY(columns_max, vmax)
COLUMNS_BODY(columns_min, vmin)

INLINE void reduce_body(int kind, const float *x, size_t outer, size_t r, size_t inner,
                      size_t j0, size_t j1, float *out) {
  for (size_t o = 0; o < outer; o++) {
    const float *xo = x + o * r * inner;
    float *oo = out + o * inner;
    if (inner == 1) {
      oo[0] = kind == LLAL_REDUCE_SUM ? row_sum(xo, r)
              : kind == LLAL_REDUCE_MAX ? row_max(xo, r)
                                        : row_min(xo, r);
    } else if (kind == LLAL_REDUCE_SUM) {
      columns_sum(xo, r, inner, j0, j1, oo);
    } else if (kind == LLAL_REDUCE_MAX) {
      columns_max(xo, r, inner, j0, j1, oo);
    } else {
      columns_min(xo, r, inner, j0, j1, oo);
    }
  }
}
DISPATCH(reduce,
         (int kind, const float *x, size_t outer, size_t r, size_t inner, size_t j0,
          size_t j1, float *out),
         (kind, x, outer, r, inner, j0, j1, out))

void llal_argreduce(int is_min, const float *x, size_t outer, size_t r, size_t inner,
                    float *out) {
  for (size_t o = 0; o < outer; o++) {
    for (size_t j = 0; j < inner; j++) {
      const float *p = x + o * r * inner + j;
      float best = p[0];
      size_t at = 0;
      for (size_t i = 1; i < r && best == best; i++) {
        float v = p[i * inner];
        // Strict comparisons keep the first of equal values.
        if (v != v || (is_min ? v < best : v > best)) {
          best = v;
          at = i;
        }
      }
      out[o * inner + j] = (float)at;
    }
  }
}

// MARK: - Softmax

// One contiguous row: y = exp(x - max) / sum, or (x - max) - log(sum).
INLINE void softmax_row(int is_log, const float *x, float *y, size_t n) {
  float m = row_max(x, n);
  v8f vm = splat(m), acc = splat(0);
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    v8f e = exp8(load8(x + i) - vm);
    if (!is_log) store8(y + i, e);
    acc += e;
  }
  if (i < n && n >= 8) {
    v8f e = exp8(load8(x + n - 8) - vm);
    if (!is_log) store8(y + n - 8, e);
    acc += blend(last_lanes(n - i), e, splat(0));
  } else if (i < n) {
    // Padding lanes hold -inf, whose exponential is 0.
    v8f e = exp8(loadn(x, n, -INFINITY) - vm);
    if (!is_log) storen(y, e, n);
    acc += e;
  }
  float s = hsum(acc);
  if (is_log) {
    float ls = logf(s);
    for (size_t j = 0; j < n; j++) y[j] = (x[j] - m) - ls;
  } else {
    float inv = 1 / s;
    for (size_t j = 0; j < n; j++) y[j] *= inv;
  }
}

// Eight (or k < 8) columns of [r, inner] starting at x, normalised along r.
INLINE void softmax_columns(int is_log, const float *x, float *y, size_t r, size_t inner,
                          size_t k) {
  v8f m = loadn(x, k, 0);
  for (size_t i = 1; i < r; i++) m = vmax(m, loadn(x + i * inner, k, 0));
  v8f s = splat(0);
  for (size_t i = 0; i < r; i++) {
    v8f e = exp8(loadn(x + i * inner, k, 0) - m);
    if (!is_log) storen(y + i * inner, e, k);
    s += e;
  }
  if (is_log) {
    v8f ls;
    for (int l = 0; l < 8; l++) ls[l] = logf(s[l]);
    for (size_t i = 0; i < r; i++) {
      storen(y + i * inner, (loadn(x + i * inner, k, 0) - m) - ls, k);
    }
  } else {
    v8f inv = splat(1) / s;
    for (size_t i = 0; i < r; i++) storen(y + i * inner, loadn(y + i * inner, k, 0) * inv, k);
  }
}

INLINE void softmax_body(int is_log, const float *x, float *y, size_t outer, size_t r,
                       size_t inner) {
  for (size_t o = 0; o < outer; o++) {
    const float *xo = x + o * r * inner;
    float *yo = y + o * r * inner;
    if (inner == 1) {
      softmax_row(is_log, xo, yo, r);
    } else {
      for (size_t j = 0; j < inner; j += 8) {
        softmax_columns(is_log, xo + j, yo + j, r, inner, inner - j < 8 ? inner - j : 8);
      }
    }
  }
}
DISPATCH(softmax,
         (int is_log, const float *x, float *y, size_t outer, size_t r, size_t inner),
         (is_log, x, y, outer, r, inner))

INLINE void softmax_backward_row(int is_log, const float *y, const float *g, float *dx,
                               size_t n) {
  v8f acc = splat(0);
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    v8f gi = load8(g + i);
    acc += is_log ? gi : gi * load8(y + i);
  }
  if (i < n) {
    v8f gi = n >= 8 ? load8(g + n - 8) : loadn(g, n, 0);
    v8f yi = n >= 8 ? load8(y + n - 8) : loadn(y, n, 0);
    v8f term = is_log ? gi : gi * yi;
    acc += n >= 8 ? blend(last_lanes(n - i), term, splat(0)) : term;
  }
  v8f d = splat(hsum(acc));
  for (i = 0; i + 8 <= n; i += 8) {
    v8f yi = load8(y + i), gi = load8(g + i);
    store8(dx + i, is_log ? gi - exp8(yi) * d : yi * (gi - d));
  }
  if (i < n) {
    size_t at = n >= 8 ? n - 8 : 0;
    v8f yi = loadn(y + at, n - at, 0), gi = loadn(g + at, n - at, 0);
    storen(dx + at, is_log ? gi - exp8(yi) * d : yi * (gi - d), n - at);
  }
}

INLINE void softmax_backward_columns(int is_log, const float *y, const float *g, float *dx,
                                   size_t r, size_t inner, size_t k) {
  v8f d = splat(0);
  for (size_t i = 0; i < r; i++) {
    v8f gi = loadn(g + i * inner, k, 0);
    d += is_log ? gi : gi * loadn(y + i * inner, k, 0);
  }
  for (size_t i = 0; i < r; i++) {
    v8f yi = loadn(y + i * inner, k, 0), gi = loadn(g + i * inner, k, 0);
    storen(dx + i * inner, is_log ? gi - exp8(yi) * d : yi * (gi - d), k);
  }
}

INLINE void softmax_backward_body(int is_log, const float *y, const float *g, float *dx,
                                size_t outer, size_t r, size_t inner) {
  for (size_t o = 0; o < outer; o++) {
    size_t at = o * r * inner;
    if (inner == 1) {
      softmax_backward_row(is_log, y + at, g + at, dx + at, r);
    } else {
      for (size_t j = 0; j < inner; j += 8) {
        softmax_backward_columns(is_log, y + at + j, g + at + j, dx + at + j, r, inner,
                                 inner - j < 8 ? inner - j : 8);
      }
    }
  }
}
DISPATCH(softmax_backward,
         (int is_log, const float *y, const float *g, float *dx, size_t outer, size_t r,
          size_t inner),
         (is_log, y, g, dx, outer, r, inner))


// y[i] = a[i*sa] OP b[i*sb] with sa, sb in {0, 1}: the same-shape, scalar-broadcast and
// row-of-a-broadcast cases of + - * /. Each stride combination is its own loop so that
// the compiler vectorises it.
#define BINARY_LOOPS(EXPR)                                                          \
  if (sa && sb) {                                                                   \
    for (size_t i = 0; i < n; i++) { float x = a[i], z = b[i]; y[i] = EXPR; }       \
  } else if (sa) {                                                                  \
    float z = b[0];                                                                 \
    for (size_t i = 0; i < n; i++) { float x = a[i]; y[i] = EXPR; }                 \
  } else if (sb) {                                                                  \
    float x = a[0];                                                                 \
    for (size_t i = 0; i < n; i++) { float z = b[i]; y[i] = EXPR; }                 \
  } else {                                                                          \
    float x = a[0], z = b[0], v = EXPR;                                             \
    for (size_t i = 0; i < n; i++) y[i] = v;                                        \
  }

INLINE void binary_body(int op, const float *a, size_t sa, const float *b, size_t sb, float *y,
                      size_t n) {
  switch (op) {
    case LLAL_BINARY_ADD: BINARY_LOOPS(x + z) break;
    case LLAL_BINARY_SUB: BINARY_LOOPS(x - z) break;
    case LLAL_BINARY_MUL: BINARY_LOOPS(x * z) break;
    default: BINARY_LOOPS(x / z) break;
  }
}
DISPATCH(binary, (int op, const float *a, size_t sa, const float *b, size_t sb, float *y,
                  size_t n), (op, a, sa, b, sb, y, n))
