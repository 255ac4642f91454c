// The row passes of a linear layer's backward that are not a GEMM.
#ifndef LLAL_LINEAR_H
#define LLAL_LINEAR_H

#include <stddef.h>

/// For a rows × cols gradient g of a linear layer's output y: with y, gm = g where
/// y > 0, else 0 (the gradient through the layer's fused ReLU); with db, db[j] = Σ_r of
/// the (masked) gradient's column j, summed from row 0 on (the bias gradient). y and gm
/// are both given or both NULL; db may be NULL.
void llal_linear_backward_rows(const float *y, const float *g, float *gm, float *db,
                               size_t rows, size_t cols);

#endif
