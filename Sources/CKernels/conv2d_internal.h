// Private to CKernels: what the convolution files share — the macros that compile one loop
// body per instruction-set level, and the packers and direct kernels the drivers in
// conv2d.c call.
#ifndef LLAL_CONV2D_INTERNAL_H
#define LLAL_CONV2D_INTERNAL_H

#include "conv2d.h"
#include "gemm_kernels.h"
#include "kernel_util.h"

#include <stdint.h>

// A row offset that makes every tap of a padding column fail the bounds test.
#define OUTSIDE (-(1 << 29))

/// Kernels up to this size get per-(kh, kw) mask tables in the AVX-512 paths.
enum { DIRECT_MAX_KERNEL = 7 };

#if defined(LLAL_HAVE_X86_KERNELS)
// name##_avx512 / _avx2 / _portable from one always-inline name##_body(NR, ...).
#define VERSIONS(name, params, ...)                                                      \
  LLAL_TARGET_AVX512 static void name##_avx512 params {                                  \
    name##_body(LLAL_AVX512_NR, __VA_ARGS__);                                            \
  }                                                                                      \
  LLAL_TARGET_AVX2 static void name##_avx2 params {                                      \
    name##_body(LLAL_AVX2_NR, __VA_ARGS__);                                              \
  }                                                                                      \
  static void name##_portable params { name##_body(LLAL_PORTABLE_NR, __VA_ARGS__); }
#define DISPATCH(level, name, args)                                                      \
  do {                                                                                   \
    if ((level) >= 3) name##_avx512 args;                                                \
    else if ((level) >= 2) name##_avx2 args;                                             \
    else name##_portable args;                                                           \
  } while (0)
#else
#define VERSIONS(name, params, ...)                                                      \
  static void name##_portable params { name##_body(LLAL_PORTABLE_NR, __VA_ARGS__); }
#define DISPATCH(level, name, args) name##_portable args
#endif

// --- Packers (conv2d_pack.c). Columns p are output pixels of the whole batch, rows k are
// taps (ci, kh, kw); see conv2d.c for the three products they feed.

/// B = col[k0..<k0+kb, p0..<p0+np] in NR-column panels (forward).
void llal_conv_pack_col(int level, const llal_conv_shape *s, const float *x, long k0, long kb,
                        long p0, long np, float *dst);
/// B = colᵀ[p0..<p0+np, k0..<k0+kn] in NR-column panels over taps (weight gradient);
/// `scratch` holds 32 × round_up(kn, 16) floats.
void llal_conv_pack_col_t(int level, const llal_conv_shape *s, const float *x, long p0,
                          long np, long k0, long kn, float *dst, float *scratch);
/// B = dy[c0..<c0+cb, p0..<p0+np] as [out_c, pixels] in NR-column panels (input gradient).
void llal_conv_pack_dy(int level, const llal_conv_shape *s, const float *dy, long c0, long cb,
                       long p0, long np, float *dst);
/// A = dy[all channels, p0..<p0+np] in MR-row panels over channels (weight gradient).
void llal_conv_pack_dy_rows(int level, const llal_conv_shape *s, const float *dy, long p0,
                            long np, float *dst);
/// dx += col2im(dcol) for columns p0..<p0+np of dcol [in_c·k·k, np]; `runs` has room for
/// 4·np ints.
void llal_conv_col2im(int level, const llal_conv_shape *s, const float *dcol, long p0,
                      long np, float *dx, int32_t *runs);

// --- The packing-free forward (conv2d_direct.c).

/// Whether `llal_conv_direct_forward` handles this convolution at `level`.
int llal_conv_direct_fits(int level, const llal_conv_shape *s);
/// Floats of workspace `llal_conv_direct_forward` needs.
size_t llal_conv_direct_workspace(const llal_conv_shape *s);
/// y for samples n0..<n1, reading x directly; `packed_w` as for the packed forward.
void llal_conv_direct_forward(const llal_conv_shape *s, const float *x, const float *packed_w,
                              const float *bias, float *y, long n0, long n1, float *workspace);

// --- The forward with output channels in the lanes (conv2d_lanes.c), for small maps.

/// Whether `llal_conv_lanes_forward` handles this convolution at `level`.
int llal_conv_lanes_fits(int level, const llal_conv_shape *s);
/// Floats of workspace `llal_conv_lanes_forward` needs.
size_t llal_conv_lanes_workspace(const llal_conv_shape *s);
/// Floats of the weights `llal_conv_lanes_pack_weight` writes.
size_t llal_conv_lanes_weight_size(const llal_conv_shape *s);
/// w [out_c, in_c·k·k] as [block of 16 output channels][tap][16], zero past out_c.
void llal_conv_lanes_pack_weight(const llal_conv_shape *s, const float *w, float *dst);
/// y for samples n0..<n1; `packed_w` from `llal_conv_lanes_pack_weight`.
void llal_conv_lanes_forward(const llal_conv_shape *s, const float *x, const float *packed_w,
                             const float *bias, float *y, long n0, long n1, float *workspace);

// --- The 3×3, stride-1 forward by Winograd's F(2×2, 3×3) (conv2d_winograd.c).

/// Whether `llal_conv_winograd_forward` handles this convolution at `level`.
int llal_conv_winograd_fits(int level, const llal_conv_shape *s);
/// Floats of workspace `llal_conv_winograd_forward` needs.
size_t llal_conv_winograd_workspace(int level, const llal_conv_shape *s);
/// Floats of the weights `llal_conv_winograd_pack_weight` writes.
size_t llal_conv_winograd_weight_size(int level, const llal_conv_shape *s);
/// w [out_c, in_c, 3, 3] as the 16 transformed matrices U[ξ] [out_c, in_c], each packed as
/// the GEMM's A operand at `level`.
void llal_conv_winograd_pack_weight(int level, const llal_conv_shape *s, const float *w,
                                    float *dst);
/// y for samples n0..<n1; `packed_w` from `llal_conv_winograd_pack_weight`.
void llal_conv_winograd_forward(int level, const llal_conv_shape *s, const float *x,
                                const float *packed_w, const float *bias, float *y, long n0,
                                long n1, float *workspace);

// --- The 3×3, stride-1 forward by Winograd's F(4×4, 3×3) (conv2d_winograd4.c), checked
// before F(2×2); the same four entry points.

/// Whether `llal_conv_winograd4_forward` handles this convolution at `level`.
int llal_conv_winograd4_fits(int level, const llal_conv_shape *s);
/// Floats of workspace `llal_conv_winograd4_forward` needs.
size_t llal_conv_winograd4_workspace(int level, const llal_conv_shape *s);
/// Floats of the weights `llal_conv_winograd4_pack_weight` writes.
size_t llal_conv_winograd4_weight_size(int level, const llal_conv_shape *s);
/// w [out_c, in_c, 3, 3] as the 36 transformed matrices U[ξ] [out_c, in_c], each packed as
/// the GEMM's A operand at `level`.
void llal_conv_winograd4_pack_weight(int level, const llal_conv_shape *s, const float *w,
                                     float *dst);
/// y for samples n0..<n1; `packed_w` from `llal_conv_winograd4_pack_weight`.
void llal_conv_winograd4_forward(int level, const llal_conv_shape *s, const float *x,
                                 const float *packed_w, const float *bias, float *y, long n0,
                                 long n1, float *workspace);

/// Whether `llal_conv_winograd_wgrad` handles this weight gradient at `level`.
int llal_conv_winograd_wgrad_fits(int level, const llal_conv_shape *s);
/// Floats of workspace `llal_conv_winograd_wgrad` needs.
size_t llal_conv_winograd_wgrad_workspace(int level, const llal_conv_shape *s);
/// As `llal_conv_backward_weight`, by F(2×2, 3×3) (conv2d_winograd_wgrad.c).
void llal_conv_winograd_wgrad(int level, const llal_conv_shape *s, const float *x,
                              const float *dy, float *dw, float *dbias, long n0, long n1,
                              float *workspace);

// --- The 3×3 weight gradient without im2col (conv2d_wgrad.c).

/// Whether `llal_conv_wgrad_direct` handles this convolution at `level`.
int llal_conv_wgrad_direct_fits(int level, const llal_conv_shape *s);
/// Floats of workspace `llal_conv_wgrad_direct` needs.
size_t llal_conv_wgrad_direct_workspace(const llal_conv_shape *s);
/// dw (+ dbias when not NULL) += the gradient over samples n0..<n1, as
/// `llal_conv_backward_weight`.
void llal_conv_wgrad_direct(const llal_conv_shape *s, const float *x, const float *dy,
                            float *dw, float *dbias, long n0, long n1, float *workspace);
/// Whether the weight gradient takes input channels in lanes (conv2d_wgrad_ci.c): few
/// output channels, many input channels.
int llal_conv_wgrad_ci_fits(const llal_conv_shape *s);
/// Floats of workspace `llal_conv_wgrad_ci` needs.
size_t llal_conv_wgrad_ci_workspace(const llal_conv_shape *s);
/// As `llal_conv_wgrad_direct`, with input channels in the vector lanes.
void llal_conv_wgrad_ci(const llal_conv_shape *s, const float *x, const float *dy, float *dw,
                        float *dbias, long n0, long n1, float *workspace);

/// Whether `llal_conv_wgrad_pix` handles this convolution at `level`: 3×3, stride 1, pad 1
/// (the output the input's size) on rows of 16 pixels or a divisor or multiple of 16, with
/// few channels (one input channel, or ≤ 8 output and < 16 input channels).
int llal_conv_wgrad_pix_fits(int level, const llal_conv_shape *s);
/// As `llal_conv_wgrad_direct`, with pixels in the vector lanes and no workspace
/// (conv2d_wgrad_pix.c).
void llal_conv_wgrad_pix(const llal_conv_shape *s, const float *x, const float *dy, float *dw,
                         float *dbias, long n0, long n1);

// --- col2im for stride 2 on AVX-512 (conv2d_col2im_s2.c).

/// Whether `llal_conv_col2im_s2` handles this convolution at `level`.
int llal_conv_col2im_s2_fits(int level, const llal_conv_shape *s);
/// A piece of ≤ 16 output pixels of one output row, as `llal_conv_col2im_s2` scatters it:
/// columns pp..<pp+len of the block, input row ih0 + kh, dx offset base (sample and first
/// input column) + (ci·H + ih)·W, and the 32 lanes from there that lie inside the row.
typedef struct {
  int32_t pp, len, ih0;
  uint32_t keep;
  long base;
} col2im_piece;
/// As `llal_conv_col2im`; `table` has room for np pieces.
void llal_conv_col2im_s2(const llal_conv_shape *s, const float *dcol, long p0, long np,
                         float *dx, void *table);

#endif
