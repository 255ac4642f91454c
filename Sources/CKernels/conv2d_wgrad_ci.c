// The 3×3 weight gradient without im2col for few output channels (≤ 16) and many input
// channels (AVX-512): conv2d_wgrad.c's kernel with the roles of the channels swapped.
//
// With one block of output channels in the lanes, each FMA of conv2d_wgrad.c needs its
// own broadcast of x. Here input channels go in the lanes instead:
//   xT[n][cib][Hp·Wp][16]  x transposed, 16 input channels per block cib, inside a zero
//                          border of `pad` (channels past in_c are zero),
// and per block and pair of output channels the 2 × 9 accumulators
//   acc[r][tap] += xT[p's corner + off(tap)] · dy[co + r][p]   (a broadcast)
// read dy where it lies: 9 vector loads and 2 broadcasts per 18 FMAs.
#include "conv2d_internal.h"

#if defined(LLAL_HAVE_X86_KERNELS)
#include <immintrin.h>
#include <string.h>

enum { TAPS = 9, GROUP_FLOATS = 48 * 1024 };  // a group's xT stays in L2

int llal_conv_wgrad_ci_fits(const llal_conv_shape *s) {
  return s->out_c <= 16 && s->in_c >= 16;
}

static long group_samples(const llal_conv_shape *s) {
  long plane = (s->in_h + 2 * s->pad) * (s->in_w + 2 * s->pad);
  return max_l(1, min_l(s->batch, GROUP_FLOATS / (round_up(s->in_c, 16) * plane)));
}

size_t llal_conv_wgrad_ci_workspace(const llal_conv_shape *s) {
  long plane = (s->in_h + 2 * s->pad) * (s->in_w + 2 * s->pad), ci16 = round_up(s->in_c, 16);
  // dwC [out_c][taps][ci16], xT, and the pixel offset table (ints, counted as floats).
  return (size_t)(s->out_c * TAPS * ci16 + group_samples(s) * ci16 * plane +
                  s->out_h * s->out_w);
}

// acc[r][tap] for output channels dy_r (R of them, `rstride` floats apart) over the
// samples of a group, added into dwC[r][tap][16 lanes] (rows of `ld` floats).
INLINE LLAL_TARGET_AVX512 void tile_body(const int R, const float *xT, long nstride,
                                         const float *dy, long rstride, long dy_nstride,
                                         long g, long ohw, const int32_t *xoff, long wp,
                                         float *dwC, long ld) {
  __m512 acc[2][TAPS];
  for (int r = 0; r < R; r++)
    for (int t = 0; t < TAPS; t++) acc[r][t] = _mm512_setzero_ps();
  for (long n = 0; n < g; n++) {
    const float *xs = xT + n * nstride, *d = dy + n * dy_nstride;
    for (long p = 0; p < ohw; p++) {
      __m512 b[2];
      for (int r = 0; r < R; r++) b[r] = _mm512_set1_ps(d[r * rstride + p]);
      const float *c = xs + 16 * (long)xoff[p];
      for (int t = 0; t < TAPS; t++) {
        __m512 v = _mm512_loadu_ps(c + 16 * (t / 3 * wp + t % 3));
        for (int r = 0; r < R; r++) acc[r][t] = _mm512_fmadd_ps(v, b[r], acc[r][t]);
      }
    }
  }
  for (int r = 0; r < R; r++)
    for (int t = 0; t < TAPS; t++) {
      float *dst = dwC + (r * TAPS + t) * ld;
      _mm512_storeu_ps(dst, _mm512_add_ps(_mm512_loadu_ps(dst), acc[r][t]));
    }
}
#define CI_TILE(R)                                                                        \
  LLAL_TARGET_AVX512 static void ci_tile_##R(                                             \
      const float *xT, long nstride, const float *dy, long rstride, long dy_nstride,      \
      long g, long ohw, const int32_t *xoff, long wp, float *dwC, long ld) {              \
    tile_body(R, xT, nstride, dy, rstride, dy_nstride, g, ohw, xoff, wp, dwC, ld);        \
  }
CI_TILE(2)
CI_TILE(1)

// The interiors of xT[n − n0][cib] for samples n0..<n0+g: 16×16 blocks (16 channels ×
// 16 pixels of a row) transposed in registers. Borders and channels past in_c stay zero.
LLAL_TARGET_AVX512 static void transpose_x(const llal_conv_shape *s, const float *x, long n0,
                                           long g, float *xT) {
  const long H = s->in_h, W = s->in_w, pad = s->pad, wp = W + 2 * pad;
  const long plane = (H + 2 * pad) * wp, ci16 = round_up(s->in_c, 16);
  for (long n = 0; n < g; n++)
    for (long cb = 0; cb < ci16; cb += 16) {
      const float *src = x + ((n0 + n) * s->in_c + cb) * H * W;
      float *dst = xT + (n * ci16 + cb) * plane;
      const long lanes = min_l(16, s->in_c - cb);
      for (long h = 0; h < H; h++)
        for (long w0 = 0; w0 < W; w0 += 16) {
          const long cols = min_l(16, W - w0);
          const __mmask16 m = (__mmask16)((1u << cols) - 1);
          __m512 r[16];
          for (long l = 0; l < 16; l++)
            r[l] = l < lanes ? _mm512_maskz_loadu_ps(m, src + l * H * W + h * W + w0)
                             : _mm512_setzero_ps();
          llal_transpose16(r);
          float *row = dst + ((h + pad) * wp + pad + w0) * 16;
          for (long j = 0; j < cols; j++) _mm512_storeu_ps(row + 16 * j, r[j]);
        }
    }
}

// dbias[m % co_n] += Σ rows[m][0..<len] for m < count.
LLAL_TARGET_AVX512 static void add_sums(const float *rows, long count, long len, long co_n,
                                        float *dbias) {
  for (long m = 0; m < count; m++) {
    __m512 acc = _mm512_setzero_ps();
    for (long q = 0; q < len; q += 16) {
      __mmask16 k = (__mmask16)(len - q >= 16 ? 0xffff : (1u << (len - q)) - 1);
      acc = _mm512_add_ps(acc, _mm512_maskz_loadu_ps(k, rows + m * len + q));
    }
    dbias[m % co_n] += _mm512_reduce_add_ps(acc);
  }
}

void llal_conv_wgrad_ci(const llal_conv_shape *s, const float *x, const float *dy, float *dw,
                        float *dbias, long n0, long n1, float *workspace) {
  const long wp = s->in_w + 2 * s->pad, plane = (s->in_h + 2 * s->pad) * wp;
  const long ci16 = round_up(s->in_c, 16), co_n = s->out_c, ohw = s->out_h * s->out_w;
  const long G = group_samples(s), nstride = ci16 * plane;
  float *dwC = workspace, *xT = dwC + co_n * TAPS * ci16;
  int32_t *xoff = (int32_t *)(xT + G * nstride);
  for (long p = 0; p < ohw; p++)
    xoff[p] = (int32_t)(p / s->out_w * s->stride * wp + p % s->out_w * s->stride);
  memset(dwC, 0, sizeof(float) * (size_t)(co_n * TAPS * ci16));
  memset(xT, 0, sizeof(float) * (size_t)(min_l(G, n1 - n0) * nstride));
  for (long n = n0; n < n1; n += G) {
    const long g = min_l(G, n1 - n);
    transpose_x(s, x, n, g, xT);
    const float *dyn = dy + n * co_n * ohw;
    for (long cb = 0; cb < ci16; cb += 16) {
      long co = 0;
      for (; co + 1 < co_n; co += 2)
        ci_tile_2(xT + cb * plane, nstride, dyn + co * ohw, ohw, co_n * ohw, g, ohw, xoff,
                  wp, dwC + co * TAPS * ci16 + cb, ci16);
      if (co < co_n)
        ci_tile_1(xT + cb * plane, nstride, dyn + co * ohw, ohw, co_n * ohw, g, ohw, xoff,
                  wp, dwC + co * TAPS * ci16 + cb, ci16);
    }
    if (dbias) add_sums(dyn, g * co_n, ohw, co_n, dbias);
  }
  // dw[co][ci·9 + t] += dwC[co][t][ci].
  for (long co = 0; co < co_n; co++)
    for (long ci = 0; ci < s->in_c; ci++)
      for (long t = 0; t < TAPS; t++)
        dw[(co * s->in_c + ci) * TAPS + t] += dwC[(co * TAPS + t) * ci16 + ci];
}
#endif
