// Private to CKernels: the 16-lane vector types (GCC/Clang vector extensions) and their
// unaligned loads and stores, shared by the kernels written once for AVX-512 (one zmm
// per vector), AVX2 (two ymm) and portably (batchnorm.c, spatial.c).
#ifndef LLAL_VECTOR16_H
#define LLAL_VECTOR16_H

#include "kernel_util.h"

#include <stdint.h>
#include <string.h>

// NOTE: vectors cross function boundaries only inside always-inline bodies.
#pragma GCC diagnostic ignored "-Wpsabi"

typedef float v16f __attribute__((vector_size(64)));
typedef int32_t v16i __attribute__((vector_size(64)));

INLINE v16f load16(const float *p) {
  v16f v;
  memcpy(&v, p, sizeof v);
  return v;
}
INLINE v16i load16i(const int32_t *p) {
  v16i v;
  memcpy(&v, p, sizeof v);
  return v;
}
INLINE void store16(float *p, v16f v) { memcpy(p, &v, sizeof v); }
INLINE void store16i(int32_t *p, v16i v) { memcpy(p, &v, sizeof v); }

#endif
