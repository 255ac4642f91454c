// Block transposes (transpose.h). Swift's own 8 × 8 transpose compiled to SSE shuffles
// through the stack; here the same three rounds run on 256-bit registers at the AVX2 and
// AVX-512 levels.
#include "vector8.h"

// The transpose of the 8 × 8 block at s (rows ss apart) written to d (rows ds apart):
// unpack pairs of rows, then pairs of pairs, then swap 128-bit halves.
INLINE void transpose8x8(const float *s, size_t ss, float *d, size_t ds) {
  v8f r0 = load8(s), r1 = load8(s + ss), r2 = load8(s + 2 * ss), r3 = load8(s + 3 * ss);
  v8f r4 = load8(s + 4 * ss), r5 = load8(s + 5 * ss), r6 = load8(s + 6 * ss);
  v8f r7 = load8(s + 7 * ss);
  v8f t0 = __builtin_shufflevector(r0, r1, 0, 8, 1, 9, 4, 12, 5, 13);
  v8f t1 = __builtin_shufflevector(r0, r1, 2, 10, 3, 11, 6, 14, 7, 15);
  v8f t2 = __builtin_shufflevector(r2, r3, 0, 8, 1, 9, 4, 12, 5, 13);
  v8f t3 = __builtin_shufflevector(r2, r3, 2, 10, 3, 11, 6, 14, 7, 15);
  v8f t4 = __builtin_shufflevector(r4, r5, 0, 8, 1, 9, 4, 12, 5, 13);
  v8f t5 = __builtin_shufflevector(r4, r5, 2, 10, 3, 11, 6, 14, 7, 15);
  v8f t6 = __builtin_shufflevector(r6, r7, 0, 8, 1, 9, 4, 12, 5, 13);
  v8f t7 = __builtin_shufflevector(r6, r7, 2, 10, 3, 11, 6, 14, 7, 15);
  v8f u0 = __builtin_shufflevector(t0, t2, 0, 1, 8, 9, 4, 5, 12, 13);
  v8f u1 = __builtin_shufflevector(t0, t2, 2, 3, 10, 11, 6, 7, 14, 15);
  v8f u2 = __builtin_shufflevector(t1, t3, 0, 1, 8, 9, 4, 5, 12, 13);
  v8f u3 = __builtin_shufflevector(t1, t3, 2, 3, 10, 11, 6, 7, 14, 15);
  v8f u4 = __builtin_shufflevector(t4, t6, 0, 1, 8, 9, 4, 5, 12, 13);
  v8f u5 = __builtin_shufflevector(t4, t6, 2, 3, 10, 11, 6, 7, 14, 15);
  v8f u6 = __builtin_shufflevector(t5, t7, 0, 1, 8, 9, 4, 5, 12, 13);
  v8f u7 = __builtin_shufflevector(t5, t7, 2, 3, 10, 11, 6, 7, 14, 15);
  store8(d, __builtin_shufflevector(u0, u4, 0, 1, 2, 3, 8, 9, 10, 11));
  store8(d + ds, __builtin_shufflevector(u1, u5, 0, 1, 2, 3, 8, 9, 10, 11));
  store8(d + 2 * ds, __builtin_shufflevector(u2, u6, 0, 1, 2, 3, 8, 9, 10, 11));
  store8(d + 3 * ds, __builtin_shufflevector(u3, u7, 0, 1, 2, 3, 8, 9, 10, 11));
  store8(d + 4 * ds, __builtin_shufflevector(u0, u4, 4, 5, 6, 7, 12, 13, 14, 15));
  store8(d + 5 * ds, __builtin_shufflevector(u1, u5, 4, 5, 6, 7, 12, 13, 14, 15));
  store8(d + 6 * ds, __builtin_shufflevector(u2, u6, 4, 5, 6, 7, 12, 13, 14, 15));
  store8(d + 7 * ds, __builtin_shufflevector(u3, u7, 4, 5, 6, 7, 12, 13, 14, 15));
}

INLINE void transpose_body(const float *src, size_t ss, size_t rows, size_t cols, float *dst,
                           size_t ds) {
  size_t r0 = 0;
  for (; r0 + 8 <= rows; r0 += 8) {
    size_t c0 = 0;
    for (; c0 + 8 <= cols; c0 += 8) transpose8x8(src + r0 * ss + c0, ss, dst + c0 * ds + r0, ds);
    for (size_t c = c0; c < cols; c++)
      for (size_t r = r0; r < r0 + 8; r++) dst[c * ds + r] = src[r * ss + c];
  }
  for (size_t r = r0; r < rows; r++)
    for (size_t c = 0; c < cols; c++) dst[c * ds + r] = src[r * ss + c];
}

DISPATCH_LEVELS(transpose,
                (const float *src, size_t ss, size_t rows, size_t cols, float *dst, size_t ds),
                (src, ss, rows, cols, dst, ds))
