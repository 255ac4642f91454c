// A linear layer's ReLU mask and bias gradient in one pass over the rows (see linear.h).
#include "linear.h"
#include "vector8.h"

INLINE void linear_backward_rows_body(const float *restrict y, const float *restrict g,
                                      float *restrict gm, float *restrict db, size_t rows,
                                      size_t cols) {
  if (db != NULL)
    for (size_t j = 0; j < cols; j++) db[j] = 0;
  for (size_t r = 0; r < rows; r++) {
    const float *gr = g + r * cols;
    if (y != NULL) {
      const float *yr = y + r * cols;
      float *mr = gm + r * cols;
      for (size_t j = 0; j < cols; j++) mr[j] = yr[j] > 0 ? gr[j] : 0;
      gr = mr;
    }
    if (db != NULL)
      for (size_t j = 0; j < cols; j++) db[j] += gr[j];
  }
}
DISPATCH(linear_backward_rows,
         (const float *y, const float *g, float *gm, float *db, size_t rows, size_t cols),
         (y, g, gm, db, rows, cols))
