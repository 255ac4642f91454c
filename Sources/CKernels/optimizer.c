// The optimizers' per-parameter updates (see optimizer.h): plain loops over restrict
// pointers that the compiler vectorises for each level. Contraction into fused
// multiply-adds is off so that the AVX2 and portable paths round exactly as the scalar
// rule does, step after step.
#include "optimizer.h"
#include "vector8.h"

#pragma STDC FP_CONTRACT OFF
#pragma clang fp contract(off)

INLINE void sgd_step_body(float *restrict w, float *restrict buf, const float *restrict g,
                          size_t n, float lr, float mu, float wd, int nesterov, int first) {
  if (mu == 0) {
    for (size_t i = 0; i < n; i++) w[i] = w[i] - lr * (g[i] + wd * w[i]);
  } else if (first && nesterov) {
    for (size_t i = 0; i < n; i++) {
      float d = g[i] + wd * w[i];
      buf[i] = d;
      w[i] = w[i] - lr * (d + mu * d);
    }
  } else if (first) {
    for (size_t i = 0; i < n; i++) {
      float d = g[i] + wd * w[i];
      buf[i] = d;
      w[i] = w[i] - lr * d;
    }
  } else if (nesterov) {
    for (size_t i = 0; i < n; i++) {
      float d = g[i] + wd * w[i];
      float b = mu * buf[i] + d;
      buf[i] = b;
      w[i] = w[i] - lr * (d + mu * b);
    }
  } else {
    for (size_t i = 0; i < n; i++) {
      float b = mu * buf[i] + (g[i] + wd * w[i]);
      buf[i] = b;
      w[i] = w[i] - lr * b;
    }
  }
}
DISPATCH(sgd_step,
         (float *w, float *buf, const float *g, size_t n, float lr, float momentum,
          float weight_decay, int nesterov, int first),
         (w, buf, g, n, lr, momentum, weight_decay, nesterov, first))

INLINE void adam_step_body(float *restrict w, float *restrict m, float *restrict v,
                           const float *restrict g, size_t n, float step_size,
                           float correction2, float beta1, float beta2, float epsilon,
                           float l2, float keep) {
  const float c1 = 1 - beta1, c2 = 1 - beta2;
  for (size_t i = 0; i < n; i++) {
    float wi = w[i] * keep;
    float d = g[i] + l2 * wi;
    float mi = beta1 * m[i] + c1 * d;
    float vi = beta2 * v[i] + c2 * d * d;
    m[i] = mi;
    v[i] = vi;
    w[i] = wi - step_size * mi / (sqrtf(vi) / correction2 + epsilon);
  }
}
DISPATCH(adam_step,
         (float *w, float *m, float *v, const float *g, size_t n, float step_size,
          float correction2, float beta1, float beta2, float epsilon, float l2, float keep),
         (w, m, v, g, n, step_size, correction2, beta1, beta2, epsilon, l2, keep))
