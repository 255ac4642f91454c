// The optimizers' updates of one parameter tensor, each in one pass over its arrays.
#ifndef LLAL_OPTIMIZER_H
#define LLAL_OPTIMIZER_H

#include <stddef.h>

/// For i < n, PyTorch's Adam/AdamW step: w = w·keep, d = g + l2·w, m = β₁·m + (1 − β₁)·d,
/// v = β₂·v + (1 − β₂)·d², w = w − step·m / (√v / correction2 + eps). `keep` is 1 − lr·wd
/// for AdamW (else 1), `l2` the weight decay for Adam (else 0), `step` lr / (1 − β₁ᵗ) and
/// `correction2` √(1 − β₂ᵗ).
void llal_adam_step(float *w, const float *g, float *m, float *v, size_t n, float beta1,
                    float beta2, float step, float correction2, float eps, float keep,
                    float l2);

/// For i < n, PyTorch's SGD step: d = g + wd·w; without a velocity `b` (NULL, no momentum)
/// w = w − lr·d; else b = d on the `first` step and μ·b + d after, and w = w − lr·b, or
/// with `nesterov` w = w − lr·(d + μ·b).
void llal_sgd_step(float *w, const float *g, float *b, size_t n, float lr, float momentum,
                   float wd, int nesterov, int first);

#endif
