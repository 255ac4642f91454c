// Private to CKernels: what the two files of Winograd's F(4×4, 3×3) share
// (conv2d_winograd4.c, the forward; conv2d_winograd4_input.c, the input transform).
#ifndef LLAL_CONV2D_WINOGRAD4_H
#define LLAL_CONV2D_WINOGRAD4_H

#include "conv2d_internal.h"

enum {
  WINO4_ALPHA = 36,  // transformed positions per tile (6 × 6)
  // Floats between the 36 matrices of V (and of M) beyond their size: strides of a power
  // of two would put the 36 streams of a transform in one cache set.
  WINO4_SKEW = 16,
};

/// The tiles of one output plane.
typedef struct {
  long th, tw;  // tile rows and columns
} wino4_geom;

static inline wino4_geom wino4_geometry(const llal_conv_shape *s) {
  wino4_geom g;
  g.th = (s->out_h + 3) / 4, g.tw = (s->out_w + 3) / 4;
  return g;
}

/// Whether the AVX-512 transforms take the shape: tile rows of 2 or 4 tiles (16 tiles a
/// vector make whole tile rows) whose input rows fit their 4·tw lanes. The forward asks for
/// it at every level, so that every level runs the same shapes.
int llal_wino4_vector_fits(const llal_conv_shape *s);
/// V[ξ] = (Bᵀ d B)[ξ] for tiles t0..<t0+nt of samples n0... of x [batch, in_c, in_h, in_w]
/// (tile t: sample n0 + t / (th·tw), then row-major; d its zero-padded 6×6 patch), in
/// panels of `nr` tiles, [in_c][nr] each, from v + ξ·vs.
void llal_wino4_input(int level, const llal_conv_shape *s, const wino4_geom *g,
                      const float *x, long n0, long t0, long nt, long nr, long vs, float *v);

#endif
