// Transposing a block of floats: the inner kernel of the engine's strided copies.
#ifndef LLAL_TRANSPOSE_H
#define LLAL_TRANSPOSE_H

#include <stddef.h>

/// dst[c * dst_stride + r] = src[r * src_stride + c] for r < rows, c < cols: 8 × 8 blocks
/// through vector registers, the ragged edges element by element. Pure data movement, so
/// every level gives the same result.
void llal_transpose(const float *src, size_t src_stride, size_t rows, size_t cols,
                    float *dst, size_t dst_stride);

#endif
