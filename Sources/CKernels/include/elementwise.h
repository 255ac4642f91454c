// Element-wise maps, reductions, softmax and cross-entropy over contiguous Float32 buffers.
//
// Every kernel is single-threaded; the Swift side splits large work into ranges and calls
// a kernel per range. Each has an AVX2+FMA version picked at run time (llal_kernel_level
// 2 or 3) and a portable version. NaN inputs propagate to the results; nothing traps.
#ifndef LLAL_ELEMENTWISE_H
#define LLAL_ELEMENTWISE_H

#include <stddef.h>
#include <stdint.h>

// MARK: Unary maps (y may equal x)

/// y = exp(x), polynomial approximation (about 1 ulp), +inf above 88.72, 0 below -104.
void llal_exp(const float *x, float *y, size_t n);
/// y = log(x).
void llal_log(const float *x, float *y, size_t n);
/// y = sqrt(x).
void llal_sqrt(const float *x, float *y, size_t n);
/// y = |x|.
void llal_abs(const float *x, float *y, size_t n);
/// y = x * x.
void llal_square(const float *x, float *y, size_t n);
/// y = tanh(x).
void llal_tanh(const float *x, float *y, size_t n);
/// y = 1 / (1 + exp(-x)).
void llal_sigmoid(const float *x, float *y, size_t n);
/// y = max(x, 0), keeping NaN.
void llal_relu(const float *x, float *y, size_t n);
/// y = x clamped to [lo, hi] (pass -inf / +inf for a missing bound), keeping NaN.
void llal_clamp(const float *x, float *y, size_t n, float lo, float hi);
/// y = x^p.
void llal_pow_scalar(const float *x, float *y, size_t n, float p);

// MARK: Binary arithmetic

/// Operations computed by llal_binary.
enum { LLAL_BINARY_ADD = 0, LLAL_BINARY_SUB = 1, LLAL_BINARY_MUL = 2, LLAL_BINARY_DIV = 3 };

/// y[i] = a[i * sa] (op) b[i * sb] for i < n, where each stride is 0 (a broadcast scalar)
/// or 1. y may equal a or b.
void llal_binary(int op, const float *a, size_t sa, const float *b, size_t sb, float *y,
                 size_t n);

/// y = max(a + b, 0), keeping NaN: a residual sum and its ReLU in one pass. y may equal a
/// or b.
void llal_add_relu(const float *a, const float *b, float *y, size_t n);

// MARK: Maximum and minimum of two same-shape tensors

/// y = max(a, b), or min(a, b) with is_min; NaN if either is NaN.
void llal_minmax(int is_min, const float *a, const float *b, float *y, size_t n);
/// Gradients of llal_minmax: ga = g where a was chosen, gb = g where b was; g / 2 each on
/// a tie.
void llal_minmax_backward(int is_min, const float *a, const float *b, const float *g,
                          float *ga, float *gb, size_t n);

// MARK: Backward maps

/// dx = x > 0 ? g : 0.
void llal_relu_backward(const float *x, const float *g, float *dx, size_t n);
/// dx = g * y * (1 - y), y = sigmoid(x).
void llal_sigmoid_backward(const float *y, const float *g, float *dx, size_t n);
/// dx = g * (1 - y * y), y = tanh(x).
void llal_tanh_backward(const float *y, const float *g, float *dx, size_t n);

// MARK: Reductions

/// Reductions computed by llal_reduce.
enum { LLAL_REDUCE_SUM = 0, LLAL_REDUCE_MAX = 1, LLAL_REDUCE_MIN = 2 };

/// Reduces the middle axis of x viewed as [outer, r, inner] (r >= 1) for the columns
/// j in [j0, j1): out[o * inner + j] = reduce over i of x[(o * r + i) * inner + j].
/// Max and min propagate NaN.
void llal_reduce(int kind, const float *x, size_t outer, size_t r, size_t inner, size_t j0,
                 size_t j1, float *out);

/// Index (as a float) of the largest (or, with is_min, smallest) element along the middle
/// axis of [outer, r, inner] (r >= 1): out[o * inner + j]. Ties give the first index; a
/// NaN counts as the extreme, so the first NaN wins.
void llal_argreduce(int is_min, const float *x, size_t outer, size_t r, size_t inner,
                    float *out);

// MARK: Softmax and cross-entropy

/// Softmax (or, with is_log, log-softmax) along the middle axis of [outer, r, inner],
/// shifted by the maximum so large inputs stay finite.
void llal_softmax(int is_log, const float *x, float *y, size_t outer, size_t r,
                  size_t inner);

/// Gradient of llal_softmax given its output y and the output's gradient g:
/// softmax dx = y * (g - sum(g * y)); log-softmax dx = g - exp(y) * sum(g).
void llal_softmax_backward(int is_log, const float *y, const float *g, float *dx,
                           size_t outer, size_t r, size_t inner);

/// Per-row cross-entropy of logits x [rows, c] against class indices t (each in [0, c)):
/// max[i] = max(x[i]), lse[i] = log(sum(exp(x[i] - max[i]))) (kept apart, since in float
/// their sum loses lse's low bits once the logits are large), loss[i] = (max[i] - x[i][t[i]])
/// + lse[i].
void llal_cross_entropy(const float *x, const int32_t *t, size_t rows, size_t c,
                        float *loss, float *max, float *lse);

/// Gradient of llal_cross_entropy, given its max and lse:
/// dx[i][j] = g[i] * (exp((x[i][j] - max[i]) - lse[i]) - [j == t[i]]).
void llal_cross_entropy_backward(const float *x, const int32_t *t, const float *max,
                                 const float *lse, const float *g, size_t rows, size_t c,
                                 float *dx);

#endif
