// The cross-entropy of k <= 8 rows at once, transposed (lane l of cols[j] holds row l's
// logit j): shared by the cross-entropy kernels (cross_entropy.c) and the multibox loss
// (multibox.c), which must compute every value the same way.
#ifndef LLAL_CROSS_ENTROPY8_H
#define LLAL_CROSS_ENTROPY8_H

#include "vector8.h"

enum { CE8_ROWS = 8 };

// Columns of k <= 8 rows (w apart) of c logits at x; lanes past k are 0.
INLINE void ce8_gather(const float *x, size_t w, size_t c, size_t k, v8f *cols) {
  for (size_t j = 0; j < c; j++) {
    v8f v = splat(0);
    for (size_t l = 0; l < k; l++) v[l] = x[l * w + j];
    cols[j] = v;
  }
}

// The first k <= 8 floats at p (p[l * step]); lanes past k are 0.
INLINE v8f ce8_lanes(const float *p, size_t step, size_t k) {
  v8f v = splat(0);
  for (size_t l = 0; l < k; l++) v[l] = p[l * step];
  return v;
}

INLINE void ce8_store(float *p, v8f v, size_t k) {
  for (size_t l = 0; l < k; l++) p[l] = v[l];
}

// Each row's max m, log-sum ls = log Σ exp(x − m) and loss (m − x[target]) + ls.
INLINE v8f ce8_forward(const v8f *cols, v8i targets, size_t c, v8f *m, v8f *ls) {
  v8f mx = cols[0];
  for (size_t j = 1; j < c; j++) mx = vmax(mx, cols[j]);
  v8f s = splat(0), xt = splat(0);
  for (size_t j = 0; j < c; j++) {
    s += exp8(cols[j] - mx);
    xt = blend(targets == (int32_t)j, cols[j], xt);
  }
  *m = mx;
  *ls = log8(s);
  return (mx - xt) + *ls;
}

// Loss, max and log-sum of k <= 8 rows (w apart) of c <= CE8_ROWS logits at x, whose
// target classes are `targets`.
INLINE void ce8_pass(const float *x, size_t w, size_t c, size_t k, v8i targets, float *loss,
                     float *max, float *ls) {
  v8f cols[CE8_ROWS], m, l;
  ce8_gather(x, w, c, k, cols);
  v8f v = ce8_forward(cols, targets, c, &m, &l);
  ce8_store(max, m, k);
  ce8_store(ls, l, k);
  ce8_store(loss, v, k);
}

// Column j of the logits' gradient, for loss gradients gr: gr·softmax − gr at the target.
INLINE v8f ce8_grad(v8f col, v8f m, v8f ls, v8f gr, v8i targets, size_t j) {
  return gr * exp8((col - m) - ls) - blend(targets == (int32_t)j, gr, splat(0));
}

#endif
