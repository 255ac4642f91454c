// SSD's multibox loss per image (multibox.h): the cross-entropy of every anchor, the hard
// negatives, the smooth L1 of the positives' offsets, and the gradient, in passes over
// one image's rows (which stay in L1) instead of a chain of tensor operations over the
// batch. Each value is computed as that chain computed it — cross_entropy.c's passes on
// rows c + 4 apart, the masks as products by 1 and 0, row_sum over the same layouts — so
// training and the reported losses are unchanged to the bit.
#include "cross_entropy8.h"

enum { NARROW = CE8_ROWS, BOX = 4, TARGET = 5 };

// The labels of k <= 8 target rows at t; lanes past k are 0.
INLINE v8i mb_labels(const float *t, size_t k) {
  v8i v = {0, 0, 0, 0, 0, 0, 0, 0};
  for (size_t l = 0; l < k; l++) v[l] = (int32_t)t[l * TARGET];
  return v;
}

// One row of c > 8 logits: cross_entropy_wide_body.
INLINE void mb_ce_wide(const float *xr, size_t c, int32_t t, float *ce, float *mx,
                       float *ls) {
  float m = row_max(xr, c);
  v8f vm = splat(m), acc = splat(0);
  size_t i = 0;
  for (; i + 8 <= c; i += 8) acc += exp8(load8(xr + i) - vm);
  if (i < c) acc += blend(last_lanes(c - i), exp8(load8(xr + c - 8) - vm), splat(0));
  float l = logf(hsum(acc));
  *mx = m;
  *ls = l;
  *ce = (m - xr[t]) + l;
}

// The logits' gradient of k <= 8 rows (w apart) with gradients gr of their
// cross-entropies: cross_entropy_backward_narrow_pass.
INLINE void mb_grad_narrow(const float *x, const float *t, const float *mx, const float *ls,
                           v8f gr, size_t w, size_t c, size_t k, float *dx) {
  v8f cols[NARROW];
  ce8_gather(x, w, c, k, cols);
  v8f m = ce8_lanes(mx, 1, k), l = ce8_lanes(ls, 1, k);
  v8i tv = mb_labels(t, k);
  for (size_t j = 0; j < c; j++) {
    v8f d = ce8_grad(cols[j], m, l, gr, tv, j);
    for (size_t r = 0; r < k; r++) dx[r * w + j] = d[r];
  }
}

// One row of c >= 8 logits: cross_entropy_backward_wide_body.
INLINE void mb_grad_wide(const float *xr, size_t c, int32_t t, float m, float l, float g,
                         float *dr) {
  v8f vm = splat(m), ls = splat(l), gr = splat(g);
  size_t i = 0;
  for (; i + 8 <= c; i += 8) store8(dr + i, gr * exp8((load8(xr + i) - vm) - ls));
  if (i < c) storen(dr + c - 8, gr * exp8((load8(xr + c - 8) - vm) - ls), 8);
  dr[t] -= g;
}

typedef uint32_t __attribute__((may_alias)) mb_bits;

// The n-th largest (1-based, n in 1...count) of v, overwriting v. Each float becomes a
// key whose unsigned order is the floats' order (the sign bit flipped, and the other
// bits too for negatives); the n-th largest has the largest key k with at least n keys
// >= k, which a binary search over the 32 bits finds with branch-free counting passes
// that vectorise. (Quickselect's data-dependent branches, and then a heap's, were about
// a third of the loss.) With a NaN among the values the loss is NaN whatever is chosen
// (its product with a 0 mask is NaN); NaN is returned, and no negative is chosen.
INLINE float mb_nth_largest(float *v, size_t count, size_t n) {
  mb_bits *u = (mb_bits *)v;
  int nan = 0;
  for (size_t i = 0; i < count; i++) {
    nan |= v[i] != v[i];
    uint32_t b = u[i];
    u[i] = b & 0x80000000u ? ~b : b | 0x80000000u;
  }
  if (nan) return NAN;
  uint32_t k = 0;
  for (uint32_t bit = 0x80000000u; bit; bit >>= 1) {
    uint32_t probe = k | bit;
    uint32_t at_least = 0;  // count <= anchors < 2^31
    for (size_t i = 0; i < count; i++) at_least += u[i] >= probe;
    if (at_least >= n) k = probe;
  }
  uint32_t b = k & 0x80000000u ? k & 0x7fffffffu : ~k;
  float kth;
  memcpy(&kth, &b, sizeof kth);
  return kth;
}

// The 4 offsets of an anchor as one vector.
typedef float v4f __attribute__((vector_size(16)));
typedef int32_t v4i __attribute__((vector_size(16)));

INLINE v4f load4(const float *p) {
  v4f v;
  memcpy(&v, p, sizeof v);
  return v;
}

// Smooth L1 (beta 1) as Tensor.smoothL1 computes it: with q = min(|d|, 1), 1 · q · (|d| −
// 0.5 q), each operation rounded (no fused multiply-add, which Swift does not form).
INLINE v4f mb_smooth4(v4f d) {
#pragma clang fp contract(off)
  v4f one = {1, 1, 1, 1}, half = {0.5f, 0.5f, 0.5f, 0.5f};
  v4f a = (v4f)((v4i)d & 0x7fffffff);
  v4i below = a < one;
  v4f q = (v4f)((below & (v4i)a) | (~below & (v4i)one));
  v4f h = half * q;
  v4f e = a - h;
  return q * e;
}

// Offset error clamped to [-1, 1] as Swift's min(max(d, -1), 1).
INLINE float mb_clamp(float d) {
  float lo = d < -1.0f ? -1.0f : d;
  return 1.0f < lo ? 1.0f : lo;
}

INLINE float mb_image(const float *x, const float *tg, size_t na, size_t c, size_t ratio,
                      size_t min_neg, float *denom, float *mx, float *ls, float *sel,
                      float *scratch) {
  const size_t w = c + BOX;
  float *ce = scratch, *aux = scratch + na, *lv = scratch + 2 * na;
  if (c <= NARROW) {
    for (size_t row = 0; row < na; row += 8) {
      size_t k = na - row < 8 ? na - row : 8;
      ce8_pass(x + row * w, w, c, k, mb_labels(tg + row * TARGET, k), ce + row, mx + row,
               ls + row);
    }
  } else {
    for (size_t r = 0; r < na; r++)
      mb_ce_wide(x + r * w, c, (int32_t)tg[r * TARGET], ce + r, mx + r, ls + r);
  }
  size_t npos = 0, nneg = 0;
  for (size_t r = 0; r < na; r++) {
    if (tg[r * TARGET] > 0) npos++;
    else aux[nneg++] = ce[r];
  }
  size_t want = ratio * npos > min_neg ? ratio * npos : min_neg;
  size_t n = nneg < want ? nneg : want;
  float kth = n > 0 ? mb_nth_largest(aux, nneg, n) : 0;
  // Class loss: row_sum of ce · chosen (as the mask's product and llal_reduce).
  for (size_t r = 0; r < na; r++) {
    sel[r] = (tg[r * TARGET] > 0 || (n > 0 && ce[r] >= kth)) ? 1.0f : 0.0f;
    aux[r] = ce[r] * sel[r];
  }
  float cls = row_sum(aux, na);
  // Box loss: row_sum over the whole rows of smoothL1(x − goal) · weight, the weight 0
  // but on the positives' offsets. On the logit columns (goal 0) that term is x − x: +0,
  // or NaN where x is not finite, as smoothL1(x) · 0.
  for (size_t e = 0; e < na * w; e++) lv[e] = x[e] - x[e];
  for (size_t r = 0; r < na; r++) {
    const float *xb = x + r * w + c, *tb = tg + r * TARGET + 1;
    float *lb = lv + r * w + c;
    float positive = tb[-1] > 0 ? 1.0f : 0.0f;
    v4f d = load4(xb) - load4(tb);
    v4f v = mb_smooth4(d) * positive;
    memcpy(lb, &v, sizeof v);
  }
  float loc = row_sum(lv, na * w);
  *denom = npos > 1 ? (float)npos : 1.0f;
  return (cls + loc) / *denom;
}

INLINE void multibox_loss_body(const float *x, const float *targets, size_t images,
                               size_t anchors, size_t c, size_t neg_ratio, size_t min_neg,
                               float *loss, float *denom, float *saved, float *scratch) {
  const size_t w = c + BOX;
  for (size_t i = 0; i < images; i++) {
    float *keep = saved ? saved + i * 3 * anchors : scratch + (c + 6) * anchors;
    loss[i] = mb_image(x + i * anchors * w, targets + i * anchors * TARGET, anchors, c,
                       neg_ratio, min_neg, denom + i, keep, keep + anchors,
                       keep + 2 * anchors, scratch);
  }
}

INLINE void multibox_loss_backward_body(const float *x, const float *targets, size_t images,
                                        size_t anchors, size_t c, const float *denom,
                                        const float *saved, const float *g, float *dx) {
  const size_t w = c + BOX;
  for (size_t i = 0; i < images; i++) {
    const float *xi = x + i * anchors * w, *ti = targets + i * anchors * TARGET;
    const float *mx = saved + i * 3 * anchors, *ls = mx + anchors, *sel = ls + anchors;
    float *di = dx + i * anchors * w;
    // The gradient of the division by denom, then of the masks' products.
    float gd = g[i] / denom[i];
    if (c < NARROW) {
      for (size_t row = 0; row < anchors; row += 8) {
        size_t k = anchors - row < 8 ? anchors - row : 8;
        v8f gr = splat(gd) * ce8_lanes(sel + row, 1, k);
        mb_grad_narrow(xi + row * w, ti + row * TARGET, mx + row, ls + row, gr, w, c, k,
                       di + row * w);
      }
    } else {
      for (size_t r = 0; r < anchors; r++)
        mb_grad_wide(xi + r * w, c, (int32_t)ti[r * TARGET], mx[r], ls[r], gd * sel[r],
                     di + r * w);
    }
    // Smooth L1's gradient, g · clamp(d, −1, 1), on the positives' offsets.
    for (size_t r = 0; r < anchors; r++) {
      const float *xb = xi + r * w + c, *tb = ti + r * TARGET + 1;
      float *db = di + r * w + c;
      int positive = ti[r * TARGET] > 0;
      for (size_t k = 0; k < BOX; k++) db[k] = positive ? gd * mb_clamp(xb[k] - tb[k]) : 0.0f;
    }
  }
}

DISPATCH(multibox_loss,
         (const float *x, const float *targets, size_t images, size_t anchors, size_t c,
          size_t neg_ratio, size_t min_neg, float *loss, float *denom, float *saved,
          float *scratch),
         (x, targets, images, anchors, c, neg_ratio, min_neg, loss, denom, saved, scratch))
DISPATCH(multibox_loss_backward,
         (const float *x, const float *targets, size_t images, size_t anchors, size_t c,
          const float *denom, const float *saved, const float *g, float *dx),
         (x, targets, images, anchors, c, denom, saved, g, dx))
