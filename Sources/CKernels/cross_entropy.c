// Cross-entropy kernels (see elementwise.h): a row at a time for wide rows, eight rows a
// pass for narrow ones.
#include "elementwise.h"
#include "cross_entropy8.h"

// MARK: - Narrow rows

// Rows of at most NARROW classes (a detector's anchors: 4 classes, thousands of rows) go
// eight at a time, transposed: lane l of cols[j] holds x[l][j]. A pass spends c
// exponentials and one vector logarithm on eight rows, where a row at a time would spend
// a mostly padded exponential, a scalar logf and the row's loads through a stack buffer
// on each.
enum { NARROW = CE8_ROWS };

INLINE v8i narrow_targets(const int32_t *t, size_t k) {
  v8i v = {0, 0, 0, 0, 0, 0, 0, 0};
  for (size_t l = 0; l < k; l++) v[l] = t[l];
  return v;
}

// k <= 8 rows: their max, log-sum and loss, as the wide path computes them.
INLINE void cross_entropy_narrow_pass(const float *x, const int32_t *t, size_t c, size_t k,
                                      float *loss, float *max, float *lse) {
  ce8_pass(x, c, c, k, narrow_targets(t, k), loss, max, lse);
}

INLINE void cross_entropy_backward_narrow_pass(const float *x, const int32_t *t,
                                               const float *max, const float *lse,
                                               const float *g, size_t c, size_t k,
                                               float *dx) {
  v8f cols[NARROW];
  ce8_gather(x, c, c, k, cols);
  v8f m = ce8_lanes(max, 1, k), ls = ce8_lanes(lse, 1, k), gr = ce8_lanes(g, 1, k);
  v8i tv = narrow_targets(t, k);
  for (size_t j = 0; j < c; j++) {
    v8f d = ce8_grad(cols[j], m, ls, gr, tv, j);
    for (size_t l = 0; l < k; l++) dx[l * c + j] = d[l];
  }
}

// Full passes over the rows, with c a constant where it is 2...7 so that the compiler
// unrolls the columns (a fifth fewer instructions at c = 4), then one pass over the rest.
#define NARROW_PASSES(PASS)                                                  \
  size_t row = 0;                                                            \
  switch (c) {                                                               \
    case 2: for (; row + 8 <= rows; row += 8) PASS(2, 8); break;             \
    case 3: for (; row + 8 <= rows; row += 8) PASS(3, 8); break;             \
    case 4: for (; row + 8 <= rows; row += 8) PASS(4, 8); break;             \
    case 5: for (; row + 8 <= rows; row += 8) PASS(5, 8); break;             \
    case 6: for (; row + 8 <= rows; row += 8) PASS(6, 8); break;             \
    case 7: for (; row + 8 <= rows; row += 8) PASS(7, 8); break;             \
    default: for (; row + 8 <= rows; row += 8) PASS(c, 8); break;            \
  }                                                                          \
  if (row < rows) PASS(c, rows - row);

INLINE void cross_entropy_narrow_body(const float *x, const int32_t *t, size_t rows, size_t c,
                                      float *loss, float *max, float *lse) {
#define FORWARD(C, K)                                                                     \
  cross_entropy_narrow_pass(x + row * (C), t + row, (C), (K), loss + row, max + row, \
                            lse + row)
  NARROW_PASSES(FORWARD)
#undef FORWARD
}

INLINE void cross_entropy_backward_narrow_body(const float *x, const int32_t *t,
                                               const float *max, const float *lse,
                                               const float *g, size_t rows, size_t c,
                                               float *dx) {
#define BACKWARD(C, K)                                                                  \
  cross_entropy_backward_narrow_pass(x + row * (C), t + row, max + row, lse + row, g + row, \
                                     (C), (K), dx + row * (C))
  NARROW_PASSES(BACKWARD)
#undef BACKWARD
}

#define FORWARD_PARAMS                                                                  \
  (const float *x, const int32_t *t, size_t rows, size_t c, float *loss, float *max, \
   float *lse)
#define BACKWARD_PARAMS                                                                 \
  (const float *x, const int32_t *t, const float *max, const float *lse, const float *g, \
   size_t rows, size_t c, float *dx)
DISPATCH_TO(static void narrow_forward, cross_entropy_narrow, FORWARD_PARAMS,
            (x, t, rows, c, loss, max, lse))
DISPATCH_TO(static void narrow_backward, cross_entropy_backward_narrow, BACKWARD_PARAMS,
            (x, t, max, lse, g, rows, c, dx))

// MARK: - Wide rows

INLINE void cross_entropy_wide_body(const float *x, const int32_t *t, size_t rows, size_t c,
                                    float *loss, float *max, float *lse) {
  for (size_t row = 0; row < rows; row++) {
    const float *xr = x + row * c;
    float m = row_max(xr, c);
    v8f vm = splat(m), acc = splat(0);
    size_t i = 0;
    for (; i + 8 <= c; i += 8) acc += exp8(load8(xr + i) - vm);
    if (i < c && c >= 8) {
      acc += blend(last_lanes(c - i), exp8(load8(xr + c - 8) - vm), splat(0));
    } else if (i < c) {
      acc += exp8(loadn(xr, c, -INFINITY) - vm);
    }
    float ls = logf(hsum(acc));
    max[row] = m;
    lse[row] = ls;
    // (max - target logit) + log-sum keeps precision when the logits are large.
    loss[row] = (m - xr[t[row]]) + ls;
  }
}

INLINE void cross_entropy_backward_wide_body(const float *x, const int32_t *t,
                                             const float *max, const float *lse,
                                             const float *g, size_t rows, size_t c,
                                             float *dx) {
  for (size_t row = 0; row < rows; row++) {
    const float *xr = x + row * c;
    float *dr = dx + row * c;
    v8f vm = splat(max[row]), ls = splat(lse[row]), gr = splat(g[row]);
    size_t i = 0;
    for (; i + 8 <= c; i += 8) store8(dr + i, gr * exp8((load8(xr + i) - vm) - ls));
    if (i < c) {
      size_t at = c >= 8 ? c - 8 : 0;
      storen(dr + at, gr * exp8((loadn(xr + at, c - at, 0) - vm) - ls), c - at);
    }
    dr[t[row]] -= g[row];
  }
}
DISPATCH_TO(static void wide_forward, cross_entropy_wide, FORWARD_PARAMS,
            (x, t, rows, c, loss, max, lse))
DISPATCH_TO(static void wide_backward, cross_entropy_backward_wide, BACKWARD_PARAMS,
            (x, t, max, lse, g, rows, c, dx))

// MARK: - Entry points

// Each path is its own function at each level, so that neither's loops are compiled
// around the other's.
void llal_cross_entropy FORWARD_PARAMS {
  if (c <= NARROW) narrow_forward(x, t, rows, c, loss, max, lse);
  else wide_forward(x, t, rows, c, loss, max, lse);
}

// A row of 8 is one full vector, which the wide backward stores without a transpose.
void llal_cross_entropy_backward BACKWARD_PARAMS {
  if (c < NARROW) narrow_backward(x, t, max, lse, g, rows, c, dx);
  else wide_backward(x, t, max, lse, g, rows, c, dx);
}
