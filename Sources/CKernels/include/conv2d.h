// 2-D convolution (NCHW, square kernel) lowered to GEMM. The im2col matrix is never
// stored whole: its blocks are gathered straight into the GEMM's packed panel layout (or,
// on AVX-512, read straight from the image by the direct and lanes kernels), and the
// input gradient is scattered back (col2im) block by block, so the working set stays in
// cache. Each driver works on a range of samples on the calling thread; the caller
// (LLALTensor's conv2d) splits the batch across threads.
#ifndef LLAL_CONV2D_H
#define LLAL_CONV2D_H

#include <stddef.h>

/// The sizes of one convolution: x [batch, in_c, in_h, in_w], w [out_c, in_c, kernel,
/// kernel], y [batch, out_c, out_h, out_w] with out = (in + 2·pad − kernel) / stride + 1.
typedef struct {
  long batch, in_c, in_h, in_w;
  long out_c, kernel, stride, pad;
  long out_h, out_w;
} llal_conv_shape;

/// Floats of packed weights `llal_conv_pack_weight` writes.
size_t llal_conv_packed_weight_size(int level, const llal_conv_shape *s);
/// Packs w [out_c, in_c·k·k] for `llal_conv_forward` at `level`: as the GEMM's A operand,
/// or for small maps on AVX-512 as blocks of 16 output channels per tap.
void llal_conv_pack_weight(int level, const llal_conv_shape *s, const float *w, float *dst);
/// Floats of packed weights `llal_conv_pack_weight_t` writes.
size_t llal_conv_packed_weight_t_size(int level, const llal_conv_shape *s);
/// Packs wᵀ [in_c·k·k, out_c] as the GEMM's A operand for the input gradient.
void llal_conv_pack_weight_t(int level, const llal_conv_shape *s, const float *w,
                             float *dst);

/// Floats of workspace one thread needs for `llal_conv_forward`.
size_t llal_conv_forward_workspace(int level, const llal_conv_shape *s);
/// y[n] = w ⋆ x[n] (+ bias) for samples n0..<n1; `packed_w` from `llal_conv_pack_weight`,
/// `bias` may be NULL.
void llal_conv_forward(int level, const llal_conv_shape *s, const float *x,
                       const float *packed_w, const float *bias, float *y, long n0, long n1,
                       float *workspace);

/// Floats of workspace one thread needs for `llal_conv_backward_weight`.
size_t llal_conv_backward_weight_workspace(int level, const llal_conv_shape *s);
/// dw += Σ over samples n0..<n1 of dy[n] ⋆ x[n] (dw [out_c, in_c·k·k]); and, when `dbias`
/// is not NULL, dbias += Σ dy over those samples and all pixels.
void llal_conv_backward_weight(int level, const llal_conv_shape *s, const float *x,
                               const float *dy, float *dw, float *dbias, long n0, long n1,
                               float *workspace);

/// Floats of workspace one thread needs for `llal_conv_backward_input`.
size_t llal_conv_backward_input_workspace(int level, const llal_conv_shape *s);
/// dx[n] = the input gradient for samples n0..<n1 (overwritten); `packed_wt` from
/// `llal_conv_pack_weight_t`.
void llal_conv_backward_input(int level, const llal_conv_shape *s, const float *packed_wt,
                              const float *dy, float *dx, long n0, long n1, float *workspace);

#endif
