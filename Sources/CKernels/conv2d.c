// Convolution as GEMM without a stored im2col matrix.
//
// Columns of the im2col matrix are output pixels p = (n, oh, ow) of a sample range; rows
// are taps k = (ci, kh, kw). Element (k, p) is x[n, ci, oh·s − pad + kh, ow·s − pad + kw],
// or 0 in the padding. The packers gather such blocks directly into the panel layout the
// micro-kernels read:
//   forward       y[co, p]  = Σ_k w[co, k] · col[k, p]      A = w,  B = col   (gathered)
//   weight grad   dw[co, k] = Σ_p dy[co, p] · col[k, p]     A = dy, B = colᵀ (gathered)
//   input grad    dcol[k, p] = Σ_co w[co, k] · dy[co, p]    A = wᵀ, B = dy; then col2im
//
// The packers live in conv2d_pack.c; the forward pass skips packing for small maps
// (conv2d_lanes.c) and for stride 1 with rows of 16+ (or 8) output pixels
// (conv2d_direct.c). This file holds the drivers: each works on a range of samples on the
// calling thread, with cache-sized blocks of pixels.
#include "conv2d_internal.h"
#include "gemm.h"

#include <string.h>

// --- Weight packing.

size_t llal_conv_packed_weight_size(int level, const llal_conv_shape *s) {
  if (llal_conv_winograd4_fits(level, s)) return llal_conv_winograd4_weight_size(level, s);
  if (llal_conv_winograd_fits(level, s)) return llal_conv_winograd_weight_size(level, s);
  if (llal_conv_lanes_fits(level, s)) return llal_conv_lanes_weight_size(s);
  long taps = s->in_c * s->kernel * s->kernel;
  return (size_t)(round_up(s->out_c, llal_gemm_mr(level)) * taps);
}

void llal_conv_pack_weight(int level, const llal_conv_shape *s, const float *w, float *dst) {
  if (llal_conv_winograd4_fits(level, s)) {  // the 36 transformed matrices of F(4×4, 3×3)
    llal_conv_winograd4_pack_weight(level, s, w, dst);
    return;
  }
  if (llal_conv_winograd_fits(level, s)) {  // the 16 transformed matrices of F(2×2, 3×3)
    llal_conv_winograd_pack_weight(level, s, w, dst);
    return;
  }
  if (llal_conv_lanes_fits(level, s)) {  // the forward with output channels in the lanes
    llal_conv_lanes_pack_weight(s, w, dst);
    return;
  }
  long taps = s->in_c * s->kernel * s->kernel, rows = round_up(s->out_c, llal_gemm_mr(level));
  // One packed A block per KC slice of the taps, at offset rows·pc.
  for (long pc = 0; pc < taps; pc += LLAL_GEMM_KC) {
    long kb = min_l(LLAL_GEMM_KC, taps - pc);
    llal_gemm_pack_a(level, 0, w + pc, taps, s->out_c, kb, dst + rows * pc);
  }
}

size_t llal_conv_packed_weight_t_size(int level, const llal_conv_shape *s) {
  long taps = s->in_c * s->kernel * s->kernel;
  return (size_t)(round_up(taps, llal_gemm_mr(level)) * s->out_c);
}

void llal_conv_pack_weight_t(int level, const llal_conv_shape *s, const float *w,
                             float *dst) {
  long taps = s->in_c * s->kernel * s->kernel, rows = round_up(taps, llal_gemm_mr(level));
  for (long pc = 0; pc < s->out_c; pc += LLAL_GEMM_KC) {
    long kb = min_l(LLAL_GEMM_KC, s->out_c - pc);
    llal_gemm_pack_a(level, 1, w + pc * taps, taps, taps, kb, dst + rows * pc);
  }
}

// --- Forward.

// Output pixels per block: the packed B block and the C block stay in L2.
static long forward_chunk(int level, const llal_conv_shape *s) {
  long taps = s->in_c * s->kernel * s->kernel, nr = llal_gemm_nr(level);
  long depth = max_l(min_l(taps, LLAL_GEMM_KC), s->out_c);
  return min_l(max_l(32768 / depth / nr, 1) * nr, 4096);
}

size_t llal_conv_forward_workspace(int level, const llal_conv_shape *s) {
  long taps = s->in_c * s->kernel * s->kernel, chunk = forward_chunk(level, s);
  if (llal_conv_winograd4_fits(level, s)) return llal_conv_winograd4_workspace(level, s);
  if (llal_conv_winograd_fits(level, s)) return llal_conv_winograd_workspace(level, s);
  if (llal_conv_lanes_fits(level, s)) return llal_conv_lanes_workspace(s);
  if (llal_conv_direct_fits(level, s)) return llal_conv_direct_workspace(s);
  return (size_t)(min_l(taps, LLAL_GEMM_KC) * chunk + round_up(s->out_c, 16) * chunk);
}

void llal_conv_forward(int level, const llal_conv_shape *s, const float *x,
                       const float *packed_w, const float *bias, float *y, long n0, long n1,
                       float *workspace) {
  const long taps = s->in_c * s->kernel * s->kernel, ohw = s->out_h * s->out_w;
  const long rows = round_up(s->out_c, llal_gemm_mr(level)), chunk = forward_chunk(level, s);
  if (llal_conv_winograd4_fits(level, s)) {
    llal_conv_winograd4_forward(level, s, x, packed_w, bias, y, n0, n1, workspace);
    return;
  }
  if (llal_conv_winograd_fits(level, s)) {
    llal_conv_winograd_forward(level, s, x, packed_w, bias, y, n0, n1, workspace);
    return;
  }
  if (llal_conv_lanes_fits(level, s)) {
    llal_conv_lanes_forward(s, x, packed_w, bias, y, n0, n1, workspace);
    return;
  }
  if (llal_conv_direct_fits(level, s)) {
    llal_conv_direct_forward(s, x, packed_w, bias, y, n0, n1, workspace);
    return;
  }
  float *pb = workspace, *cbuf = workspace + min_l(taps, LLAL_GEMM_KC) * chunk;
  for (long p0 = n0 * ohw; p0 < n1 * ohw; p0 += chunk) {
    long np = min_l(chunk, n1 * ohw - p0);
    for (long pc = 0; pc < taps; pc += LLAL_GEMM_KC) {
      long kb = min_l(LLAL_GEMM_KC, taps - pc);
      llal_conv_pack_col(level, s, x, pc, kb, p0, np, pb);
      llal_gemm_macro(level, s->out_c, np, kb, packed_w + rows * pc, pb, cbuf, np, pc > 0);
    }
    // cbuf is [out_c, np]; y[n] is [out_c, ohw]: copy runs of one sample, adding the bias.
    for (long pp = 0; pp < np;) {
      long p = p0 + pp, n = p / ohw, hw = p % ohw, run = min_l(np - pp, ohw - hw);
      for (long co = 0; co < s->out_c; co++) {
        float *dst = y + (n * s->out_c + co) * ohw + hw;
        const float *src = cbuf + co * np + pp;
        float b = bias ? bias[co] : 0.0f;
        for (long j = 0; j < run; j++) dst[j] = src[j] + b;
      }
      pp += run;
    }
  }
}

// --- Weight gradient.

enum { WGRAD_TAPS = 512 };  // taps per packed B block (its width)

size_t llal_conv_backward_weight_workspace(int level, const llal_conv_shape *s) {
  if (llal_conv_winograd_wgrad_fits(level, s))
    return llal_conv_winograd_wgrad_workspace(level, s);
  if (llal_conv_wgrad_direct_fits(level, s)) return llal_conv_wgrad_direct_workspace(s);
  long taps = s->in_c * s->kernel * s->kernel;
  long width = round_up(min_l(taps, WGRAD_TAPS), llal_gemm_nr(level));
  // A packed block of dy, one of the gathered input, and the transpose scratch.
  return (size_t)((round_up(s->out_c, llal_gemm_mr(level)) + width) * LLAL_GEMM_KC +
                  LLAL_MAX_NR * round_up(min_l(taps, WGRAD_TAPS), 16));
}

void llal_conv_backward_weight(int level, const llal_conv_shape *s, const float *x,
                               const float *dy, float *dw, float *dbias, long n0, long n1,
                               float *workspace) {
  if (llal_conv_winograd_wgrad_fits(level, s)) {
    llal_conv_winograd_wgrad(level, s, x, dy, dw, dbias, n0, n1, workspace);
    return;
  }
  if (llal_conv_wgrad_direct_fits(level, s)) {
    llal_conv_wgrad_direct(s, x, dy, dw, dbias, n0, n1, workspace);
    return;
  }
  const long taps = s->in_c * s->kernel * s->kernel, ohw = s->out_h * s->out_w;
  float *pa = workspace;
  float *pb = workspace + round_up(s->out_c, llal_gemm_mr(level)) * LLAL_GEMM_KC;
  float *scratch = pb + round_up(min_l(taps, WGRAD_TAPS), llal_gemm_nr(level)) * LLAL_GEMM_KC;
  if (dbias) {
    for (long n = n0; n < n1; n++)
      for (long co = 0; co < s->out_c; co++) {
        const float *src = dy + (n * s->out_c + co) * ohw;
        float acc = 0;
        for (long j = 0; j < ohw; j++) acc += src[j];
        dbias[co] += acc;
      }
  }
  // The GEMM's inner dimension is the pixels, in slices of KC.
  for (long p0 = n0 * ohw; p0 < n1 * ohw; p0 += LLAL_GEMM_KC) {
    long np = min_l(LLAL_GEMM_KC, n1 * ohw - p0);
    llal_conv_pack_dy_rows(level, s, dy, p0, np, pa);
    for (long k0 = 0; k0 < taps; k0 += WGRAD_TAPS) {
      long kn = min_l(WGRAD_TAPS, taps - k0);
      llal_conv_pack_col_t(level, s, x, p0, np, k0, kn, pb, scratch);
      llal_gemm_macro(level, s->out_c, kn, np, pa, pb, dw + k0, taps, 1);
    }
  }
}

// --- Input gradient.

static long input_chunk(int level, const llal_conv_shape *s) {
  long taps = s->in_c * s->kernel * s->kernel, nr = llal_gemm_nr(level);
  return min_l(max_l(65536 / taps / nr, 1) * nr, 2048);
}

size_t llal_conv_backward_input_workspace(int level, const llal_conv_shape *s) {
  long taps = s->in_c * s->kernel * s->kernel, chunk = input_chunk(level, s);
  // Packed dy, the column gradient, and the col2im run table (4 ints or, for
  // llal_conv_col2im_s2, one piece per column).
  long table = (long)((sizeof(col2im_piece) + sizeof(float) - 1) / sizeof(float));
  return (size_t)((min_l(s->out_c, LLAL_GEMM_KC) + taps + max_l(4, table)) * chunk);
}

void llal_conv_backward_input(int level, const llal_conv_shape *s, const float *packed_wt,
                              const float *dy, float *dx, long n0, long n1, float *workspace) {
  const long taps = s->in_c * s->kernel * s->kernel, ohw = s->out_h * s->out_w;
  const long rows = round_up(taps, llal_gemm_mr(level)), chunk = input_chunk(level, s);
  const long chw = s->in_c * s->in_h * s->in_w;
  float *pb = workspace, *dcol = workspace + min_l(s->out_c, LLAL_GEMM_KC) * chunk;
  memset(dx + n0 * chw, 0, sizeof(float) * (size_t)((n1 - n0) * chw));
  for (long p0 = n0 * ohw; p0 < n1 * ohw; p0 += chunk) {
    long np = min_l(chunk, n1 * ohw - p0);
    for (long pc = 0; pc < s->out_c; pc += LLAL_GEMM_KC) {
      long cb = min_l(LLAL_GEMM_KC, s->out_c - pc);
      llal_conv_pack_dy(level, s, dy, pc, cb, p0, np, pb);
      llal_gemm_macro(level, taps, np, cb, packed_wt + rows * pc, pb, dcol, np, pc > 0);
    }
    if (llal_conv_col2im_s2_fits(level, s))
      llal_conv_col2im_s2(s, dcol, p0, np, dx, dcol + taps * chunk);
    else llal_conv_col2im(level, s, dcol, p0, np, dx, (int32_t *)(dcol + taps * chunk));
  }
}
