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

static inline long min_l(long a, long b) { return a < b ? a : b; }
static inline long max_l(long a, long b) { return a > b ? a : b; }
/// The smallest multiple of `m` that is at least `x` (x ≥ 0, m > 0).
static inline long round_up(long x, long m) { return (x + m - 1) / m * m; }

#endif
