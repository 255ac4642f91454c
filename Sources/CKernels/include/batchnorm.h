// Batch normalisation, one channel per call: the channel's values are `runs` runs of
// `len` contiguous floats, run r starting at `x + r·stride` (one image plane per sample,
// or for an `[N, C]` matrix N runs of one value). LLALTensor's batch norm spreads the
// channels over threads and calls these; every sum is taken in float within a run and in
// double across runs.
#ifndef LLAL_BATCHNORM_H
#define LLAL_BATCHNORM_H

#include <stddef.h>

/// The channel's mean μ = Σx/M and biased variance Σ(x − μ)²/M (M = runs·len ≥ 1), the
/// second pass taken around μ so that nothing cancels.
void llal_bn_stats(const float *x, size_t runs, size_t len, size_t stride, float *mean,
                   float *variance);

/// y = a·x + b, or with `relu` its `max(·, 0)` keeping NaN. y may equal x.
void llal_bn_affine(const float *x, float *y, size_t runs, size_t len, size_t stride, float a,
                    float b, int relu);

/// sums[0] = Σg′ and sums[1] = Σg′·(x − mean), where g′ = g, or with `mask` (the output of a
/// fused ReLU) g where mask > 0 and 0 elsewhere (NaN included).
void llal_bn_grad_sums(const float *g, const float *x, const float *mask, size_t runs,
                       size_t len, size_t stride, float mean, double sums[2]);

/// dx = k·g′ + c·x + b with g′ as in llal_bn_grad_sums; without x (NULL), dx = k·g′ + b.
void llal_bn_grad_input(const float *g, const float *x, const float *mask, float *dx,
                        size_t runs, size_t len, size_t stride, float k, float c, float b);

#endif
