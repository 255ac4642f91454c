#include "CKernels.h"

int llal_simd_level(void) {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
  static int level = -1;
  if (level < 0) {
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f")) level = 3;
    else if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) level = 2;
    else level = 0;
  }
  return level;
#else
  return 0;
#endif
}
