// Private to CKernels (not under include/): the small helpers and macros every kernel file
// shares, so that each is written once.
#ifndef LLAL_KERNEL_UTIL_H
#define LLAL_KERNEL_UTIL_H

// Kernel bodies are inlined into each per-level entry point so that they take its target
// features: one body, compiled once per caller.
#define INLINE static inline __attribute__((always_inline))

// x86-64 with GCC or Clang: per-function target attributes, cpuid and intrinsics exist, so
// the AVX2 and AVX-512 versions are compiled beside the portable one.
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define LLAL_HAVE_X86_KERNELS 1
// The instruction sets of levels 2 and 3 (see llal_simd_level). Level 3 kernels may also
// use AVX2 and BMI2, which every AVX-512 CPU has and llal_simd_level checks for.
#define LLAL_TARGET_AVX2 __attribute__((target("avx2,fma")))
#define LLAL_TARGET_AVX512 __attribute__((target("avx512f")))
#define LLAL_TARGET_AVX512_BMI2 __attribute__((target("avx512f,bmi2")))
#endif

// `llal_NAME PARAMS`, calling NAME##_body ARGS compiled for AVX-512, AVX2+FMA and
// portably, the one the kernel level (llal_kernel_level, CKernels.h) picks. For bodies
// whose code is the same at every level, so that every level returns the same bits.
#if defined(LLAL_HAVE_X86_KERNELS)
#define DISPATCH_LEVELS(NAME, PARAMS, ARGS)                                 \
  LLAL_TARGET_AVX512 static void NAME##_avx512 PARAMS { NAME##_body ARGS; } \
  LLAL_TARGET_AVX2 static void NAME##_avx2 PARAMS { NAME##_body ARGS; }     \
  static void NAME##_portable PARAMS { NAME##_body ARGS; }                  \
  void llal_##NAME PARAMS {                                                 \
    int level = llal_kernel_level();                                        \
    if (level >= 3) NAME##_avx512 ARGS;                                     \
    else if (level >= 2) NAME##_avx2 ARGS;                                  \
    else NAME##_portable ARGS;                                              \
  }
#else
#define DISPATCH_LEVELS(NAME, PARAMS, ARGS) \
  void llal_##NAME PARAMS { NAME##_body ARGS; }
#endif

static inline long min_l(long a, long b) { return a < b ? a : b; }
static inline long max_l(long a, long b) { return a > b ? a : b; }
/// The smallest multiple of `m` that is at least `x` (x ≥ 0, m > 0).
static inline long round_up(long x, long m) { return (x + m - 1) / m * m; }

#endif
