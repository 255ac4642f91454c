// Spatial kernels of NCHW images with fixed 2×2 windows: max pooling with stride 2 and
// nearest-neighbour upsampling by 2, forward and backward. `planes` is N·C; each plane is
// `h × w` floats, contiguous.
#ifndef LLAL_SPATIAL_H
#define LLAL_SPATIAL_H

#include <stddef.h>
#include <stdint.h>

/// y[p, oy, ox] = the maximum of x[p, 2oy..2oy+1, 2ox..2ox+1] for oy < h/2, ox < w/2 (PyTorch's
/// rule: the first maximum in row-major order, or the last NaN). When `arg` is not NULL it
/// receives each winner's offset in its input plane.
void llal_maxpool2x2(const float *x, float *y, int32_t *arg, size_t planes, size_t h,
                     size_t w);

/// dx [planes, h, w] of llal_maxpool2x2 (with `arg`): each output's gradient g at its
/// winner, 0 everywhere else.
void llal_maxpool2x2_backward(const float *g, const int32_t *arg, float *dx, size_t planes,
                              size_t h, size_t w);

/// y [planes, 2h, 2w]: every input pixel copied into a 2×2 block.
void llal_upsample2x(const float *x, float *y, size_t planes, size_t h, size_t w);

/// dx [planes, h, w]: the sum of each 2×2 block of g [planes, 2h, 2w], as
/// (g[2r][2c] + g[2r][2c+1]) + (g[2r+1][2c] + g[2r+1][2c+1]).
void llal_upsample2x_backward(const float *g, float *dx, size_t planes, size_t h, size_t w);

#endif
