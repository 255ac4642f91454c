// SSD's multibox loss per image (multibox.h): the cross-entropy of every anchor, the hard
// negatives, the smooth L1 of the positives' offsets and, for training, the loss's
// gradient, in passes over one image's rows, which stay in L1. The cross-entropy passes
// are cross_entropy.c's on rows c + 4 apart, so their values are llal_cross_entropy's.
#include "vector8.h"

enum { NARROW = 8, BOX = 4, TARGET = 5 };

// Columns of k <= 8 rows (w apart) of c logits at x; lanes past k are 0.
INLINE void mb_gather(const float *x, size_t w, size_t c, size_t k, v8f *cols) {
  for (size_t j = 0; j < c; j++) {
    v8f v = splat(0);
    for (size_t l = 0; l < k; l++) v[l] = x[l * w + j];
    cols[j] = v;
  }
}

// The labels of k <= 8 target rows at t; lanes past k are 0.
INLINE v8i mb_labels(const float *t, size_t k) {
  v8i v = {0, 0, 0, 0, 0, 0, 0, 0};
  for (size_t l = 0; l < k; l++) v[l] = (int32_t)t[l * TARGET];
  return v;
}

INLINE v8f mb_lanes(const float *p, size_t k) {
  v8f v = splat(0);
  for (size_t l = 0; l < k; l++) v[l] = p[l];
  return v;
}

INLINE void mb_store(float *p, v8f v, size_t k) {
  for (size_t l = 0; l < k; l++) p[l] = v[l];
}

// Cross-entropy, max and log-sum of k <= 8 rows, as cross_entropy_narrow_pass.
INLINE void mb_ce_narrow(const float *x, const float *t, size_t w, size_t c, size_t k,
                         float *ce, float *mx, float *ls) {
  v8f cols[NARROW];
  mb_gather(x, w, c, k, cols);
  v8f m = cols[0];
  for (size_t j = 1; j < c; j++) m = vmax(m, cols[j]);
  v8i tv = mb_labels(t, k);
  v8f s = splat(0), xt = splat(0);
  for (size_t j = 0; j < c; j++) {
    s += exp8(cols[j] - m);
    xt = blend(tv == (int32_t)j, cols[j], xt);
  }
  v8f l = log8(s);
  mb_store(mx, m, k);
  mb_store(ls, l, k);
  mb_store(ce, (m - xt) + l, k);
}

// d ce / d logits of k <= 8 rows, times their weights wt (0 for rows not chosen).
INLINE void mb_jac_narrow(const float *x, const float *t, const float *mx, const float *ls,
                          const float *wt, size_t w, size_t c, size_t k, float *jac) {
  v8f cols[NARROW];
  mb_gather(x, w, c, k, cols);
  v8f m = mb_lanes(mx, k), l = mb_lanes(ls, k), g = mb_lanes(wt, k);
  v8i tv = mb_labels(t, k);
  for (size_t j = 0; j < c; j++) {
    v8f d = (exp8((cols[j] - m) - l) - blend(tv == (int32_t)j, splat(1), splat(0))) * g;
    for (size_t l2 = 0; l2 < k; l2++) jac[l2 * w + j] = d[l2];
  }
}

// One row of c > 8 logits, as cross_entropy_wide_body.
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

INLINE void mb_jac_wide(const float *xr, size_t c, int32_t t, float m, float l, float wt,
                        float *jr) {
  v8f vm = splat(m), vl = splat(l), g = splat(wt);
  size_t i = 0;
  for (; i + 8 <= c; i += 8) store8(jr + i, exp8((load8(xr + i) - vm) - vl) * g);
  if (i < c) store8(jr + c - 8, exp8((load8(xr + c - 8) - vm) - vl) * g);
  jr[t] -= wt;
}

// The n-th largest (1-based, n in 1...count) of v, reordering v: quickselect with Hoare's
// partition, descending (MultiboxLoss.nthLargest's).
INLINE float mb_nth_largest(float *v, size_t count, size_t n) {
  long lo = 0, hi = (long)count - 1, k = (long)n - 1;
  while (lo < hi) {
    float pivot = v[(lo + hi) / 2];
    long i = lo, j = hi;
    while (i <= j) {
      while (v[i] > pivot) i++;
      while (v[j] < pivot) j--;
      if (i <= j) {
        float s = v[i];
        v[i] = v[j];
        v[j] = s;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return v[k];
  }
  return v[k];
}

// Smooth L1 (beta 1) of d, as Tensor.smoothL1: with q = min(|d|, 1), q (|d| - q / 2).
INLINE float mb_smooth(float d) {
  float a = fabsf(d), q = fminf(a, 1.0f);
  return q * (a - 0.5f * q);
}

INLINE float mb_image(const float *x, const float *tg, size_t na, size_t c, size_t ratio,
                      size_t min_neg, float *jac, float *scratch) {
  const size_t w = c + BOX;
  float *ce = scratch, *mx = scratch + na, *ls = scratch + 2 * na, *aux = scratch + 3 * na;
  if (c <= NARROW) {
    size_t row = 0;
    for (; row + 8 <= na; row += 8)
      mb_ce_narrow(x + row * w, tg + row * TARGET, w, c, 8, ce + row, mx + row, ls + row);
    if (row < na)
      mb_ce_narrow(x + row * w, tg + row * TARGET, w, c, na - row, ce + row, mx + row,
                   ls + row);
  } else {
    for (size_t r = 0; r < na; r++)
      mb_ce_wide(x + r * w, c, (int32_t)tg[r * TARGET], ce + r, mx + r, ls + r);
  }
  // Positives' box loss; the background anchors' cross-entropies into aux.
  size_t npos = 0, nneg = 0;
  double loc = 0;
  for (size_t r = 0; r < na; r++) {
    if (tg[r * TARGET] > 0) {
      npos++;
      for (size_t k = 0; k < BOX; k++) loc += mb_smooth(x[r * w + c + k] - tg[r * TARGET + 1 + k]);
    } else {
      aux[nneg++] = ce[r];
    }
  }
  size_t want = ratio * npos > min_neg ? ratio * npos : min_neg;
  size_t n = nneg < want ? nneg : want;
  float kth = n > 0 ? mb_nth_largest(aux, nneg, n) : 0;
  float denom = npos > 1 ? (float)npos : 1.0f, inv = 1.0f / denom;
  // The chosen rows' cross-entropies; aux becomes each row's weight in the gradient.
  double cls = 0;
  for (size_t r = 0; r < na; r++) {
    int chosen = tg[r * TARGET] > 0 || (n > 0 && ce[r] >= kth);
    if (chosen) cls += ce[r];
    aux[r] = chosen ? inv : 0.0f;
  }
  if (jac) {
    if (c <= NARROW) {
      size_t row = 0;
      for (; row < na; row += 8) {
        size_t k = na - row < 8 ? na - row : 8;
        mb_jac_narrow(x + row * w, tg + row * TARGET, mx + row, ls + row, aux + row, w, c, k,
                      jac + row * w);
      }
    } else {
      for (size_t r = 0; r < na; r++) {
        if (aux[r] != 0) {
          mb_jac_wide(x + r * w, c, (int32_t)tg[r * TARGET], mx[r], ls[r], aux[r], jac + r * w);
        } else {
          memset(jac + r * w, 0, c * sizeof(float));
        }
      }
    }
    // d smoothL1(d) / dd = clamp(d, -1, 1), on the positives only.
    for (size_t r = 0; r < na; r++) {
      float *jb = jac + r * w + c;
      const float *xb = x + r * w + c, *tb = tg + r * TARGET + 1;
      int positive = tg[r * TARGET] > 0;
      for (size_t k = 0; k < BOX; k++)
        jb[k] = positive ? fminf(fmaxf(xb[k] - tb[k], -1.0f), 1.0f) * inv : 0.0f;
    }
  }
  return (float)((cls + loc) / (double)denom);
}

INLINE void multibox_loss_body(const float *x, const float *targets, size_t images,
                               size_t anchors, size_t c, size_t neg_ratio, size_t min_neg,
                               float *loss, float *jac, float *scratch) {
  const size_t w = c + BOX;
  for (size_t i = 0; i < images; i++) {
    loss[i] = mb_image(x + i * anchors * w, targets + i * anchors * TARGET, anchors, c,
                       neg_ratio, min_neg, jac ? jac + i * anchors * w : NULL, scratch);
  }
}

DISPATCH(multibox_loss,
         (const float *x, const float *targets, size_t images, size_t anchors, size_t c,
          size_t neg_ratio, size_t min_neg, float *loss, float *jac, float *scratch),
         (x, targets, images, anchors, c, neg_ratio, min_neg, loss, jac, scratch))
