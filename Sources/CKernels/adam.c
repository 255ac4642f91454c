// The Adam update (see adam.h), on which a Swift loop that did not vectorise (square root
// and division per element) spent about 1 % of `llal bench al-pose`. The loop is plain C,
// vectorised by the compiler for each level (sqrtf needs -fno-math-errno).
#include "adam.h"
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

#define PARAMS                                                                           \
  (float *w, const float *g, float *m, float *v, size_t n, float beta1, float beta2,    \
   float step, float correction2, float eps, float keep, float l2)
#define ARGS (w, g, m, v, n, beta1, beta2, step, correction2, eps, keep, l2)

#if defined(LLAL_HAVE_X86_KERNELS)
LLAL_TARGET_AVX512 static void adam_step_avx512 PARAMS { adam_step_body ARGS; }
LLAL_TARGET_AVX2 static void adam_step_avx2 PARAMS { adam_step_body ARGS; }
static void adam_step_portable PARAMS { adam_step_body ARGS; }
void llal_adam_step PARAMS {
  int level = llal_kernel_level();
  if (level >= 3) adam_step_avx512 ARGS;
  else if (level >= 2) adam_step_avx2 ARGS;
  else adam_step_portable ARGS;
}
#else
void llal_adam_step PARAMS { adam_step_body ARGS; }
#endif
