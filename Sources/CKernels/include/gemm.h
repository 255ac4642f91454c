// Single-precision GEMM: packing of A and B panels, a register-blocked micro-kernel per
// instruction-set level, and the cache-blocked loops around them. Threading is done by
// the caller (LLALTensor's Gemm), which splits C into blocks and gives each its own
// workspace.
#ifndef LLAL_GEMM_H
#define LLAL_GEMM_H

#include <stddef.h>

/// Rows of C computed by one micro-kernel call at `level`.
int llal_gemm_mr(int level);
/// Columns of C computed by one micro-kernel call at `level`.
int llal_gemm_nr(int level);

/// Floats of workspace `llal_sgemm_serial` needs for these sizes at `level`.
size_t llal_sgemm_workspace(int level, long m, long n, long k);

/// C[m,n] = op(A)[m,k] · op(B)[k,n] (or C += … when `accumulate` is non-zero), on the
/// calling thread. op(A) is A (row-major, leading dimension lda) or, when `trans_a`, the
/// transpose of the stored k×m matrix; likewise B. `workspace` holds at least
/// `llal_sgemm_workspace(level, m, n, k)` floats, 64-byte aligned.
void llal_sgemm_serial(int level, int trans_a, int trans_b, long m, long n, long k,
                       const float *a, long lda, const float *b, long ldb, float *c, long ldc,
                       int accumulate, float *workspace);

/// `llal_sgemm_serial` with an epilogue: C = op(A)·op(B) + bias (every row of C starts as
/// the n values of `bias`, which needs `accumulate` 0; NULL for none), then max(C, 0)
/// when `relu` (NaN kept), each tile finished in registers as the kernel stores it.
void llal_sgemm_fused(int level, int trans_a, int trans_b, long m, long n, long k,
                      const float *a, long lda, const float *b, long ldb, float *c, long ldc,
                      int accumulate, const float *bias, int relu, float *workspace);

/// Packs op(A)[m, k] into panels of `llal_gemm_mr(level)` rows: panel i holds, for each
/// p in 0..<k, the rows' values contiguously. Rows past m are zero.
void llal_gemm_pack_a(int level, int trans_a, const float *a, long lda, long m, long k,
                      float *dst);

/// Packs op(B)[k, n] into panels of `llal_gemm_nr(level)` columns: panel j holds, for
/// each p in 0..<k, the columns' values contiguously. Columns past n are zero.
void llal_gemm_pack_b(int level, int trans_b, const float *b, long ldb, long k, long n,
                      float *dst);

/// C[m,n] (=|+=) packedA · packedB for panels made by the pack functions with inner
/// size k, one micro-kernel per MR×NR tile, partial tiles through a scratch tile.
void llal_gemm_macro(int level, long m, long n, long k, const float *packed_a,
                     const float *packed_b, float *c, long ldc, int accumulate);

#endif
