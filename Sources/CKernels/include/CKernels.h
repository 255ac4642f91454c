// Vectorised kernels for the engine, in C so that each can carry a per-function target
// attribute (AVX2+FMA, AVX-512) picked at run time, with a portable path everywhere else.
#ifndef LLAL_CKERNELS_H
#define LLAL_CKERNELS_H

#include <stddef.h>
#include "elementwise.h"

#include "interrupt.h"

/// Which vector instruction set the kernels use on this CPU: 0 portable, 2 AVX2+FMA,
/// 3 AVX-512F. Decided once, from cpuid.
int llal_simd_level(void);

/// The instruction-set level the kernels use now (0, 2 or 3 as above). Starts at the
/// CPU's best, lowered by the `LLAL_SIMD` environment variable (`portable`, `avx2`,
/// `avx512`) when it is set.
int llal_kernel_level(void);

/// Sets the level the kernels use, clamped to what the CPU supports; returns the level in
/// effect. For tests and benchmarks; set it while no kernel is running.
int llal_set_kernel_level(int level);

/// Makes the calling thread treat subnormal floats as zero, as inputs (DAZ) and results
/// (FTZ), until `llal_float_mode_leave`; returns the mode to restore. On x86 a subnormal
/// operand or result costs a microcode assist of ~100 cycles per instruction, which once
/// slowed a whole training step 3× (gradients of a detection loss decaying into the
/// subnormal range); TensorFlow and XLA run their CPU kernels the same way. Elsewhere a
/// no-op.
unsigned llal_float_mode_enter(void);
/// Restores the mode `llal_float_mode_enter` returned.
void llal_float_mode_leave(unsigned saved);

#include "gemm.h"
#include "linear.h"
#include "pool.h"
#include "scratch.h"
#include "conv2d.h"
#include "spatial.h"
#include "batchnorm.h"
#include "optimizer.h"
#include "multibox.h"
#include "transpose.h"

#endif
