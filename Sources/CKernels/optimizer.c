// The optimizers' updates (see optimizer.h), on which Swift loops that did not vectorise
// for the CPU (Adam's square root and division per element) spent about 1 % of a pose or
// detection training step. The loops are plain C, vectorised by the compiler for each
// level (sqrtf needs -fno-math-errno).
#include "optimizer.h"
#include "CKernels.h"
#include "kernel_util.h"

#include <math.h>

INLINE void adam_step_body(float *w, const float *g, float *m, float *v, size_t n, float beta1,
                           float beta2, float step, float correction2, float eps, float keep,
                           float l2) {
  const float a1 = 1 - beta1, a2 = 1 - beta2;
  for (size_t i = 0; i < n; i++) {
    float wi = w[i] * keep;
    float d = g[i] + l2 * wi;
    float mi = beta1 * m[i] + a1 * d;
    float vi = beta2 * v[i] + a2 * d * d;
    m[i] = mi;
    v[i] = vi;
    w[i] = wi - step * mi / (sqrtf(vi) / correction2 + eps);
  }
}
DISPATCH_LEVELS(adam_step,
                (float *w, const float *g, float *m, float *v, size_t n, float beta1, float beta2,
                 float step, float correction2, float eps, float keep, float l2),
                (w, g, m, v, n, beta1, beta2, step, correction2, eps, keep, l2))

// The variants as separate loops, each of which vectorises.
INLINE void sgd_step_body(float *w, const float *g, float *b, size_t n, float lr, float mu,
                          float wd, int nesterov, int first) {
  if (!b) {
    for (size_t i = 0; i < n; i++) w[i] -= lr * (g[i] + wd * w[i]);
  } else if (first) {
    for (size_t i = 0; i < n; i++) {
      float d = g[i] + wd * w[i];
      b[i] = d;
      w[i] -= lr * (nesterov ? d + mu * d : d);
    }
  } else if (nesterov) {
    for (size_t i = 0; i < n; i++) {
      float d = g[i] + wd * w[i];
      float bi = mu * b[i] + d;
      b[i] = bi;
      w[i] -= lr * (d + mu * bi);
    }
  } else {
    for (size_t i = 0; i < n; i++) {
      float bi = mu * b[i] + (g[i] + wd * w[i]);
      b[i] = bi;
      w[i] -= lr * bi;
    }
  }
}
DISPATCH_LEVELS(sgd_step,
                (float *w, const float *g, float *b, size_t n, float lr, float momentum, float wd,
                 int nesterov, int first),
                (w, g, b, n, lr, momentum, wd, nesterov, first))
