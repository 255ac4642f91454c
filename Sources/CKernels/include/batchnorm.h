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

/// sums[0] = Σg′ and sums[1] = Σg′·(x − mean), where g′ = g, or with `relu` (the forward
/// pass was llal_bn_affine(x, ·, a, b, relu: 1)) g where that ReLU let a·x + b through
/// (> 0, NaN failing) and 0 elsewhere. The mask is recomputed with the forward's expression,
/// so it matches the output bit for bit without reading it.
void llal_bn_grad_sums(const float *g, const float *x, int relu, float a, float b, size_t runs,
                       size_t len, size_t stride, float mean, double sums[2]);

/// dx = k·g′ + c·x + shift with g′ as in llal_bn_grad_sums; without `with_x`,
/// dx = k·g′ + shift. dx may equal g.
void llal_bn_grad_input(const float *g, const float *x, int relu, float a, float b, float *dx,
                        size_t runs, size_t len, size_t stride, float k, int with_x, float c,
                        float shift);

#endif
