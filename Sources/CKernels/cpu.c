#include "CKernels.h"
#include "kernel_util.h"

#include <stdlib.h>
#include <string.h>
#if defined(LLAL_HAVE_X86_KERNELS)
#include <immintrin.h>
#endif

int llal_simd_level(void) {
#if defined(LLAL_HAVE_X86_KERNELS)
  static int level = -1;
  if (level < 0) {
    __builtin_cpu_init();
    // Level 3 kernels also use AVX2 and BMI2 instructions, which every AVX-512 CPU has.
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx2") &&
        __builtin_cpu_supports("bmi2"))
      level = 3;
    else if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) level = 2;
    else level = 0;
  }
  return level;
#else
  return 0;
#endif
}

static int clamp_level(int wanted) {
  int best = llal_simd_level();
  if (wanted >= 3 && best >= 3) return 3;
  if (wanted >= 2 && best >= 2) return 2;
  return 0;
}

// -1 until first asked for; written with relaxed atomics since kernels on several threads
// read it (they all see the same value unless a test changes it between calls).
static int kernel_level = -1;

int llal_kernel_level(void) {
  int level = __atomic_load_n(&kernel_level, __ATOMIC_RELAXED);
  if (level >= 0) return level;
  int wanted = 3;
  const char *env = getenv("LLAL_SIMD");
  if (env != NULL) {
    if (strcmp(env, "portable") == 0) wanted = 0;
    else if (strcmp(env, "avx2") == 0) wanted = 2;
  }
  level = clamp_level(wanted);
  __atomic_store_n(&kernel_level, level, __ATOMIC_RELAXED);
  return level;
}

int llal_set_kernel_level(int level) {
  int effective = clamp_level(level);
  __atomic_store_n(&kernel_level, effective, __ATOMIC_RELAXED);
  return effective;
}

// MXCSR bits: flush-to-zero (15) and denormals-are-zero (6).
enum { FLUSH_SUBNORMALS = 0x8040 };

unsigned llal_float_mode_enter(void) {
#if defined(LLAL_HAVE_X86_KERNELS)
  unsigned saved = _mm_getcsr();
  if ((saved & FLUSH_SUBNORMALS) != FLUSH_SUBNORMALS) _mm_setcsr(saved | FLUSH_SUBNORMALS);
  return saved;
#else
  return 0;
#endif
}

void llal_float_mode_leave(unsigned saved) {
#if defined(LLAL_HAVE_X86_KERNELS)
  if (_mm_getcsr() != saved) _mm_setcsr(saved);
#else
  (void)saved;
#endif
}
