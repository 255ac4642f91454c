// Private to CKernels: the micro-kernels and their tile sizes per instruction-set level.
#ifndef LLAL_GEMM_KERNELS_H
#define LLAL_GEMM_KERNELS_H

/// C[MR, NR] (=|+=) Σ_p a[p·MR + i] · b[p·NR + j] over p in 0..<k, for packed panels.
typedef void (*llal_microkernel)(long k, const float *a, const float *b, float *c, long ldc,
                                 int accumulate);

#define LLAL_PORTABLE_MR 4
#define LLAL_PORTABLE_NR 8
#define LLAL_AVX2_MR 6
#define LLAL_AVX2_NR 16
#ifndef LLAL_AVX512_MR
#define LLAL_AVX512_MR 8
#endif
#define LLAL_AVX512_NR 32
#define LLAL_MAX_NR 32

/// Depth of the packed panels (the k-slice of one GEMM pass); shared by the conv drivers.
#define LLAL_GEMM_KC 256

void llal_ukernel_portable(long k, const float *a, const float *b, float *c, long ldc,
                           int accumulate);
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define LLAL_HAVE_X86_KERNELS 1
void llal_ukernel_avx2(long k, const float *a, const float *b, float *c, long ldc,
                       int accumulate);
void llal_ukernel_avx512(long k, const float *a, const float *b, float *c, long ldc,
                         int accumulate);
#endif

#endif
