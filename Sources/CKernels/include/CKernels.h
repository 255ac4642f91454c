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

#endif
