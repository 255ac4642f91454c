// Private to CKernels: what the Winograd F(2×2, 3×3) files share (conv2d_winograd.c, the
// forward; conv2d_winograd_wgrad.c, the weight gradient): the tiling, the scratch layout,
// and the input copy and transform (conv2d_winograd_input.c).
#ifndef LLAL_CONV2D_WINOGRAD_H
#define LLAL_CONV2D_WINOGRAD_H

#include "conv2d_internal.h"

enum {
  WINO_ALPHA = 16,  // transformed positions per tile (4 × 4)
  // Floats between the 16 matrices of V (and of M) beyond their size: strides of a power
  // of two would put the 16 streams of a transform in one cache set.
  WINO_SKEW = 16,
  WINO_MAX_CHUNKS = 8,  // vectors of 16 tile columns a tile row may take (out_w ≤ 256)
};

/// The tiles of one output plane, and the scratch part size (see conv2d_winograd_input.c).
typedef struct {
  long th, tw;  // tile rows and columns of an output plane
  long part;    // floats of one of the 8 parts of a plane in the scratch: (th + 1)·tw
} wino_geom;

static inline wino_geom wino_geometry(const llal_conv_shape *s) {
  wino_geom g;
  g.th = (s->out_h + 1) / 2, g.tw = (s->out_w + 1) / 2;
  g.part = (g.th + 1) * g.tw;
  return g;
}

/// Whether the shape suits F(2×2, 3×3) at all: 3×3, stride 1, 8+ channels each side, maps
/// of 4 × 4 up to 256 wide whose half-cut edge tiles waste ≤ 35 % of the outputs.
int llal_wino_shape_fits(const llal_conv_shape *s);
/// Planes of samples n0..<n0+ns of x [batch, in_c, in_h, in_w] into the scratch, 8·part
/// floats each (in_c per sample): part (q, parity) holds the padded input at rows
/// 2·i + parity, columns 2·tw + q.
void llal_wino_copy(int level, const llal_conv_shape *s, const wino_geom *g, const float *x,
                    long n0, long ns, float *xs);
/// V[ξ] = (Bᵀ d B)[ξ] for tiles t0..<t0+nt of the scratch's samples (tile t: sample
/// t / (th·tw), then row-major), in panels of `nr` tiles, [in_c][nr] each, from v + ξ·vs
/// (one panel of nr ≥ nt: the row-major matrix [in_c][nr]).
void llal_wino_input(int level, const llal_conv_shape *s, const wino_geom *g, const float *xs,
                     long t0, long nt, long nr, long vs, float *v);

#endif
