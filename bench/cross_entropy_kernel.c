// Instruction-count driver for the cross-entropy kernels (docs/benchmarks.md, detection
// section): 10 forward and backward passes over one al-detect batch, 32 images x 544
// anchors, of C classes (default 4). Build and count:
//
//   K=Sources/CKernels
//   clang -O3 -fno-math-errno -I$K/include -I$K bench/cross_entropy_kernel.c \
//     $K/elementwise.c $K/cross_entropy.c $K/cpu.c -lm -o ce-bench
//   LLAL_SIMD=avx2 valgrind --tool=callgrind ./ce-bench 4
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "elementwise.h"

int main(int argc, char **argv) {
  size_t c = argc > 1 ? (size_t)atoi(argv[1]) : 4, rows = 32 * 544;
  if (c < 1 || c > 1000) {
    fprintf(stderr, "usage: ce-bench [classes 1...1000]\n");
    return 64;
  }
  float *x = malloc(rows * c * sizeof(float)), *dx = malloc(rows * c * sizeof(float));
  float *loss = malloc(rows * sizeof(float)), *max = malloc(rows * sizeof(float));
  float *lse = malloc(rows * sizeof(float)), *g = malloc(rows * sizeof(float));
  int32_t *t = malloc(rows * sizeof(int32_t));
  // Logits uniform in [-3, 3) and targets from a fixed linear congruential sequence.
  uint32_t state = 1;
  for (size_t i = 0; i < rows * c; i++) {
    state = state * 1664525u + 1013904223u;
    x[i] = (float)(state >> 8) / 16777216.0f * 6 - 3;
  }
  for (size_t i = 0; i < rows; i++) {
    state = state * 1664525u + 1013904223u;
    t[i] = (int32_t)((state >> 8) % c);
    g[i] = 1.0f / (float)rows;
  }
  double check = 0;
  for (int pass = 0; pass < 10; pass++) {
    llal_cross_entropy(x, t, rows, c, loss, max, lse);
    llal_cross_entropy_backward(x, t, max, lse, g, rows, c, dx);
    check += loss[pass] + dx[pass];
  }
  printf("%.6f\n", check);  // uses the results, so no pass is optimised away
  return 0;
}
