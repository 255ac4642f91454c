// The optimizers' updates of one parameter tensor: a single pass over its weights, its
// gradient and the optimizer's state, in PyTorch's order of operations (so every level
// gives the same floats as the scalar rule).
#ifndef LLAL_OPTIMIZER_H
#define LLAL_OPTIMIZER_H

#include <stddef.h>

/// SGD on n weights w with gradient g: d = g + weight_decay·w; with momentum 0,
/// w −= lr·d (buf unused, may be NULL); otherwise buf = momentum·buf + d (buf = d when
/// `first`), and w −= lr·(d + momentum·buf) with `nesterov`, else w −= lr·buf.
void llal_sgd_step(float *w, float *buf, const float *g, size_t n, float lr, float momentum,
                   float weight_decay, int nesterov, int first);

/// Adam on n weights w with gradient g and moments m, v: w ·= keep (AdamW's decoupled
/// decay; 1 for none), d = g + l2·w, m = beta1·m + (1 − beta1)·d,
/// v = beta2·v + (1 − beta2)·d·d, w −= step_size·m / (√v / correction2 + epsilon).
void llal_adam_step(float *w, float *m, float *v, const float *g, size_t n, float step_size,
                    float correction2, float beta1, float beta2, float epsilon, float l2,
                    float keep);

#endif
