// The Adam optimizer's update of one parameter tensor, in one pass over its four arrays.
#ifndef LLAL_ADAM_H
#define LLAL_ADAM_H

#include <stddef.h>

/// For i < n, PyTorch's Adam/AdamW step: w = w·keep, d = g + l2·w, m = β₁·m + (1 − β₁)·d,
/// v = β₂·v + (1 − β₂)·d², w = w − step·m / (√v / correction2 + eps). `keep` is 1 − lr·wd
/// for AdamW (else 1), `l2` the weight decay for Adam (else 0), `step` lr / (1 − β₁ᵗ) and
/// `correction2` √(1 − β₂ᵗ).
void llal_adam_step(float *w, const float *g, float *m, float *v, size_t n, float beta1,
                    float beta2, float step, float correction2, float eps, float keep,
                    float l2);

#endif
